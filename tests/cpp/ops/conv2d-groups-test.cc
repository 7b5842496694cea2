// conv2d groups and padding modes (PyTorch's padding_mode) through plan_conv2d + run_conv2d, and
// the grouped / depthwise gradients through run_conv2d_grad_input / _filter: against the naive
// double reference (tests/cpp/reference/conv-groups.h) and finite differences of it, both kernel
// tables, scalar == SIMD bit for bit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "helpers.h"
#include "ops/conv-grad.h"
#include "ops/conv-pool2d.h"
#include "ops/conv2d.h"
#include "ops/family-helpers.h"
#include "ops/family-reference.h"
#include "reference/conv-groups.h"

namespace {

using famtest::check_grad;
using famtest::random_floats;
using famtest::to_double;
using gref::Fill;
using gref::i64;

condense::PadFill pad_fill(Fill f) {
  switch (f) {
    case Fill::kReflect:
      return condense::PadFill::kReflect;
    case Fill::kReplicate:
      return condense::PadFill::kReplicate;
    case Fill::kCircular:
      return condense::PadFill::kCircular;
    default:
      return condense::PadFill::kZeros;
  }
}

condense::Conv2dParams params_of(const gref::GroupedConv& g, bool bias, float lo, float hi) {
  condense::Conv2dParams p;
  p.stride_h = g.sh;
  p.stride_w = g.sw;
  p.dilation_h = g.dh;
  p.dilation_w = g.dw;
  p.padding = condense::PaddingMode::kExplicit;
  p.pad_top = g.pt;
  p.pad_bottom = g.pb;
  p.pad_left = g.pl;
  p.pad_right = g.pr;
  p.has_bias = bias;
  p.clamp = condense::Clamp{lo, hi};
  p.groups = g.groups;
  p.pad_fill = pad_fill(g.fill);
  return p;
}

condense::Shape4 in_shape(const gref::GroupedConv& g) { return {g.n, g.h, g.w, g.c}; }
condense::FilterShape filter_shape(const gref::GroupedConv& g) {
  return {g.kh, g.kw, g.c / g.groups, g.out_c};
}

// Runs the op on every table; checks the reference (clamped) and scalar == SIMD.
void check_forward(const gref::GroupedConv& g, const std::vector<float>& x,
                   const std::vector<float>& f, const std::vector<float>* bias, float lo,
                   float hi) {
  condense::Conv2dPlan plan;
  const condense::Status st = condense::plan_conv2d("conv2d", params_of(g, bias != nullptr, lo, hi),
                                                    false, in_shape(g), filter_shape(g), &plan);
  INFO(st.message());
  REQUIRE(st.ok());
  REQUIRE(plan.out.h == g.out_h());
  REQUIRE(plan.out.w == g.out_w());
  std::vector<double> bd;
  if (bias != nullptr) bd = to_double(*bias);
  const gref::ConvResult want =
      gref::grouped_conv(g, to_double(x), to_double(f), bias != nullptr ? &bd : nullptr);
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> out(plan.out_elements);
    condense::Workspace ws;
    REQUIRE(condense::run_conv2d(*table, plan, x.data(), f.data(),
                                 bias != nullptr ? bias->data() : nullptr, out.data(), ws)
                .ok());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const double v =
          std::fmin(std::fmax(want.y[i], static_cast<double>(lo)), static_cast<double>(hi));
      const double tol = 1e-6 * static_cast<double>(want.terms[i]) * want.magnitude[i];
      if (!(std::fabs(static_cast<double>(out[i]) - v) <= tol)) {
        FAIL_CHECK("output " << i << " = " << out[i] << ", reference " << v);
        break;
      }
    }
    results.push_back(out);
  }
  if (results.size() == 2) {
    CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
  }
}

std::vector<float> run_once(const gref::GroupedConv& g, const std::vector<float>& x,
                            const std::vector<float>& f) {
  condense::Conv2dPlan plan;
  REQUIRE(condense::plan_conv2d("conv2d", params_of(g, false, -condense::kInf, condense::kInf),
                                false, in_shape(g), filter_shape(g), &plan)
              .ok());
  std::vector<float> out(plan.out_elements);
  condense::Workspace ws;
  REQUIRE(
      condense::run_conv2d(*test::tables()[0], plan, x.data(), f.data(), nullptr, out.data(), ws)
          .ok());
  return out;
}

}  // namespace

