// Fuzz target: the gradients of grouped and depthwise convolution (run_conv2d_grad_input /
// run_conv2d_grad_filter with groups > 1: conv2dGradInput / conv2dGradFilter with groups, and
// depthwiseConv2dGradInput / Filter, which plan the filter [kh, kw, C, M] as [kh, kw, 1, C*M]
// with groups = C). Bytes become groups, channels per group, a filter, strides, dilations and
// a zero padding (valid, same, same-lower, explicit; now and then an invalid mode or a channel
// count that does not divide), then x, the weights and dy. Checks:
//   - failures are errors naming the op; channels not divisible by groups are rejected;
//   - an accepted small request runs on both tables with the same bits (any NaN matches any
//     NaN); with finite data both gradients are within the double reference's bound, computed
//     here by plain loops over every (output, tap, channel) with the group's channel offsets;
//   - no out-of-bounds access (ASan, canaries after every output).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz-common.h"
#include "ops/ops.h"
#include "run-tables.h"

namespace {

using fuzz::fmt;
using fuzz::i64;

constexpr std::size_t kSmall = 1u << 11;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  const bool depthwise = rd.flag();
  const i64 groups = rd.size(1, 4, 8);
  const i64 in_per_group = depthwise ? 1 : rd.range(1, 3);
  const i64 out_per_group = rd.range(1, 3);  // depthwise: the channel multiplier
  // Channel counts from a sane group count (a wild one is only planned, and must be rejected).
  const i64 g = groups >= 1 && groups <= 64 ? groups : 1;
  condense::Shape4 in{rd.range(1, 2), rd.range(1, 6), rd.range(1, 6), 1};
  in.c = rd.byte() < 12 ? rd.range(1, 9) : g * in_per_group;
  condense::FilterShape f;
  f.kernel_h = rd.size(1, 3, 8);
  f.kernel_w = rd.size(1, 3, 8);
  f.in_c = in_per_group;
  f.out_c = g * out_per_group;
  condense::Conv2dParams p;
  p.groups = groups;
  p.stride_h = rd.size(1, 3, 8);
  p.stride_w = rd.size(1, 3, 8);
  p.dilation_h = rd.size(1, 2, 8);
  p.dilation_w = rd.size(1, 2, 8);
  p.padding = fuzz::decode_mode(rd);
  p.pad_top = rd.size(0, 2, 8);
  p.pad_bottom = rd.size(0, 2, 8);
  p.pad_left = rd.size(0, 2, 8);
  p.pad_right = rd.size(0, 2, 8);
  const bool filter_grad = rd.flag();
  const std::string ctx = std::string(depthwise ? "depthwiseConv2d" : "conv2d") +
                          (filter_grad ? "GradFilter" : "GradInput") +
                          " x=" + condense::shape_str(in) + " f=[" + fmt(f.kernel_h) + "," +
                          fmt(f.kernel_w) + "," + fmt(f.in_c) + "," + fmt(f.out_c) +
                          "] groups=" + fmt(groups) + " s=" + fmt(p.stride_h) + "," +
                          fmt(p.stride_w) + " d=" + fmt(p.dilation_h) + "," + fmt(p.dilation_w) +
                          " padding=" + fuzz::mode_name(p.padding) + " pads=" + fmt(p.pad_top) +
                          "," + fmt(p.pad_bottom) + "," + fmt(p.pad_left) + "," + fmt(p.pad_right);
  fuzz::trace(ctx);

  condense::Conv2dPlan plan;
  const condense::Status st = condense::plan_conv2d("fuzzConvGrad", p, false, in, f, &plan);
  fuzz::check_error_names(st, "fuzzConvGrad", ctx);
  if (groups != g || in.c % groups != 0) {
    FUZZ_CHECK(!st.ok(), ctx + "\na wild group count or channels not divisible by groups accepted");
  }
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall ||
      plan.filter_elements > kSmall) {
    return 0;
  }
  FUZZ_CHECK(plan.out.c == f.out_c, ctx + "\nplan output channels " + fmt(plan.out.c));

  const std::vector<float> x = fuzz::values(rd, plan.in_elements, fuzz::Values::kSummable);
  const std::vector<float> w = fuzz::values(rd, plan.filter_elements, fuzz::Values::kSummable);
  const std::vector<float> dy = fuzz::values(rd, plan.out_elements, fuzz::Values::kSummable);
  condense::Workspace ws;
  const std::size_t n = filter_grad ? plan.filter_elements : plan.in_elements;
  const std::vector<float> got = fuzz::run_tables(n, ctx, [&](const auto& t, float* o) {
    return filter_grad ? condense::run_conv2d_grad_filter(t, plan, x.data(), dy.data(), o, ws)
                       : condense::run_conv2d_grad_input(t, plan, dy.data(), w.data(), o, ws);
  });
  if (!fuzz::all_finite(x) || !fuzz::all_finite(w) || !fuzz::all_finite(dy)) return 0;

  // The reference: every (output pixel, tap, output channel, input channel of its group).
  std::vector<double> want(n, 0.0), mag(n, 0.0), terms(n, 0.0);
  const condense::Shape4& o = plan.out;
  const i64 cog = f.out_c / groups, cig = f.in_c;
  auto at4 = [](const condense::Shape4& s, i64 b, i64 y, i64 xx, i64 c) {
    return static_cast<std::size_t>(((b * s.h + y) * s.w + xx) * s.c + c);
  };
  for (i64 b = 0; b < o.n; ++b) {
    for (i64 oy = 0; oy < o.h; ++oy) {
      for (i64 ox = 0; ox < o.w; ++ox) {
        for (i64 ky = 0; ky < f.kernel_h; ++ky) {
          const i64 iy = plan.y.start(oy) + ky * plan.y.dilation;
          if (iy < 0 || iy >= in.h) continue;
          for (i64 kx = 0; kx < f.kernel_w; ++kx) {
            const i64 ix = plan.x.start(ox) + kx * plan.x.dilation;
            if (ix < 0 || ix >= in.w) continue;
            for (i64 co = 0; co < f.out_c; ++co) {
              const i64 grp = co / cog;
              const double d = static_cast<double>(dy[at4(o, b, oy, ox, co)]);
              for (i64 i = 0; i < cig; ++i) {
                const std::size_t wi =
                    static_cast<std::size_t>(((ky * f.kernel_w + kx) * cig + i) * f.out_c + co);
                const std::size_t xi = at4(in, b, iy, ix, grp * cig + i);
                const std::size_t at = filter_grad ? wi : xi;
                const double term =
                    d * (filter_grad ? static_cast<double>(x[xi]) : static_cast<double>(w[wi]));
                want[at] += term;
                mag[at] += std::fabs(term);
                terms[at] += 1;
              }
            }
          }
        }
      }
    }
  }
  std::vector<double> tol(n);
  for (std::size_t i = 0; i < n; ++i) tol[i] = mag[i] * (terms[i] + 2) * 0x1p-24;
  fuzz::check_close(got, want, tol, ctx);
  return 0;
}
