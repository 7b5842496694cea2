// conv-grad: run_conv2d_grad_input / run_conv2d_grad_filter against central finite differences
// of a double-precision forward conv, both kernel tables, scalar == SIMD bit for bit; against
// the naive sums from the definition, bit for bit, across the GEMM path's pixel chunks and with
// infinite or NaN dy next to padded taps; the one-channel filter gradient bit for bit.
#include "ops/conv-grad.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/family-helpers.h"
#include "ops/family-reference.h"

namespace {

using condense::Shape4;
using famref::i64;
using famtest::check_grad;
using famtest::random_floats;
using famtest::to_double;

// A conv2d plan with explicit pads [top, bottom, left, right].
condense::Conv2dPlan explicit_plan(Shape4 in, condense::FilterShape f, i64 sh, i64 sw, i64 dh,
                                   i64 dw, i64 pt, i64 pb, i64 pl, i64 pr) {
  condense::Conv2dParams params;
  params.stride_h = sh;
  params.stride_w = sw;
  params.dilation_h = dh;
  params.dilation_w = dw;
  params.padding = condense::PaddingMode::kExplicit;
  params.pad_top = pt;
  params.pad_bottom = pb;
  params.pad_left = pl;
  params.pad_right = pr;
  condense::Conv2dPlan plan;
  REQUIRE(condense::plan_conv2d("test", params, false, in, f, &plan).ok());
  return plan;
}

}  // namespace

TEST_CASE("conv-grad: conv2d input / filter gradients vs finite differences", "[conv-grad]") {
  std::mt19937 rng(8001);
  condense::Workspace ws;
  struct ConvCase {
    Shape4 in;
    condense::FilterShape f;
    i64 sh, sw, dh, dw, pt, pb, pl, pr;
  };
  const ConvCase conv_cases[] = {
      {{1, 5, 5, 1}, {3, 3, 1, 1}, 1, 1, 1, 1, 1, 1, 1, 1},
      {{2, 6, 7, 3}, {3, 3, 3, 5}, 2, 2, 1, 1, 1, 1, 1, 1},
      {{1, 7, 6, 9}, {2, 3, 9, 4}, 1, 2, 2, 1, 0, 2, 1, 0},
      {{1, 4, 4, 8}, {1, 1, 8, 8}, 1, 1, 1, 1, 0, 0, 0, 0},
  };
  for (const ConvCase& k : conv_cases) {
    CAPTURE(condense::shape_str(k.in), k.f.kernel_h, k.f.kernel_w, k.f.out_c, k.sh, k.dh);
    const condense::Conv2dPlan plan =
        explicit_plan(k.in, k.f, k.sh, k.sw, k.dh, k.dw, k.pt, k.pb, k.pl, k.pr);
    const std::vector<float> x = random_floats(rng, plan.in_elements);
    const std::vector<float> w = random_floats(rng, plan.filter_elements);
    const std::vector<float> dy = random_floats(rng, plan.out_elements);
    const famref::Axis ay{plan.out.h, k.pt, k.pb}, ax{plan.out.w, k.pl, k.pr};
    auto forward_x = [&](const std::vector<double>& xv) {
      return famref::conv2d(xv, k.in.n, k.in.h, k.in.w, k.in.c, to_double(w), k.f.kernel_h,
                            k.f.kernel_w, k.f.out_c, k.sh, k.sw, k.dh, k.dw, ay, ax);
    };
    auto forward_w = [&](const std::vector<double>& wv) {
      return famref::conv2d(to_double(x), k.in.n, k.in.h, k.in.w, k.in.c, wv, k.f.kernel_h,
                            k.f.kernel_w, k.f.out_c, k.sh, k.sw, k.dh, k.dw, ay, ax);
    };
    const std::vector<double> fd_x =
        famref::finite_difference(forward_x, to_double(x), to_double(dy), 1e-3);
    const std::vector<double> fd_w =
        famref::finite_difference(forward_w, to_double(w), to_double(dy), 1e-3);
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> dx(plan.in_elements), dwt(plan.filter_elements);
      REQUIRE(
          condense::run_conv2d_grad_input(*table, plan, dy.data(), w.data(), dx.data(), ws).ok());
      REQUIRE(
          condense::run_conv2d_grad_filter(*table, plan, x.data(), dy.data(), dwt.data(), ws).ok());
      check_grad("conv2d dx", dx, fd_x);
      check_grad("conv2d dw", dwt, fd_w);
      dx.insert(dx.end(), dwt.begin(), dwt.end());
      results.push_back(dx);
    }
    if (results.size() == 2)
      CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
  }
}