TEST_CASE("conv2d-groups: PyTorch's padding modes on [1, 2, 3] padded by 2 (1x1 identity filter)",
          "[conv2d][groups][pad-mode]") {
  gref::GroupedConv g;
  g.w = 3;
  g.pl = g.pr = 2;
  const std::vector<float> x = {1, 2, 3}, f = {1};
  g.fill = Fill::kReflect;  // F.pad([1, 2, 3], (2, 2), 'reflect')
  CHECK(run_once(g, x, f) == std::vector<float>{3, 2, 1, 2, 3, 2, 1});
  g.fill = Fill::kReplicate;
  CHECK(run_once(g, x, f) == std::vector<float>{1, 1, 1, 2, 3, 3, 3});
  g.fill = Fill::kCircular;
  CHECK(run_once(g, x, f) == std::vector<float>{2, 3, 1, 2, 3, 1, 2});
  g.fill = Fill::kZeros;
  CHECK(run_once(g, x, f) == std::vector<float>{0, 0, 1, 2, 3, 0, 0});
  g.pl = g.pr = 3;  // circular allows pad == size
  g.fill = Fill::kCircular;
  CHECK(run_once(g, x, f) == std::vector<float>{1, 2, 3, 1, 2, 3, 1, 2, 3});
}

TEST_CASE("conv2d-groups: groups = 2 on 4 channels (ONNX Conv group = 2)", "[conv2d][groups]") {
  gref::GroupedConv g;
  g.c = 4;
  g.out_c = 2;
  g.groups = 2;
  // group 0: channels 0, 1 -> output 0; group 1: channels 2, 3 -> output 1.
  CHECK(run_once(g, {1, 2, 3, 4}, {1, 10, 100, 1000}) == std::vector<float>{201, 4030});
}

TEST_CASE("conv2d-groups: random grouped convs and padding modes vs the reference",
          "[conv2d][groups][pad-mode]") {
  std::mt19937 rng(4242);
  for (int it = 0; it < 120; ++it) {
    gref::GroupedConv g;
    const i64 groups = test::pick_of<i64>(rng, {1, 2, 3, 4});
    const i64 cg = test::pick_of<i64>(rng, {1, 1, 2, 3, 5});
    g.groups = groups;
    g.c = groups * cg;
    g.out_c = groups * test::pick_of<i64>(rng, {1, 2, 3, 4, 9});
    g.n = test::pick(rng, 1, 2);
    g.h = test::pick(rng, 2, 8);
    g.w = test::pick(rng, 2, 11);
    g.kh = test::pick(rng, 1, 3);
    g.kw = test::pick(rng, 1, 3);
    g.sh = test::pick(rng, 1, 2);
    g.sw = test::pick(rng, 1, 3);
    g.dh = test::pick(rng, 1, 2);
    g.dw = test::pick(rng, 1, 2);
    g.fill =
        test::pick_of<Fill>(rng, {Fill::kZeros, Fill::kReflect, Fill::kReplicate, Fill::kCircular});
    const i64 max_h = g.fill == Fill::kReflect ? g.h - 1 : std::min<i64>(g.h, 3);
    const i64 max_w = g.fill == Fill::kReflect ? g.w - 1 : std::min<i64>(g.w, 3);
    g.pt = test::pick(rng, 0, std::min<i64>(max_h, 3));
    g.pb = test::pick(rng, 0, std::min<i64>(max_h, 3));
    g.pl = test::pick(rng, 0, std::min<i64>(max_w, 3));
    g.pr = test::pick(rng, 0, std::min<i64>(max_w, 3));
    if (g.out_h() < 1 || g.out_w() < 1 || g.h + g.pt + g.pb < (g.kh - 1) * g.dh + 1 ||
        g.w + g.pl + g.pr < (g.kw - 1) * g.dw + 1) {
      continue;
    }
    CAPTURE(it, g.n, g.h, g.w, g.c, g.kh, g.kw, g.out_c, g.groups, g.sh, g.sw, g.dh, g.dw, g.pt,
            g.pb, g.pl, g.pr, static_cast<int>(g.fill));
    const std::vector<float> x =
        random_floats(rng, static_cast<std::size_t>(g.n * g.h * g.w * g.c));
    const std::vector<float> f =
        random_floats(rng, static_cast<std::size_t>(g.kh * g.kw * cg * g.out_c));
    const std::vector<float> bias = random_floats(rng, static_cast<std::size_t>(g.out_c));
    const bool with_bias = test::pick(rng, 0, 1) == 1;
    const float lo = test::pick(rng, 0, 2) == 0 ? 0.0f : -condense::kInf;
    check_forward(g, x, f, with_bias ? &bias : nullptr, lo, condense::kInf);
  }
}

