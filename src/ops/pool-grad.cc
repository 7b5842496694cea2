// Gradients of max and average pooling: the backward passes that training a small CNN needs
// (tf.raw_ops.MaxPoolGrad / AvgPoolGrad, torch max_pool2d_backward ...). The windows are the
// forward pass's (plan_pool2d), walked by the shared for_each_window, so every padding,
// ceil-mode and divisor rule carries over.
#include "ops/pool-grad.h"

#include <cstring>

#include "ops/pool-common.h"

namespace condense {

Status run_max_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* x,
                           const float* dy, float* dx, Workspace& ws) {
  const char* fn = "maxPool2dGrad";
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  float* values = nullptr;
  std::int32_t* where = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, channels, &values));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, channels, &where));
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  const std::int64_t row_elems = plan.in.w * c;
  const std::size_t col_stride = static_cast<std::size_t>(plan.x.dilation * c);
  return for_each_window(
      fn, plan, x, ws,
      [&](std::int64_t b, std::int64_t oy, std::int64_t ox, const WindowSpan& wy,
          const WindowSpan& wx, const float* const* rows) {
        const std::int64_t image = b * plan.in.h * row_elems;
        const std::int64_t nx = wx.count;
        table.argmaxpool_pixel(static_cast<std::size_t>(wy.count), static_cast<std::size_t>(nx),
                               channels, rows, col_stride, values, where);
        // Window-local taps -> flat NHWC positions in dx.
        for (std::int64_t ch = 0; ch < c; ++ch) {
          const std::int64_t tap = where[ch];
          const std::int64_t y = wy.first + (tap / nx) * plan.y.dilation;
          const std::int64_t xx = wx.first + (tap % nx) * plan.x.dilation;
          where[ch] = static_cast<std::int32_t>(image + y * row_elems + xx * c + ch);
        }
        table.scatter_add(channels, dy + ((b * plan.out.h + oy) * plan.out.w + ox) * c, where, dx);
      });
}

Status run_avg_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* dy,
                           float* dx, Workspace& ws) {
  const char* fn = "avgPool2dGrad";
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  float* g = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, channels, &g));
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  const std::size_t col_stride = static_cast<std::size_t>(plan.x.dilation * c);
  // The rows point into dx: every in-bounds cell of the window gains dy / divisor.
  return for_each_window(
      fn, plan, dx, ws,
      [&](std::int64_t b, std::int64_t oy, std::int64_t ox, const WindowSpan& wy,
          const WindowSpan& wx, float* const* rows) {
        const float divisor =
            avg_divisor(plan.params, wy.count, wx.count, wy.inside_pad, wx.inside_pad);
        const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * c;
        for (std::size_t ch = 0; ch < channels; ++ch) g[ch] = d[ch] / divisor;
        table.avgpool_grad_pixel(static_cast<std::size_t>(wy.count),
                                 static_cast<std::size_t>(wx.count), channels, rows, col_stride, g);
      });
}

}  // namespace condense
