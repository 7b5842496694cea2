#include "kernels/f32-vaffine-c/f32-vaffine-c.h"

namespace condense {

void f32_vaffine_c__scalar(std::size_t rows, std::size_t channels, const float* x,
                           const float* scale, const float* bias, float* y) {
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < channels; ++c) {
      const float product = x[c] * scale[c];
      y[c] = product + bias[c];
    }
    x += channels;
    y += channels;
  }
}

}  // namespace condense
