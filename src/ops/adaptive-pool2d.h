// adaptive-pool2d: PyTorch AdaptiveAvgPool2d / AdaptiveMaxPool2d (adaptiveAvgPool2d,
// adaptiveMaxPool2d): the output size is given, the windows follow from it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct AdaptivePool2dPlan {
  PoolType type = PoolType::kAvg;
  Shape4 in, out;
  std::size_t in_elements = 0, out_elements = 0;
};

// Bin i of an axis covers [floor(i*in/out), ceil((i+1)*in/out)); bins may overlap.
Status plan_adaptive_pool2d(const char* fn, PoolType type, const Shape4& in, std::int64_t out_h,
                            std::int64_t out_w, AdaptivePool2dPlan* plan);
Status run_adaptive_pool2d(const KernelTable& table, const AdaptivePool2dPlan& plan,
                           const float* in, float* out, Workspace& ws);

}  // namespace condense
