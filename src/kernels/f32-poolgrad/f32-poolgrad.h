// f32-poolgrad: the average-pooling gradient of one output pixel, over NHWC rows of the input
// gradient (in-bounds cells only; the op passes g = dy / divisor):
//
//   row_ptrs[r][j*col_stride + c] += g[c],   r < rows, j < cols, c < channels
//
// Cells are updated in row-major window order with one float add each, so every variant gives
// the same bits. Windows of different output pixels may overlap: the op calls the kernel for one
// output pixel at a time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace condense {

using f32_avgpool_grad_pixel_fn = void (*)(std::size_t rows, std::size_t cols, std::size_t channels,
                                           float* const* row_ptrs, std::size_t col_stride,
                                           const float* g);

void f32_avgpool_grad_pixel__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                                    float* const* row_ptrs, std::size_t col_stride, const float* g);
void f32_avgpool_grad_pixel__wasmsimd_c8(std::size_t rows, std::size_t cols, std::size_t channels,
                                         float* const* row_ptrs, std::size_t col_stride,
                                         const float* g);

// maxpool_grad_route: the max-pooling gradient of one output pixel whose window no other window
// overlaps (the op checks: stride >= window, no dilation), given the window-local tap of each
// channel's maximum (f32-argmaxpool's index, tap = r * cols + j):
//
//   row_ptrs[r][j*col_stride + c] = where[c] == r*cols + j ? 0 + g[c] : +0
//
// Every cell of the window is written. "0 + g" is the add the general path does into a zeroed
// dx (so g = -0 gives +0, as there); variants give the same bits.
using f32_maxpool_grad_route_fn = void (*)(std::size_t rows, std::size_t cols, std::size_t channels,
                                           float* const* row_ptrs, std::size_t col_stride,
                                           const std::int32_t* where, const float* g);

void f32_maxpool_grad_route__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                                    float* const* row_ptrs, std::size_t col_stride,
                                    const std::int32_t* where, const float* g);
void f32_maxpool_grad_route__wasmsimd_c4(std::size_t rows, std::size_t cols, std::size_t channels,
                                         float* const* row_ptrs, std::size_t col_stride,
                                         const std::int32_t* where, const float* g);

}  // namespace condense
