// pool3d: 3-D and 1-D pooling against the naive window, both tables; the caller-order shapes.
#include "ops/pool3d.h"

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

TEST_CASE("3-D and 1-D pooling: every output against the naive window, both tables", "[pool3d]") {
  std::mt19937 rng(8002);
  condense::Workspace ws;
  struct Case {
    condense::Shape5 in;
    i64 kd, kh, kw, s, d, pad;
    bool ceil, include;
  };
  const Case cases[] = {
      {{1, 4, 5, 5, 1}, 2, 2, 2, 2, 1, 0, false, false},
      {{2, 5, 4, 6, 3}, 3, 3, 3, 2, 1, 1, false, true},
      {{1, 6, 5, 4, 5}, 2, 3, 2, 1, 2, 0, false, false},
      {{1, 5, 5, 5, 8}, 2, 2, 2, 2, 1, 1, true, true},
      {{2, 1, 1, 9, 4}, 1, 1, 3, 2, 1, 1, true, false},
      {{1, 1, 1, 11, 1}, 1, 1, 2, 1, 3, 0, false, false},
      // ceilMode partial windows longer than the input (PyTorch keeps one; issue 11).
      {{1, 2, 2, 2, 3}, 3, 3, 3, 3, 1, 0, true, true},
      {{1, 1, 1, 2, 1}, 1, 1, 3, 3, 1, 0, true, true},
      {{2, 1, 1, 1, 5}, 1, 1, 4, 4, 1, 1, true, true},
      {{1, 3, 2, 2, 4}, 3, 3, 3, 2, 1, 0, true, false},
  };
  for (const Case& k : cases) {
    for (condense::PoolType type : {condense::PoolType::kMax, condense::PoolType::kAvg}) {
      CAPTURE(k.in.d, k.in.h, k.in.w, k.in.c, k.kd, k.kh, k.kw, k.s, k.d, k.pad,
              static_cast<int>(type));
      condense::Pool3dParams params;
      params.pool.type = type;
      params.pool.count_include_pad = k.include;
      const i64 pd = k.kd > 1 ? k.pad : 0, ph = k.kh > 1 ? k.pad : 0;
      params.pool.window = condense::Window2d{k.kh,
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
      params.window_d = k.kd;
      params.stride_d = k.kd > 1 ? k.s : 1;
      params.dilation_d = k.kd > 1 ? k.d : 1;
      params.pad_front = params.pad_back = pd;
      condense::Pool3dPlan plan;
      REQUIRE(condense::plan_pool3d("test", params, k.in, &plan).ok());
      const std::vector<float> x = random_floats(rng, plan.in_elements);
      // Naive: every output, every window cell (the AxisGeometry windows, checked against the
      // 2-D pooling's own tests), double sums.
      std::vector<double> want(plan.out_elements);
      const condense::AxisGeometry* axes[3] = {&plan.z, &plan.rows.y, &plan.rows.x};
      const i64 in_dims[3] = {k.in.d, k.in.h, k.in.w};
      std::size_t o = 0;
      for (i64 b = 0; b < k.in.n; ++b)
        for (i64 oz = 0; oz < plan.out.d; ++oz)
          for (i64 oy = 0; oy < plan.out.h; ++oy)
            for (i64 ox = 0; ox < plan.out.w; ++ox)
              for (i64 c = 0; c < k.in.c; ++c, ++o) {
                const i64 outs[3] = {oz, oy, ox};
                double best = -std::numeric_limits<double>::infinity(), sum = 0.0;
                i64 cells = 0, inside = 1;
                for (int a = 0; a < 3; ++a) {
                  i64 n_in = 0;
                  for (i64 t = 0; t < axes[a]->window; ++t) {
                    const i64 p = axes[a]->start(outs[a]) + t * axes[a]->dilation;
                    if (p < in_dims[a] + axes[a]->pad_after) ++n_in;
                  }
                  inside *= n_in;
                }
                for (i64 tz = 0; tz < plan.z.window; ++tz)
                  for (i64 ty = 0; ty < plan.rows.y.window; ++ty)
                    for (i64 tx = 0; tx < plan.rows.x.window; ++tx) {
                      const i64 z = plan.z.start(oz) + tz * plan.z.dilation;
                      const i64 y = plan.rows.y.start(oy) + ty * plan.rows.y.dilation;
                      const i64 xx = plan.rows.x.start(ox) + tx * plan.rows.x.dilation;
                      if (z < 0 || z >= k.in.d || y < 0 || y >= k.in.h || xx < 0 || xx >= k.in.w)
                        continue;
                      const double v = static_cast<double>(x[static_cast<std::size_t>(
                          (((b * k.in.d + z) * k.in.h + y) * k.in.w + xx) * k.in.c + c)]);
                      best = std::max(best, v);
                      sum += v;
                      ++cells;
                    }
                want[o] = type == condense::PoolType::kMax
                              ? best
                              : sum / static_cast<double>(k.include ? inside : cells);
              }
      std::vector<std::vector<float>> results;
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        test::Output out(plan.out_elements);
        REQUIRE(condense::run_pool3d(*table, plan, x.data(), out.data(), ws).ok());
        CHECK(out.canaries_intact());
        std::size_t bad = 0;
        for (std::size_t i = 0; i < want.size(); ++i) {
          if (!(std::fabs(static_cast<double>(out[i]) - want[i]) <= 1e-6)) ++bad;
        }
        CHECK(bad == 0);
        results.push_back(out.values());
      }
      if (results.size() == 2)
        CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
    }
  }
}

