// conv-grad-c1: conv2dGradFilter for one input channel without groups (used by conv-grad.cc).
#pragma once

#include "ops/conv2d.h"
#include "ops/workspace.h"

namespace condense {

// dw [kh, kw, 1, out_c] from a zero-padded copy of x, one output row per
// f32-conv-grad-filter-c1 call (the kernel keeps a block of 9 taps x 4 channels of sums in
// registers across the row). Every element is one running sum over the output pixels in order,
// as on the per-pixel path. For zero padding only, and the caller guarantees dy is finite
// wherever a tap lands in the padding: a padded tap then adds 0 * dy = +-0, which leaves any sum
// that started at +0 as it was (such a sum is never -0). Threads take blocks of 4 output
// channels, each walking every row into its own block of sums: bit-identical to one thread.
Status grad_filter_one_channel(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                               const float* dy, float* dw, Workspace& ws);

}  // namespace condense
