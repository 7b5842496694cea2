// conv-pool2d: the condense pipeline fused (convPool2d): conv2d -> clamp (ReLU) -> pool2d in
// one pass, without materialising the detected feature map.
#pragma once

#include "ops/conv2d.h"
#include "ops/pool2d.h"

namespace condense {

struct ConvPoolPlan {
  Conv2dPlan conv;  // conv.out is the (never materialised) detected feature map
  Pool2dPlan pool;  // pool.in == conv.out
};

Status plan_conv_pool2d(const char* fn, const Conv2dParams& conv, const Pool2dParams& pool,
                        const Shape4& in, const FilterShape& filter, ConvPoolPlan* plan);
Status run_conv_pool2d(const KernelTable& table, const ConvPoolPlan& plan, const float* in,
                       const float* weights, const float* bias, float* out, Workspace& ws);

}  // namespace condense
