#include "kernels/f32-poolgrad/f32-poolgrad.h"

namespace condense {

void f32_avgpool_grad_pixel__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                                    float* const* row_ptrs, std::size_t col_stride,
                                    const float* g) {
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < cols; ++j) {
      float* cell = row_ptrs[r] + j * col_stride;
      for (std::size_t c = 0; c < channels; ++c) cell[c] += g[c];
    }
  }
}

void f32_maxpool_grad_route__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                                    float* const* row_ptrs, std::size_t col_stride,
                                    const std::int32_t* where, const float* g) {
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < cols; ++j) {
      float* cell = row_ptrs[r] + j * col_stride;
      const std::int32_t tap = static_cast<std::int32_t>(r * cols + j);
      for (std::size_t c = 0; c < channels; ++c) cell[c] = where[c] == tap ? 0.0f + g[c] : 0.0f;
    }
  }
}

}  // namespace condense
