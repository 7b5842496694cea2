// adaptive-pool2d: bins [floor(i*in/out), ceil((i+1)*in/out)) against a naive average.
#include "ops/adaptive-pool2d.h"

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

TEST_CASE("adaptive-pool2d: bin i covers floor(i*in/out) up to ceil((i+1)*in/out), exclusive",
          "[adaptive-pool2d]") {
  std::mt19937 rng(8003);
  condense::Workspace ws;
  const Shape4 in{2, 7, 6, 5};
  const std::vector<float> x =
      random_floats(rng, static_cast<std::size_t>(in.n * in.h * in.w * in.c));
  // Adaptive bins: [floor(i*in/out), ceil((i+1)*in/out)).
  for (i64 oh : {1, 2, 3, 5, 7, 9}) {
    condense::AdaptivePool2dPlan ap;
    REQUIRE(condense::plan_adaptive_pool2d("test", condense::PoolType::kAvg, in, oh, 4, &ap).ok());
    std::vector<float> out_a(ap.out_elements);
    REQUIRE(condense::run_adaptive_pool2d(condense::default_kernel_table(), ap, x.data(),
                                          out_a.data(), ws)
                .ok());
    for (i64 b = 0; b < in.n; ++b)
      for (i64 oy = 0; oy < oh; ++oy)
        for (i64 ox = 0; ox < 4; ++ox)
          for (i64 c = 0; c < in.c; ++c) {
            const i64 y0 = oy * in.h / oh, y1 = ((oy + 1) * in.h + oh - 1) / oh;
            const i64 x0 = ox * in.w / 4, x1 = ((ox + 1) * in.w + 3) / 4;
            double sum = 0.0;
            for (i64 y = y0; y < y1; ++y)
              for (i64 xx = x0; xx < x1; ++xx)
                sum += static_cast<double>(
                    x[static_cast<std::size_t>(((b * in.h + y) * in.w + xx) * in.c + c)]);
            const double want = sum / static_cast<double>((y1 - y0) * (x1 - x0));
            CHECK(std::fabs(
                      static_cast<double>(
                          out_a[static_cast<std::size_t>(((b * oh + oy) * 4 + ox) * in.c + c)]) -
                      want) <= 1e-6);
          }
  }
}
