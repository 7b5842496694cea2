// Min, soft, Lp and stochastic pooling over the windows of plan_pool2d, walked by the shared
// for_each_window. Min pooling runs the max kernels over the mirrored comparison
// (f32-maxpool's minpool_pixel).
#include "ops/window-pool2d.h"

#include <string>

#include "core/format.h"
#include "ops/pool-common.h"

namespace condense {

Status plan_window_pool2d(const char* fn, const WindowPoolParams& params, const Shape4& in,
                          WindowPoolPlan* plan) {
  WindowPoolPlan p;
  p.params = params;
  const auto kind = static_cast<std::int32_t>(params.kind);
  if (kind < 0 || kind > 3) return Status::Range(std::string(fn) + ": unknown pooling kind");
  if (params.kind == WindowPoolKind::kLp && !(params.p > 0.0)) {
    return Status::Range(std::string(fn) + ": p must be a positive number or Infinity (got " +
                         to_str(params.p) + ")");
  }
  Pool2dParams pool;
  pool.window = params.window;
  pool.type = PoolType::kMax;
  CONDENSE_RETURN_IF_ERROR(plan_pool2d(fn, pool, in, &p.geometry));
  *plan = p;
  return Status::Ok();
}

Status run_window_pool2d(const KernelTable& table, const WindowPoolPlan& plan, const float* in,
                         float* out, Workspace& ws) {
  const WindowPoolParams& p = plan.params;
  const Pool2dPlan& g = plan.geometry;
  static const char* const kNames[] = {"minPool2d", "softPool2d", "lpPool2d", "stochasticPool2d"};
  const char* fn = kNames[static_cast<std::int32_t>(p.kind)];
  const std::int64_t c = g.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  const std::size_t col_stride = static_cast<std::size_t>(g.x.dilation * c);
  double* u = nullptr;
  if (p.kind == WindowPoolKind::kStochastic && p.training) {
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, channels, &u));
  }
  SplitMix64 rng(p.seed);
  const double window_cells = static_cast<double>(g.y.window * g.x.window);
  return for_each_window(
      fn, g, in, ws,
      [&](std::int64_t b, std::int64_t oy, std::int64_t ox, const WindowSpan& wy,
          const WindowSpan& wx, const float* const* rows) {
        const std::int64_t ny = wy.count, nx = wx.count;
        float* dst = out + ((b * g.out.h + oy) * g.out.w + ox) * c;
        const std::size_t r = static_cast<std::size_t>(ny), k = static_cast<std::size_t>(nx);
        switch (p.kind) {
          case WindowPoolKind::kMin:
            table.minpool_pixel(r, k, channels, rows, col_stride, dst, -kInf, kInf);
            break;
          case WindowPoolKind::kSoft:
            table.softpool_pixel(r, k, channels, rows, col_stride, dst);
            break;
          case WindowPoolKind::kLp: {
            double scale = 1.0;
            if (!p.lp_absolute) {
              scale = window_cells / static_cast<double>(wy.inside_pad * wx.inside_pad);
            }
            table.lppool_pixel(r, k, channels, rows, col_stride, p.p, p.lp_absolute, scale, dst);
            break;
          }
          case WindowPoolKind::kStochastic:
            if (u != nullptr) {
              for (std::size_t ch = 0; ch < channels; ++ch) u[ch] = rng.uniform();
            }
            table.stochasticpool_pixel(r, k, channels, rows, col_stride, u, dst);
            break;
        }
      });
}

}  // namespace condense
