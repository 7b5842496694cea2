// conv2d-transpose: transposed 2-D convolution as a layer (conv2dTranspose; tf.nn.conv2d_transpose,
// Keras Conv2DTranspose, PyTorch nn.ConvTranspose2d, ONNX ConvTranspose) with output padding or
// an output shape, groups, bias and a fused clamp. It is the input gradient of the forward conv2d
// (ops/conv-grad.h) through the same kernel (f32-conv-grad input), one group at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/conv2d.h"
#include "ops/workspace.h"

namespace condense {

struct Conv2dTransposeParams {
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t dilation_h = 1, dilation_w = 1;
  PaddingMode padding = PaddingMode::kValid;
  std::int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  std::int64_t output_padding_h = -1, output_padding_w = -1;  // -1: not given
  std::int64_t output_h = 0, output_w = 0;                    // 0: not given
  std::int64_t groups = 1;
  bool has_bias = false;
  Clamp clamp;
};

// The filter is HWOI [kh, kw, out_c / groups, in_c] (TF's conv2d_transpose / Keras
// Conv2DTranspose kernel), given here as the forward conv's HWIO view:
// FilterShape{kh, kw, in_c = out_c / groups, out_c = in_c}. PyTorch / ONNX IOHW
// [in_c, out_c / groups, kh, kw] is the forward conv's OIHW of the same filter.
struct Conv2dTransposePlan {
  Conv2dTransposeParams params;
  FilterShape filter;
  Shape4 in, out;     // x (NHWC) and the transposed output (NHWC)
  AxisGeometry y, x;  // the forward geometry: y.in = out.h, y.out = in.h (core/shape.h)
  std::size_t in_elements = 0, out_elements = 0, filter_elements = 0, bias_elements = 0;
};

Status plan_conv2d_transpose(const char* fn, const Conv2dTransposeParams& params, const Shape4& in,
                             const FilterShape& filter, Conv2dTransposePlan* plan);
// weights: HWOI as above; bias: plan.out.c floats (has_bias) or null.
Status run_conv2d_transpose(const KernelTable& table, const Conv2dTransposePlan& plan,
                            const float* x, const float* weights, const float* bias, float* out,
                            Workspace& ws);

}  // namespace condense
