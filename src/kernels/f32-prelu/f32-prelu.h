// f32-prelu: parametric ReLU and its gradient over `rows` rows of `channels` floats each
// (NHWC with channels innermost; the op may also fold pixels into wider rows, see
// src/ops/prelu.cc), with one slope per channel:
//
//   prelu:      y[r][c]  = x[r][c] > 0 ? x[r][c] : alpha[c] * x[r][c]
//   prelu_grad: dx[r][c] = x[r][c] > 0 ? dy[r][c] : alpha[c] * dy[r][c]
//               partial[c] = the float sum, from +0, over r = 0, 1, ..., rows - 1 in that order:
//                 partial[c] = partial[c] + (x[r][c] > 0 ? +0 : dy[r][c] * x[r][c])
//
// The negative branch is "not x > 0": it takes x <= 0 and NaN, so prelu(NaN) = alpha * NaN (a
// NaN), prelu(-0) = alpha * -0 (-0 for alpha > 0, +0 for alpha < 0) and a NaN x makes its
// channel's partial sum NaN (PyTorch's prelu backward: input > 0 ? 0 : input * grad). The SIMD
// kernels repeat these float operations lane by lane (multiply, compare, select, add; no FMA),
// so results equal the scalar kernels bit for bit except for the payload of an arithmetic NaN.
// y may alias x; dx may alias dy or x. Kernels never read or write outside the rows * channels
// elements of each array (channels of alpha, channels of partial). rows >= 1, channels >= 1.
#pragma once

#include <cstddef>

namespace condense {

using f32_prelu_fn = void (*)(std::size_t rows, std::size_t channels, const float* x,
                              const float* alpha, float* y);
using f32_prelu_grad_fn = void (*)(std::size_t rows, std::size_t channels, const float* dy,
                                   const float* x, const float* alpha, float* dx, float* partial);

void f32_prelu__scalar(std::size_t rows, std::size_t channels, const float* x, const float* alpha,
                       float* y);
void f32_prelu__wasmsimd_c8(std::size_t rows, std::size_t channels, const float* x,
                            const float* alpha, float* y);
void f32_prelu_grad__scalar(std::size_t rows, std::size_t channels, const float* dy, const float* x,
                            const float* alpha, float* dx, float* partial);
void f32_prelu_grad__wasmsimd_c8(std::size_t rows, std::size_t channels, const float* dy,
                                 const float* x, const float* alpha, float* dx, float* partial);

}  // namespace condense
