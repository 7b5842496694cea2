// activation: elementwise clamp (relu, relu6, clamp) and leaky ReLU (leakyRelu).
#pragma once

#include <cstddef>

#include "core/parallel-elements.h"
#include "core/status.h"
#include "kernels/kernel-table.h"

namespace condense {

// out = clamp(in, lo, hi); relu is [0, +inf). Neither may be NaN (lo > hi gives hi).
// Large calls split across threads in contiguous ranges unless split is Split::kCaller.
Status run_clamp(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                 float* out, float lo, float hi, Split split = Split::kPool);
// out = in < 0 ? in * alpha : in (f32-clamp's lrelu); alpha must be finite.
Status run_leaky_relu(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                      float* out, float alpha, Split split = Split::kPool);

}  // namespace condense
