// argmax-pool2d: max pooling that also returns where each maximum came from
// (maxPool2dWithArgmax), under TF, PyTorch or ONNX index conventions.
#pragma once

#include <cstdint>

#include "ops/pool2d.h"

namespace condense {

// Where an argmax index points. H, W, C are the sizes of the pooled (unpooled) input.
enum class ArgmaxConvention : std::int32_t {
  kTf = 0,           // (y*W + x)*C + c within the image (tf.nn.max_pool_with_argmax)
  kTfWithBatch = 1,  // ((b*H + y)*W + x)*C + c (include_batch_in_index=True)
  kTorch = 2,        // y*W + x within the channel plane (PyTorch return_indices, MaxUnpool2d)
  kOnnx = 3,         // ((b*C + c)*H + y)*W + x, the NCHW flat index (ONNX MaxPool Indices)
};

// Whether `convention` is one of the four above (values come from JS as integers).
bool valid_argmax_convention(ArgmaxConvention convention);

// plan: plan_pool2d with type kMax (the clamp is ignored). indices: plan.out_elements int32s.
Status run_max_pool2d_argmax(const KernelTable& table, const Pool2dPlan& plan,
                             ArgmaxConvention convention, const float* in, float* out,
                             std::int32_t* indices, Workspace& ws);

}  // namespace condense
