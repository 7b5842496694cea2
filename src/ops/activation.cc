// Elementwise activations: clamp (ReLU, ReLU6, any [lo, hi]) and leaky ReLU.
#include "ops/activation.h"

#include <string>

#include "core/format.h"
#include "core/params.h"

namespace condense {

Status run_clamp(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                 float* out, float lo, float hi) {
  if (lo != lo || hi != hi || lo > hi) {
    return Status::Range(std::string(fn) + ": min must be <= max and neither may be NaN (got " +
                         to_str(lo) + ", " + to_str(hi) + ")");
  }
  table.clamp(n, in, out, lo, hi);
  return Status::Ok();
}

Status run_leaky_relu(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                      float* out, float alpha) {
  if (alpha != alpha || alpha == kInf || alpha == -kInf) {
    return Status::Range(std::string(fn) + ": alpha must be a finite number");
  }
  table.lrelu(n, in, out, alpha);
  return Status::Ok();
}

}  // namespace condense
