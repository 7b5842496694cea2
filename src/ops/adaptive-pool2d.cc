// Adaptive pooling (PyTorch AdaptiveAvgPool2d / AdaptiveMaxPool2d): bin i of an axis covers
// [floor(i*in/out), ceil((i+1)*in/out)).
#include "ops/adaptive-pool2d.h"

#include <string>

#include "core/format.h"
#include "ops/pool-common.h"

namespace condense {

namespace {

std::string num(std::int64_t v) { return format_int(v); }

}  // namespace

Status plan_adaptive_pool2d(const char* fn, PoolType type, const Shape4& in, std::int64_t out_h,
                            std::int64_t out_w, AdaptivePool2dPlan* plan) {
  AdaptivePool2dPlan p;
  p.type = type;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &p.in_elements));
  if (out_h < 1 || out_w < 1 || out_h > kMaxDim || out_w > kMaxDim) {
    return Status::Range(std::string(fn) + ": outputSize must be positive integers (got [" +
                         num(out_h) + ", " + num(out_w) + "])");
  }
  p.out = Shape4{in.n, out_h, out_w, in.c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "output", p.out, &p.out_elements));
  *plan = p;
  return Status::Ok();
}

Status run_adaptive_pool2d(const KernelTable& table, const AdaptivePool2dPlan& plan,
                           const float* in, float* out, Workspace& ws) {
  const char* fn = plan.type == PoolType::kMax ? "adaptiveMaxPool2d" : "adaptiveAvgPool2d";
  const Shape4& s = plan.in;
  const Shape4& o = plan.out;
  // Bins of both axes: [start, end) per output row, then per output column.
  std::int64_t* bins = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kTaps, static_cast<std::size_t>(2 * (o.h + o.w)), &bins));
  for (std::int64_t i = 0; i < o.h; ++i) {
    bins[2 * i] = i * s.h / o.h;                        // floor(i * in / out)
    bins[2 * i + 1] = ((i + 1) * s.h + o.h - 1) / o.h;  // ceil((i + 1) * in / out)
  }
  std::int64_t* col_bins = bins + 2 * o.h;
  for (std::int64_t j = 0; j < o.w; ++j) {
    col_bins[2 * j] = j * s.w / o.w;
    col_bins[2 * j + 1] = ((j + 1) * s.w + o.w - 1) / o.w;
  }
  std::int64_t max_rows = 0;
  for (std::int64_t i = 0; i < o.h; ++i) {
    if (bins[2 * i + 1] - bins[2 * i] > max_rows) max_rows = bins[2 * i + 1] - bins[2 * i];
  }
  const float** rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers, static_cast<std::size_t>(max_rows), &rows));
  const std::size_t channels = static_cast<std::size_t>(s.c);
  for (std::int64_t b = 0; b < s.n; ++b) {
    const float* image = in + b * s.h * s.w * s.c;
    for (std::int64_t oy = 0; oy < o.h; ++oy) {
      const std::int64_t y0 = bins[2 * oy], ny = bins[2 * oy + 1] - y0;
      for (std::int64_t ox = 0; ox < o.w; ++ox) {
        const std::int64_t x0 = col_bins[2 * ox], nx = col_bins[2 * ox + 1] - x0;
        window_rows(image, y0, ny, 1, s.w * s.c, x0 * s.c, rows);
        float* dst = out + ((b * o.h + oy) * o.w + ox) * s.c;
        if (plan.type == PoolType::kMax) {
          table.maxpool_pixel(static_cast<std::size_t>(ny), static_cast<std::size_t>(nx), channels,
                              rows, channels, dst, -kInf, kInf);
        } else {
          table.avgpool_pixel(static_cast<std::size_t>(ny), static_cast<std::size_t>(nx), channels,
                              rows, channels, static_cast<float>(ny * nx), dst, -kInf, kInf);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace condense
