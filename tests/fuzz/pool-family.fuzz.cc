// Fuzz target: the pooling family beside TF's max/avg pooling (src/ops/argmax-pool2d.cc,
// max-unpool2d.cc, adaptive-pool2d.cc, window-pool2d.cc, fractional-pool2d.cc, pool3d.cc,
// pool-grad.cc, relu-grad.cc, conv-grad.cc). The first byte picks the op;
// the rest become a tiny shape (wild now and then), window parameters and data. Every op:
// validation never crashes and names the op; an accepted plan on small data runs; scalar and
// SIMD tables agree; nothing is written past an output. And per op, against plain loops here
// (the windows come from the plan's AxisGeometry, itself checked by the geometry target):
//   argmax:     values equal max pooling's; each index names a cell (in the asked convention)
//               holding that value; unpooling puts every value back at its index, zeros elsewhere
//   adaptive:   PyTorch's bins [floor(i*in/out), ceil((i+1)*in/out)); max exact, avg in bound
//   min:        exact (all-ones NaN, first of ties); soft: inside the window's range;
//               Lp: p = 1 is the sum, p = inf the maximum of f(x); stochastic: a window cell (or
//               +0), the inference average inside [0, max]
//   fractional: sequences 0 = a[0] < ... < a[out] = in with gaps K or K+1; max over the windows
//   pool3d:     max exact / avg in bound against a 3-D loop, with every divisor rule
//   gradients:  max / avg pooling, ReLU and both conv gradients bit for bit against loops
//               that add in the order the kernel contracts give
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "decode-ops.h"
#include "fuzz-common.h"
#include "ops/ops.h"

namespace {

using condense::AxisGeometry;
using condense::Shape4;
using condense::Status;
using fuzz::bits;
using fuzz::fmt;
using fuzz::i64;
using fuzz::is_nan;

constexpr std::size_t kSmall = 1u << 12;
constexpr double kInfD = std::numeric_limits<double>::infinity();
constexpr double kNanD = std::numeric_limits<double>::quiet_NaN();

// Was a known bug: scratch sized by the window height (and, in 3-D, window depth * height)
// rather than by the in-bounds rows. The ops are fixed (every windowed op walks its windows
// through the shared for_each_window / window_rows in src/ops/pool-common.h, sized by
// min(window, input height); pool3d by min(window, input) per axis), but this guard stays
// false: this target's plain-loop checks walk every tap of a window, which takes minutes for
// the corpus's 2^30-tap windows.
constexpr bool kScratchSizedByData = false;
// FIXED (was a known bug; its input is now
// tests/fuzz/corpus/pool2d/regression-avg-c1-border-pointer-overflow): pool3d runs pool_row, whose
// one-channel average border path forms a pointer before the row.
constexpr bool kAvgC1BorderPointerFixed = true;

bool huge_window(const condense::Window2d& w) {
  return !kScratchSizedByData && (w.window_h > (1 << 12) || w.window_w > (1 << 12));
}

bool huge_pads(const condense::Pool2dPlan& g) {
  return !kAvgC1BorderPointerFixed && g.in.c == 1 &&
         (g.x.pad_before > (i64{1} << 40) || g.x.pad_after > (i64{1} << 40));
}

void check_error(const Status& st, const char* fn, const std::string& ctx) {
  if (st.ok()) return;
  FUZZ_CHECK(st.message().rfind(std::string(fn) + ": ", 0) == 0, ctx + "\n" + st.message());
}

std::vector<float> data_for(fuzz::Reader& rd, std::size_t n, fuzz::Values kind) {
  std::vector<float> v(n);
  rd.fill(v, kind);
  return v;
}

// In-bounds taps of output o along one axis, in order: input coordinates.
std::vector<i64> taps(const AxisGeometry& g, i64 o) {
  std::vector<i64> t;
  for (i64 k = 0; k < g.window; ++k) {
    const i64 c = g.start(o) + k * g.dilation;
    if (c >= 0 && c < g.in) t.push_back(c);
    if (c >= g.in) break;
  }
  return t;
}

// Taps inside [-pad_before, in + pad_after) (count_include_pad).
i64 taps_in_padding(const AxisGeometry& g, i64 o) {
  i64 n = 0;
  for (i64 k = 0; k < g.window; ++k) {
    const i64 c = g.start(o) + k * g.dilation;
    if (c >= -g.pad_before && c < g.in + g.pad_after) ++n;
  }
  return n;
}

std::size_t at4(const Shape4& s, i64 b, i64 y, i64 x, i64 c) {
  return static_cast<std::size_t>(((b * s.h + y) * s.w + x) * s.c + c);
}

// Max / min of values in order: NaN anywhere -> the all-ones NaN; ties keep the first.
float extreme(const std::vector<float>& v, bool is_max) {
  for (float x : v) {
    if (is_nan(x)) return fuzz::from_bits(0xFFFFFFFFu);
  }
  float best = v.front();
  for (float x : v) {
    if (is_max ? x > best : x < best) best = x;
  }
  return best;
}

// Two tables' outputs: same bits, any NaN matching any NaN.
template <typename Run>
std::vector<float> run_both(std::size_t n, const std::string& ctx, Run&& run) {
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : fuzz::tables()) {
    fuzz::Output out(n);
    const Status st = run(*table, out.data());
    FUZZ_CHECK(st.ok(), ctx + "\n[" + table->isa + "] run failed on a valid plan: " + st.message());
    FUZZ_CHECK(out.canaries_intact(), ctx + "\n[" + table->isa + "] wrote past the output");
    results.emplace_back(out.data(), out.data() + n);
  }
  if (results.size() == 2) {
    fuzz::check_same_bits(results[0].data(), results[1].data(), n, true, ctx);
  }
  return results[0];
}