namespace {

// The naive gradients from the definition, with groups: every output pixel in NHWC order, its
// in-bounds taps in order, each term dy * x (filter) or dy * w (input) added to a float running
// sum (`seq`, the order the per-pixel path keeps) and to a double sum with its magnitude (`sum`,
// `mag`, `terms`, for the summation bound of a reordered float sum).
struct NaiveGrad {
  std::vector<float> seq;
  std::vector<double> sum, mag, terms;
};

NaiveGrad naive_grad(const condense::Conv2dPlan& plan, const std::vector<float>& x,
                     const std::vector<float>& w, const std::vector<float>& dy, bool filter_grad) {
  const std::size_t n = filter_grad ? plan.filter_elements : plan.in_elements;
  NaiveGrad r{std::vector<float>(n, 0.0f), std::vector<double>(n, 0.0), std::vector<double>(n, 0.0),
              std::vector<double>(n, 0.0)};
  const Shape4& in = plan.in;
  const Shape4& o = plan.out;
  const i64 groups = plan.params.groups, cig = plan.filter.in_c, co_n = plan.filter.out_c;
  const i64 cog = co_n / groups, kw = plan.filter.kernel_w;
  auto at4 = [](const Shape4& s, i64 b, i64 y, i64 xx, i64 c) {
    return static_cast<std::size_t>(((b * s.h + y) * s.w + xx) * s.c + c);
  };
  for (i64 b = 0; b < o.n; ++b) {
    for (i64 oy = 0; oy < o.h; ++oy) {
      for (i64 ox = 0; ox < o.w; ++ox) {
        for (i64 ky = 0; ky < plan.y.window; ++ky) {
          const i64 iy = plan.y.start(oy) + ky * plan.y.dilation;
          if (iy < 0 || iy >= in.h) continue;
          for (i64 kx = 0; kx < plan.x.window; ++kx) {
            const i64 ix = plan.x.start(ox) + kx * plan.x.dilation;
            if (ix < 0 || ix >= in.w) continue;
            for (i64 g = 0; g < groups; ++g) {
              for (i64 i = 0; i < cig; ++i) {
                const std::size_t xi = at4(in, b, iy, ix, g * cig + i);
                float s = 0.0f;  // the input gradient: one sum over the group's outputs first
                for (i64 co = g * cog; co < (g + 1) * cog; ++co) {
                  const float d = dy[at4(o, b, oy, ox, co)];
                  const std::size_t wi =
                      static_cast<std::size_t>(((ky * kw + kx) * cig + i) * co_n + co);
                  const std::size_t at = filter_grad ? wi : xi;
                  const float other = filter_grad ? x[xi] : w[wi];
                  if (filter_grad) {
                    r.seq[at] = r.seq[at] + other * d;
                  } else {
                    s = s + other * d;
                  }
                  const double term = static_cast<double>(d) * static_cast<double>(other);
                  r.sum[at] += term;
                  r.mag[at] += std::fabs(term);
                  r.terms[at] += 1;
                }
                if (!filter_grad) r.seq[xi] = r.seq[xi] + s;
              }
            }
          }
        }
      }
    }
  }
  return r;
}

condense::Conv2dPlan grad_plan(Shape4 in, condense::FilterShape f, i64 groups,
                               condense::PaddingMode padding) {
  condense::Conv2dParams params;
  params.stride_h = params.stride_w = 1;
  params.groups = groups;
  params.padding = padding;
  condense::Conv2dPlan plan;
  REQUIRE(condense::plan_conv2d("test", params, false, in, f, &plan).ok());
  return plan;
}

}  // namespace

