// global-pool2d: global average and max pooling (globalAvgPool2d, globalMaxPool2d): one value
// per image and channel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct GlobalPoolPlan {
  PoolType type = PoolType::kAvg;
  Shape4 in;
  std::size_t in_elements = 0, out_elements = 0;  // out: n * c
};

Status plan_global_pool2d(const char* fn, PoolType type, const Shape4& in, GlobalPoolPlan* plan);
void run_global_pool2d(const KernelTable& table, const GlobalPoolPlan& plan, const float* in,
                       float* out);

}  // namespace condense
