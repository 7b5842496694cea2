// conv3d: 3-D convolution over NDHWC with a DHWIO filter [kd, kh, kw, in, out] (TF/Keras Conv3D;
// PyTorch/ONNX NCDHW / OIDHW callers go through the layout adapters), strides, 'valid' / 'same' /
// 'same_lower' / explicit zero padding per axis, dilations, bias and a fused clamp; and its
// gradients (conv3dGradInput / conv3dGradFilter: tf.raw_ops.Conv3DBackpropInputV2 /
// Conv3DBackpropFilterV2).
//
// Summation order (fixed, the same for every kernel table, so scalar and SIMD agree bit for bit):
// the input is zero-padded on all three axes; output row (b, oz, oy) is
//   out = clamp( ((R_0 + R_1) + R_2) + ... + R_{kd-1} )
// where R_0 is the 2-D conv row (conv_row, f32-conv-hwc) of depth slice oz*stride_d, filter
// slice 0, starting from the bias (or 0), and R_kz (kz >= 1) is the 2-D conv row of depth slice
// oz*stride_d + kz*dilation_d, filter slice kz, starting from +0, added in kz order. Each R is
// summed in (ky, kx, ci) order with separate multiply and add. Padded depth slices are real zero
// slices (0 * w products, as the padded rows and columns of 2-D conv). With kd = 1 the result is
// exactly conv2d of each depth slice.
//
// Gradients: each output voxel sends dy back through its window's in-bounds taps in (kz, ky, kx)
// order (f32-conv-grad kernels), voxels in NDHWC order; padded taps receive nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ops/conv2d.h"
#include "ops/pool3d.h"

namespace condense {

struct Filter3dShape {  // DHWIO
  std::int64_t kernel_d = 1, kernel_h = 1, kernel_w = 1, in_c = 1, out_c = 1;
};

struct Conv3dParams {
  Conv2dParams conv;  // height / width axes, padding mode, bias flag, clamp
  std::int64_t stride_d = 1, dilation_d = 1;
  std::int64_t pad_front = 0, pad_back = 0;  // with conv.padding == kExplicit
};

struct Conv3dPlan {
  Conv3dParams params;
  Filter3dShape filter;
  Shape5 in, out;
  AxisGeometry z, y, x;
  Conv2dPlan slice;  // the 2-D plan of one depth slice (no bias, no clamp)
  std::size_t in_elements = 0, out_elements = 0, filter_elements = 0, bias_elements = 0;
  std::size_t padded_elements = 0;  // one zero-padded volume (one batch entry)
};

Status plan_conv3d(const char* fn, const Conv3dParams& params, const Shape5& in,
                   const Filter3dShape& filter, Conv3dPlan* plan);
Status run_conv3d(const KernelTable& table, const Conv3dPlan& plan, const float* in,
                  const float* weights, const float* bias, float* out, Workspace& ws);
// dy has plan.out's shape; bias and activation are not part of these gradients.
Status run_conv3d_grad_input(const KernelTable& table, const Conv3dPlan& plan, const float* dy,
                             const float* weights, float* dx, Workspace& ws);
Status run_conv3d_grad_filter(const KernelTable& table, const Conv3dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws);

}  // namespace condense
