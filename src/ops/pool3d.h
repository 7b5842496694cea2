// pool3d: 3-D max and average pooling (maxPool3d, avgPool3d) over NDHWC, and through it 1-D
// pooling (maxPool1d, avgPool1d: d = h = 1).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ops/layout.h"
#include "ops/pool2d.h"

namespace condense {

struct Shape5 {  // NDHWC
  std::int64_t n = 1, d = 1, h = 1, w = 1, c = 1;
};

struct Pool3dParams {
  Pool2dParams pool;  // type, divisor rules, clamp, and the height / width axes
  std::int64_t window_d = 1, stride_d = 1, dilation_d = 1;
  std::int64_t pad_front = 0, pad_back = 0;  // with pool.window.padding == kExplicit
};

struct Pool3dPlan {
  Pool3dParams params;
  Shape5 in, out;
  AxisGeometry z;
  Pool2dPlan rows;  // the height/width geometry of one depth slice
  std::size_t in_elements = 0, out_elements = 0;
};

// dims in the caller's order ([n, d, h, w, c], or [n, c, d, h, w] channels first) -> NDHWC.
// 1-D callers pass [n, 1, 1, w, c] / [n, c, 1, 1, w] (d = h = 1).
Shape5 shape5_from_layout(Layout layout, const std::int64_t dims[5]);
// The NDHWC shape -> dims in the caller's order.
void shape5_to_layout(Layout layout, const Shape5& shape, std::int64_t dims[5]);

// 1-D pooling is this with d = h = 1 and unit depth / height windows.
Status plan_pool3d(const char* fn, const Pool3dParams& params, const Shape5& in, Pool3dPlan* plan);
Status run_pool3d(const KernelTable& table, const Pool3dPlan& plan, const float* in, float* out,
                  Workspace& ws);

}  // namespace condense
