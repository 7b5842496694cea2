// f32-rsum: per-channel sums over `rows` rows of `channels` floats (rows `stride` floats apart,
// stride >= channels), accumulated in double, row after row:
//
//   acc[c] = acc[c] + (double)x[r * stride + c]     for r = 0, 1, ..., rows - 1
//
// The order and precision of tfjs-backend-cpu's Sum over every axis but the last (a JavaScript
// number summing the values in index order): converting acc to float afterwards gives its bits.
// Each double addition is one IEEE operation, so the SIMD lanes (two doubles per vector) match
// the scalar kernel bit for bit. The caller initialises acc (0.0 to start a sum).
#pragma once

#include <cstddef>

namespace condense {

using f32_rsum_c_fn = void (*)(std::size_t rows, std::size_t channels, const float* x,
                               std::size_t stride, double* acc);

void f32_rsum_c__scalar(std::size_t rows, std::size_t channels, const float* x, std::size_t stride,
                        double* acc);
void f32_rsum_c__wasmsimd_c4(std::size_t rows, std::size_t channels, const float* x,
                             std::size_t stride, double* acc);

}  // namespace condense
