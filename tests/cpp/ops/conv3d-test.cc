// conv3d: run_conv3d against the naive double reference (both tables, scalar == SIMD bit for
// bit), kd = 1 is conv2d of every depth slice bit for bit, the gradients against central finite
// differences, and the validation messages.
#include "ops/conv3d.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "helpers.h"
#include "ops/family-helpers.h"
#include "ops/family-reference.h"
#include "reference/conv3d.h"

namespace {

using condense::Conv3dParams;
using condense::Conv3dPlan;
using condense::Filter3dShape;
using condense::Shape5;
using famtest::check_grad;
using famtest::random_floats;
using famtest::to_double;
using i64 = std::int64_t;

struct Case {
  Shape5 in;
  Filter3dShape f;
  i64 s[3], d[3];
  ref::Axis3 pads[3];  // before / after only (explicit), or same / same_lower below
  int mode;            // 0 explicit, 1 same, 2 same_lower
  bool bias;
  float lo, hi;
};

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kInfD = std::numeric_limits<double>::infinity();

Conv3dParams params_of(const Case& k) {
  Conv3dParams p;
  p.conv.padding = k.mode == 0   ? condense::PaddingMode::kExplicit
                   : k.mode == 1 ? condense::PaddingMode::kSame
                                 : condense::PaddingMode::kSameLower;
  p.stride_d = k.s[0];
  p.conv.stride_h = k.s[1];
  p.conv.stride_w = k.s[2];
  p.dilation_d = k.d[0];
  p.conv.dilation_h = k.d[1];
  p.conv.dilation_w = k.d[2];
  p.pad_front = k.pads[0].before;
  p.pad_back = k.pads[0].after;
  p.conv.pad_top = k.pads[1].before;
  p.conv.pad_bottom = k.pads[1].after;
  p.conv.pad_left = k.pads[2].before;
  p.conv.pad_right = k.pads[2].after;
  p.conv.has_bias = k.bias;
  p.conv.clamp = condense::Clamp{k.lo, k.hi};
  return p;
}

ref::Axis3 ref_axis(const Case& k, int i, i64 n, i64 kernel) {
  if (k.mode != 0) return ref::same_axis(n, kernel, k.s[i], k.d[i], k.mode == 2);
  return ref::Axis3{n, kernel, k.s[i], k.d[i], k.pads[i].before, k.pads[i].after};
}

const Case kCases[] = {
    {{1, 4, 5, 5, 1}, {2, 3, 3, 1, 1}, {1, 1, 1}, {1, 1, 1}, {}, 0, false, -kInf, kInf},
    {{2, 5, 6, 7, 3}, {3, 3, 3, 3, 5}, {2, 2, 1}, {1, 1, 2}, {}, 1, true, -kInf, kInf},
    {{1, 6, 5, 4, 9}, {2, 2, 3, 9, 4}, {1, 2, 1}, {2, 1, 1}, {}, 2, true, 0.0f, kInf},
    {{1, 4, 4, 6, 4},
     {3, 1, 2, 4, 8},
     {1, 1, 2},
     {1, 1, 1},
     {{0, 0, 0, 0, 1, 2}, {0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 2, 0}},
     0,
     true,
     0.0f,
     6.0f},
    {{2, 3, 3, 3, 2}, {1, 1, 1, 2, 3}, {1, 1, 1}, {1, 1, 1}, {}, 0, true, -kInf, kInf},
    {{1, 1, 1, 9, 4}, {1, 1, 3, 4, 4}, {1, 1, 2}, {1, 1, 1}, {}, 1, false, -kInf, kInf},
    {{1, 7, 3, 3, 17},
     {4, 2, 2, 17, 6},
     {3, 1, 1},
     {2, 1, 1},
     {{0, 0, 0, 0, 3, 4}, {}, {}},
     0,
     false,
     -1.0f,
     1.0f},
};

}  // namespace

