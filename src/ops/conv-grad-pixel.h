// conv-grad-pixel: the per-pixel paths of the conv2d gradients (used by conv-grad.cc), for
// groups of one input channel (depthwise) and for a filter gradient whose dy holds an infinity
// or NaN where some tap lands in the padding (the GEMM path's im2col zeros would turn 0 * inf
// into NaN). Threads split outputs only: the input gradient by dx rows (each thread walks every
// pixel, adding the taps in its rows), the filter gradient by its rows (each walks every pixel
// in order), so every element is one running sum in the naive reference's order.
#pragma once

#include "ops/conv2d.h"

namespace condense {

Status grad_input_per_pixel(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                            const float* weights, float* dx, Workspace& ws);
Status grad_filter_per_pixel(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                             const float* dy, float* dw, Workspace& ws);

}  // namespace condense
