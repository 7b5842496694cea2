// relu-grad: the gradients of ReLU, ReLU6, clamp and leaky ReLU (reluGrad, relu6Grad, clampGrad,
// leakyReluGrad). The NaN and boundary rules are the kernels' (kernels/f32-relugrad). Large calls
// split across threads in contiguous ranges unless split is Split::kCaller.
#pragma once

#include <cstddef>

#include "core/parallel-elements.h"
#include "core/status.h"
#include "kernels/kernel-table.h"

namespace condense {

// dx = x > 0 ? dy : 0.
Status run_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                     float* dx, Split split = Split::kPool);
// dx = (0 < x < 6) ? dy : 0 (TF Relu6Grad).
Status run_relu6_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                      float* dx, Split split = Split::kPool);
// dx = (x < min || x > max) ? 0 : dy (tf.clip_by_value's gradient; x = NaN keeps dy).
Status run_clamp_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                      float min, float max, float* dx, Split split = Split::kPool);
// dx = x > 0 ? dy : alpha * dy (TF LeakyReluGrad). alpha must be finite.
Status run_leaky_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                           float alpha, float* dx, Split split = Split::kPool);

}  // namespace condense
