#include "kernels/f32-prelu/f32-prelu.h"

namespace condense {

void f32_prelu__scalar(std::size_t rows, std::size_t channels, const float* x, const float* alpha,
                       float* y) {
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < channels; ++c) {
      const float v = x[c];
      y[c] = v > 0.0f ? v : alpha[c] * v;
    }
    x += channels;
    y += channels;
  }
}

void f32_prelu_grad__scalar(std::size_t rows, std::size_t channels, const float* dy, const float* x,
                            const float* alpha, float* dx, float* partial) {
  for (std::size_t c = 0; c < channels; ++c) partial[c] = 0.0f;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < channels; ++c) {
      const float v = x[c];
      const float d = dy[c];
      const bool positive = v > 0.0f;
      dx[c] = positive ? d : alpha[c] * d;
      partial[c] = partial[c] + (positive ? 0.0f : d * v);
    }
    dy += channels;
    x += channels;
    dx += channels;
  }
}

}  // namespace condense
