// pool2d: max and average 2-D pooling (maxPool2d, avgPool2d, pool). TF/Keras semantics by
// default; PyTorch/ONNX ceil mode, count_include_pad and divisor_override as options. Plan
// (validate + shapes, no allocation), then run into a caller-owned NHWC output.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct Pool2dPlan {
  Pool2dParams params;
  Shape4 in, out;
  AxisGeometry y, x;
  std::size_t in_elements = 0, out_elements = 0;
};

// window_name is the window parameter's public name in messages ("poolSize", "windowShape").
Status plan_pool2d(const char* fn, const Pool2dParams& params, const Shape4& in, Pool2dPlan* plan,
                   const char* window_name = "poolSize");
Status run_pool2d(const KernelTable& table, const Pool2dPlan& plan, const float* in, float* out,
                  Workspace& ws);

}  // namespace condense
