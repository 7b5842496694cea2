// The gradients of ReLU (tf.raw_ops.ReluGrad: dx = x > 0 ? dy : 0), ReLU6 (Relu6Grad), clamp
// (tf.clip_by_value's gradient) and leaky ReLU (LeakyReluGrad).
#include "ops/relu-grad.h"

#include <cmath>

namespace condense {

Status run_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                     float* dx) {
  table.relu_grad(n, dy, x, dx);
  return Status::Ok();
}

Status run_relu6_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                      float* dx) {
  table.relu6_grad(n, dy, x, dx);
  return Status::Ok();
}

Status run_clamp_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                      float min, float max, float* dx) {
  if (std::isnan(min)) return Status::Range("clampGrad: min must be a number (got NaN)");
  if (std::isnan(max)) return Status::Range("clampGrad: max must be a number (got NaN)");
  table.clamp_grad(n, dy, x, min, max, dx);
  return Status::Ok();
}

Status run_leaky_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                           float alpha, float* dx) {
  if (!std::isfinite(alpha)) return Status::Range("leakyReluGrad: alpha must be finite");
  table.lrelu_grad(n, dy, x, alpha, dx);
  return Status::Ok();
}

}  // namespace condense
