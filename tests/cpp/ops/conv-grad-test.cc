// conv-grad: run_conv2d_grad_input / run_conv2d_grad_filter against central finite differences
// of a double-precision forward conv, both kernel tables, scalar == SIMD bit for bit.
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
    condense::Conv2dParams params;
    params.stride_h = k.sh;
    params.stride_w = k.sw;
    params.dilation_h = k.dh;
    params.dilation_w = k.dw;
    params.padding = condense::PaddingMode::kExplicit;
    params.pad_top = k.pt;
    params.pad_bottom = k.pb;
    params.pad_left = k.pl;
    params.pad_right = k.pr;
    condense::Conv2dPlan plan;
    REQUIRE(condense::plan_conv2d("test", params, false, k.in, k.f, &plan).ok());
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
