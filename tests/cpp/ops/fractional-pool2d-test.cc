// fractional-pool2d: drawn pooling sequences have gaps K or K+1 from 0 to the input size; given
// sequences are validated.
#include "ops/fractional-pool2d.h"

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

TEST_CASE(
    "fractional max pooling: sequences of gaps K or K+1 from 0 to the input size; given sequences",
    "[pool-family]") {
  condense::Workspace ws;
  std::mt19937 rng(8005);
  for (i64 h : {7, 10, 23, 25, 64}) {
    for (double ratio : {1.1, 1.44, 2.0, 2.3}) {
      for (bool pseudo : {false, true}) {
        for (std::uint64_t seed : {0u, 1u, 99u}) {
          CAPTURE(h, ratio, pseudo, seed);
          condense::FractionalPoolParams p;
          p.ratio_h = p.ratio_w = ratio;
          p.pseudo_random = pseudo;
          p.seed = seed;
          condense::FractionalPoolPlan plan;
          REQUIRE(condense::plan_fractional_max_pool2d("test", p, Shape4{1, h, h, 2}, &plan).ok());
          const i64 out = static_cast<i64>(std::floor(static_cast<double>(h) / ratio));
          REQUIRE(plan.out.h == out);
          const std::vector<float> x = random_floats(rng, plan.in_elements);
          std::vector<float> y(plan.out_elements);
          std::vector<std::int32_t> rows(static_cast<std::size_t>(out + 1)),
              cols(static_cast<std::size_t>(out + 1));
          REQUIRE(condense::run_fractional_max_pool2d(condense::default_kernel_table(), plan,
                                                      x.data(), y.data(), rows.data(), cols.data(),
                                                      ws)
                      .ok());
          const i64 k = h / out;
          for (const auto* seq : {&rows, &cols}) {
            CHECK((*seq)[0] == 0);
            CHECK((*seq)[static_cast<std::size_t>(out)] == h);
            for (std::size_t i = 0; i + 1 < seq->size(); ++i) {
              const i64 gap = (*seq)[i + 1] - (*seq)[i];
              CHECK((gap == k || gap == k + 1));
            }
          }
        }
      }
    }
  }
  condense::FractionalPoolParams p;
  const std::int32_t bad[] = {0, 3, 3, 7};
  p.row_sequence = bad;
  p.row_sequence_length = 4;
  p.ratio_w = 2.0;
  condense::FractionalPoolPlan plan;
  const condense::Status s =
      condense::plan_fractional_max_pool2d("fractionalMaxPool2d", p, Shape4{1, 7, 7, 1}, &plan);
  CHECK(s.code() == condense::StatusCode::kRangeError);
  CHECK(s.message().find("rowPoolingSequence must be strictly increasing") != std::string::npos);
}
