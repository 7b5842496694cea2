// pool-grad: gradients of max and average pooling (maxPool2dGrad, avgPool2dGrad;
// tf.raw_ops.MaxPoolGrad / AvgPoolGrad). The windows are the forward pass's (plan_pool2d).
#pragma once

#include "ops/pool2d.h"

namespace condense {

// dx for max pooling: dy routed to each window's argmax (first maximum, first NaN, as
// run_max_pool2d_argmax), summed where windows overlap. plan: plan_pool2d over x.
Status run_max_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* x,
                           const float* dy, float* dx, Workspace& ws);
// dx for average pooling: dy / divisor (the forward pass's divisor rules) added to every
// in-bounds cell of the window. plan: plan_pool2d over the input shape.
Status run_avg_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* dy,
                           float* dx, Workspace& ws);

}  // namespace condense
