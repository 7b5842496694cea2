// max-unpool2d: indices outside the output are RangeErrors naming them; the unpooled size from
// the pooling when outputSize is not given.
#include "ops/max-unpool2d.h"

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

TEST_CASE("max-unpool2d: an index past the output is a RangeError naming it", "[max-unpool2d]") {
  condense::Workspace ws;
  // An index past the output is a RangeError naming it.
  condense::MaxUnpoolPlan up;
  REQUIRE(condense::plan_max_unpool2d("maxUnpool2d", condense::ArgmaxConvention::kTorch,
                                      Shape4{1, 1, 2, 1}, 2, 2, &up)
              .ok());
  const float v[2] = {1.0f, 2.0f};
  const std::int32_t bad[2] = {0, 4};
  float out[4];
  const condense::Status s =
      condense::run_max_unpool2d(condense::scalar_kernel_table(), up, v, bad, out, ws);
  CHECK(s.code() == condense::StatusCode::kRangeError);
  CHECK(s.message().find("indices[1] = 4 is outside the output") != std::string::npos);
}

TEST_CASE("max-unpool2d: without outputSize the size comes from the pooling; 'same' is refused",
          "[max-unpool2d]") {
  const Shape4 in{1, 3, 4, 2};
  condense::Window2d w{2, 3, 2, 2, 1, 1, condense::PaddingMode::kExplicit, 1, 0, 0, 1, false};
  condense::MaxUnpoolPlan plan;
  // (in - 1) * stride - pads + window: height 2*2 - 1 + 2 = 5, width 3*2 - 1 + 3 = 8.
  REQUIRE(condense::plan_max_unpool2d("maxUnpool2d", condense::ArgmaxConvention::kTf, in, w, 0, 0,
                                      &plan)
              .ok());
  CHECK((plan.out.n == 1 && plan.out.h == 5 && plan.out.w == 8 && plan.out.c == 2));
  CHECK(plan.out_elements == 80);
  // A given size wins.
  REQUIRE(condense::plan_max_unpool2d("maxUnpool2d", condense::ArgmaxConvention::kTf, in, w, 6, 9,
                                      &plan)
              .ok());
  CHECK((plan.out.h == 6 && plan.out.w == 9));
  for (condense::PaddingMode m :
       {condense::PaddingMode::kSame, condense::PaddingMode::kSameLower}) {
    w.padding = m;
    const condense::Status s = condense::plan_max_unpool2d(
        "maxUnpool2d", condense::ArgmaxConvention::kTf, in, w, 0, 0, &plan);
    CHECK(s.code() == condense::StatusCode::kRangeError);
    CHECK(s.message() ==
          "maxUnpool2d: 'same' padding does not determine the unpooled size; pass outputSize");
  }
  // A size that cannot be positive names the axis.
  w = condense::Window2d{1, 1, 1, 1, 1, 1, condense::PaddingMode::kExplicit, 3, 3, 0, 0, false};
  std::int64_t h = 0, wd = 0;
  const condense::Status s = condense::unpool_output_size2d("maxUnpool2d", in, w, &h, &wd);
  CHECK(s.code() == condense::StatusCode::kRangeError);
  CHECK(s.message().find("maxUnpool2d: the unpooled height would be -3") == 0);
}
