// conv2d: 2-D convolution and depthwise convolution (conv2d, depthwiseConv2d) with TF/Keras
// semantics: HWIO filters, 'valid' / 'same' / explicit zero padding, dilations, bias, fused
// clamp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct FilterShape {  // HWIO for conv2d; [kh, kw, channels, multiplier] for depthwise
  std::int64_t kernel_h = 1, kernel_w = 1, in_c = 1, out_c = 1;
};

struct Conv2dPlan {
  Conv2dParams params;
  bool depthwise = false;
  FilterShape filter;
  Shape4 in, out;
  AxisGeometry y, x;
  std::size_t in_elements = 0, out_elements = 0, filter_elements = 0, bias_elements = 0;
};

// For depthwise, filter.out_c is the channel multiplier and plan->out.c = in.c * multiplier.
Status plan_conv2d(const char* fn, const Conv2dParams& params, bool depthwise, const Shape4& in,
                   const FilterShape& filter, Conv2dPlan* plan);
Status run_conv2d(const KernelTable& table, const Conv2dPlan& plan, const float* in,
                  const float* weights, const float* bias, float* out, Workspace& ws);

}  // namespace condense
