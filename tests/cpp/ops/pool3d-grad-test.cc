// pool3d-grad: run_max_pool3d_grad / run_avg_pool3d_grad against the naive double reference
// (tests/cpp/reference/activation-pool-grad.h), scalar == SIMD bit for bit; the tie and NaN rule.
#include "ops/pool3d-grad.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/family-helpers.h"
#include "reference/activation-pool-grad.h"

namespace {

using i64 = std::int64_t;
using famtest::random_floats;

struct Case {
  condense::Shape5 in;
  i64 kd, kh, kw, s, d, pad;
  bool ceil, include;
  i64 divisor;
};

condense::Pool3dParams params_of(const Case& k, condense::PoolType type) {
  condense::Pool3dParams p;
  p.pool.type = type;
  p.pool.count_include_pad = k.include;
  p.pool.divisor_override = k.divisor;
  const i64 pd = k.kd > 1 ? k.pad : 0, ph = k.kh > 1 ? k.pad : 0;
  p.pool.window = condense::Window2d{k.kh,
                                     k.kw,
                                     k.kh > 1 ? k.s : 1,
                                     k.s,
                                     k.kh > 1 ? k.d : 1,
                                     k.d,
                                     condense::PaddingMode::kExplicit,
                                     ph,
                                     ph,
                                     k.pad,
                                     k.pad,
                                     k.ceil};
  p.window_d = k.kd;
  p.stride_d = k.kd > 1 ? k.s : 1;
  p.dilation_d = k.kd > 1 ? k.d : 1;
  p.pad_front = p.pad_back = pd;
  return p;
}

ref::PoolAxis axis_of(const condense::AxisGeometry& a) {
  return ref::PoolAxis{a.in, a.window, a.stride, a.dilation, a.pad_before, a.pad_after, a.out};
}

}  // namespace

TEST_CASE("pool3d-grad: max and average gradients against the naive reference, both tables",
          "[pool3d-grad]") {
  std::mt19937 rng(8103);
  condense::Workspace ws;
  const Case cases[] = {
      {{1, 4, 5, 5, 1}, 2, 2, 2, 2, 1, 0, false, false, 0},
      {{2, 5, 4, 6, 3}, 3, 3, 3, 2, 1, 1, false, true, 0},
      {{1, 6, 5, 4, 5}, 2, 3, 2, 1, 2, 0, false, false, 0},
      {{1, 5, 5, 5, 8}, 2, 2, 2, 2, 1, 1, true, true, 0},
      {{1, 4, 4, 4, 9}, 3, 3, 3, 1, 1, 1, false, false, 5},
      {{2, 1, 1, 9, 4}, 1, 1, 3, 2, 1, 1, true, false, 0},
      {{1, 1, 1, 11, 17}, 1, 1, 2, 1, 3, 0, false, false, 0},
  };
  for (const Case& k : cases) {
    for (condense::PoolType type : {condense::PoolType::kMax, condense::PoolType::kAvg}) {
      CAPTURE(k.in.d, k.in.h, k.in.w, k.in.c, k.kd, k.kh, k.kw, k.s, k.d, k.pad, k.ceil,
              static_cast<int>(type));
      condense::Pool3dPlan plan;
      REQUIRE(condense::plan_pool3d("test", params_of(k, type), k.in, &plan).ok());
      std::vector<float> x = random_floats(rng, plan.in_elements);
      // Ties and NaNs: every 7th value repeats its neighbour, one NaN in every 29.
      for (std::size_t i = 1; i < x.size(); i += 7) x[i] = x[i - 1];
      if (type == condense::PoolType::kMax) {
        for (std::size_t i = 3; i < x.size(); i += 29)
          x[i] = std::numeric_limits<float>::quiet_NaN();
      }
      const std::vector<float> dy = random_floats(rng, plan.out_elements);
      const ref::PoolAxis axes[3] = {axis_of(plan.z), axis_of(plan.rows.y), axis_of(plan.rows.x)};
      const std::vector<double> want = ref::pool3d_grad(type == condense::PoolType::kMax, k.in.n,
                                                        axes, k.in.c, x, dy, k.include, k.divisor);
      std::vector<std::vector<float>> results;
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        test::Output dx(plan.in_elements);
        const condense::Status status =
            type == condense::PoolType::kMax
                ? condense::run_max_pool3d_grad("test", *table, plan, x.data(), dy.data(),
                                                dx.data(), ws)
                : condense::run_avg_pool3d_grad("test", *table, plan, dy.data(), dx.data(), ws);
        REQUIRE(status.ok());
        CHECK(dx.canaries_intact());
        std::size_t bad = 0;
        for (std::size_t i = 0; i < want.size(); ++i) {
          // float sums of at most a few dozen terms of magnitude <= 1.
          if (!(std::fabs(static_cast<double>(dx[i]) - want[i]) <= 1e-5)) ++bad;
        }
        CHECK(bad == 0);
        results.push_back(dx.values());
      }
      if (results.size() == 2)
        CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
    }
  }
}

TEST_CASE("pool3d-grad: the first maximum in (depth, height, width) order, or the first NaN",
          "[pool3d-grad]") {
  condense::Workspace ws;
  const Case k{{1, 2, 2, 2, 2}, 2, 2, 2, 2, 1, 0, false, false, 0};
  condense::Pool3dPlan plan;
  REQUIRE(condense::plan_pool3d("test", params_of(k, condense::PoolType::kMax), k.in, &plan).ok());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Channel 0: 1 at (0,0,1) and (1,1,0) ties -> the first; channel 1: NaN at cells 3 and 5.
  const std::vector<float> x = {0, 0, 1, 0, 0, 0, 0, nan, -1, 0, 0, nan, 1, 0, 0, 0};
  const std::vector<float> dy = {3, 5};
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> dx(16);
    REQUIRE(condense::run_max_pool3d_grad("test", *table, plan, x.data(), dy.data(), dx.data(), ws)
                .ok());
    std::vector<float> want(16, 0.0f);
    want[2] = 3;  // cell 1, channel 0
    want[7] = 5;  // cell 3, channel 1
    CHECK(dx == want);
  }
}
