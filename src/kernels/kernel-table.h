// The kernel table: the only place that names ISA-specific kernels (XNNPACK's "configs").
// Ops call table.maxpool_pixel(...) and never choose an ISA themselves. The default table is
// the SIMD one whenever SIMD kernels are compiled in (wasm with -msimd128, or natively through
// SIMDe); tests run ops against both.
#pragma once

#include "kernels/f32-argmaxpool/f32-argmaxpool.h"
#include "kernels/f32-avgpool/f32-avgpool.h"
#include "kernels/f32-clamp/f32-clamp.h"
#include "kernels/f32-conv-grad/f32-conv-grad.h"
#include "kernels/f32-conv-hwc/f32-conv-hwc.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-gpool/f32-gpool.h"
#include "kernels/f32-lppool/f32-lppool.h"
#include "kernels/f32-maxpool/f32-maxpool.h"
#include "kernels/f32-minpool/f32-minpool.h"
#include "kernels/f32-poolgrad/f32-poolgrad.h"
#include "kernels/f32-prelu/f32-prelu.h"
#include "kernels/f32-relugrad/f32-relugrad.h"
#include "kernels/f32-scatter/f32-scatter.h"
#include "kernels/f32-softpool/f32-softpool.h"
#include "kernels/f32-stochasticpool/f32-stochasticpool.h"
#include "kernels/f32-vaffine-c/f32-vaffine-c.h"

namespace condense {

struct KernelTable {
  const char* isa;  // "wasmsimd" or "scalar"
  f32_clamp_fn clamp;
  f32_lrelu_fn lrelu;
  f32_maxpool_pixel_fn maxpool_pixel;
  f32_vmax_fn vmax;
  f32_hmax_c1_fn hmax_c1;
  f32_avgpool_pixel_fn avgpool_pixel;
  f32_vsum_fn vsum;
  f32_hsum_c1_fn hsum_c1;
  f32_gpool_fn gsum;
  f32_gpool_fn gmax;
  f32_conv_row_fn conv_hwc_row;
  f32_conv_row_fn conv_c1_row;
  f32_dwconv_row_fn dwconv_row;
  f32_maxpool_row_fn maxpool_row;
  f32_avgpool_row_fn avgpool_row;
  f32_conv_c1_3x3_2rows_fn conv_c1_3x3_2rows;
  f32_maxpool_c1_2x2s2_fn maxpool_c1_2x2s2;
  // The pooling family and the gradients. softpool, lppool, stochasticpool, scatter and
  // scatter_add are scalar in both tables (their headers say why).
  f32_minpool_pixel_fn minpool_pixel;
  f32_argmaxpool_pixel_fn argmaxpool_pixel;
  f32_softpool_pixel_fn softpool_pixel;
  f32_lppool_pixel_fn lppool_pixel;
  f32_stochasticpool_pixel_fn stochasticpool_pixel;
  f32_scatter_fn scatter;
  f32_scatter_fn scatter_add;
  f32_relu_grad_fn relu_grad;
  f32_avgpool_grad_pixel_fn avgpool_grad_pixel;
  f32_conv_grad_input_fn conv_grad_input;
  f32_conv_grad_filter_fn conv_grad_filter;
  // PReLU and its gradient; batch normalisation's per-channel affine map.
  f32_prelu_fn prelu;
  f32_prelu_grad_fn prelu_grad;
  f32_vaffine_c_fn vaffine_c;
};

// The best table of this build.
const KernelTable& default_kernel_table();
// Always available.
const KernelTable& scalar_kernel_table();
// nullptr when this build has no SIMD kernels (the wasm scalar build).
const KernelTable* simd_kernel_table();

}  // namespace condense