// ---- argmax and unpool ---------------------------------------------------------------------

i64 convention_index(condense::ArgmaxConvention cv, const Shape4& s, i64 b, i64 y, i64 x, i64 c) {
  switch (cv) {
    case condense::ArgmaxConvention::kTf:
      return (y * s.w + x) * s.c + c;
    case condense::ArgmaxConvention::kTfWithBatch:
      return ((b * s.h + y) * s.w + x) * s.c + c;
    case condense::ArgmaxConvention::kTorch:
      return y * s.w + x;
    case condense::ArgmaxConvention::kOnnx:
      return ((b * s.c + c) * s.h + y) * s.w + x;
  }
  return -1;
}

void check_argmax(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 6, 10, 9, &wild);
  condense::Pool2dParams p = fuzz::decode_pool(rd);
  p.type = condense::PoolType::kMax;
  p.clamp = condense::Clamp{};
  const std::uint8_t cb = rd.byte();
  const auto cv = static_cast<condense::ArgmaxConvention>(cb < 248 ? cb % 4 : cb - 250);
  const std::string ctx = "maxPool2dWithArgmax x=" + condense::shape_str(in) + " " +
                          fuzz::describe_pool(p) +
                          " convention=" + std::to_string(static_cast<int>(cv));
  fuzz::trace(ctx);
  condense::Pool2dPlan plan;
  if (fuzz::slow_pool_plan(p, in)) return;
  const Status st = condense::plan_pool2d("fuzzArgmax", p, in, &plan);
  check_error(st, "fuzzArgmax", ctx);
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall || huge_window(p.window))
    return;
  const std::vector<float> x = data_for(rd, plan.in_elements, fuzz::Values::kAny);
  const fuzz::Placed input(x, rd.byte() % 4);
  const bool cv_ok = static_cast<std::uint32_t>(cv) <= 3;

  condense::Workspace ws;
  std::vector<std::vector<std::int32_t>> all_indices;
  std::vector<float> values;
  for (const condense::KernelTable* table : fuzz::tables()) {
    fuzz::Output out(plan.out_elements);
    std::vector<std::int32_t> idx(plan.out_elements + 4, -7);
    const Status rs =
        condense::run_max_pool2d_argmax(*table, plan, cv, input.data(), out.data(), idx.data(), ws);
    if (!cv_ok) {
      FUZZ_CHECK(!rs.ok(), ctx + "\ninvalid convention accepted");
      check_error(rs, "maxPool2dWithArgmax", ctx);
      return;
    }
    FUZZ_CHECK(rs.ok(), ctx + "\n[" + table->isa + "] " + rs.message());
    FUZZ_CHECK(out.canaries_intact(), ctx + "\n[" + table->isa + "] wrote past the output");
    FUZZ_CHECK(idx[plan.out_elements] == -7, ctx + "\nwrote past the indices");
    // The same values as max pooling.
    fuzz::Output pooled(plan.out_elements);
    FUZZ_CHECK(condense::run_pool2d(*table, plan, input.data(), pooled.data(), ws).ok(), ctx);
    fuzz::check_same_bits(pooled.data(), out.data(), plan.out_elements, false,
                          ctx + "\n[" + table->isa + "] argmax values vs max pooling");
    // Each index names a cell of the window holding the value.
    for (i64 b = 0; b < plan.out.n; ++b) {
      for (i64 oy = 0; oy < plan.out.h; ++oy) {
        for (i64 ox = 0; ox < plan.out.w; ++ox) {
          for (i64 c = 0; c < plan.out.c; ++c) {
            const std::size_t o = at4(plan.out, b, oy, ox, c);
            bool found = false;
            for (i64 y : taps(plan.y, oy)) {
              for (i64 xx : taps(plan.x, ox)) {
                if (convention_index(cv, plan.in, b, y, xx, c) != idx[o]) continue;
                const float v = x[at4(plan.in, b, y, xx, c)];
                found = is_nan(out[o]) ? is_nan(v) : bits(v) == bits(out[o]);
              }
            }
            FUZZ_CHECK(found, ctx + "\n[" + table->isa + "] output " + std::to_string(o) + " = " +
                                  fmt(out[o]) + ": index " + std::to_string(idx[o]) +
                                  " is not a window cell holding it");
          }
        }
      }
    }
    all_indices.emplace_back(idx.begin(),
                             idx.begin() + static_cast<std::ptrdiff_t>(plan.out_elements));
    values.assign(out.data(), out.data() + plan.out_elements);
  }
  if (all_indices.size() == 2) {
    FUZZ_CHECK(all_indices[0] == all_indices[1], ctx + "\nscalar and SIMD argmax differ");
  }

  // Unpool back to the input size.
  condense::MaxUnpoolPlan up;
  const Status ps = condense::plan_max_unpool2d("fuzzUnpool", cv, plan.out, in.h, in.w, &up);
  FUZZ_CHECK(ps.ok(), ctx + "\nunpool plan: " + ps.message());
  const std::vector<float> back =
      run_both(up.out_elements, ctx + " unpool", [&](const condense::KernelTable& t, float* o) {
        return condense::run_max_unpool2d(t, up, values.data(), all_indices[0].data(), o, ws);
      });
  std::vector<bool> hit(up.out_elements, false);
  for (i64 b = 0; b < plan.out.n; ++b) {
    for (i64 oy = 0; oy < plan.out.h; ++oy) {
      for (i64 ox = 0; ox < plan.out.w; ++ox) {
        for (i64 c = 0; c < plan.out.c; ++c) {
          const std::size_t o = at4(plan.out, b, oy, ox, c);
          for (i64 y : taps(plan.y, oy)) {
            for (i64 xx : taps(plan.x, ox)) {
              if (convention_index(cv, plan.in, b, y, xx, c) != all_indices[0][o]) continue;
              const std::size_t cell = at4(plan.in, b, y, xx, c);
              hit[cell] = true;
              FUZZ_CHECK(
                  bits(back[cell]) == bits(values[o]) || (is_nan(back[cell]) && is_nan(values[o])),
                  ctx + "\nunpool cell " + std::to_string(cell) + " = " + fmt(back[cell]) +
                      ", pooled value " + fmt(values[o]));
            }
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < back.size(); ++i) {
    if (!hit[i]) FUZZ_CHECK(bits(back[i]) == 0, ctx + "\nunpool: cell not indexed is not +0");
  }
}

// ---- adaptive pooling ------------------------------------------------------------------------

void check_adaptive(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 8, 12, 9, &wild);
  const bool is_max = rd.flag();
  const i64 out_h = rd.size(1, 10, 12), out_w = rd.size(1, 14, 12);
  const std::string ctx = std::string("adaptive") + (is_max ? "Max" : "Avg") +
                          "Pool2d x=" + condense::shape_str(in) + " outputSize=[" + fmt(out_h) +
                          ", " + fmt(out_w) + "]";
  fuzz::trace(ctx);
  condense::AdaptivePool2dPlan plan;
  const Status st = condense::plan_adaptive_pool2d(
      "fuzzAdaptive", is_max ? condense::PoolType::kMax : condense::PoolType::kAvg, in, out_h,
      out_w, &plan);
  check_error(st, "fuzzAdaptive", ctx);
  if (out_h < 1 || out_w < 1) FUZZ_CHECK(!st.ok(), ctx + "\nan output size < 1 was accepted");
  if (!wild && out_h <= 14 && out_w <= 14 && out_h >= 1 && out_w >= 1) {
    FUZZ_CHECK(st.ok(), ctx + "\n" + st.message());
  }
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall) return;
  const std::vector<float> x =
      data_for(rd, plan.in_elements, is_max ? fuzz::Values::kAny : fuzz::Values::kSummable);
  condense::Workspace ws;
  const std::vector<float> got =
      run_both(plan.out_elements, ctx, [&](const condense::KernelTable& t, float* o) {
        return condense::run_adaptive_pool2d(t, plan, x.data(), o, ws);
      });
  for (i64 b = 0; b < in.n; ++b) {
    for (i64 oy = 0; oy < out_h; ++oy) {
      const i64 y0 = oy * in.h / out_h, y1 = ((oy + 1) * in.h + out_h - 1) / out_h;
      for (i64 ox = 0; ox < out_w; ++ox) {
        const i64 x0 = ox * in.w / out_w, x1 = ((ox + 1) * in.w + out_w - 1) / out_w;
        for (i64 c = 0; c < in.c; ++c) {
          std::vector<float> v;
          double sum = 0, mag = 0;
          for (i64 y = y0; y < y1; ++y) {
            for (i64 xx = x0; xx < x1; ++xx) {
              const float f = x[at4(in, b, y, xx, c)];
              v.push_back(f);
              sum += static_cast<double>(f);
              mag += std::fabs(static_cast<double>(f));
            }
          }
          const float g = got[at4(plan.out, b, oy, ox, c)];
          const std::string where = ctx + "\noutput (" + fmt(b) + ", " + fmt(oy) + ", " + fmt(ox) +
                                    ", " + fmt(c) + ") = " + fmt(g);
          if (is_max) {
            FUZZ_CHECK(bits(g) == bits(extreme(v, true)),
                       where + ", want " + fmt(extreme(v, true)));
          } else {
            const double n = static_cast<double>(v.size());
            const double want = sum / n;
            const bool ok = want != want       ? is_nan(g)
                            : std::isinf(want) ? static_cast<double>(g) == want
                                               : std::fabs(static_cast<double>(g) - want) <=
                                                     1e-6 * n * mag / n + fuzz::kDenormSlack;
            FUZZ_CHECK(ok, where + ", want " + fmt(want));
          }
        }
      }
    }
  }
}

// ---- min / soft / Lp / stochastic ------------------------------------------------------------

condense::Pool2dParams window_only(const condense::Window2d& w) {
  condense::Pool2dParams p;
  p.window = w;
  return p;
}

void check_window_pool(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 6, 10, 9, &wild);
  condense::WindowPoolParams p;
  p.window = fuzz::decode_pool(rd).window;
  const std::uint8_t kb = rd.byte();
  p.kind = static_cast<condense::WindowPoolKind>(kb < 248 ? kb % 4 : kb - 250);
  static const double kPowers[] = {1.0, 2.0, 3.0, 0.5, 1.5, 4.0, kInfD, 0.0, -1.0, kNanD};
  p.p = kPowers[rd.byte() % 10];
  p.lp_absolute = rd.flag();
  p.training = rd.flag();
  p.seed = rd.u64();
  const std::string ctx =
      "windowPool x=" + condense::shape_str(in) +
      " kind=" + std::to_string(static_cast<int>(p.kind)) + " p=" + fmt(p.p) +
      " abs=" + (p.lp_absolute ? "1" : "0") + " training=" + (p.training ? "1" : "0") +
      " seed=" + std::to_string(p.seed) + " " + fuzz::describe_pool(window_only(p.window));
  fuzz::trace(ctx);
  condense::WindowPoolPlan plan;
  if (fuzz::slow_pool_plan(window_only(p.window), in)) return;
  const Status st = condense::plan_window_pool2d("fuzzWindow", p, in, &plan);
  check_error(st, "fuzzWindow", ctx);
  const auto kind = static_cast<std::uint32_t>(p.kind);
  if (kind > 3) FUZZ_CHECK(!st.ok(), ctx + "\ninvalid kind accepted");
  if (p.kind == condense::WindowPoolKind::kLp && !(p.p > 0)) {
    FUZZ_CHECK(!st.ok(), ctx + "\ninvalid p accepted");
  }
  const condense::Pool2dPlan& g = plan.geometry;
  if (!st.ok() || g.in_elements > kSmall || g.out_elements > kSmall || huge_window(p.window)) {
    return;
  }
  const std::vector<float> x = data_for(rd, g.in_elements, fuzz::Values::kSummable);
  const fuzz::Placed input(x, rd.byte() % 4);
  condense::Workspace ws;
  const std::vector<float> got =
      run_both(g.out_elements, ctx, [&](const condense::KernelTable& t, float* o) {
        return condense::run_window_pool2d(t, plan, input.data(), o, ws);
      });
  for (i64 b = 0; b < g.out.n; ++b) {
    for (i64 oy = 0; oy < g.out.h; ++oy) {
      for (i64 ox = 0; ox < g.out.w; ++ox) {
        for (i64 c = 0; c < g.out.c; ++c) {
          std::vector<float> v;
          for (i64 y : taps(g.y, oy)) {
            for (i64 xx : taps(g.x, ox)) v.push_back(x[at4(g.in, b, y, xx, c)]);
          }
          const float out = got[at4(g.out, b, oy, ox, c)];
          const std::string where = ctx + "\noutput (" + fmt(b) + ", " + fmt(oy) + ", " + fmt(ox) +
                                    ", " + fmt(c) + ") = " + fmt(out);
          bool any_nan = false, all_finite = true;
          float lo = fuzz::kInf, hi = -fuzz::kInf;
          for (float f : v) {
            any_nan = any_nan || is_nan(f);
            all_finite = all_finite && std::isfinite(f);
            lo = std::min(lo, f), hi = std::max(hi, f);
          }
          switch (p.kind) {
            case condense::WindowPoolKind::kMin:
              FUZZ_CHECK(bits(out) == bits(extreme(v, false)),
                         where + ", want " + fmt(extreme(v, false)));
              break;
            case condense::WindowPoolKind::kSoft:
              if (any_nan) {
                FUZZ_CHECK(is_nan(out), where);
              } else if (all_finite) {
                FUZZ_CHECK(out >= lo && out <= hi, where + ": outside the window's range");
              }
              break;
            case condense::WindowPoolKind::kLp:
              if (!p.lp_absolute || any_nan) break;
              if (p.p == 1.0) {
                double sum = 0;
                for (float f : v) sum += std::fabs(static_cast<double>(f));
                FUZZ_CHECK(std::fabs(static_cast<double>(out) - sum) <= 1e-6 * sum + 1e-44 ||
                               (std::isinf(sum) && std::isinf(out)),
                           where + ", want " + fmt(sum));
              } else if (std::isinf(p.p)) {
                float m = 0;
                for (float f : v) m = std::max(m, std::fabs(f));
                FUZZ_CHECK(out == m, where + ", want " + fmt(m));
              }
              break;
            case condense::WindowPoolKind::kStochastic:
              if (any_nan) {
                FUZZ_CHECK(is_nan(out), where);
                break;
              }
              if (hi <= 0) {
                FUZZ_CHECK(bits(out) == 0, where + ": no positive cell, want +0");
              } else if (p.training) {
                bool cell = false;
                for (float f : v) cell = cell || (bits(f) == bits(out) && f > 0);
                FUZZ_CHECK(cell, where + ": not a positive window cell");
              } else if (all_finite) {
                FUZZ_CHECK(out >= 0 && out <= hi, where + ": outside [0, max]");
              }
              break;
          }
        }
      }
    }
  }
}

