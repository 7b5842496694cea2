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
