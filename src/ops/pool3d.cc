// 3-D max and average pooling (NDHWC), and through it 1-D pooling (d = h = 1). A 3-D window is
// a list of input rows -- every in-bounds (depth, height) pair of the window -- reduced by the
// 2-D pooling's row machinery (pool_row: vmax / vsum over the rows, then the column kernels), so
// 3-D pooling has the same kernels, NaN rules and divisor rules as 2-D pooling.
#include "ops/pool3d.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "ops/pool-common.h"

namespace condense {

Status plan_pool3d(const char* fn, const Pool3dParams& params, const Shape5& in, Pool3dPlan* plan) {
  Pool3dPlan p;
  p.params = params;
  p.in = in;
  const std::int64_t dims[5] = {in.n, in.d, in.h, in.w, in.c};
  for (std::int64_t d : dims) {
    if (d < 1 || d > kMaxDim) {
      return Status::Range(std::string(fn) +
                           ": x dimensions must be integers in [1, 2^30] (got shape [" +
                           to_str(in.n) + ", " + to_str(in.d) + ", " + to_str(in.h) + ", " +
                           to_str(in.w) + ", " + to_str(in.c) + "])");
    }
  }
  std::size_t bytes = 0;
  if (!checked_product(dims, 5, &p.in_elements) ||
      !checked_mul(p.in_elements, sizeof(float), &bytes) || bytes > kMaxBufferBytes) {
    return Status::OutOfMemory(std::string(fn) + ": x is too large (more than 2^31 bytes)");
  }
  const Window2d& w = params.pool.window;
  if (w.ceil_mode && params.pool.type == PoolType::kAvg && std::strcmp(fn, "avgPool3d") == 0) {
    // PyTorch's avg_pool3d (pool3d_shape_check with check_input_size) refuses a window longer
    // than the unpadded input, so ceilMode's partial window of a window longer than the input
    // (accepted by every other pooling op, as PyTorch does) is refused here.
    const std::int64_t ins[3] = {in.d, in.h, in.w};
    const std::int64_t windows[3] = {params.window_d, w.window_h, w.window_w};
    const char* axes[3] = {"depth", "height", "width"};
    for (int i = 0; i < 3; ++i) {
      if (windows[i] > ins[i]) {
        return Status::Range(std::string(fn) + ": poolSize " + axes[i] + " (" + to_str(windows[i]) +
                             ") is larger than the input " + axes[i] + " (" + to_str(ins[i]) +
                             "); with ceilMode avgPool3d requires the window " +
                             "to fit the unpadded input, as PyTorch's avg_pool3d does");
      }
    }
  }
  AxisRequest rz{in.d,      params.window_d,  params.stride_d, params.dilation_d,
                 w.padding, params.pad_front, params.pad_back, w.ceil_mode};
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, "poolSize", "depth"}, rz, true, &p.z));
  // Height and width: the 2-D plan of one depth slice.
  CONDENSE_RETURN_IF_ERROR(plan_pool2d(fn, params.pool, Shape4{1, in.h, in.w, in.c}, &p.rows));
  p.out = Shape5{in.n, p.z.out, p.rows.out.h, p.rows.out.w, in.c};
  const std::int64_t out_dims[5] = {p.out.n, p.out.d, p.out.h, p.out.w, p.out.c};
  if (!checked_product(out_dims, 5, &p.out_elements) ||
      !checked_mul(p.out_elements, sizeof(float), &bytes) || bytes > kMaxBufferBytes) {
    return Status::OutOfMemory(std::string(fn) + ": the output is too large");
  }
  *plan = p;
  return Status::Ok();
}

Status run_pool3d(const KernelTable& table, const Pool3dPlan& plan, const float* in, float* out,
                  Workspace& ws) {
  const char* fn = plan.params.pool.type == PoolType::kMax ? "maxPool3d" : "avgPool3d";
  const Pool2dPlan& rp = plan.rows;
  // At most min(window, input) in-bounds taps per axis: <= d * h <= in_elements, no overflow.
  const std::int64_t max_rows =
      std::min(plan.z.window, plan.in.d) * std::min(rp.y.window, plan.in.h);
  PoolRowPlan row_plan;
  CONDENSE_RETURN_IF_ERROR(make_pool_row_plan(fn, rp, ws, &row_plan, max_rows));
  const float** rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers, 2 * static_cast<std::size_t>(max_rows), &rows));
  const float** pixel_rows = rows + max_rows;
  const std::int64_t row_elems = plan.in.w * plan.in.c;
  const std::int64_t slice_elems = plan.in.h * row_elems;
  const std::int64_t out_row_elems = plan.out.w * plan.out.c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    const float* volume = in + b * plan.in.d * slice_elems;
    for (std::int64_t oz = 0; oz < plan.out.d; ++oz) {
      const WindowSpan z = window_span(plan.z, oz);
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        const WindowSpan y = window_span(rp.y, oy);
        // The window's rows: every in-bounds (depth, height) pair, depth-major.
        for (std::int64_t dz = 0; dz < z.count; ++dz) {
          const float* slice = volume + (z.first + dz * plan.z.dilation) * slice_elems;
          window_rows(slice, y.first, y.count, rp.y.dilation, row_elems, 0, rows + dz * y.count);
        }
        pool_row(table, rp, row_plan, rows, z.count * y.count, z.inside_pad * y.inside_pad,
                 pixel_rows, out + ((b * plan.out.d + oz) * plan.out.h + oy) * out_row_elems);
      }
    }
  }
  return Status::Ok();
}

Shape5 shape5_from_layout(Layout layout, const std::int64_t dims[5]) {
  if (layout == Layout::kChannelsFirst) return Shape5{dims[0], dims[2], dims[3], dims[4], dims[1]};
  return Shape5{dims[0], dims[1], dims[2], dims[3], dims[4]};
}

void shape5_to_layout(Layout layout, const Shape5& s, std::int64_t dims[5]) {
  const bool first = layout == Layout::kChannelsFirst;
  dims[0] = s.n;
  dims[1] = first ? s.c : s.d;
  dims[2] = first ? s.d : s.h;
  dims[3] = first ? s.h : s.w;
  dims[4] = first ? s.w : s.c;
}

}  // namespace condense
