// Fuzz target: the gradients added with issue 11 that the other targets do not reach --
// relu6Grad, clampGrad, leakyReluGrad (run_relu6_grad, run_clamp_grad, run_leaky_relu_grad) and
// the 3-D and 1-D max / average pooling gradients (run_max_pool3d_grad, run_avg_pool3d_grad; 1-D
// is d = h = 1). The first byte picks the op. Checks:
//   - elementwise gradients: bad parameters (NaN clamp bounds, a non-finite alpha) are errors
//     naming the op; results equal the documented rule bit for bit on both tables, for every
//     float class in x and dy (NaN, +-inf, +-0, denormals);
//   - pooling gradients: the plan's failures are errors naming the op; on an accepted small
//     request both tables give the same bits (any NaN matches any NaN); with finite dy the max
//     gradient is within the double reference's bound of dy routed to each window's first
//     maximum (or first NaN, as the forward pass propagates NaN), summed over windows; the
//     average gradient is the adjoint of the forward average pooling: dx[i] = sum over outputs
//     o of dy[o] * pool(e_i)[o], with e_i the unit input at i, run through run_pool3d itself
//     (which the pool-family target checks against its reference);
//   - no out-of-bounds access (ASan, canaries after every output).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "decode-ops.h"
#include "fuzz-common.h"
#include "ops/ops.h"
#include "run-tables.h"

