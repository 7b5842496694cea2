// f32-conv-grad: the two gradients of a 2-D convolution for one output pixel, over the taps of
// its window that land inside the input (the op lists them; padded taps contribute nothing):
//
//   input:  dx_taps[t][ci] += sum_co w_taps[t][co*in_c + ci] * dy[co]
//           (w_taps[t]: the filter tap as [out_c][in_c], from the op's HWOI copy of the filter)
//   filter: dw_taps[t][ci*out_c + co] += x_taps[t][ci] * dy[co]
//           (dw_taps[t]: the HWIO filter-gradient tap [in_c][out_c])
//
// input: each dx element adds one sum that starts at +0 and adds the products in co order;
// filter: each dw element adds one product. Separate multiply and add (no FMA) and taps in list
// order, so every variant gives the same bits. The op calls the kernels for one output pixel
// at a time, so overlapping windows accumulate in output order.
//
// filter, one input channel, a run of pixels: for p = 0 .. pixels-1 in order, every tap t and
// channel co:
//   dw[t * dw_stride + co] += x[p * x_step + offsets[t]] * dy[p * dy_stride + co]
// x is one channel (the op's zero-padded copy, so every tap reads a value); each dw element is
// one running sum over the pixels in order (the per-pixel kernel's order, the same bits). The
// SIMD variant keeps up to 9 taps x 4 channels of sums in registers for the whole run.
#pragma once

#include <cstddef>

namespace condense {

using f32_conv_grad_input_fn = void (*)(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                        const float* const* w_taps, const float* dy,
                                        float* const* dx_taps);
using f32_conv_grad_filter_fn = void (*)(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                         const float* const* x_taps, const float* dy,
                                         float* const* dw_taps);

using f32_conv_grad_filter_c1_fn = void (*)(std::size_t pixels, std::size_t taps,
                                            std::size_t channels, const float* x,
                                            std::size_t x_step, const std::size_t* offsets,
                                            const float* dy, std::size_t dy_stride, float* dw,
                                            std::size_t dw_stride);

void f32_conv_grad_input__scalar(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                 const float* const* w_taps, const float* dy,
                                 float* const* dx_taps);
void f32_conv_grad_input__wasmsimd_c8(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                      const float* const* w_taps, const float* dy,
                                      float* const* dx_taps);
void f32_conv_grad_filter__scalar(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                  const float* const* x_taps, const float* dy,
                                  float* const* dw_taps);
void f32_conv_grad_filter__wasmsimd_c8(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                       const float* const* x_taps, const float* dy,
                                       float* const* dw_taps);
void f32_conv_grad_filter_c1__scalar(std::size_t pixels, std::size_t taps, std::size_t channels,
                                     const float* x, std::size_t x_step, const std::size_t* offsets,
                                     const float* dy, std::size_t dy_stride, float* dw,
                                     std::size_t dw_stride);
void f32_conv_grad_filter_c1__wasmsimd_9x4(std::size_t pixels, std::size_t taps,
                                           std::size_t channels, const float* x, std::size_t x_step,
                                           const std::size_t* offsets, const float* dy,
                                           std::size_t dy_stride, float* dw, std::size_t dw_stride);

}  // namespace condense