TEST_CASE("conv3d: against the naive double reference, both tables, scalar == SIMD", "[conv3d]") {
  std::mt19937 rng(8101);
  condense::Workspace ws;
  for (const Case& k : kCases) {
    CAPTURE(k.in.d, k.in.h, k.in.w, k.in.c, k.f.kernel_d, k.f.kernel_h, k.f.kernel_w, k.f.out_c,
            k.mode);
    Conv3dPlan plan;
    REQUIRE(condense::plan_conv3d("conv3d", params_of(k), k.in, k.f, &plan).ok());
    const ref::Axis3 az = ref_axis(k, 0, k.in.d, k.f.kernel_d);
    const ref::Axis3 ay = ref_axis(k, 1, k.in.h, k.f.kernel_h);
    const ref::Axis3 ax = ref_axis(k, 2, k.in.w, k.f.kernel_w);
    REQUIRE(plan.out.d == az.out());
    REQUIRE(plan.out.h == ay.out());
    REQUIRE(plan.out.w == ax.out());
    const std::vector<float> x = random_floats(rng, plan.in_elements);
    const std::vector<float> w = random_floats(rng, plan.filter_elements);
    const std::vector<float> b = random_floats(rng, plan.bias_elements);
    const ref::Conv3dResult want =
        ref::conv3d(to_double(x), k.in.n, k.in.c, to_double(w), k.f.out_c, az, ay, ax,
                    k.bias ? to_double(b) : std::vector<double>{}, static_cast<double>(k.lo),
                    static_cast<double>(k.hi));
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> out(plan.out_elements + 1, 1234.5f);
      REQUIRE(
          condense::run_conv3d(*table, plan, x.data(), w.data(), b.data(), out.data(), ws).ok());
      CHECK(out.back() == 1234.5f);  // canary past the end
      out.pop_back();
      std::size_t bad = 0;
      for (std::size_t i = 0; i < out.size(); ++i) {
        const double terms =
            static_cast<double>(k.f.kernel_d * k.f.kernel_h * k.f.kernel_w * k.in.c);
        const double tol = 1e-6 * std::sqrt(terms) * std::fmax(want.magnitude[i], 1e-30);
        if (!(std::fabs(static_cast<double>(out[i]) - want.value[i]) <= tol)) {
          if (bad++ < 3) INFO("[" << i << "] " << out[i] << " vs " << want.value[i]);
        }
      }
      CHECK(bad == 0);
      results.push_back(out);
    }
    if (results.size() == 2)
      CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
  }
}

TEST_CASE("conv3d: kd = 1 is conv2d of every depth slice, bit for bit", "[conv3d]") {
  std::mt19937 rng(8102);
  condense::Workspace ws;
  const Shape5 in{2, 3, 6, 7, 5};
  Case k{in, {1, 3, 3, 5, 4}, {1, 2, 1}, {1, 1, 2}, {}, 1, true, 0.0f, 6.0f};
  Conv3dPlan plan;
  REQUIRE(condense::plan_conv3d("conv3d", params_of(k), in, k.f, &plan).ok());
  condense::Conv2dParams p2 = params_of(k).conv;
  condense::Conv2dPlan plan2;
  REQUIRE(condense::plan_conv2d("conv2d", p2, false,
                                condense::Shape4{in.n * in.d, in.h, in.w, in.c},
                                condense::FilterShape{3, 3, 5, 4}, &plan2)
              .ok());
  const std::vector<float> x = random_floats(rng, plan.in_elements, -4.0f, 4.0f);
  const std::vector<float> w = random_floats(rng, plan.filter_elements);
  const std::vector<float> b = random_floats(rng, plan.bias_elements);
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> got(plan.out_elements), want(plan2.out_elements);
    REQUIRE(condense::run_conv3d(*table, plan, x.data(), w.data(), b.data(), got.data(), ws).ok());
    REQUIRE(
        condense::run_conv2d(*table, plan2, x.data(), w.data(), b.data(), want.data(), ws).ok());
    REQUIRE(got.size() == want.size());
    CHECK_SAME_BITS(got.data(), want.data(), got.size());
  }
}

