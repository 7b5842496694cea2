// f32-rsum: per-channel sums over the rows of a [rows, channels] float array (row stride
// `channels`), accumulated in double, row after row:
//
//   acc[c] = acc[c] + (double)x[r * channels + c]     for r = 0, 1, ..., rows - 1
//
// The order and precision of tfjs-backend-cpu's Sum over every axis but the last (a JavaScript
// number summing the values in index order): converting acc to float afterwards gives its bits.
// Each double addition is one IEEE operation, so the SIMD lanes (two doubles per vector) match
// the scalar kernel bit for bit. The caller initialises acc (0.0 to start a sum).
#pragma once

#include <cstddef>

namespace condense {

using f32_rsum_c_fn = void (*)(std::size_t rows, std::size_t channels, const float* x, double* acc);

void f32_rsum_c__scalar(std::size_t rows, std::size_t channels, const float* x, double* acc);
void f32_rsum_c__wasmsimd_c4(std::size_t rows, std::size_t channels, const float* x, double* acc);

}  // namespace condense
