// f32-maxpool: max pooling building blocks over NHWC rows. The op hands every kernel only
// in-bounds data (row pointers already offset to the first in-bounds tap); kernels never see
// padding, batch or output shapes.
//
//   pixel:   out[c] = clamp(max_{r<rows, j<cols} row_ptrs[r][j*col_stride + c]),  c < channels
//   row:     pixel for out_w outputs whose windows are pixel_stride floats apart:
//            out[o*channels + c] = pixel over row_ptrs[r] + o*pixel_stride
//   c1_2x2s2: one channel, 2x2 window, stride 2 (the lesson's condense step):
//            out[o] = clamp(max(row0[2o], row0[2o+1], row1[2o], row1[2o+1])),       o < n_out
//   vmax:    out[i] = max_{r<rows} row_ptrs[r][i],                                  i < n
//   hmax_c1: out[o] = clamp(max_{t<window} in[o*stride + t*dilation]),              o < n_out
//   minpool pixel: the pixel kernel with min for max (the same code over the mirrored
//            comparison, pmin for pmax), f32_maxpool_pixel_fn's signature
//
// NaN contract: a NaN anywhere in the window makes the result NaN (the all-ones bit pattern).
// Ties, including -0 and +0, keep the first value in row-major window order (pmax / pmin
// semantics).
// rows, cols, window >= 1. out never aliases the input.
#pragma once

#include <cstddef>

namespace condense {

using f32_maxpool_pixel_fn = void (*)(std::size_t rows, std::size_t cols, std::size_t channels,
                                      const float* const* row_ptrs, std::size_t col_stride,
                                      float* out, float lo, float hi);
using f32_maxpool_row_fn = void (*)(std::size_t out_w, std::size_t rows, std::size_t cols,
                                    std::size_t channels, const float* const* row_ptrs,
                                    std::size_t pixel_stride, std::size_t col_stride, float* out,
                                    float lo, float hi);
using f32_maxpool_c1_2x2s2_fn = void (*)(std::size_t n_out, const float* row0, const float* row1,
                                         float* out, float lo, float hi);
using f32_vmax_fn = void (*)(std::size_t rows, std::size_t n, const float* const* row_ptrs,
                             float* out);
using f32_hmax_c1_fn = void (*)(std::size_t n_out, std::size_t window, std::size_t stride,
                                std::size_t dilation, const float* in, float* out, float lo,
                                float hi);

void f32_maxpool_pixel__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                               const float* const* row_ptrs, std::size_t col_stride, float* out,
                               float lo, float hi);
void f32_maxpool_pixel__wasmsimd_c4(std::size_t rows, std::size_t cols, std::size_t channels,
                                    const float* const* row_ptrs, std::size_t col_stride,
                                    float* out, float lo, float hi);
void f32_minpool_pixel__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                               const float* const* row_ptrs, std::size_t col_stride, float* out,
                               float lo, float hi);
void f32_minpool_pixel__wasmsimd_c4(std::size_t rows, std::size_t cols, std::size_t channels,
                                    const float* const* row_ptrs, std::size_t col_stride,
                                    float* out, float lo, float hi);
void f32_maxpool_row__scalar(std::size_t out_w, std::size_t rows, std::size_t cols,
                             std::size_t channels, const float* const* row_ptrs,
                             std::size_t pixel_stride, std::size_t col_stride, float* out, float lo,
                             float hi);
void f32_maxpool_row__wasmsimd_c4(std::size_t out_w, std::size_t rows, std::size_t cols,
                                  std::size_t channels, const float* const* row_ptrs,
                                  std::size_t pixel_stride, std::size_t col_stride, float* out,
                                  float lo, float hi);
void f32_maxpool_c1_2x2s2__scalar(std::size_t n_out, const float* row0, const float* row1,
                                  float* out, float lo, float hi);
void f32_maxpool_c1_2x2s2__wasmsimd_x8(std::size_t n_out, const float* row0, const float* row1,
                                       float* out, float lo, float hi);
void f32_vmax__scalar(std::size_t rows, std::size_t n, const float* const* row_ptrs, float* out);
void f32_vmax__wasmsimd_x8(std::size_t rows, std::size_t n, const float* const* row_ptrs,
                           float* out);
void f32_hmax_c1__scalar(std::size_t n_out, std::size_t window, std::size_t stride,
                         std::size_t dilation, const float* in, float* out, float lo, float hi);
void f32_hmax_c1__wasmsimd_x4(std::size_t n_out, std::size_t window, std::size_t stride,
                              std::size_t dilation, const float* in, float* out, float lo,
                              float hi);

}  // namespace condense