TEST_CASE("conv-grad: more output pixels than one GEMM chunk (2048), 2 groups of 2 channels",
          "[conv-grad][groups]") {
  const std::uint32_t seed = 8002;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  condense::Workspace ws;
  // 2 x 37 x 33 = 2442 output pixels: a full chunk and a partial one, for both gradients.
  const condense::Conv2dPlan plan =
      grad_plan({2, 37, 33, 4}, {3, 3, 2, 6}, 2, condense::PaddingMode::kSame);
  REQUIRE(plan.out_elements / 6 > 2048);
  const std::vector<float> x = random_floats(rng, plan.in_elements);
  const std::vector<float> w = random_floats(rng, plan.filter_elements);
  const std::vector<float> dy = random_floats(rng, plan.out_elements);
  for (const bool filter_grad : {false, true}) {
    CAPTURE(filter_grad);
    const NaiveGrad want = naive_grad(plan, x, w, dy, filter_grad);
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> got(want.seq.size());
      REQUIRE(
          (filter_grad
               ? condense::run_conv2d_grad_filter(*table, plan, x.data(), dy.data(), got.data(), ws)
               : condense::run_conv2d_grad_input(*table, plan, dy.data(), w.data(), got.data(), ws))
              .ok());
      // Within the summation bound of the double sums, and bit for bit the naive float sums
      // (the chunks continue each other's running sums).
      std::size_t bad = 0;
      for (std::size_t i = 0; i < got.size(); ++i) {
        const double tol = want.mag[i] * (want.terms[i] + 2) * 0x1p-24;
        if (!(std::fabs(static_cast<double>(got[i]) - want.sum[i]) <= tol)) {
          if (bad++ < 3) INFO("[" << i << "] = " << got[i] << ", reference " << want.sum[i]);
        }
      }
      CHECK(bad == 0);
      CHECK_SAME_BITS(want.seq.data(), got.data(), got.size());
      results.push_back(got);
    }
    if (results.size() == 2)
      CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
  }
}

TEST_CASE("conv-grad: padded taps contribute nothing when dy holds infinities or NaN",
          "[conv-grad][nan]") {
  const std::uint32_t seed = 8003;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  condense::Workspace ws;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  struct NanCase {
    Shape4 in;
    condense::FilterShape f;
    i64 groups;
    condense::PaddingMode padding;
  };
  const NanCase cases[] = {
      // A 1-row image whose taps above and below land in the padding.
      {{1, 1, 6, 4}, {4, 2, 4, 10}, 1, condense::PaddingMode::kSameLower},
      {{1, 5, 6, 4}, {3, 3, 2, 4}, 2, condense::PaddingMode::kSame},
      {{2, 4, 3, 3}, {3, 2, 3, 5}, 1, condense::PaddingMode::kSame},
  };
  for (const NanCase& k : cases) {
    CAPTURE(condense::shape_str(k.in), k.f.kernel_h, k.f.kernel_w, k.f.out_c, k.groups);
    const condense::Conv2dPlan plan = grad_plan(k.in, k.f, k.groups, k.padding);
    const std::vector<float> x = random_floats(rng, plan.in_elements);
    const std::vector<float> w = random_floats(rng, plan.filter_elements);
    for (const float special : {inf, -inf, nan}) {
      CAPTURE(special);
      std::vector<float> dy = random_floats(rng, plan.out_elements);
      // The first output pixel (its window overhangs the padding) and one more value.
      dy[0] = special;
      dy[dy.size() / 2 + 1] = special;
      for (const bool filter_grad : {false, true}) {
        CAPTURE(filter_grad);
        const NaiveGrad want = naive_grad(plan, x, w, dy, filter_grad);
        for (const condense::KernelTable* table : test::tables()) {
          CAPTURE(table->isa);
          std::vector<float> got(want.seq.size());
          REQUIRE((filter_grad ? condense::run_conv2d_grad_filter(*table, plan, x.data(), dy.data(),
                                                                  got.data(), ws)
                               : condense::run_conv2d_grad_input(*table, plan, dy.data(), w.data(),
                                                                 got.data(), ws))
                      .ok());
          std::size_t finite = 0;
          for (float v : want.seq) finite += std::isfinite(v) ? 1 : 0;
          CHECK(finite > 0);  // some gradients see no special value
          if (filter_grad || k.groups != 1) {
            CHECK_SAME_BITS_OR_BOTH_NAN(want.seq.data(), got.data(), got.size());
            continue;
          }
          // The ungrouped stride-1 input gradient runs as a forward conv (another summation
          // order): the same specials, finite values within the double sums' bound.
          std::size_t bad = 0;
          for (std::size_t i = 0; i < got.size(); ++i) {
            const float s = want.seq[i];
            const bool ok = std::isfinite(s)
                                ? std::fabs(static_cast<double>(got[i]) - want.sum[i]) <=
                                      want.mag[i] * (want.terms[i] + 2) * 0x1p-24
                                : (std::isnan(s) ? std::isnan(got[i]) : got[i] == s);
            if (!ok && bad++ < 3) INFO("[" << i << "] = " << got[i] << ", sequential " << s);
          }
          CHECK(bad == 0);
        }
      }
    }
  }
}

