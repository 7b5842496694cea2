// Gradients of max and average pooling: the backward passes that training a small CNN needs
// (tf.raw_ops.MaxPoolGrad / AvgPoolGrad, torch max_pool2d_backward ...). The windows are the
// forward pass's (plan_pool2d, window_span), so every padding, ceil-mode and divisor rule
// carries over. Windows may overlap, so threads split dx, not the windows: each owns a range of
// dx rows (over the batch), walks the windows in the single-thread order and adds only into its
// rows, so every dx element receives the same adds in the same order.
#include "ops/pool-grad.h"

#include <algorithm>
#include <cstring>

#include "core/parallel.h"
#include "ops/conv-common.h"
#include "ops/pool-common.h"

namespace condense {

namespace {

// The rows r < y.count of window y (input row y.first + r * dilation) inside [lo, hi).
void rows_inside(const WindowSpan& y, std::int64_t dilation, std::int64_t lo, std::int64_t hi,
                 std::int64_t* r0, std::int64_t* r1) {
  auto row_at = [&](std::int64_t v) {  // the smallest r with y.first + r * dilation >= v
    const std::int64_t a = v - y.first;
    return a <= 0 ? 0 : (a + dilation - 1) / dilation;
  };
  *r0 = std::min(row_at(lo), y.count);
  *r1 = std::min(row_at(hi), y.count);
}

}  // namespace

Status run_max_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* x,
                           const float* dy, float* dx, Workspace& ws) {
  const char* fn = "maxPool2dGrad";
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  const int threads = parallel_threads();
  float* values = nullptr;
  std::int32_t* where = nullptr;
  const float** rows = nullptr;
  std::size_t values_stride = 0, where_stride = 0, rows_stride = 0;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_per_thread(fn, Workspace::kRowA, channels, threads, &values, &values_stride));
  CONDENSE_RETURN_IF_ERROR(
      ws.get_per_thread(fn, Workspace::kRowB, channels, threads, &where, &where_stride));
  // A window has at most min(window, input height) in-bounds rows.
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
      fn, Workspace::kPointers, static_cast<std::size_t>(std::min(plan.y.window, plan.in.h)),
      threads, &rows, &rows_stride));
  // Windows that never overlap (stride >= the dilated window on both axes, as 2x2 / stride 2):
  // each dx cell belongs to at most one window, so a whole window's cells are written at once
  // (maxpool_grad_route) instead of one scattered add per channel.
  const bool disjoint =
      plan.y.stride >= plan.y.effective_window() && plan.x.stride >= plan.x.effective_window();
  float** dx_rows_ptrs = nullptr;
  std::size_t dx_rows_stride = 0;
  if (disjoint) {
    CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
        fn, Workspace::kRing, static_cast<std::size_t>(std::min(plan.y.window, plan.in.h)), threads,
        &dx_rows_ptrs, &dx_rows_stride));
  }
  const std::int64_t row_elems = plan.in.w * c;
  const std::size_t col_stride = static_cast<std::size_t>(plan.x.dilation * c);
  const std::int64_t dx_rows = plan.in.n * plan.in.h;
  const std::int64_t row_work = work_per(
      static_cast<double>(plan.out_elements) * static_cast<double>(plan.y.window * plan.x.window),
      dx_rows);
  return parallel_for(dx_rows, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    std::memset(dx + begin * row_elems, 0,
                static_cast<std::size_t>((end - begin) * row_elems) * sizeof(float));
    const std::size_t k = static_cast<std::size_t>(thread);
    float* my_values = values + values_stride * k;
    std::int32_t* my_where = where + where_stride * k;
    const float** my_rows = rows + rows_stride * k;
    for (std::int64_t b = 0; b < plan.in.n; ++b) {
      std::int64_t lo = 0, hi = 0;
      image_rows(begin, end, b, plan.in.h, &lo, &hi);
      if (lo >= hi) continue;
      const std::int64_t image = b * plan.in.h * row_elems;
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        const WindowSpan wy = window_span(plan.y, oy);
        std::int64_t r0 = 0, r1 = 0;
        rows_inside(wy, plan.y.dilation, lo, hi, &r0, &r1);
        if (r0 >= r1) continue;
        const bool whole = r0 == 0 && r1 == wy.count;
        for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
          const WindowSpan wx = window_span(plan.x, ox);
          const std::int64_t nx = wx.count;
          window_rows(x + image, wy.first, wy.count, plan.y.dilation, row_elems, wx.first * c,
                      my_rows);
          table.argmaxpool_pixel(static_cast<std::size_t>(wy.count), static_cast<std::size_t>(nx),
                                 channels, my_rows, col_stride, my_values, my_where);
          const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * c;
          if (disjoint && whole) {
            float** my_dx_rows = dx_rows_ptrs + dx_rows_stride * k;
            window_rows(dx + image, wy.first, wy.count, plan.y.dilation, row_elems, wx.first * c,
                        my_dx_rows);
            table.maxpool_grad_route(static_cast<std::size_t>(wy.count),
                                     static_cast<std::size_t>(nx), channels, my_dx_rows, col_stride,
                                     my_where, d);
            continue;
          }
          // Window-local taps -> flat NHWC positions in dx.
          for (std::int64_t ch = 0; ch < c; ++ch) {
            const std::int64_t tap = my_where[ch];
            const std::int64_t r = tap / nx;
            const std::int64_t y = wy.first + r * plan.y.dilation;
            const std::int64_t xx = wx.first + (tap % nx) * plan.x.dilation;
            const std::int64_t at = image + y * row_elems + xx * c + ch;
            if (whole) {
              my_where[ch] = static_cast<std::int32_t>(at);
            } else if (r >= r0 && r < r1) {
              dx[at] = dx[at] + d[ch];  // scatter_add's one add, for this thread's rows only
            }
          }
          if (whole) table.scatter_add(channels, d, my_where, dx);
        }
      }
    }
  });
}