TEST_CASE("conv3d: NaN and infinity follow IEEE arithmetic; padded depth is real zeros",
          "[conv3d]") {
  condense::Workspace ws;
  // One channel, 3x1x1 filter, 'same' in depth: an infinite weight meets the zero padding.
  Case k{{1, 3, 1, 1, 1}, {3, 1, 1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {}, 1, false, -kInf, kInf};
  Conv3dPlan plan;
  REQUIRE(condense::plan_conv3d("conv3d", params_of(k), k.in, k.f, &plan).ok());
  const float x[3] = {1.0f, 2.0f, 3.0f};
  const float w[3] = {kInf, 1.0f, 1.0f};
  for (const condense::KernelTable* table : test::tables()) {
    float out[3] = {};
    REQUIRE(condense::run_conv3d(*table, plan, x, w, nullptr, out, ws).ok());
    CHECK(std::isnan(out[0]));  // 0 (padding) * inf
    CHECK(out[1] == kInf);
    CHECK(out[2] == kInf);
  }
  const float xn[3] = {std::numeric_limits<float>::quiet_NaN(), 2.0f, 3.0f};
  const float w1[3] = {1.0f, 1.0f, 1.0f};
  for (const condense::KernelTable* table : test::tables()) {
    float out[3] = {};
    REQUIRE(condense::run_conv3d(*table, plan, xn, w1, nullptr, out, ws).ok());
    CHECK(std::isnan(out[0]));
    CHECK(std::isnan(out[1]));
    CHECK(out[2] == 5.0f);
  }
}

TEST_CASE("conv3d: input / filter gradients vs finite differences, scalar == SIMD",
          "[conv3d][conv3d-grad]") {
  std::mt19937 rng(8103);
  condense::Workspace ws;
  for (const Case& k : kCases) {
    if (k.in.c > 9) continue;  // keep the finite differences small
    CAPTURE(k.in.d, k.in.h, k.in.w, k.in.c, k.f.kernel_d, k.f.out_c, k.mode);
    Case g = k;
    g.bias = false;
    g.lo = -kInf;
    g.hi = kInf;
    Conv3dPlan plan;
    REQUIRE(condense::plan_conv3d("conv3dGradInput", params_of(g), g.in, g.f, &plan).ok());
    const ref::Axis3 az = ref_axis(g, 0, g.in.d, g.f.kernel_d);
    const ref::Axis3 ay = ref_axis(g, 1, g.in.h, g.f.kernel_h);
    const ref::Axis3 ax = ref_axis(g, 2, g.in.w, g.f.kernel_w);
    const std::vector<float> x = random_floats(rng, plan.in_elements);
    const std::vector<float> w = random_floats(rng, plan.filter_elements);
    const std::vector<float> dy = random_floats(rng, plan.out_elements);
    auto fwd_x = [&](const std::vector<double>& xv) {
      return ref::conv3d(xv, g.in.n, g.in.c, to_double(w), g.f.out_c, az, ay, ax, {}, -kInfD, kInfD)
          .value;
    };
    auto fwd_w = [&](const std::vector<double>& wv) {
      return ref::conv3d(to_double(x), g.in.n, g.in.c, wv, g.f.out_c, az, ay, ax, {}, -kInfD, kInfD)
          .value;
    };
    const std::vector<double> fd_x =
        famref::finite_difference(fwd_x, to_double(x), to_double(dy), 1e-3);
    const std::vector<double> fd_w =
        famref::finite_difference(fwd_w, to_double(w), to_double(dy), 1e-3);
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> dx(plan.in_elements), dw(plan.filter_elements);
      REQUIRE(
          condense::run_conv3d_grad_input(*table, plan, dy.data(), w.data(), dx.data(), ws).ok());
      REQUIRE(
          condense::run_conv3d_grad_filter(*table, plan, x.data(), dy.data(), dw.data(), ws).ok());
      check_grad("conv3d dx", dx, fd_x);
      check_grad("conv3d dw", dw, fd_w);
      dx.insert(dx.end(), dw.begin(), dw.end());
      results.push_back(dx);
    }
    if (results.size() == 2)
      CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
  }
}

TEST_CASE("conv3d: validation names the function and the parameter", "[conv3d]") {
  Conv3dPlan plan;
  Conv3dParams p;
  auto message = [&](const Shape5& in, const Filter3dShape& f) {
    const condense::Status s = condense::plan_conv3d("conv3d", p, in, f, &plan);
    REQUIRE(!s.ok());
    return s.message();
  };
  CHECK_THAT(message({1, 4, 4, 4, 2}, {2, 2, 2, 3, 1}),
             Catch::StartsWith("conv3d: filter shape[3] (3 input channels) must equal"));
  CHECK_THAT(message({1, 2, 4, 4, 2}, {3, 2, 2, 2, 1}),
             Catch::StartsWith("conv3d: ") && Catch::Contains("depth"));
  CHECK_THAT(message({1, 4, 2, 4, 2}, {2, 3, 2, 2, 1}), Catch::Contains("height"));
  CHECK_THAT(message({1, 4, 4, 0, 2}, {2, 2, 2, 2, 1}), Catch::StartsWith("conv3d: x dimensions"));
  CHECK_THAT(message({1, 4, 4, 4, 2}, {2, 0, 2, 2, 1}),
             Catch::StartsWith("conv3d: filter dimensions"));
  CHECK_THAT(message({1 << 20, 1 << 10, 1 << 10, 1, 1}, {1, 1, 1, 1, 1}),
             Catch::Contains("too large"));
  p.stride_d = 0;
  CHECK_THAT(message({1, 4, 4, 4, 2}, {2, 2, 2, 2, 1}), Catch::StartsWith("conv3d: "));
}