// ---- fractional max pooling ------------------------------------------------------------------

void check_fractional(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 12, 12, 5, &wild);
  condense::FractionalPoolParams p;
  static const double kRatios[] = {1.0, 1.25, 1.44, 1.5,   2.0,   2.5,       3.0,
                                   0.5, 0.0,  -1.0, kInfD, kNanD, 1.0000001, 7.0};
  p.ratio_h = kRatios[rd.byte() % 14];
  p.ratio_w = kRatios[rd.byte() % 14];
  p.pseudo_random = rd.flag();
  p.overlapping = rd.flag();
  p.seed = rd.u64();
  std::vector<std::int32_t> rows_given, cols_given;
  if (rd.byte() < 64) {
    rows_given.resize(static_cast<std::size_t>(rd.range(0, 8)));
    std::int32_t v = static_cast<std::int32_t>(rd.range(-1, 2));
    for (auto& s : rows_given) s = v, v += static_cast<std::int32_t>(rd.range(0, 3));
    p.row_sequence = rows_given.data();
    p.row_sequence_length = static_cast<i64>(rows_given.size());
  }
  if (rd.byte() < 64) {
    cols_given.resize(static_cast<std::size_t>(rd.range(0, 8)));
    std::int32_t v = static_cast<std::int32_t>(rd.range(-1, 2));
    for (auto& s : cols_given) s = v, v += static_cast<std::int32_t>(rd.range(0, 3));
    p.col_sequence = cols_given.data();
    p.col_sequence_length = static_cast<i64>(cols_given.size());
  }
  const std::string ctx =
      "fractionalMaxPool2d x=" + condense::shape_str(in) + " ratio=[" + fmt(p.ratio_h) + ", " +
      fmt(p.ratio_w) + "] pseudo_random=" + (p.pseudo_random ? "1" : "0") +
      " overlapping=" + (p.overlapping ? "1" : "0") + " seed=" + std::to_string(p.seed) +
      " given rows=" + std::to_string(rows_given.size()) +
      " cols=" + std::to_string(cols_given.size());
  fuzz::trace(ctx);
  condense::FractionalPoolPlan plan;
  const Status st = condense::plan_fractional_max_pool2d("fuzzFractional", p, in, &plan);
  check_error(st, "fuzzFractional", ctx);
  if (!wild) {
    auto axis_ok = [](const std::vector<std::int32_t>& given, bool has, double ratio, i64 extent) {
      if (!has)
        return ratio >= 1.0 && !std::isinf(ratio) &&
               std::floor(static_cast<double>(extent) / ratio) >= 1.0;
      if (given.size() < 2 || given[0] < 0 || given.back() > extent) return false;
      for (std::size_t i = 1; i < given.size(); ++i) {
        if (given[i] <= given[i - 1]) return false;
      }
      return true;
    };
    const bool valid = axis_ok(rows_given, p.row_sequence != nullptr, p.ratio_h, in.h) &&
                       axis_ok(cols_given, p.col_sequence != nullptr, p.ratio_w, in.w);
    FUZZ_CHECK(st.ok() == valid, ctx + "\nplan: " + (st.ok() ? "ok" : st.message()) +
                                     ", expected " + (valid ? "ok" : "an error"));
  }
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall) return;
  const std::vector<float> x = data_for(rd, plan.in_elements, fuzz::Values::kAny);
  condense::Workspace ws;
  std::vector<std::int32_t> rs(static_cast<std::size_t>(plan.out.h) + 1),
      cs(static_cast<std::size_t>(plan.out.w) + 1);
  const std::vector<float> got =
      run_both(plan.out_elements, ctx, [&](const condense::KernelTable& t, float* o) {
        return condense::run_fractional_max_pool2d(t, plan, x.data(), o, rs.data(), cs.data(), ws);
      });
  auto check_seq = [&](const std::vector<std::int32_t>& s, i64 extent, bool given,
                       const char* name) {
    std::string seq;
    for (auto v : s) seq += std::to_string(v) + " ";
    const std::string where = ctx + "\n" + name + " sequence: " + seq;
    for (std::size_t i = 1; i < s.size(); ++i) FUZZ_CHECK(s[i] > s[i - 1], where);
    FUZZ_CHECK(s.front() >= 0 && s.back() <= extent, where);
    if (!given) {
      const i64 out = static_cast<i64>(s.size()) - 1, k = extent / out;
      FUZZ_CHECK(s.front() == 0 && s.back() == extent, where);
      for (std::size_t i = 1; i < s.size(); ++i) {
        FUZZ_CHECK(s[i] - s[i - 1] == k || s[i] - s[i - 1] == k + 1, where + ": gap not K or K+1");
      }
    }
  };
  check_seq(rs, in.h, p.row_sequence != nullptr, "row");
  check_seq(cs, in.w, p.col_sequence != nullptr, "col");
  const i64 extra = p.overlapping ? 1 : 0;
  for (i64 b = 0; b < in.n; ++b) {
    for (i64 oy = 0; oy < plan.out.h; ++oy) {
      const i64 y1 = std::min<i64>(rs[static_cast<std::size_t>(oy) + 1] + extra, in.h);
      for (i64 ox = 0; ox < plan.out.w; ++ox) {
        const i64 x1 = std::min<i64>(cs[static_cast<std::size_t>(ox) + 1] + extra, in.w);
        for (i64 c = 0; c < in.c; ++c) {
          std::vector<float> v;
          for (i64 y = rs[static_cast<std::size_t>(oy)]; y < y1; ++y) {
            for (i64 xx = cs[static_cast<std::size_t>(ox)]; xx < x1; ++xx) {
              v.push_back(x[at4(in, b, y, xx, c)]);
            }
          }
          const float g = got[at4(plan.out, b, oy, ox, c)];
          FUZZ_CHECK(
              !v.empty() && bits(g) == bits(extreme(v, true)),
              ctx + "\noutput " + std::to_string(at4(plan.out, b, oy, ox, c)) + " = " + fmt(g));
        }
      }
    }
  }
}