TEST_CASE("pool3d: caller-order shapes (NDHWC, NCDHW) to NDHWC and back", "[pool3d][layout]") {
  const std::int64_t ndhwc[5] = {2, 3, 4, 5, 6};
  const condense::Shape5 a = condense::shape5_from_layout(condense::Layout::kChannelsLast, ndhwc);
  CHECK((a.n == 2 && a.d == 3 && a.h == 4 && a.w == 5 && a.c == 6));
  const std::int64_t ncdhw[5] = {2, 6, 3, 4, 5};
  const condense::Shape5 b = condense::shape5_from_layout(condense::Layout::kChannelsFirst, ncdhw);
  CHECK((b.n == 2 && b.d == 3 && b.h == 4 && b.w == 5 && b.c == 6));
  std::int64_t dims[5];
  condense::shape5_to_layout(condense::Layout::kChannelsFirst, b, dims);
  CHECK(std::equal(dims, dims + 5, ncdhw));
  condense::shape5_to_layout(condense::Layout::kChannelsLast, a, dims);
  CHECK(std::equal(dims, dims + 5, ndhwc));
  // 1-D: NCW [n, c, w] travels as [n, c, 1, 1, w].
  const std::int64_t ncw[5] = {1, 3, 1, 1, 9};
  const condense::Shape5 c = condense::shape5_from_layout(condense::Layout::kChannelsFirst, ncw);
  CHECK((c.d == 1 && c.h == 1 && c.w == 9 && c.c == 3));
}

TEST_CASE("pool3d: ceilMode partial windows: PyTorch's values, avgPool3d refuses as PyTorch does",
          "[pool3d][ceil]") {
  condense::Workspace ws;
  auto params_of = [](condense::PoolType type, i64 k, i64 s, i64 pad, bool include) {
    condense::Pool3dParams p;
    p.pool.type = type;
    p.pool.count_include_pad = include;
    p.pool.window = condense::Window2d{k,   k,   s,   s,   1,   1, condense::PaddingMode::kExplicit,
                                       pad, pad, pad, pad, true};
    p.window_d = k;
    p.stride_d = s;
    p.pad_front = p.pad_back = pad;
    return p;
  };
  // [1, 2, 2, 2, 1] = 1..8, window 3, stride 3, ceil: one partial window over the whole input.
  const condense::Shape5 in{1, 2, 2, 2, 1};
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8};
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    condense::Pool3dPlan plan;
    // torch.nn.functional.max_pool3d(x, 3, 3, ceil_mode=True) -> [[[[8]]]]
    REQUIRE(condense::plan_pool3d("maxPool3d", params_of(condense::PoolType::kMax, 3, 3, 0, false),
                                  in, &plan)
                .ok());
    REQUIRE(plan.out_elements == 1);
    float out = 0;
    REQUIRE(condense::run_pool3d(*table, plan, x.data(), &out, ws).ok());
    CHECK(out == 8.0f);
    // avgPool1d (avg_pool1d goes through avg_pool2d, which accepts it): [1, 2], window 3,
    // stride 3, ceil, count_include_pad -> [1.5].
    condense::Pool3dParams p1 = params_of(condense::PoolType::kAvg, 3, 3, 0, true);
    p1.window_d = 1;
    p1.stride_d = 1;
    p1.pool.window.window_h = 1;
    p1.pool.window.stride_h = 1;
    REQUIRE(condense::plan_pool3d("avgPool1d", p1, condense::Shape5{1, 1, 1, 2, 1}, &plan).ok());
    REQUIRE(plan.out_elements == 1);
    REQUIRE(condense::run_pool3d(*table, plan, x.data(), &out, ws).ok());
    CHECK(out == 1.5f);
  }
  // PyTorch's avg_pool3d checks the window against the unpadded input (check_input_size).
  condense::Pool3dPlan plan;
  const condense::Status st = condense::plan_pool3d(
      "avgPool3d", params_of(condense::PoolType::kAvg, 3, 3, 0, true), in, &plan);
  CHECK(st.code() == condense::StatusCode::kRangeError);
  CHECK(st.message().rfind("avgPool3d: poolSize depth (3) is larger than the input depth (2)", 0) ==
        0);
  // ... even when the padded input would fit it.
  CHECK(!condense::plan_pool3d("avgPool3d", params_of(condense::PoolType::kAvg, 3, 2, 1, true), in,
                               &plan)
             .ok());
  // Without ceilMode (TF / ONNX geometry) padding may make the window fit, as before.
  condense::Pool3dParams no_ceil = params_of(condense::PoolType::kAvg, 3, 2, 1, true);
  no_ceil.pool.window.ceil_mode = false;
  CHECK(condense::plan_pool3d("avgPool3d", no_ceil, in, &plan).ok());
  // A window longer than the padded input by a stride or more stays a RangeError.
  CHECK(!condense::plan_pool3d("maxPool3d", params_of(condense::PoolType::kMax, 4, 2, 0, false), in,
                               &plan)
             .ok());
}