namespace {

using fuzz::bits;
using fuzz::fmt;
using fuzz::i64;
using fuzz::is_nan;

constexpr std::size_t kSmall = 1u << 10;

void check_same(float got, float want, const std::string& ctx, std::size_t i, float x, float dy) {
  FUZZ_CHECK(bits(got) == bits(want) || (is_nan(got) && is_nan(want)),
             ctx + "\ndx[" + std::to_string(i) + "] = " + fmt(got) + ", want " + fmt(want) +
                 " for x " + fmt(x) + ", dy " + fmt(dy));
}

void check_elementwise(fuzz::Reader& rd) {
  const int op = rd.byte() % 3;
  const std::size_t n = static_cast<std::size_t>(rd.range(0, 70));
  const std::vector<float> x = fuzz::values(rd, n, fuzz::Values::kAny);
  const std::vector<float> dy = fuzz::values(rd, n, fuzz::Values::kAny);
  if (op == 0) {
    const std::string ctx = "relu6Grad n=" + std::to_string(n);
    fuzz::trace(ctx);
    const std::vector<float> got = fuzz::run_tables(n, ctx, [&](const auto& t, float* o) {
      return condense::run_relu6_grad(t, n, dy.data(), x.data(), o);
    });
    for (std::size_t i = 0; i < n; ++i) {
      check_same(got[i], x[i] > 0 && x[i] < 6 ? dy[i] : 0.0f, ctx, i, x[i], dy[i]);
    }
    return;
  }
  if (op == 1) {
    float lo = rd.value(fuzz::Values::kAny), hi = rd.value(fuzz::Values::kAny);
    if (rd.byte() < 128)
      lo = static_cast<float>(rd.range(-4, 0)), hi = static_cast<float>(rd.range(0, 6));
    const std::string ctx =
        "clampGrad n=" + std::to_string(n) + " min=" + fmt(lo) + " max=" + fmt(hi);
    fuzz::trace(ctx);
    if (is_nan(lo) || is_nan(hi)) {
      for (const condense::KernelTable* t : fuzz::tables()) {
        fuzz::Output out(n);
        const condense::Status st =
            condense::run_clamp_grad(*t, n, dy.data(), x.data(), lo, hi, out.data());
        FUZZ_CHECK(!st.ok(), ctx + "\na NaN bound was accepted");
        fuzz::check_error_names(st, "clampGrad", ctx);
        FUZZ_CHECK(st.message().find(is_nan(lo) ? "min" : "max") != std::string::npos,
                   ctx + "\nthe error does not name the bound: " + st.message());
      }
      return;
    }
    const std::vector<float> got = fuzz::run_tables(n, ctx, [&](const auto& t, float* o) {
      return condense::run_clamp_grad(t, n, dy.data(), x.data(), lo, hi, o);
    });
    for (std::size_t i = 0; i < n; ++i) {
      check_same(got[i], x[i] < lo || x[i] > hi ? 0.0f : dy[i], ctx, i, x[i], dy[i]);
    }
    return;
  }
  float alpha =
      rd.byte() < 200 ? static_cast<float>(rd.range(-8, 8)) * 0.125f : rd.value(fuzz::Values::kAny);
  const std::string ctx = "leakyReluGrad n=" + std::to_string(n) + " alpha=" + fmt(alpha);
  fuzz::trace(ctx);
  if (!std::isfinite(alpha)) {
    for (const condense::KernelTable* t : fuzz::tables()) {
      fuzz::Output out(n);
      const condense::Status st =
          condense::run_leaky_relu_grad(*t, n, dy.data(), x.data(), alpha, out.data());
      FUZZ_CHECK(!st.ok(), ctx + "\na non-finite alpha was accepted");
      fuzz::check_error_names(st, "leakyReluGrad", ctx);
    }
    return;
  }
  const std::vector<float> got = fuzz::run_tables(n, ctx, [&](const auto& t, float* o) {
    return condense::run_leaky_relu_grad(t, n, dy.data(), x.data(), alpha, o);
  });
  for (std::size_t i = 0; i < n; ++i) {
    check_same(got[i], x[i] > 0 ? dy[i] : alpha * dy[i], ctx, i, x[i], dy[i]);
  }
}

// In-bounds taps of output o along one axis, in order.
std::vector<i64> taps(const condense::AxisGeometry& g, i64 o) {
  std::vector<i64> t;
  for (i64 k = 0; k < g.window; ++k) {
    const i64 c = g.start(o) + k * g.dilation;
    if (c >= 0 && c < g.in) t.push_back(c);
  }
  return t;
}

bool small_window(const condense::Pool3dParams& p) {
  const condense::Window2d& w = p.pool.window;
  const i64 v[] = {p.window_d, p.dilation_d, w.window_h, w.window_w, w.dilation_h, w.dilation_w};
  for (i64 x : v) {
    if (x < 1 || x > 64) return false;
  }
  return true;
}

void check_pool_grad(fuzz::Reader& rd) {
  const bool one_d = rd.flag();
  condense::Shape5 in;
  const bool wild = rd.byte() < 8;
  in.n = wild ? rd.wild() : rd.range(1, 2);
  in.d = one_d ? 1 : wild ? rd.wild() : rd.range(1, 4);
  in.h = one_d ? 1 : wild ? rd.wild() : rd.range(1, 4);
  in.w = wild ? rd.wild() : rd.range(1, 9);
  in.c = wild ? rd.wild() : rd.range(1, 4);
  condense::Pool3dParams p;
  p.pool = fuzz::decode_pool(rd);
  p.pool.clamp = condense::Clamp{};  // the gradients are of the unclamped pools
  p.window_d = rd.size(1, 3, 8);
  p.stride_d = rd.size(1, 3, 8);
  p.dilation_d = rd.size(1, 2, 8);
  p.pad_front = rd.size(0, 2, 8);
  p.pad_back = rd.size(0, 2, 8);
  if (one_d) {
    condense::Window2d& w = p.pool.window;
    p.window_d = p.stride_d = p.dilation_d = 1;
    p.pad_front = p.pad_back = 0;
    w.window_h = w.stride_h = w.dilation_h = 1;
    w.pad_top = w.pad_bottom = 0;
  }
  const bool is_max = p.pool.type == condense::PoolType::kMax;
  const std::string ctx = std::string(is_max ? "maxPool" : "avgPool") + (one_d ? "1d" : "3d") +
                          "Grad x=[" + fmt(in.n) + ", " + fmt(in.d) + ", " + fmt(in.h) + ", " +
                          fmt(in.w) + ", " + fmt(in.c) + "] depth window=" + fmt(p.window_d) +
                          " stride=" + fmt(p.stride_d) + " dilation=" + fmt(p.dilation_d) +
                          " pads=[" + fmt(p.pad_front) + ", " + fmt(p.pad_back) + "] " +
                          fuzz::describe_pool(p.pool);
  fuzz::trace(ctx);
  if (fuzz::slow_pool_plan(p.pool, condense::Shape4{1, in.h, in.w, 1}) ||
      fuzz::slow_axis(in.d, p.stride_d, p.dilation_d, p.pad_front, p.pad_back)) {
    return;
  }
  condense::Pool3dPlan plan;
  const condense::Status st = condense::plan_pool3d("fuzzPoolGrad", p, in, &plan);
  fuzz::check_error_names(st, "fuzzPoolGrad", ctx);
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall || !small_window(p)) {
    return;
  }
  const std::vector<float> x = fuzz::values(rd, plan.in_elements, fuzz::Values::kAny);
  const std::vector<float> dy = fuzz::values(rd, plan.out_elements, fuzz::Values::kSummable);
  condense::Workspace ws;
  const std::vector<float> got =
      fuzz::run_tables(plan.in_elements, ctx, [&](const auto& t, float* o) {
        return is_max ? condense::run_max_pool3d_grad("fuzzPoolGrad", t, plan, x.data(), dy.data(),
                                                      o, ws)
                      : condense::run_avg_pool3d_grad("fuzzPoolGrad", t, plan, dy.data(), o, ws);
      });
  if (!fuzz::all_finite(dy)) return;

