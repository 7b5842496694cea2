// pool3d-grad: gradients of 3-D max and average pooling (maxPool3dGrad, avgPool3dGrad;
// tf.raw_ops.MaxPool3DGrad / AvgPool3DGrad) and through them of 1-D pooling (maxPool1dGrad,
// avgPool1dGrad: d = h = 1). The windows are the forward pass's (plan_pool3d).
#pragma once

#include "ops/pool3d.h"

namespace condense {

// dx for max pooling: dy routed to each window's argmax -- the first maximum in row-major
// (depth, height, width) window order, or the first NaN, as the forward pass propagates NaN --
// summed where windows overlap. plan: plan_pool3d over x; fn names the caller in errors.
Status run_max_pool3d_grad(const char* fn, const KernelTable& table, const Pool3dPlan& plan,
                           const float* x, const float* dy, float* dx, Workspace& ws);
// dx for average pooling: dy / divisor (the forward pass's divisor rules) added to every
// in-bounds cell of the window. plan: plan_pool3d over the input shape.
Status run_avg_pool3d_grad(const char* fn, const KernelTable& table, const Pool3dPlan& plan,
                           const float* dy, float* dx, Workspace& ws);

}  // namespace condense
