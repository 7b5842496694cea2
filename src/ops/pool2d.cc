// Max and average 2-D pooling (TF/Keras semantics by default; PyTorch/ONNX ceil mode,
// count_include_pad and divisor_override as options).
#include "ops/pool2d.h"

#include <algorithm>
#include <string>

#include "core/params.h"
#include "ops/pool-common.h"

namespace condense {

Status plan_pool2d(const char* fn, const Pool2dParams& params, const Shape4& in, Pool2dPlan* plan,
                   const char* window_name) {
  Pool2dPlan p;
  p.params = params;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &p.in_elements));
  const Window2d& w = params.window;
  if (w.ceil_mode && (w.padding == PaddingMode::kSame || w.padding == PaddingMode::kSameLower)) {
    return Status::Range(std::string(fn) +
                         ": ceilMode applies to 'valid' or explicit padding, not 'same'");
  }
  if (params.type == PoolType::kAvg && params.divisor_override < 0) {
    return Status::Range(std::string(fn) + ": divisorOverride must be a positive integer");
  }
  AxisRequest ry{in.h,      w.window_h, w.stride_h,   w.dilation_h,
                 w.padding, w.pad_top,  w.pad_bottom, w.ceil_mode};
  AxisRequest rx{in.w,      w.window_w, w.stride_w,  w.dilation_w,
                 w.padding, w.pad_left, w.pad_right, w.ceil_mode};
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, window_name, "height"}, ry, true, &p.y));
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, window_name, "width"}, rx, true, &p.x));
  p.out = Shape4{in.n, p.y.out, p.x.out, in.c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "output", p.out, &p.out_elements));
  *plan = p;
  return Status::Ok();
}

Status run_pool2d(const KernelTable& table, const Pool2dPlan& plan, const float* in, float* out,
                  Workspace& ws) {
  const char* fn = plan.params.type == PoolType::kMax ? "maxPool2d" : "avgPool2d";
  PoolRowPlan row_plan;
  CONDENSE_RETURN_IF_ERROR(make_pool_row_plan(fn, plan, ws, &row_plan));
  // A window has at most min(window, input height) in-bounds rows.
  const std::int64_t max_rows = std::min(plan.y.window, plan.in.h);
  const float** rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers, 2 * static_cast<std::size_t>(max_rows), &rows));
  const float** pixel_rows = rows + max_rows;
  const std::int64_t row_elems = plan.in.w * plan.in.c;
  const std::int64_t out_row_elems = plan.out.w * plan.out.c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    const float* image = in + b * plan.in.h * row_elems;
    for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
      const WindowSpan y = window_span(plan.y, oy);
      window_rows(image, y.first, y.count, plan.y.dilation, row_elems, 0, rows);
      pool_row(table, plan, row_plan, rows, y.count, y.inside_pad, pixel_rows,
               out + (b * plan.out.h + oy) * out_row_elems);
    }
  }
  return Status::Ok();
}

}  // namespace condense
