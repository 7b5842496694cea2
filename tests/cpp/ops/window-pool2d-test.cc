// window-pool2d: min pooling through the max kernels keeps its documented semantics at op
// level -- a NaN anywhere in the window gives the all-ones NaN, ties (-0 and +0 included) keep
// the first value in row-major window order -- with both tables, channel counts around the SIMD
// widths and the unrolled 2x2 / 3x3 windows.
#include "ops/window-pool2d.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"

namespace {

using condense::Shape4;

condense::WindowPoolPlan min_plan(const Shape4& in, std::int64_t k) {
  condense::WindowPoolParams p;
  p.kind = condense::WindowPoolKind::kMin;
  p.window = condense::Window2d{k, k, 1, 1, 1, 1, condense::PaddingMode::kValid, 0, 0, 0, 0, false};
  condense::WindowPoolPlan plan;
  REQUIRE(condense::plan_window_pool2d("minPool2d", p, in, &plan).ok());
  return plan;
}

}  // namespace

TEST_CASE("window-pool2d: min pooling is the minimum, NaN propagates, ties keep the first",
          "[window-pool2d][nan]") {
  std::mt19937 rng(8008);
  condense::Workspace ws;
  for (std::int64_t k : {1, 2, 3, 4}) {
    for (std::int64_t c : {1, 3, 4, 5, 8, 9, 13}) {
      for (int mode = 0; mode < 3; ++mode) {
        // mode 0: random values; 1: signed zeros everywhere (ties); 2: a NaN in some windows.
        CAPTURE(k, c, mode);
        const Shape4 in{1, k + 1, k + 2, c};
        const condense::WindowPoolPlan plan = min_plan(in, k);
        const std::size_t n = static_cast<std::size_t>(in.h * in.w * c);
        std::vector<float> x(n);
        test::fill(rng, x, -4.0f, 4.0f);
        if (mode == 1) {
          for (std::size_t i = 0; i < n; ++i) x[i] = (rng() & 1) ? -0.0f : 0.0f;
        }
        if (mode == 2) x[static_cast<std::size_t>(rng() % n)] = test::from_bits(0x7FC00001u);
        std::vector<std::vector<float>> results;
        for (const condense::KernelTable* table : test::tables()) {
          CAPTURE(table->isa);
          test::Output out(plan.geometry.out_elements);
          REQUIRE(condense::run_window_pool2d(*table, plan, x.data(), out.data(), ws).ok());
          CHECK(out.canaries_intact());
          const Shape4& o = plan.geometry.out;
          for (std::int64_t oy = 0; oy < o.h; ++oy)
            for (std::int64_t ox = 0; ox < o.w; ++ox)
              for (std::int64_t ch = 0; ch < c; ++ch) {
                // Row-major over the window: first NaN wins, else the first strict minimum.
                float want = x[static_cast<std::size_t>((oy * in.w + ox) * c + ch)];
                bool nan = false;
                for (std::int64_t ty = 0; ty < k; ++ty)
                  for (std::int64_t tx = 0; tx < k; ++tx) {
                    const float v =
                        x[static_cast<std::size_t>(((oy + ty) * in.w + ox + tx) * c + ch)];
                    nan |= v != v;
                    if (v < want) want = v;
                  }
                const float got = out[static_cast<std::size_t>((oy * o.w + ox) * c + ch)];
                if (nan) {
                  CHECK(test::bits(got) == test::kAllOnesNan);
                } else {
                  CHECK(test::bits(got) == test::bits(want));
                }
              }
          results.push_back(out.values());
        }
        if (results.size() == 2)
          CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
      }
    }
  }
}
