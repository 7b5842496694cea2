// f32-vaffine-c: a per-channel affine map over `rows` rows of `channels` floats (NHWC with
// channels innermost; the op may fold pixels into wider rows, see src/ops/batch-norm.cc):
//
//   y[r][c] = x[r][c] * scale[c] + bias[c]
//
// A multiply, then an add, each rounded to float (no FMA: core wasm SIMD has none and the build
// sets -ffp-contract=off), so the SIMD kernel equals the scalar one bit for bit except for the
// payload of an arithmetic NaN. NaN in any operand gives NaN; x * scale = -0 plus bias = +0 is
// +0. y may alias x. Kernels never read or write outside rows * channels elements of x and y
// and channels elements of scale and bias. rows >= 1, channels >= 1.
#pragma once

#include <cstddef>

namespace condense {

using f32_vaffine_c_fn = void (*)(std::size_t rows, std::size_t channels, const float* x,
                                  const float* scale, const float* bias, float* y);

void f32_vaffine_c__scalar(std::size_t rows, std::size_t channels, const float* x,
                           const float* scale, const float* bias, float* y);
void f32_vaffine_c__wasmsimd_c8(std::size_t rows, std::size_t channels, const float* x,
                                const float* scale, const float* bias, float* y);

}  // namespace condense
