// prelu_nhwc_f32 / prelu_grad_nhwc_f32: validation, the reference, scalar vs SIMD bits, folding
// of narrow channel counts, one slope vs one per channel, and deterministic slope gradients.
#include "ops/prelu.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/op-helpers.h"
#include "reference/prelu-batch-norm.h"

namespace {

using test::bits;
using test::i64;
using test::kInf;

struct Outputs {
  std::vector<float> y, dx, dalpha;
};

// Forward and gradient on one table with guarded buffers; checks canaries and the reference.
Outputs run_both(const condense::KernelTable& table, const condense::Shape4& shape,
                 const std::vector<float>& x, const std::vector<float>& dy,
                 const std::vector<float>& alpha) {
  CAPTURE(table.isa, shape.n, shape.h, shape.w, shape.c, alpha.size());
  const std::size_t n = x.size();
  test::Input in(n), grad(n, 2), slopes(alpha.size(), 3);
  in.assign(x);
  grad.assign(dy);
  slopes.assign(alpha);
  test::Output y(n), dx(n, 3), dalpha(alpha.size(), 2);
  condense::Workspace ws;
  REQUIRE(condense::prelu_nhwc_f32("prelu", table, shape, in.data(), slopes.data(), alpha.size(),
                                   y.data())
              .ok());
  REQUIRE(condense::prelu_grad_nhwc_f32("preluGrad", table, shape, grad.data(), in.data(),
                                        slopes.data(), alpha.size(), dx.data(), dalpha.data(), ws)
              .ok());
  CHECK(y.canaries_intact());
  CHECK(dx.canaries_intact());
  CHECK(dalpha.canaries_intact());
  const std::vector<float> want_y = ref::prelu(x, shape.c, alpha);
  CHECK_SAME_BITS_OR_BOTH_NAN(want_y.data(), y.data(), n);
  const ref::PreluGrad want = ref::prelu_grad(dy, x, shape.c, alpha);
  CHECK_SAME_BITS_OR_BOTH_NAN(want.dx.data(), dx.data(), n);
  CHECK_REFERENCE(want.dalpha, dalpha.data());
  return Outputs{y.values(), dx.values(), dalpha.values()};
}

void check_agree(const std::vector<Outputs>& r) {
  if (r.size() != 2) return;
  CHECK_SAME_BITS_OR_BOTH_NAN(r[0].y.data(), r[1].y.data(), r[0].y.size());
  CHECK_SAME_BITS_OR_BOTH_NAN(r[0].dx.data(), r[1].dx.data(), r[0].dx.size());
  // The slope gradients are the same sums in the same order on both tables.
  CHECK_SAME_BITS_OR_BOTH_NAN(r[0].dalpha.data(), r[1].dalpha.data(), r[0].dalpha.size());
}

}  // namespace

TEST_CASE("prelu: channels 1..9, 16, 17, 31..33, 64; one slope or one per channel", "[prelu]") {
  const unsigned seed = 43001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (i64 c : {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 31, 32, 33, 64}) {
    for (const condense::Shape4 shape : {condense::Shape4{1, 1, 1, c}, condense::Shape4{1, 3, 5, c},
                                         condense::Shape4{2, 7, 3, c}}) {
      for (bool per_channel : {true, false}) {
        const std::size_t n = static_cast<std::size_t>(shape.n * shape.h * shape.w * shape.c);
        std::vector<float> x(n), dy(n), alpha(per_channel ? static_cast<std::size_t>(c) : 1);
        test::fill(rng, x, -4.0f, 4.0f);
        test::fill(rng, dy, -2.0f, 2.0f);
        test::fill(rng, alpha, -1.0f, 1.0f);
        if (n > 2) x[2] = -0.0f;
        std::vector<Outputs> runs;
        for (const condense::KernelTable* table : test::tables()) {
          runs.push_back(run_both(*table, shape, x, dy, alpha));
        }
        check_agree(runs);
      }
    }
  }
}

