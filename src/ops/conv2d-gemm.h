// conv2d through the f32-gemm kernels reading the input rows in place (no im2col copy), threaded
// over each image's output rows, for convolutions with few input channels
// (an RGB image, Tiny VGG's 10-channel layers), where the direct row kernel's inner loop over
// input channels is too short to keep the SIMD lanes busy.
#pragma once

#include "ops/conv2d.h"

namespace condense {

// Whether run_conv2d hands the plan to run_conv2d_gemm: one group, not depthwise, 1 to
// kGemmMaxInputChannels input channels, at least 4 output channels.
bool conv2d_gemm_applies(const Conv2dPlan& plan);

// The same outputs as run_conv2d's row kernels, bit for bit: each output starts at its bias
// (or +0) and adds the products in (ky, kx, ci) order, then the clamp.
Status run_conv2d_gemm(const KernelTable& table, const Conv2dPlan& plan, const float* in,
                       const float* weights, const float* bias, float* out, Workspace& ws);

}  // namespace condense
