// relu-grad: the gradient of ReLU (reluGrad).
#pragma once

#include <cstddef>

#include "core/status.h"
#include "kernels/kernel-table.h"

namespace condense {

// dx = x > 0 ? dy : 0.
Status run_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                     float* dx);

}  // namespace condense
