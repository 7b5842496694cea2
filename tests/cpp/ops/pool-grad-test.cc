// pool-grad: run_max_pool2d_grad / run_avg_pool2d_grad against central finite differences of
// double forward passes over plan_pool2d's windows, both tables, scalar == SIMD bit for bit.
#include "ops/pool-grad.h"

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

// Double forward max / average pooling over explicit padding (the windows of plan_pool2d).
std::vector<double> pool_forward(const std::vector<double>& x, const condense::Pool2dPlan& p) {
  std::vector<double> y(p.out_elements);
  for (i64 b = 0; b < p.in.n; ++b)
    for (i64 oy = 0; oy < p.out.h; ++oy)
      for (i64 ox = 0; ox < p.out.w; ++ox)
        for (i64 c = 0; c < p.in.c; ++c) {
          double best = -std::numeric_limits<double>::infinity(), sum = 0.0;
          i64 cells = 0;
          for (i64 ty = 0; ty < p.y.window; ++ty) {
            const i64 iy = p.y.start(oy) + ty * p.y.dilation;
            if (iy < 0 || iy >= p.in.h) continue;
            for (i64 tx = 0; tx < p.x.window; ++tx) {
              const i64 ix = p.x.start(ox) + tx * p.x.dilation;
              if (ix < 0 || ix >= p.in.w) continue;
              const double v =
                  x[static_cast<std::size_t>(((b * p.in.h + iy) * p.in.w + ix) * p.in.c + c)];
              best = std::max(best, v);
              sum += v;
              ++cells;
            }
          }
          y[static_cast<std::size_t>(((b * p.out.h + oy) * p.out.w + ox) * p.in.c + c)] =
              p.params.type == condense::PoolType::kMax
                  ? best
                  : sum / static_cast<double>(p.params.count_include_pad
                                                  ? p.y.taps_inside_padding(oy) *
                                                        p.x.taps_inside_padding(ox)
                                                  : cells);
        }
  return y;
}

}  // namespace

TEST_CASE("pool-grad: max / avg pooling gradients vs finite differences", "[pool-grad]") {
  std::mt19937 rng(8001);
  condense::Workspace ws;
  struct PoolCase {
    Shape4 in;
    i64 k, s, d, pad;
    bool ceil, include;
  };
  const PoolCase pool_cases[] = {
      {{1, 4, 4, 1}, 2, 2, 1, 0, false, false},
      {{2, 5, 6, 3}, 3, 2, 1, 1, false, false},
      {{1, 6, 5, 5}, 3, 1, 1, 1, false, true},
      {{1, 5, 7, 8}, 2, 2, 1, 1, true, false},
      {{1, 7, 7, 4}, 2, 1, 2, 0, false, false},
      {{2, 6, 6, 9}, 3, 2, 1, 0, true, true},
      // ceilMode partial windows longer than the (padded) input (issue 11).
      {{1, 2, 2, 3}, 3, 3, 1, 0, true, true},
      {{2, 1, 1, 2}, 4, 4, 1, 1, true, true},
      {{1, 2, 3, 5}, 3, 2, 1, 0, true, false},
  };
  for (const PoolCase& k : pool_cases) {
    for (condense::PoolType type : {condense::PoolType::kMax, condense::PoolType::kAvg}) {
      CAPTURE(condense::shape_str(k.in), k.k, k.s, k.d, k.pad, k.ceil, static_cast<int>(type));
      condense::Pool2dParams params;
      params.type = type;
      params.count_include_pad = k.include;
      params.window = condense::Window2d{
          k.k,   k.k,   k.s,   k.s,   k.d,   k.d, condense::PaddingMode::kExplicit,
          k.pad, k.pad, k.pad, k.pad, k.ceil};
      condense::Pool2dPlan plan;
      REQUIRE(condense::plan_pool2d("test", params, k.in, &plan).ok());
      // Distinct values: no ties, so the max is differentiable everywhere sampled.
      std::vector<float> x(plan.in_elements);
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) * 0.01f;
      std::shuffle(x.begin(), x.end(), rng);
      const std::vector<float> dy = random_floats(rng, plan.out_elements);
      const std::vector<double> fd = famref::finite_difference(
          [&](const std::vector<double>& v) { return pool_forward(v, plan); }, to_double(x),
          to_double(dy), 1e-4);
      std::vector<std::vector<float>> results;
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        std::vector<float> dx(plan.in_elements);
        if (type == condense::PoolType::kMax) {
          REQUIRE(
              condense::run_max_pool2d_grad(*table, plan, x.data(), dy.data(), dx.data(), ws).ok());
        } else {
          REQUIRE(condense::run_avg_pool2d_grad(*table, plan, dy.data(), dx.data(), ws).ok());
        }
        check_grad("pool dx", dx, fd);
        results.push_back(dx);
      }
      if (results.size() == 2)
        CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
    }
  }
}
