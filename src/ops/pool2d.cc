// Max and average 2-D pooling (TF/Keras semantics by default; PyTorch/ONNX ceil mode,
// count_include_pad and divisor_override as options).
#include "ops/pool2d.h"

#include <algorithm>
#include <string>

#include "core/format.h"
#include "core/parallel.h"
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
  const std::int64_t row_elems = plan.in.w * plan.in.c;
  const std::int64_t out_row_elems = plan.out.w * plan.out.c;
  // Threads split the output rows of the whole batch; each has its own row pointers and (one
  // channel) its own scratch row, a copy of the plan's.
  const std::int64_t rows_out = plan.in.n * plan.out.h;
  const std::int64_t row_work = out_row_elems * plan.y.window * plan.x.window;
  // Each thread's row pointers and scratch row start on their own cache line (get_per_thread):
  // threads writing into one line would pass it back and forth on every output row.
  const int threads = parallel_threads();
  const float** rows = nullptr;
  std::size_t rows_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kPointers,
                                             2 * static_cast<std::size_t>(max_rows), threads, &rows,
                                             &rows_stride));
  std::size_t tmp_stride = 0;
  float* tmp_rows = nullptr;
  if (row_plan.tmp_row != nullptr && threads > 1) {
    CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
        fn, Workspace::kRowB, static_cast<std::size_t>(std::max(plan.in.w, plan.out.w * max_rows)),
        threads, &tmp_rows, &tmp_stride));
  }
  return parallel_for(rows_out, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    PoolRowPlan mine = row_plan;
    if (tmp_rows != nullptr)
      mine.tmp_row = tmp_rows + tmp_stride * static_cast<std::size_t>(thread);
    const float** my_rows = rows + rows_stride * static_cast<std::size_t>(thread);
    const float** pixel_rows = my_rows + max_rows;
    for (std::int64_t r = begin; r < end; ++r) {
      const std::int64_t b = r / plan.out.h;
      const std::int64_t oy = r % plan.out.h;
      const float* image = in + b * plan.in.h * row_elems;
      const WindowSpan y = window_span(plan.y, oy);
      window_rows(image, y.first, y.count, plan.y.dilation, row_elems, 0, my_rows);
      pool_row(table, plan, mine, my_rows, y.count, y.inside_pad, pixel_rows,
               out + r * out_row_elems);
    }
  });
}

Status plan_tf_pool(const char* fn, const Pool2dParams& params, const Shape4& in, TfPoolPlan* plan,
                    const char* window_name) {
  TfPoolPlan p;
  p.in = in;
  const Window2d& w = params.window;
  p.zero_padded =
      w.padding == PaddingMode::kSame && (w.dilation_h > 1 || w.dilation_w > 1) && !w.ceil_mode;
  if (p.zero_padded && (w.stride_h > 1 || w.stride_w > 1)) {
    return Status::Range(std::string(fn) +
                         ": strides must be 1 when dilations > 1 with 'same' padding, as in "
                         "tf.nn.pool (got strides [" +
                         to_str(w.stride_h) + ", " + to_str(w.stride_w) + "])");
  }
  if (!p.zero_padded) {
    CONDENSE_RETURN_IF_ERROR(plan_pool2d(fn, params, in, &p.pool, window_name));
  } else {
    // The SAME geometry gives the output shape and the zero padding; a window that sees only
    // padding is fine here (it pools zeros).
    std::size_t in_elements = 0;
    CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &in_elements));
    AxisRequest ry{in.h, w.window_h, 1, w.dilation_h, w.padding, 0, 0, false};
    AxisRequest rx{in.w, w.window_w, 1, w.dilation_w, w.padding, 0, 0, false};
    AxisGeometry gy, gx;
    CONDENSE_RETURN_IF_ERROR(compute_axis({fn, window_name, "height"}, ry, false, &gy));
    CONDENSE_RETURN_IF_ERROR(compute_axis({fn, window_name, "width"}, rx, false, &gx));
    p.pad_top = gy.pad_before;
    p.pad_left = gx.pad_before;
    const Shape4 padded{in.n, in.h + gy.pad_before + gy.pad_after,
                        in.w + gx.pad_before + gx.pad_after, in.c};
    Pool2dParams valid = params;
    valid.window.padding = PaddingMode::kValid;
    valid.window.pad_top = valid.window.pad_bottom = valid.window.pad_left =
        valid.window.pad_right = 0;
    CONDENSE_RETURN_IF_ERROR(plan_pool2d(fn, valid, padded, &p.pool, window_name));
    if (p.pool.out.h != gy.out || p.pool.out.w != gx.out) {
      return Status::Range(std::string(fn) + ": internal error: zero-padded pooling shape");
    }
  }
  p.out = p.pool.out;
  p.out_elements = p.pool.out_elements;
  *plan = p;
  return Status::Ok();
}

Status run_tf_pool(const KernelTable& table, const TfPoolPlan& plan, const float* in, float* out,
                   Workspace& ws) {
  if (!plan.zero_padded) return run_pool2d(table, plan.pool, in, out, ws);
  const char* fn = "pool";
  const Shape4& padded = plan.pool.in;
  float* buffer = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRing, plan.pool.in_elements, &buffer));
  std::fill(buffer, buffer + plan.pool.in_elements, 0.0f);
  const std::int64_t c = plan.in.c;
  const std::int64_t row = plan.in.w * c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    for (std::int64_t y = 0; y < plan.in.h; ++y) {
      const float* src = in + (b * plan.in.h + y) * row;
      float* dst = buffer + ((b * padded.h + y + plan.pad_top) * padded.w + plan.pad_left) * c;
      std::copy(src, src + row, dst);
    }
  }
  return run_pool2d(table, plan.pool, buffer, out, ws);
}

}  // namespace condense