// ---- 3-D (and 1-D) pooling -------------------------------------------------------------------

void check_pool3d(fuzz::Reader& rd) {
  condense::Shape5 in;
  const bool wild = rd.byte() < 8;
  in.n = wild ? rd.wild() : rd.range(1, 2);
  in.d = wild ? rd.wild() : rd.range(1, 5);
  in.h = wild ? rd.wild() : rd.range(1, 5);
  in.w = wild ? rd.wild() : rd.range(1, 10);
  in.c = wild ? rd.wild() : rd.range(1, 6);
  condense::Pool3dParams p;
  p.pool = fuzz::decode_pool(rd);
  p.window_d = rd.size(1, 3, 8);
  p.stride_d = rd.size(1, 3, 8);
  p.dilation_d = rd.size(1, 2, 8);
  p.pad_front = rd.size(0, 2, 8);
  p.pad_back = rd.size(0, 2, 8);
  const bool is_max = p.pool.type == condense::PoolType::kMax;
  const std::string ctx = "pool3d x=[" + fmt(in.n) + ", " + fmt(in.d) + ", " + fmt(in.h) + ", " +
                          fmt(in.w) + ", " + fmt(in.c) + "] depth window=" + fmt(p.window_d) +
                          " stride=" + fmt(p.stride_d) + " dilation=" + fmt(p.dilation_d) +
                          " pads=[" + fmt(p.pad_front) + ", " + fmt(p.pad_back) + "] " +
                          fuzz::describe_pool(p.pool);
  fuzz::trace(ctx);
  condense::Pool3dPlan plan;
  if (fuzz::slow_pool_plan(p.pool, Shape4{1, in.h, in.w, 1}) ||
      fuzz::slow_axis(in.d, p.stride_d, p.dilation_d, p.pad_front, p.pad_back)) {
    return;
  }
  const Status st = condense::plan_pool3d("fuzzPool3d", p, in, &plan);
  check_error(st, "fuzzPool3d", ctx);
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall ||
      huge_window(p.pool.window) || huge_pads(plan.rows) ||
      (!kScratchSizedByData && p.window_d > (1 << 12))) {
    return;
  }
  const std::vector<float> x =
      data_for(rd, plan.in_elements, is_max ? fuzz::Values::kAny : fuzz::Values::kSummable);
  const fuzz::Placed input(x, rd.byte() % 4);
  condense::Workspace ws;
  const std::vector<float> got =
      run_both(plan.out_elements, ctx, [&](const condense::KernelTable& t, float* o) {
        return condense::run_pool3d(t, plan, input.data(), o, ws);
      });
  const condense::Shape5& o = plan.out;
  const AxisGeometry &gz = plan.z, &gy = plan.rows.y, &gx = plan.rows.x;
  for (i64 b = 0; b < o.n; ++b) {
    for (i64 oz = 0; oz < o.d; ++oz) {
      for (i64 oy = 0; oy < o.h; ++oy) {
        for (i64 ox = 0; ox < o.w; ++ox) {
          for (i64 c = 0; c < o.c; ++c) {
            std::vector<float> v;
            double sum = 0, mag = 0;
            for (i64 z : taps(gz, oz)) {
              for (i64 y : taps(gy, oy)) {
                for (i64 xx : taps(gx, ox)) {
                  const float f = x[static_cast<std::size_t>(
                      (((b * in.d + z) * in.h + y) * in.w + xx) * in.c + c)];
                  v.push_back(f);
                  sum += static_cast<double>(f);
                  mag += std::fabs(static_cast<double>(f));
                }
              }
            }
            const std::size_t at =
                static_cast<std::size_t>((((b * o.d + oz) * o.h + oy) * o.w + ox) * o.c + c);
            const float g = got[at];
            const std::string where = ctx + "\noutput " + std::to_string(at) + " = " + fmt(g);
            FUZZ_CHECK(!v.empty(), where + ": a window with no input cell was accepted");
            if (is_max) {
              const float m = extreme(v, true);
              const float want = is_nan(m)              ? m
                                 : m < p.pool.clamp.min ? p.pool.clamp.min
                                 : m > p.pool.clamp.max ? p.pool.clamp.max
                                                        : m;
              FUZZ_CHECK(bits(g) == bits(want), where + ", want " + fmt(want));
            } else {
              double divisor = static_cast<double>(v.size());
              if (p.pool.divisor_override > 0) {
                divisor = static_cast<double>(p.pool.divisor_override);
              } else if (p.pool.count_include_pad) {
                divisor = static_cast<double>(taps_in_padding(gz, oz) * taps_in_padding(gy, oy) *
                                              taps_in_padding(gx, ox));
              }
              double want = sum / divisor;
              if (want < static_cast<double>(p.pool.clamp.min))
                want = static_cast<double>(p.pool.clamp.min);
              if (want > static_cast<double>(p.pool.clamp.max))
                want = static_cast<double>(p.pool.clamp.max);
              const double tol =
                  1e-6 * static_cast<double>(v.size()) * mag / divisor + fuzz::kDenormSlack;
              const bool ok = want != want       ? is_nan(g)
                              : std::isinf(want) ? static_cast<double>(g) == want
                                                 : std::fabs(static_cast<double>(g) - want) <= tol;
              FUZZ_CHECK(ok, where + ", want " + fmt(want));
            }
          }
        }
      }
    }
  }
}

