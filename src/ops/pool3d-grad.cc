// Gradients of 3-D (and 1-D) max and average pooling. A 3-D window is the forward pass's list of
// in-bounds input rows -- every in-bounds (depth, height) pair, depth-major -- so the 2-D
// gradients' kernels do the work: argmaxpool_pixel + scatter_add for max pooling, and
// avgpool_grad_pixel over rows that point into dx for average pooling.
#include "ops/pool3d-grad.h"

#include <algorithm>
#include <cstring>

#include "ops/pool-common.h"

namespace condense {
namespace {

// Calls visit(b, oz, oy, ox, z, y, x, rows, row_count) for every output pixel in NDHWC order;
// rows[r] points at input cell (z.first + (r / y.count) * dz, y.first + (r % y.count) * dy,
// x.first) of volume b of `in`.
template <typename T, typename Visit>
Status for_each_window3d(const char* fn, const Pool3dPlan& plan, T* in, Workspace& ws,
                         Visit&& visit) {
  const Pool2dPlan& rp = plan.rows;
  // At most min(window, input) in-bounds taps per axis: <= d * h <= in_elements, no overflow.
  const std::int64_t max_rows =
      std::min(plan.z.window, plan.in.d) * std::min(rp.y.window, plan.in.h);
  T** rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers, static_cast<std::size_t>(max_rows), &rows));
  const std::int64_t c = plan.in.c;
  const std::int64_t row_elems = plan.in.w * c;
  const std::int64_t slice_elems = plan.in.h * row_elems;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    T* volume = in + b * plan.in.d * slice_elems;
    for (std::int64_t oz = 0; oz < plan.out.d; ++oz) {
      const WindowSpan z = window_span(plan.z, oz);
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        const WindowSpan y = window_span(rp.y, oy);
        for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
          const WindowSpan x = window_span(rp.x, ox);
          for (std::int64_t dz = 0; dz < z.count; ++dz) {
            T* slice = volume + (z.first + dz * plan.z.dilation) * slice_elems;
            window_rows(slice, y.first, y.count, rp.y.dilation, row_elems, x.first * c,
                        rows + dz * y.count);
          }
          visit(b, oz, oy, ox, z, y, x, static_cast<T* const*>(rows), z.count * y.count);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status run_max_pool3d_grad(const char* fn, const KernelTable& table, const Pool3dPlan& plan,
                           const float* x, const float* dy, float* dx, Workspace& ws) {
  const Pool2dPlan& rp = plan.rows;
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  float* values = nullptr;
  std::int32_t* where = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, channels, &values));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, channels, &where));
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  const std::size_t col_stride = static_cast<std::size_t>(rp.x.dilation * c);
  return for_each_window3d(
      fn, plan, x, ws,
      [&](std::int64_t b, std::int64_t oz, std::int64_t oy, std::int64_t ox, const WindowSpan& wz,
          const WindowSpan& wy, const WindowSpan& wx, const float* const* rows,
          std::int64_t row_count) {
        const std::int64_t nx = wx.count;
        table.argmaxpool_pixel(static_cast<std::size_t>(row_count), static_cast<std::size_t>(nx),
                               channels, rows, col_stride, values, where);
        // Window-local taps (row-major over depth, height, width) -> flat NDHWC positions in dx.
        for (std::int64_t ch = 0; ch < c; ++ch) {
          const std::int64_t tap = where[ch];
          const std::int64_t r = tap / nx;
          const std::int64_t z = wz.first + (r / wy.count) * plan.z.dilation;
          const std::int64_t y = wy.first + (r % wy.count) * rp.y.dilation;
          const std::int64_t xx = wx.first + (tap % nx) * rp.x.dilation;
          where[ch] = static_cast<std::int32_t>(
              (((b * plan.in.d + z) * plan.in.h + y) * plan.in.w + xx) * c + ch);
        }
        const std::int64_t o = ((b * plan.out.d + oz) * plan.out.h + oy) * plan.out.w + ox;
        table.scatter_add(channels, dy + o * c, where, dx);
      });
}

Status run_avg_pool3d_grad(const char* fn, const KernelTable& table, const Pool3dPlan& plan,
                           const float* dy, float* dx, Workspace& ws) {
  const Pool2dPlan& rp = plan.rows;
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  float* g = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, channels, &g));
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  const std::size_t col_stride = static_cast<std::size_t>(rp.x.dilation * c);
  // The rows point into dx: every in-bounds cell of the window gains dy / divisor, the divisor
  // being the forward pass's (depth x height rows, as pool_row counts them).
  return for_each_window3d(
      fn, plan, dx, ws,
      [&](std::int64_t b, std::int64_t oz, std::int64_t oy, std::int64_t ox, const WindowSpan& wz,
          const WindowSpan& wy, const WindowSpan& wx, float* const* rows, std::int64_t row_count) {
        const float divisor = avg_divisor(plan.params.pool, row_count, wx.count,
                                          wz.inside_pad * wy.inside_pad, wx.inside_pad);
        const std::int64_t o = ((b * plan.out.d + oz) * plan.out.h + oy) * plan.out.w + ox;
        const float* d = dy + o * c;
        for (std::size_t ch = 0; ch < channels; ++ch) g[ch] = d[ch] / divisor;
        table.avgpool_grad_pixel(static_cast<std::size_t>(row_count),
                                 static_cast<std::size_t>(wx.count), channels, rows, col_stride, g);
      });
}

}  // namespace condense