  const std::size_t ni = plan.in_elements;
  std::vector<double> want(ni, 0.0), mag(ni, 0.0), terms(ni, 0.0);
  const condense::Shape5& o = plan.out;
  auto at5 = [](const condense::Shape5& s, i64 b, i64 z, i64 y, i64 xx, i64 c) {
    return static_cast<std::size_t>((((b * s.d + z) * s.h + y) * s.w + xx) * s.c + c);
  };
  if (is_max) {
    for (i64 b = 0; b < o.n; ++b) {
      for (i64 oz = 0; oz < o.d; ++oz) {
        for (i64 oy = 0; oy < o.h; ++oy) {
          for (i64 ox = 0; ox < o.w; ++ox) {
            for (i64 c = 0; c < o.c; ++c) {
              std::size_t arg = ni;
              for (i64 z : taps(plan.z, oz)) {
                for (i64 y : taps(plan.rows.y, oy)) {
                  for (i64 xx : taps(plan.rows.x, ox)) {
                    const std::size_t i = at5(in, b, z, y, xx, c);
                    if (arg != ni && is_nan(x[arg])) continue;
                    if (arg == ni || is_nan(x[i]) || x[i] > x[arg]) arg = i;
                  }
                }
              }
              FUZZ_CHECK(arg != ni, ctx + "\na window with no input cell was accepted");
              const double d = static_cast<double>(dy[at5(o, b, oz, oy, ox, c)]);
              want[arg] += d;
              mag[arg] += std::fabs(d);
              terms[arg] += 1;
            }
          }
        }
      }
    }
  } else {
    // Column i of the forward pass's matrix: the pool of the unit input e_i.
    const condense::KernelTable& t = condense::scalar_kernel_table();
    std::vector<float> e(ni, 0.0f), col(plan.out_elements);
    for (std::size_t i = 0; i < ni; ++i) {
      e[i] = 1.0f;
      const condense::Status fs = condense::run_pool3d(t, plan, e.data(), col.data(), ws);
      FUZZ_CHECK(fs.ok(), ctx + "\nforward pass failed: " + fs.message());
      e[i] = 0.0f;
      for (std::size_t j = 0; j < plan.out_elements; ++j) {
        if (col[j] == 0.0f) continue;
        const double term = static_cast<double>(dy[j]) * static_cast<double>(col[j]);
        want[i] += term;
        mag[i] += std::fabs(term);
        terms[i] += 1;
      }
    }
  }
  std::vector<double> tol(ni);
  for (std::size_t i = 0; i < ni; ++i) tol[i] = mag[i] * (terms[i] + 2) * 0x1p-23;
  fuzz::check_close(got, want, tol, ctx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  if (rd.byte() % 2 == 0) {
    check_elementwise(rd);
  } else {
    check_pool_grad(rd);
  }
  return 0;
}
