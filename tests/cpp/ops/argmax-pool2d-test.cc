// argmax-pool2d: every index convention points at the maximum, both tables agree, and
// max-unpool2d puts the maxima back.
#include "ops/argmax-pool2d.h"

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
#include "ops/max-unpool2d.h"
#include "ops/pool2d.h"

namespace {

using condense::Shape4;
using famref::i64;
using famtest::check_grad;
using famtest::random_floats;
using famtest::to_double;

}  // namespace

TEST_CASE("argmax-pool2d: every index convention points at the maximum, and unpooling puts it back",
          "[argmax-pool2d][max-unpool2d]") {
  std::mt19937 rng(8003);
  condense::Workspace ws;
  const Shape4 in{2, 7, 6, 5};
  condense::Pool2dParams params;
  params.window =
      condense::Window2d{3, 3, 2, 2, 1, 1, condense::PaddingMode::kExplicit, 1, 1, 1, 1, true};
  condense::Pool2dPlan plan;
  REQUIRE(condense::plan_pool2d("test", params, in, &plan).ok());
  const std::vector<float> x = random_floats(rng, plan.in_elements);
  std::vector<float> pooled(plan.out_elements);
  REQUIRE(condense::run_pool2d(condense::default_kernel_table(), plan, x.data(), pooled.data(), ws)
              .ok());
  for (int conv = 0; conv < 4; ++conv) {
    const auto convention = static_cast<condense::ArgmaxConvention>(conv);
    CAPTURE(conv);
    std::vector<std::vector<std::int32_t>> all;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> values(plan.out_elements);
      std::vector<std::int32_t> idx(plan.out_elements);
      REQUIRE(condense::run_max_pool2d_argmax(*table, plan, convention, x.data(), values.data(),
                                              idx.data(), ws)
                  .ok());
      CHECK_SAME_BITS(values.data(), pooled.data(), values.size());
      for (std::size_t i = 0; i < idx.size(); ++i) {
        const i64 c = static_cast<i64>(i) % in.c,
                  b = static_cast<i64>(i) / (plan.out.h * plan.out.w * in.c);
        i64 flat = idx[i];
        if (convention == condense::ArgmaxConvention::kTf) flat += b * in.h * in.w * in.c;
        if (convention == condense::ArgmaxConvention::kTorch)
          flat = (b * in.h * in.w + flat) * in.c + c;
        if (convention == condense::ArgmaxConvention::kOnnx) {
          const i64 xx = flat % in.w, y = flat / in.w % in.h, cc = flat / (in.w * in.h) % in.c,
                    bb = flat / (in.w * in.h * in.c);
          CHECK(cc == c);
          CHECK(bb == b);
          flat = ((bb * in.h + y) * in.w + xx) * in.c + cc;
        }
        CHECK(x[static_cast<std::size_t>(flat)] == values[i]);
      }
      // Unpooling: zeros except the maxima, back at their cells.
      condense::MaxUnpoolPlan up;
      REQUIRE(condense::plan_max_unpool2d("test", convention, plan.out, in.h, in.w, &up).ok());
      std::vector<float> restored(up.out_elements, -1.0f);
      REQUIRE(condense::run_max_unpool2d(*table, up, values.data(), idx.data(), restored.data(), ws)
                  .ok());
      for (std::size_t i = 0; i < restored.size(); ++i) {
        CHECK((restored[i] == 0.0f || restored[i] == x[i]));
      }
      all.push_back(idx);
    }
    if (all.size() == 2) CHECK(all[0] == all[1]);
  }
}

TEST_CASE("argmax-pool2d: several NaNs in a window: torch takes the last, tf / onnx the first",
          "[argmax-pool2d][nan]") {
  condense::Workspace ws;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // [1, 2, 3, 2] (NHWC): channel 0 has NaNs at cells 1 and 4, channel 1 none; one 2x3 window.
  const Shape4 in{1, 2, 3, 2};
  const std::vector<float> x = {1, 10, nan, 20, 3, 30, 4, 40, nan, 50, 2, 60};
  condense::Pool2dParams params;
  params.window =
      condense::Window2d{2, 3, 2, 3, 1, 1, condense::PaddingMode::kValid, 0, 0, 0, 0, false};
  condense::Pool2dPlan plan;
  REQUIRE(condense::plan_pool2d("test", params, in, &plan).ok());
  REQUIRE(plan.out_elements == 2);
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    for (int conv = 0; conv < 4; ++conv) {
      const auto convention = static_cast<condense::ArgmaxConvention>(conv);
      CAPTURE(conv);
      float values[2];
      std::int32_t idx[2];
      REQUIRE(condense::run_max_pool2d_argmax(*table, plan, convention, x.data(), values, idx, ws)
                  .ok());
      CHECK(std::isnan(values[0]));
      CHECK(values[1] == 60.0f);
      if (convention == condense::ArgmaxConvention::kTorch) {
        // PyTorch (`val > max || isnan(val)`): the last NaN, (y 1, x 1) -> 1 * 3 + 1 = 4 in the
        // channel's plane; the channel-1 maximum 60 at (1, 2) -> 5.
        CHECK(idx[0] == 4);
        CHECK(idx[1] == 5);
      } else if (convention == condense::ArgmaxConvention::kOnnx) {
        // ONNX (NCHW flat over the batch): channel 0 plane offset 0, channel 1 offset 6.
        CHECK(idx[0] == 1);
        CHECK(idx[1] == 6 + 5);
      } else {
        // TF ((y * w + x) * c + ch): the first NaN (0, 1) -> 2; 60 at (1, 2) -> 11.
        CHECK(idx[0] == 2);
        CHECK(idx[1] == 11);
      }
    }
  }
}