TEST_CASE("prelu: a slope gradient over many blocks of rows is deterministic and accurate",
          "[prelu][grad]") {
  const unsigned seed = 43002;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  // 1 x 100 x 100: 10,000 pixels; folded (c < 32) and unfolded (c >= 32) channel counts.
  for (i64 c : {1, 3, 8, 40}) {
    for (bool per_channel : {true, false}) {
      const condense::Shape4 shape{1, 100, 100 / c + 1, c};
      const std::size_t n = static_cast<std::size_t>(shape.h * shape.w * shape.c);
      std::vector<float> x(n), dy(n), alpha(per_channel ? static_cast<std::size_t>(c) : 1);
      test::fill(rng, x, -4.0f, 1.0f);
      test::fill(rng, dy, -1.0f, 2.0f);
      test::fill(rng, alpha, -1.0f, 1.0f);
      std::vector<Outputs> runs;
      for (const condense::KernelTable* table : test::tables()) {
        runs.push_back(run_both(*table, shape, x, dy, alpha));
        // The same call again gives the same bits.
        const Outputs again = run_both(*table, shape, x, dy, alpha);
        CHECK_SAME_BITS(runs.back().dalpha.data(), again.dalpha.data(), alpha.size());
      }
      check_agree(runs);
    }
  }
}

TEST_CASE("prelu: in place (y == x; dx == dy)", "[prelu]") {
  std::mt19937 rng(43003);
  const condense::Shape4 shape{1, 4, 5, 3};
  std::vector<float> x(60), dy(60), alpha(3);
  test::fill(rng, x, -4.0f, 4.0f);
  test::fill(rng, dy);
  test::fill(rng, alpha);
  const std::vector<float> want_y = ref::prelu(x, 3, alpha);
  const ref::PreluGrad want = ref::prelu_grad(dy, x, 3, alpha);
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> buf = x;
    REQUIRE(
        condense::prelu_nhwc_f32("prelu", *table, shape, buf.data(), alpha.data(), 3, buf.data())
            .ok());
    CHECK_SAME_BITS(want_y.data(), buf.data(), 60);
    std::vector<float> g = dy, dalpha(3);
    condense::Workspace ws;
    REQUIRE(condense::prelu_grad_nhwc_f32("preluGrad", *table, shape, g.data(), x.data(),
                                          alpha.data(), 3, g.data(), dalpha.data(), ws)
                .ok());
    CHECK_SAME_BITS(want.dx.data(), g.data(), 60);
    CHECK_REFERENCE(want.dalpha, dalpha.data());
  }
}