TEST_CASE("conv-grad: one input channel, sums in registers: the naive running sums bit for bit",
          "[conv-grad][c1]") {
  const std::uint32_t seed = 8004;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  condense::Workspace ws;
  const float inf = std::numeric_limits<float>::infinity();
  struct C1Case {
    Shape4 in;
    i64 kh, kw, out_c, sh, sw, dh, dw, pt, pb, pl, pr;
  };
  const C1Case cases[] = {
      {{3, 28, 28, 1}, 3, 3, 32, 1, 1, 1, 1, 1, 1, 1, 1},  // the notebook's first layer
      {{2, 9, 11, 1}, 3, 3, 5, 2, 2, 1, 1, 0, 1, 1, 0},
      {{1, 13, 10, 1}, 5, 5, 33, 1, 2, 2, 1, 3, 2, 0, 4},
      {{2, 7, 8, 1}, 2, 4, 3, 1, 1, 1, 2, 0, 0, 0, 0},
      {{1, 6, 6, 1}, 7, 7, 4, 1, 1, 1, 1, 3, 3, 3, 3},
      {{1, 1, 1, 1}, 3, 3, 9, 1, 1, 1, 1, 1, 1, 1, 1},
  };
  for (const C1Case& k : cases) {
    CAPTURE(condense::shape_str(k.in), k.kh, k.kw, k.out_c, k.sh, k.sw, k.dh, k.dw);
    const condense::Conv2dPlan plan = explicit_plan(k.in, {k.kh, k.kw, 1, k.out_c}, k.sh, k.sw,
                                                    k.dh, k.dw, k.pt, k.pb, k.pl, k.pr);
    std::vector<float> x = random_floats(rng, plan.in_elements);
    x[x.size() / 3] = inf;  // an infinite input value reaches every tap that reads it
    x[x.size() / 2] = -0.0f;
    const std::vector<float> w = random_floats(rng, plan.filter_elements);
    for (const bool special_dy : {false, true}) {
      CAPTURE(special_dy);
      std::vector<float> dy = random_floats(rng, plan.out_elements);
      dy[1 % dy.size()] = 0.0f;
      if (special_dy) dy[0] = -inf;  // with padded taps: the per-pixel path serves it
      const NaiveGrad want = naive_grad(plan, x, w, dy, true);
      std::vector<std::vector<float>> results;
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        std::vector<float> got(want.seq.size(), 7.0f);
        REQUIRE(condense::run_conv2d_grad_filter(*table, plan, x.data(), dy.data(), got.data(), ws)
                    .ok());
        CHECK_SAME_BITS_OR_BOTH_NAN(want.seq.data(), got.data(), got.size());
        results.push_back(got);
      }
      if (results.size() == 2)
        CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), results[0].size());
    }
  }
}
