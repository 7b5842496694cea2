// conv-grad: gradients of conv2d with respect to its input and its filter (conv2dGradInput,
// conv2dGradFilter; tf.raw_ops.Conv2DBackpropInput / Conv2DBackpropFilter).
#pragma once

#include "ops/conv2d.h"

namespace condense {

// plan: plan_conv2d (not depthwise; any groups, zero padding) over the input shape and filter
// shape; dy has plan.out's shape. Bias and activation are not part of these gradients. The
// depthwise gradients (depthwiseConv2dGradInput / Filter) are these with groups = channels and
// the filter [kh, kw, C, M] planned as [kh, kw, 1, C*M].
Status run_conv2d_grad_input(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                             const float* weights, float* dx, Workspace& ws);
Status run_conv2d_grad_filter(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws);

}  // namespace condense
