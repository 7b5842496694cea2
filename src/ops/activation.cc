// Elementwise activations: clamp (ReLU, ReLU6, any [lo, hi]) and leaky ReLU.
#include "ops/activation.h"

#include <string>

#include "core/format.h"
#include "core/params.h"

namespace condense {

Status run_clamp(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                 float* out, float lo, float hi) {
  // min > max is accepted: every non-NaN value becomes max (pmin(pmax(x, min), max)), as ONNX
  // Clip, torch.clamp and numpy.clip give.
  if (lo != lo || hi != hi) {
    return Status::Range(std::string(fn) + ": min and max must not be NaN (got " + to_str(lo) +
                         ", " + to_str(hi) + ")");
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
