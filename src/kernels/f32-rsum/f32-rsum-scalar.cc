#include "kernels/f32-rsum/f32-rsum.h"

namespace condense {

void f32_rsum_c__scalar(std::size_t rows, std::size_t channels, const float* x, std::size_t stride,
                        double* acc) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = x + r * stride;
    for (std::size_t c = 0; c < channels; ++c) acc[c] += static_cast<double>(row[c]);
  }
}

}  // namespace condense