TEST_CASE("conv2d-groups: depthwise (groups = channels) equals depthwiseConv2d bit for bit",
          "[conv2d][groups]") {
  std::mt19937 rng(77);
  condense::Conv2dParams p;
  p.padding = condense::PaddingMode::kSame;
  p.pad_fill = condense::PadFill::kReflect;
  const condense::Shape4 in{2, 6, 7, 5};
  const std::vector<float> x = random_floats(rng, 2 * 6 * 7 * 5);
  const std::vector<float> f = random_floats(rng, 3 * 3 * 5 * 2);
  for (const condense::KernelTable* table : test::tables()) {
    condense::Conv2dPlan dw, grouped;
    REQUIRE(condense::plan_conv2d("depthwiseConv2d", p, true, in, {3, 3, 5, 2}, &dw).ok());
    condense::Conv2dParams pg = p;
    pg.groups = 5;
    REQUIRE(condense::plan_conv2d("conv2d", pg, false, in, {3, 3, 1, 10}, &grouped).ok());
    std::vector<float> a(dw.out_elements), b(grouped.out_elements);
    condense::Workspace ws;
    REQUIRE(condense::run_conv2d(*table, dw, x.data(), f.data(), nullptr, a.data(), ws).ok());
    REQUIRE(condense::run_conv2d(*table, grouped, x.data(), f.data(), nullptr, b.data(), ws).ok());
    CHECK_SAME_BITS(a.data(), b.data(), a.size());
  }
}

TEST_CASE("conv2d-groups: convPool2d with padMode pools the padded-mode conv",
          "[conv2d][pad-mode][conv-pool2d]") {
  std::mt19937 rng(91);
  condense::Conv2dParams conv;
  conv.padding = condense::PaddingMode::kSame;
  conv.pad_fill = condense::PadFill::kCircular;
  condense::Pool2dParams pool;
  const condense::Shape4 in{1, 6, 6, 2};
  const std::vector<float> x = random_floats(rng, 72);
  const std::vector<float> f = random_floats(rng, 3 * 3 * 2 * 3);
  for (const condense::KernelTable* table : test::tables()) {
    condense::Conv2dPlan cp;
    REQUIRE(condense::plan_conv2d("conv2d", conv, false, in, {3, 3, 2, 3}, &cp).ok());
    std::vector<float> y(cp.out_elements);
    condense::Workspace ws;
    REQUIRE(condense::run_conv2d(*table, cp, x.data(), f.data(), nullptr, y.data(), ws).ok());
    condense::ConvPoolPlan pp;
    REQUIRE(condense::plan_conv_pool2d("convPool2d", conv, pool, in, {3, 3, 2, 3}, &pp).ok());
    std::vector<float> got(pp.pool.out_elements);
    REQUIRE(
        condense::run_conv_pool2d(*table, pp, x.data(), f.data(), nullptr, got.data(), ws).ok());
    // 2x2 max pool of the 6x6x3 conv output.
    for (i64 oy = 0; oy < 3; ++oy)
      for (i64 ox = 0; ox < 3; ++ox)
        for (i64 c = 0; c < 3; ++c) {
          float m = -condense::kInf;
          for (i64 dy = 0; dy < 2; ++dy)
            for (i64 dx = 0; dx < 2; ++dx)
              m = std::fmax(m,
                            y[static_cast<std::size_t>(((2 * oy + dy) * 6 + 2 * ox + dx) * 3 + c)]);
          CHECK(got[static_cast<std::size_t>((oy * 3 + ox) * 3 + c)] == m);
        }
  }
}

