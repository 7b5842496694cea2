#include "kernels/f32-conv-grad/f32-conv-grad.h"

namespace condense {

void f32_conv_grad_input__scalar(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                 const float* const* w_taps, const float* dy,
                                 float* const* dx_taps) {
  for (std::size_t t = 0; t < taps; ++t) {
    const float* w = w_taps[t];
    float* dx = dx_taps[t];
    for (std::size_t ci = 0; ci < in_c; ++ci) {
      float acc = 0.0f;
      for (std::size_t co = 0; co < out_c; ++co) acc += w[co * in_c + ci] * dy[co];
      dx[ci] += acc;
    }
  }
}

void f32_conv_grad_filter__scalar(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                  const float* const* x_taps, const float* dy,
                                  float* const* dw_taps) {
  for (std::size_t t = 0; t < taps; ++t) {
    const float* x = x_taps[t];
    float* dw = dw_taps[t];
    for (std::size_t ci = 0; ci < in_c; ++ci) {
      const float xv = x[ci];
      float* row = dw + ci * out_c;
      for (std::size_t co = 0; co < out_c; ++co) row[co] += xv * dy[co];
    }
  }
}

void f32_conv_grad_filter_c1__scalar(std::size_t pixels, std::size_t taps, std::size_t channels,
                                     const float* x, std::size_t x_step, const std::size_t* offsets,
                                     const float* dy, std::size_t dy_stride, float* dw,
                                     std::size_t dw_stride) {
  for (std::size_t p = 0; p < pixels; ++p) {
    const float* xp = x + p * x_step;
    const float* d = dy + p * dy_stride;
    for (std::size_t t = 0; t < taps; ++t) {
      const float xv = xp[offsets[t]];
      float* row = dw + t * dw_stride;
      for (std::size_t co = 0; co < channels; ++co) row[co] += xv * d[co];
    }
  }
}

}  // namespace condense
