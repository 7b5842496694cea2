// pool2d: max and average 2-D pooling (maxPool2d, avgPool2d, pool). TF/Keras semantics by
// default; PyTorch/ONNX ceil mode, count_include_pad and divisor_override as options. Plan
// (validate + shapes, no allocation), then run into a caller-owned NHWC output.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct Pool2dPlan {
  Pool2dParams params;
  Shape4 in, out;
  AxisGeometry y, x;
  std::size_t in_elements = 0, out_elements = 0;
};

// window_name is the window parameter's public name in messages ("poolSize", "windowShape").
Status plan_pool2d(const char* fn, const Pool2dParams& params, const Shape4& in, Pool2dPlan* plan,
                   const char* window_name = "poolSize");
Status run_pool2d(const KernelTable& table, const Pool2dPlan& plan, const float* in, float* out,
                  Workspace& ws);

// pool() is tf.nn.pool. With SAME padding and a dilation > 1, TF pools through space_to_batch /
// batch_to_space: the SAME padding becomes real zeros that take part in the max and count in
// the average (the window is then always whole: the divisor is windowH * windowW). TF requires
// strides 1 there (a RangeError otherwise). Every other case is plan_pool2d / run_pool2d.
struct TfPoolPlan {
  Pool2dPlan pool;  // zero_padded: VALID pooling of the zero-padded input
  bool zero_padded = false;
  Shape4 in;  // the caller's input
  std::int64_t pad_top = 0, pad_left = 0;
  Shape4 out;  // == pool.out
  std::size_t out_elements = 0;
};
Status plan_tf_pool(const char* fn, const Pool2dParams& params, const Shape4& in, TfPoolPlan* plan,
                    const char* window_name = "windowShape");
// Uses ws's kRing slot for the padded copy (and run_pool2d's slots).
Status run_tf_pool(const KernelTable& table, const TfPoolPlan& plan, const float* in, float* out,
                   Workspace& ws);

}  // namespace condense