Status run_avg_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* dy,
                           float* dx, Workspace& ws) {
  const char* fn = "avgPool2dGrad";
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  const int threads = parallel_threads();
  float* g = nullptr;
  float** rows = nullptr;
  std::size_t g_stride = 0, rows_stride = 0;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_per_thread(fn, Workspace::kRowA, channels, threads, &g, &g_stride));
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
      fn, Workspace::kPointers, static_cast<std::size_t>(std::min(plan.y.window, plan.in.h)),
      threads, &rows, &rows_stride));
  // Windows that never overlap (stride >= the dilated window on both axes, as 2x2 / stride 2):
  // each dx cell belongs to at most one window, so a whole window's cells are written at once
  // (maxpool_grad_route) instead of one scattered add per channel.
  const bool disjoint =
      plan.y.stride >= plan.y.effective_window() && plan.x.stride >= plan.x.effective_window();
  float** dx_rows_ptrs = nullptr;
  std::size_t dx_rows_stride = 0;
  if (disjoint) {
    CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
        fn, Workspace::kRing, static_cast<std::size_t>(std::min(plan.y.window, plan.in.h)), threads,
        &dx_rows_ptrs, &dx_rows_stride));
  }
  const std::int64_t row_elems = plan.in.w * c;
  const std::size_t col_stride = static_cast<std::size_t>(plan.x.dilation * c);
  const std::int64_t dx_rows = plan.in.n * plan.in.h;
  const std::int64_t row_work = work_per(
      static_cast<double>(plan.out_elements) * static_cast<double>(plan.y.window * plan.x.window),
      dx_rows);
  // The rows point into dx: every in-bounds cell of the window (in this thread's rows) gains
  // dy / divisor.
  return parallel_for(dx_rows, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    std::memset(dx + begin * row_elems, 0,
                static_cast<std::size_t>((end - begin) * row_elems) * sizeof(float));
    float* my_g = g + g_stride * static_cast<std::size_t>(thread);
    float** my_rows = rows + rows_stride * static_cast<std::size_t>(thread);
    for (std::int64_t b = 0; b < plan.in.n; ++b) {
      std::int64_t lo = 0, hi = 0;
      image_rows(begin, end, b, plan.in.h, &lo, &hi);
      if (lo >= hi) continue;
      float* image = dx + b * plan.in.h * row_elems;
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        const WindowSpan wy = window_span(plan.y, oy);
        std::int64_t r0 = 0, r1 = 0;
        rows_inside(wy, plan.y.dilation, lo, hi, &r0, &r1);
        if (r0 >= r1) continue;
        for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
          const WindowSpan wx = window_span(plan.x, ox);
          const float divisor =
              avg_divisor(plan.params, wy.count, wx.count, wy.inside_pad, wx.inside_pad);
          const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * c;
          for (std::size_t ch = 0; ch < channels; ++ch) my_g[ch] = d[ch] / divisor;
          window_rows(image, wy.first + r0 * plan.y.dilation, r1 - r0, plan.y.dilation, row_elems,
                      wx.first * c, my_rows);
          table.avgpool_grad_pixel(static_cast<std::size_t>(r1 - r0),
                                   static_cast<std::size_t>(wx.count), channels, my_rows,
                                   col_stride, my_g);
        }
      }
    }
  });
}

}  // namespace condense
