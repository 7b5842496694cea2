// The gradient of ReLU (tf.raw_ops.ReluGrad): dx = x > 0 ? dy : 0.
#include "ops/relu-grad.h"

namespace condense {

Status run_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                     float* dx) {
  table.relu_grad(n, dy, x, dx);
  return Status::Ok();
}

}  // namespace condense