// ---- gradients -----------------------------------------------------------------------------

void check_pool_grad(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 6, 10, 9, &wild);
  const condense::Pool2dParams p = fuzz::decode_pool(rd);
  const bool is_max = p.type == condense::PoolType::kMax;
  const std::string ctx = std::string(is_max ? "maxPool2dGrad" : "avgPool2dGrad") +
                          " x=" + condense::shape_str(in) + " " + fuzz::describe_pool(p);
  fuzz::trace(ctx);
  condense::Pool2dPlan plan;
  if (fuzz::slow_pool_plan(p, in)) return;
  const Status st = condense::plan_pool2d("fuzzGrad", p, in, &plan);
  check_error(st, "fuzzGrad", ctx);
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall || huge_window(p.window))
    return;
  const std::vector<float> x = data_for(rd, plan.in_elements, fuzz::Values::kAny);
  const std::vector<float> dy = data_for(rd, plan.out_elements, fuzz::Values::kSummable);
  condense::Workspace ws;
  const std::vector<float> got =
      run_both(plan.in_elements, ctx, [&](const condense::KernelTable& t, float* o) {
        return is_max ? condense::run_max_pool2d_grad(t, plan, x.data(), dy.data(), o, ws)
                      : condense::run_avg_pool2d_grad(t, plan, dy.data(), o, ws);
      });
  // The contracts' order: output pixels in order; max: dy to the first maximum (first NaN);
  // avg: g = dy / divisor added to each in-bounds cell in row-major window order.
  std::vector<float> want(plan.in_elements, 0.0f);
  for (i64 b = 0; b < plan.out.n; ++b) {
    for (i64 oy = 0; oy < plan.out.h; ++oy) {
      for (i64 ox = 0; ox < plan.out.w; ++ox) {
        const std::vector<i64> ty = taps(plan.y, oy), tx = taps(plan.x, ox);
        for (i64 c = 0; c < plan.out.c; ++c) {
          const float d = dy[at4(plan.out, b, oy, ox, c)];
          if (is_max) {
            std::size_t best = at4(in, b, ty[0], tx[0], c);
            bool nan_seen = is_nan(x[best]);
            for (i64 y : ty) {
              for (i64 xx : tx) {
                const std::size_t cell = at4(in, b, y, xx, c);
                if (nan_seen) break;
                if (is_nan(x[cell])) {
                  best = cell, nan_seen = true;
                } else if (x[cell] > x[best]) {
                  best = cell;
                }
              }
            }
            want[best] += d;
          } else {
            const float divisor =
                p.divisor_override > 0 ? static_cast<float>(p.divisor_override)
                : p.count_include_pad
                    ? static_cast<float>(taps_in_padding(plan.y, oy) * taps_in_padding(plan.x, ox))
                    : static_cast<float>(ty.size() * tx.size());
            const float g = d / divisor;
            for (i64 y : ty) {
              for (i64 xx : tx) want[at4(in, b, y, xx, c)] += g;
            }
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    FUZZ_CHECK(bits(got[i]) == bits(want[i]) || (is_nan(got[i]) && is_nan(want[i])),
               ctx + "\ndx[" + std::to_string(i) + "] = " + fmt(got[i]) + ", want " + fmt(want[i]));
  }
}

void check_relu_grad(fuzz::Reader& rd) {
  const std::size_t n = static_cast<std::size_t>(rd.range(0, 70));
  const std::vector<float> x = data_for(rd, n, fuzz::Values::kAny);
  const std::vector<float> dy = data_for(rd, n, fuzz::Values::kAny);
  const std::string ctx = "reluGrad n=" + std::to_string(n);
  fuzz::trace(ctx);
  const std::vector<float> got = run_both(n, ctx, [&](const condense::KernelTable& t, float* o) {
    return condense::run_relu_grad(t, n, dy.data(), x.data(), o);
  });
  for (std::size_t i = 0; i < n; ++i) {
    const float want = x[i] > 0 ? dy[i] : 0.0f;
    FUZZ_CHECK(bits(got[i]) == bits(want), ctx + "\ndx[" + std::to_string(i) +
                                               "] = " + fmt(got[i]) + " for x " + fmt(x[i]) +
                                               ", dy " + fmt(dy[i]));
  }
}

void check_conv_grad(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 6, 9, 6, &wild);
  const fuzz::ConvRequest req = fuzz::decode_conv(rd, in, false);
  const bool filter_grad = rd.flag();
  const std::string ctx = std::string(filter_grad ? "conv2dGradFilter" : "conv2dGradInput") +
                          " x=" + condense::shape_str(in) + " " + fuzz::describe_conv(req, false);
  fuzz::trace(ctx);
  condense::Conv2dPlan plan;
  const Status st = condense::plan_conv2d("fuzzConvGrad", req.params, false, in, req.filter, &plan);
  check_error(st, "fuzzConvGrad", ctx);
  if (!st.ok() || plan.in_elements > kSmall || plan.out_elements > kSmall ||
      plan.filter_elements > kSmall) {
    return;
  }
  const std::vector<float> x = data_for(rd, plan.in_elements, fuzz::Values::kSummable);
  const std::vector<float> w = data_for(rd, plan.filter_elements, fuzz::Values::kSummable);
  const std::vector<float> dy = data_for(rd, plan.out_elements, fuzz::Values::kSummable);
  condense::Workspace ws;
  const std::size_t n = filter_grad ? plan.filter_elements : plan.in_elements;
  const std::vector<float> got = run_both(n, ctx, [&](const condense::KernelTable& t, float* o) {
    return filter_grad ? condense::run_conv2d_grad_filter(t, plan, x.data(), dy.data(), o, ws)
                       : condense::run_conv2d_grad_input(t, plan, dy.data(), w.data(), o, ws);
  });
  const i64 ci_n = in.c, co_n = plan.out.c, kw = req.filter.kernel_w;
  std::vector<float> want(n, 0.0f);
  for (i64 b = 0; b < plan.out.n; ++b) {
    for (i64 oy = 0; oy < plan.out.h; ++oy) {
      for (i64 ox = 0; ox < plan.out.w; ++ox) {
        const float* d = &dy[at4(plan.out, b, oy, ox, 0)];
        for (i64 ky = 0; ky < plan.y.window; ++ky) {
          const i64 iy = plan.y.start(oy) + ky * plan.y.dilation;
          if (iy < 0 || iy >= in.h) continue;
          for (i64 kx = 0; kx < plan.x.window; ++kx) {
            const i64 ix = plan.x.start(ox) + kx * plan.x.dilation;
            if (ix < 0 || ix >= in.w) continue;
            const std::size_t tap = static_cast<std::size_t>((ky * kw + kx) * ci_n * co_n);
            for (i64 ci = 0; ci < ci_n; ++ci) {
              if (filter_grad) {
                const float xv = x[at4(in, b, iy, ix, ci)];
                for (i64 co = 0; co < co_n; ++co) {
                  want[tap + static_cast<std::size_t>(ci * co_n + co)] += xv * d[co];
                }
              } else {
                float s = 0.0f;
                for (i64 co = 0; co < co_n; ++co) {
                  s += w[tap + static_cast<std::size_t>(ci * co_n + co)] * d[co];
                }
                want[at4(in, b, iy, ix, ci)] += s;
              }
            }
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(
        bits(got[i]) == bits(want[i]) || (is_nan(got[i]) && is_nan(want[i])),
        ctx + "\nelement " + std::to_string(i) + " = " + fmt(got[i]) + ", want " + fmt(want[i]));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  switch (rd.byte() % 9) {
    case 0:
      check_argmax(rd);
      break;
    case 1:
      check_adaptive(rd);
      break;
    case 2:
      check_window_pool(rd);
      break;
    case 3:
      check_fractional(rd);
      break;
    case 4:
      check_pool3d(rd);
      break;
    case 5:
      check_pool_grad(rd);
      break;
    case 6:
      check_relu_grad(rd);
      break;
    default:
      check_conv_grad(rd);
      break;
  }
  return 0;
}
