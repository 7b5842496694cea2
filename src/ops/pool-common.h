// Windowed ops share one window walk: the in-bounds part of a window on each axis
// (window_span), the pointers to its in-bounds input rows (window_rows), and the walk over
// every output pixel (for_each_window). Row-level pooling (make_pool_row_plan + pool_row) is
// shared by the 2-D and 3-D pooling ops and the fused conv -> pool op.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ops/pool2d.h"

namespace condense {

// The in-bounds taps of one window on one axis.
struct WindowSpan {
  std::int64_t first = 0;       // input index of the first in-bounds tap
  std::int64_t count = 0;       // in-bounds taps (>= 1 for every planned output)
  std::int64_t inside_pad = 0;  // taps inside the padded input (the count_include_pad divisor)
};

inline WindowSpan window_span(const AxisGeometry& axis, std::int64_t o) {
  std::int64_t first_tap = 0, count = 0;
  axis.in_bounds_taps(o, &first_tap, &count);
  return WindowSpan{axis.start(o) + first_tap * axis.dilation, count, axis.taps_inside_padding(o)};
}

// rows[r] = base + (first + r*step)*row_elems + offset, r < count: the in-bounds rows of one
// window (step: the dilation; 1 for adaptive bins and fractional sequences). The offset is
// summed as an integer before it moves the pointer.
template <typename T>
inline void window_rows(T* base, std::int64_t first, std::int64_t count, std::int64_t step,
                        std::int64_t row_elems, std::int64_t offset, T** rows) {
  for (std::int64_t r = 0; r < count; ++r) {
    rows[r] = base + ((first + r * step) * row_elems + offset);
  }
}

// Calls visit(b, oy, ox, y, x, rows) for every output pixel of `plan` in NHWC order: y and x
// are the window's in-bounds spans, rows[r] points at cell (y.first + r*dilation, x.first) of
// image b of `in`. T is const float for the forward ops, float for a gradient written through
// the rows. The row pointers live in ws's kPointers slot.
template <typename T, typename Visit>
Status for_each_window(const char* fn, const Pool2dPlan& plan, T* in, Workspace& ws,
                       Visit&& visit) {
  T** rows = nullptr;
  // A window has at most min(window, input height) in-bounds rows.
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers,
                   static_cast<std::size_t>(std::min(plan.y.window, plan.in.h)), &rows));
  const std::int64_t c = plan.in.c;
  const std::int64_t row_elems = plan.in.w * c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    T* image = in + b * plan.in.h * row_elems;
    for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
      const WindowSpan y = window_span(plan.y, oy);
      for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
        const WindowSpan x = window_span(plan.x, ox);
        window_rows(image, y.first, y.count, plan.y.dilation, row_elems, x.first * c, rows);
        visit(b, oy, ox, y, x, static_cast<T* const*>(rows));
      }
    }
  }
  return Status::Ok();
}

// In-bounds taps of one output column, precomputed once per call.
struct ColumnTaps {
  std::int32_t first;       // first in-bounds tap
  std::int32_t count;       // in-bounds taps (>= 1)
  std::int32_t inside_pad;  // taps inside the padding (count_include_pad divisor)
};

struct PoolRowPlan {
  const ColumnTaps* columns = nullptr;  // plan.out.w entries
  std::int64_t interior_begin = 0;      // outputs [begin, end) have every tap in bounds
  std::int64_t interior_end = 0;
  float* tmp_row = nullptr;  // in.w * in.c floats (C == 1 path)
};

// Fills the column taps and the interior range; allocates tmp_row for up to max_rows window
// rows per pool_row call (0: plan.y.window; 3-D pooling passes depth x height rows).
Status make_pool_row_plan(const char* fn, const Pool2dPlan& plan, Workspace& ws,
                          PoolRowPlan* row_plan, std::int64_t max_rows = 0);

// Pools one output row. rows[r] points at the start (x = 0) of the r-th in-bounds input row
// of the window; rows_inside_pad is the count_include_pad row count.
void pool_row(const KernelTable& table, const Pool2dPlan& plan, const PoolRowPlan& row_plan,
              const float* const* rows, std::int64_t row_count, std::int64_t rows_inside_pad,
              const float** pixel_rows, float* out_row);

// Divisor of an average window.
inline float avg_divisor(const Pool2dParams& p, std::int64_t rows, std::int64_t cols,
                         std::int64_t rows_inside_pad, std::int64_t cols_inside_pad) {
  if (p.divisor_override > 0) return static_cast<float>(p.divisor_override);
  if (p.count_include_pad) return static_cast<float>(rows_inside_pad * cols_inside_pad);
  return static_cast<float>(rows * cols);
}

}  // namespace condense
