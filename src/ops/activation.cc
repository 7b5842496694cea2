// Elementwise activations: clamp (ReLU, ReLU6, any [lo, hi]) and leaky ReLU, split across threads
// in contiguous element ranges (core/parallel-elements.h).
#include "ops/activation.h"

#include <string>

#include "core/format.h"
#include "core/parallel-elements.h"
#include "core/params.h"

namespace condense {

Status run_clamp(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                 float* out, float lo, float hi, Split split) {
  // min > max is accepted: every non-NaN value becomes max (pmin(pmax(x, min), max)), as ONNX
  // Clip, torch.clamp and numpy.clip give.
  if (lo != lo || hi != hi) {
    return Status::Range(std::string(fn) + ": min and max must not be NaN (got " + to_str(lo) +
                         ", " + to_str(hi) + ")");
  }
  return parallel_elements(
      n, [&](std::size_t i, std::size_t count) { table.clamp(count, in + i, out + i, lo, hi); },
      split);
}

Status run_leaky_relu(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                      float* out, float alpha, Split split) {
  if (alpha != alpha || alpha == kInf || alpha == -kInf) {
    return Status::Range(std::string(fn) + ": alpha must be a finite number");
  }
  return parallel_elements(
      n, [&](std::size_t i, std::size_t count) { table.lrelu(count, in + i, out + i, alpha); },
      split);
}

}  // namespace condense
