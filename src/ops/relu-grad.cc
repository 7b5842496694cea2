// The gradients of ReLU (tf.raw_ops.ReluGrad: dx = x > 0 ? dy : 0), ReLU6 (Relu6Grad), clamp
// (tf.clip_by_value's gradient) and leaky ReLU (LeakyReluGrad), split across threads in contiguous
// element ranges (core/parallel-elements.h).
#include "ops/relu-grad.h"

#include <cmath>

#include "core/parallel-elements.h"

namespace condense {

Status run_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                     float* dx, Split split) {
  return parallel_elements(
      n, [&](std::size_t i, std::size_t count) { table.relu_grad(count, dy + i, x + i, dx + i); },
      split);
}

Status run_relu6_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                      float* dx, Split split) {
  return parallel_elements(
      n, [&](std::size_t i, std::size_t count) { table.relu6_grad(count, dy + i, x + i, dx + i); },
      split);
}

Status run_clamp_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                      float min, float max, float* dx, Split split) {
  if (std::isnan(min)) return Status::Range("clampGrad: min must be a number (got NaN)");
  if (std::isnan(max)) return Status::Range("clampGrad: max must be a number (got NaN)");
  return parallel_elements(
      n,
      [&](std::size_t i, std::size_t count) {
        table.clamp_grad(count, dy + i, x + i, min, max, dx + i);
      },
      split);
}

Status run_leaky_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                           float alpha, float* dx, Split split) {
  if (!std::isfinite(alpha)) return Status::Range("leakyReluGrad: alpha must be finite");
  return parallel_elements(
      n,
      [&](std::size_t i, std::size_t count) {
        table.lrelu_grad(count, dy + i, x + i, alpha, dx + i);
      },
      split);
}

}  // namespace condense