TEST_CASE("prelu: NaN, +-0 and +-inf", "[prelu][nan][zero][inf]") {
  const condense::Shape4 shape{1, 2, 3, 2};
  SECTION("NaN x gives NaN and a NaN slope gradient; -0 follows the slope's sign") {
    // A negative NaN: the slope gradient is still the positive quiet NaN.
    const float neg_nan = test::from_bits(0xffc00000u);
    const std::vector<float> x = {-0.0f, -0.0f, neg_nan, 1.0f, -2.0f, 3.0f,
                                  0.0f,  -1.0f, 2.0f,    4.0f, -0.0f, 5.0f};
    const std::vector<float> alpha = {0.5f, -0.25f};
    const std::vector<float> dy(12, 1.0f);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> y(12), dx(12), dalpha(2);
      condense::Workspace ws;
      REQUIRE(condense::prelu_nhwc_f32("prelu", *table, shape, x.data(), alpha.data(), 2, y.data())
                  .ok());
      REQUIRE(condense::prelu_grad_nhwc_f32("preluGrad", *table, shape, dy.data(), x.data(),
                                            alpha.data(), 2, dx.data(), dalpha.data(), ws)
                  .ok());
      CHECK(test::is_neg_zero(y[0]));  // 0.5 * -0
      CHECK(test::is_pos_zero(y[1]));  // -0.25 * -0
      CHECK(test::is_nan(y[2]));
      CHECK(y[3] == 1.0f);
      CHECK(y[4] == -1.0f);
      CHECK(test::is_pos_zero(y[6]));         // +0 is not > 0: 0.5 * +0
      CHECK(dx[2] == 0.5f);                   // x NaN: alpha * dy
      CHECK(bits(dalpha[0]) == 0x7fc00000u);  // channel 0 holds the NaN: canonical
      CHECK(dalpha[1] == -1.0f);  // channel 1: -1 (x = -1); -0 and positives add nothing
    }
  }
  SECTION("infinite inputs and slopes") {
    const std::vector<float> x = {-kInf, kInf, -1.0f, -kInf, 2.0f, -3.0f,
                                  1.0f,  1.0f, 1.0f,  1.0f,  1.0f, 1.0f};
    const std::vector<float> alpha = {0.5f, kInf};
    const std::vector<float> dy = {1.0f, 1.0f, 2.0f, 1.0f, 1.0f, 1.0f,
                                   1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
    std::vector<Outputs> runs;
    for (const condense::KernelTable* table : test::tables()) {
      runs.push_back(run_both(*table, shape, x, dy, alpha));
      CHECK(runs.back().y[0] == -kInf);
      CHECK(runs.back().y[1] == kInf);
      CHECK(runs.back().y[3] == -kInf);  // inf * -inf
      CHECK(runs.back().y[5] == -kInf);  // inf * -3
      CHECK(runs.back().dalpha[0] == -kInf);
    }
    check_agree(runs);
  }
}

TEST_CASE("prelu: alpha must have 1 or C values; bad shapes; errors name the function",
          "[prelu][errors]") {
  const condense::KernelTable& table = condense::scalar_kernel_table();
  std::vector<float> x(24, -1.0f), dy(24, 1.0f), alpha(5, 0.5f), y(24, 7.0f), dx(24, 7.0f),
      dalpha(5, 7.0f);
  condense::Workspace ws;
  const condense::Shape4 shape{1, 2, 3, 4};
  for (std::size_t count : {0u, 2u, 3u, 5u}) {
    CAPTURE(count);
    CHECK_RANGE_ERROR(
        condense::prelu_nhwc_f32("prelu", table, shape, x.data(), alpha.data(), count, y.data()),
        "prelu", "alpha");
    CHECK_RANGE_ERROR(
        condense::prelu_grad_nhwc_f32("preluGrad", table, shape, dy.data(), x.data(), alpha.data(),
                                      count, dx.data(), dalpha.data(), ws),
        "preluGrad", "alpha");
  }
  const condense::Status st =
      condense::prelu_nhwc_f32("prelu", table, shape, x.data(), alpha.data(), 3, y.data());
  CHECK(st.message() == "prelu: alpha must have 1 or 4 (channels) values (got 3)");
  CHECK_RANGE_ERROR(condense::prelu_nhwc_f32("prelu", table, condense::Shape4{1, 0, 3, 4}, x.data(),
                                             alpha.data(), 4, y.data()),
                    "prelu", "x");
  CHECK_RANGE_ERROR(
      condense::prelu_grad_nhwc_f32("preluGrad", table, condense::Shape4{1, 2, 3, -4}, dy.data(),
                                    x.data(), alpha.data(), 4, dx.data(), dalpha.data(), ws),
      "preluGrad", "x");
  // Nothing was written by the rejected calls.
  for (float v : y) CHECK(v == 7.0f);
  for (float v : dx) CHECK(v == 7.0f);
  for (float v : dalpha) CHECK(v == 7.0f);
  // 1 and C are accepted.
  CHECK(condense::prelu_nhwc_f32("prelu", table, shape, x.data(), alpha.data(), 1, y.data()).ok());
  CHECK(condense::prelu_nhwc_f32("prelu", table, shape, x.data(), alpha.data(), 4, y.data()).ok());
}
