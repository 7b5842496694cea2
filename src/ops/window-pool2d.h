// window-pool2d: min, soft, Lp and stochastic pooling (minPool2d, softPool2d, lpPool2d,
// stochasticPool2d) over the windows plan_pool2d computes.
#pragma once

#include <cstdint>

#include "core/random.h"
#include "ops/pool2d.h"

namespace condense {

enum class WindowPoolKind : std::int32_t { kMin = 0, kSoft = 1, kLp = 2, kStochastic = 3 };

struct WindowPoolParams {
  Window2d window;
  WindowPoolKind kind = WindowPoolKind::kMin;
  double p = 2.0;            // Lp: the power, > 0 (+inf: max of f(x))
  bool lp_absolute = false;  // Lp: false = PyTorch LPPool2d (x^p), true = ONNX LpPool (|x|^p)
  bool training = false;     // stochastic: sample (true) or probability-weighted average
  std::uint64_t seed = 0;    // stochastic training: the SplitMix64 seed
};

struct WindowPoolPlan {
  WindowPoolParams params;
  Pool2dPlan geometry;  // windows, padding and shapes, as plan_pool2d computes them
};

// Padded cells are never part of a window (TF's rule). Lp with lp_absolute = false scales the
// sum by window cells / cells inside the padded input, as PyTorch's avg_pool2d-based LPPool2d
// does for ceil-mode partial windows.
Status plan_window_pool2d(const char* fn, const WindowPoolParams& params, const Shape4& in,
                          WindowPoolPlan* plan);
// Stochastic training draws one uniform double per output element, in channels-last output
// order, from SplitMix64(seed): u = (next() >> 11) * 2^-53.
Status run_window_pool2d(const KernelTable& table, const WindowPoolPlan& plan, const float* in,
                         float* out, Workspace& ws);

}  // namespace condense
