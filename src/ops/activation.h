// activation: elementwise clamp (relu, relu6, clamp) and leaky ReLU (leakyRelu).
#pragma once

#include <cstddef>

#include "core/status.h"
#include "kernels/kernel-table.h"

namespace condense {

// out = clamp(in, lo, hi); relu is [0, +inf). lo <= hi and neither NaN is validated.
Status run_clamp(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                 float* out, float lo, float hi);
Status run_leaky_relu(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                      float* out, float alpha);

}  // namespace condense