TEST_CASE("conv2d-groups: invalid groups and padding modes are RangeErrors naming the parameter",
          "[conv2d][groups][pad-mode][errors]") {
  auto message = [](condense::Conv2dParams p, condense::Shape4 in, condense::FilterShape f) {
    condense::Conv2dPlan plan;
    const condense::Status s = condense::plan_conv2d("conv2d", p, false, in, f, &plan);
    REQUIRE_FALSE(s.ok());
    return s.message();
  };
  condense::Conv2dParams p;
  p.groups = 3;
  CHECK_THAT(message(p, {1, 4, 4, 4}, {1, 1, 2, 3}),
             Catch::StartsWith("conv2d: groups (3) must divide the input channels (4)"));
  p.groups = 2;
  CHECK_THAT(message(p, {1, 4, 4, 4}, {1, 1, 2, 3}),
             Catch::Contains("groups (2) must divide") && Catch::Contains("output channels (3)"));
  CHECK_THAT(message(p, {1, 4, 4, 4}, {1, 1, 4, 2}),
             Catch::StartsWith("conv2d: filter shape[2] (4 input channels) must equal the input's "
                               "channels / groups (4 / 2)"));
  p.groups = 0;
  CHECK_THAT(message(p, {1, 4, 4, 4}, {1, 1, 4, 2}), Catch::StartsWith("conv2d: groups (0)"));
  condense::Conv2dParams r;
  r.padding = condense::PaddingMode::kExplicit;
  r.pad_left = 3;
  r.pad_fill = condense::PadFill::kReflect;
  CHECK_THAT(message(r, {1, 4, 3, 1}, {1, 1, 1, 1}),
             Catch::StartsWith("conv2d: padding (3) must be smaller than the input width (3) for "
                               "padMode 'reflect'"));
  r.pad_fill = condense::PadFill::kCircular;
  r.pad_left = 4;
  CHECK_THAT(message(r, {1, 4, 3, 1}, {1, 1, 1, 1}),
             Catch::StartsWith("conv2d: padding (4) must be at most the input width (3)"));
  r.pad_fill = static_cast<condense::PadFill>(9);
  CHECK_THAT(message(r, {1, 4, 3, 1}, {1, 1, 1, 1}), Catch::Contains("padMode"));
}

TEST_CASE("conv2d-groups: grouped and depthwise gradients vs finite differences",
          "[conv-grad][groups]") {
  std::mt19937 rng(8101);
  condense::Workspace ws;
  std::vector<gref::GroupedConv> cases;
  {
    gref::GroupedConv g;  // ResNeXt-like: 2 groups of 3 channels, 4 outputs, same-ish pads
    g.n = 2, g.h = 5, g.w = 6, g.c = 6, g.kh = 3, g.kw = 3, g.out_c = 4, g.groups = 2;
    g.pt = g.pb = g.pl = g.pr = 1;
    cases.push_back(g);
    g = gref::GroupedConv{};  // 3 groups, strides and dilation
    g.n = 1, g.h = 7, g.w = 6, g.c = 6, g.kh = 2, g.kw = 3, g.out_c = 9, g.groups = 3;
    g.sh = 2, g.dw = 2, g.pt = 1, g.pr = 2;
    cases.push_back(g);
    g = gref::GroupedConv{};  // depthwise: groups = channels, multiplier 2
    g.n = 2, g.h = 5, g.w = 5, g.c = 3, g.kh = 3, g.kw = 3, g.out_c = 6, g.groups = 3;
    g.sw = 2, g.pt = g.pl = 1, g.pb = 2;
    cases.push_back(g);
    g = gref::GroupedConv{};  // depthwise multiplier 1 with many channels (SIMD width)
    g.n = 1, g.h = 4, g.w = 5, g.c = 11, g.kh = 2, g.kw = 2, g.out_c = 11, g.groups = 11;
    g.pb = g.pr = 1;
    cases.push_back(g);
  }
  for (const gref::GroupedConv& g : cases) {
    CAPTURE(g.c, g.out_c, g.groups, g.kh, g.kw);
    condense::Conv2dPlan plan;
    REQUIRE(condense::plan_conv2d("test", params_of(g, false, -condense::kInf, condense::kInf),
                                  false, in_shape(g), filter_shape(g), &plan)
                .ok());
    const std::vector<float> x = random_floats(rng, plan.in_elements);
    const std::vector<float> w = random_floats(rng, plan.filter_elements);
    const std::vector<float> dy = random_floats(rng, plan.out_elements);
    auto fx = [&](const std::vector<double>& xv) {
      return gref::grouped_conv(g, xv, to_double(w), nullptr).y;
    };
    auto fw = [&](const std::vector<double>& wv) {
      return gref::grouped_conv(g, to_double(x), wv, nullptr).y;
    };
    const std::vector<double> fd_x =
        famref::finite_difference(fx, to_double(x), to_double(dy), 1e-3);
    const std::vector<double> fd_w =
        famref::finite_difference(fw, to_double(w), to_double(dy), 1e-3);
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> dx(plan.in_elements), dwt(plan.filter_elements);
      REQUIRE(
          condense::run_conv2d_grad_input(*table, plan, dy.data(), w.data(), dx.data(), ws).ok());
      REQUIRE(
          condense::run_conv2d_grad_filter(*table, plan, x.data(), dy.data(), dwt.data(), ws).ok());
      check_grad("grouped dx", dx, fd_x);
      check_grad("grouped dw", dwt, fd_w);
      dx.insert(dx.end(), dwt.begin(), dwt.end());
      results.push_back(dx);
    }
    if (results.size() == 2)
      CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
  }
}
