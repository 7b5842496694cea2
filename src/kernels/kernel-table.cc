#include "kernels/kernel-table.h"

namespace condense {

const KernelTable& scalar_kernel_table() {
  static const KernelTable table = {
      "scalar",
      f32_clamp__scalar,
      f32_lrelu__scalar,
      f32_maxpool_pixel__scalar,
      f32_vmax__scalar,
      f32_hmax_c1__scalar,
      f32_avgpool_pixel__scalar,
      f32_vsum__scalar,
      f32_hsum_c1__scalar,
      f32_gsum__scalar,
      f32_gmax__scalar,
      f32_conv_hwc_row__scalar,
      f32_conv_hwc_row__scalar,
      f32_dwconv_row__scalar,
      f32_maxpool_row__scalar,
      f32_avgpool_row__scalar,
      f32_conv_c1_3x3_2rows__scalar,
      f32_maxpool_c1_2x2s2__scalar,
      f32_minpool_pixel__scalar,
      f32_argmaxpool_pixel__scalar,
      f32_softpool_pixel__scalar,
      f32_lppool_pixel__scalar,
      f32_stochasticpool_pixel__scalar,
      f32_scatter__scalar,
      f32_scatter_add__scalar,
      f32_relu_grad__scalar,
      f32_avgpool_grad_pixel__scalar,
      f32_conv_grad_input__scalar,
      f32_conv_grad_filter__scalar,
      f32_prelu__scalar,
      f32_prelu_grad__scalar,
      f32_vaffine_c__scalar,
  };
  return table;
}

#if defined(CONDENSE_HAVE_SIMD_KERNELS)
const KernelTable* simd_kernel_table() {
  static const KernelTable table = {
      "wasmsimd",
      f32_clamp__wasmsimd_x16,
      f32_lrelu__wasmsimd_x8,
      f32_maxpool_pixel__wasmsimd_c4,
      f32_vmax__wasmsimd_x8,
      f32_hmax_c1__wasmsimd_x4,
      f32_avgpool_pixel__wasmsimd_c4,
      f32_vsum__wasmsimd_x8,
      f32_hsum_c1__wasmsimd_x4,
      f32_gsum__wasmsimd_c16,
      f32_gmax__wasmsimd_c16,
      f32_conv_hwc_row__wasmsimd_4x8,
      f32_conv_c1_row__wasmsimd_x8,
      f32_dwconv_row__wasmsimd_c8,
      f32_maxpool_row__wasmsimd_c4,
      f32_avgpool_row__wasmsimd_c4,
      f32_conv_c1_3x3_2rows__wasmsimd_x4,
      f32_maxpool_c1_2x2s2__wasmsimd_x8,
      f32_minpool_pixel__wasmsimd_c4,
      f32_argmaxpool_pixel__wasmsimd_c4,
      f32_softpool_pixel__scalar,
      f32_lppool_pixel__scalar,
      f32_stochasticpool_pixel__scalar,
      f32_scatter__scalar,
      f32_scatter_add__scalar,
      f32_relu_grad__wasmsimd_x8,
      f32_avgpool_grad_pixel__wasmsimd_c8,
      f32_conv_grad_input__wasmsimd_c8,
      f32_conv_grad_filter__wasmsimd_c8,
      f32_prelu__wasmsimd_c8,
      f32_prelu_grad__wasmsimd_c8,
      f32_vaffine_c__wasmsimd_c8,
  };
  return &table;
}
#else
const KernelTable* simd_kernel_table() { return nullptr; }
#endif

const KernelTable& default_kernel_table() {
  const KernelTable* simd = simd_kernel_table();
  return simd != nullptr ? *simd : scalar_kernel_table();
}

}  // namespace condense
