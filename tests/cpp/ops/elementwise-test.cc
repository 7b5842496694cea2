// elementwise: run_binary / run_binary_scalar / run_step pick the kernel of each op and form,
// and run_channel_sum sums each channel in double in row order (tfjs-backend-cpu's Sum), both
// tables; sizes above one parallel block, so a threaded build splits them.
#include "ops/elementwise.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"

namespace {

using condense::BinaryOp;
using test::bits;

std::vector<float> random_floats(std::mt19937& rng, std::size_t n) {
  std::vector<float> v(n);
  test::fill(rng, v, -10.0f, 10.0f);
  return v;
}

float apply(BinaryOp op, float a, float b) {
  const double p = static_cast<double>(a), q = static_cast<double>(b);
  return static_cast<float>(op == BinaryOp::kAdd ? p + q : op == BinaryOp::kSub ? p - q : p * q);
}

}  // namespace

TEST_CASE("elementwise: add / sub / mul of two arrays and with a scalar on either side",
          "[elementwise]") {
  std::mt19937 rng(9201);
  const std::size_t n = 10007;  // several 4096-element blocks and a ragged last one
  const std::vector<float> a = random_floats(rng, n);
  const std::vector<float> b = random_floats(rng, n);
  const float c = 0.3f;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    for (BinaryOp op : {BinaryOp::kAdd, BinaryOp::kSub, BinaryOp::kMul}) {
      CAPTURE(static_cast<int>(op));
      std::vector<float> y(n), ys(n), yr(n);
      REQUIRE(condense::run_binary(*table, op, n, a.data(), b.data(), y.data()).ok());
      REQUIRE(condense::run_binary_scalar(*table, op, n, a.data(), c, false, ys.data()).ok());
      REQUIRE(condense::run_binary_scalar(*table, op, n, a.data(), c, true, yr.data()).ok());
      for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i);
        CHECK(bits(y[i]) == bits(apply(op, a[i], b[i])));
        CHECK(bits(ys[i]) == bits(apply(op, a[i], c)));
        CHECK(bits(yr[i]) == bits(apply(op, c, a[i])));
      }
    }
  }
}

TEST_CASE("elementwise: step", "[elementwise]") {
  std::mt19937 rng(9202);
  const std::size_t n = 9000;
  std::vector<float> x = random_floats(rng, n);
  x[5] = 0.0f;
  x[6] = -0.0f;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> y(n);
    REQUIRE(condense::run_step(*table, n, x.data(), -0.5f, y.data()).ok());
    for (std::size_t i = 0; i < n; ++i) CHECK(y[i] == (x[i] > 0.0f ? 1.0f : -0.5f));
  }
}

TEST_CASE("elementwise: channelSum in double, in row order", "[elementwise]") {
  std::mt19937 rng(9203);
  for (std::size_t channels : {1u, 3u, 16u, 17u, 32u, 40u}) {
    for (std::size_t rows : {1u, 7u, 3000u}) {
      CAPTURE(channels, rows);
      std::vector<float> x = random_floats(rng, rows * channels);
      // Large and small values alternate in channel 0: a float accumulator would round away
      // the small ones, the double one keeps them until the final rounding.
      for (std::size_t r = 0; r < rows; ++r) x[r * channels] = r % 2 ? 3e7f : 0.75f;
      std::vector<float> want(channels);
      for (std::size_t c = 0; c < channels; ++c) {
        double s = 0.0;
        for (std::size_t r = 0; r < rows; ++r) s += static_cast<double>(x[r * channels + c]);
        want[c] = static_cast<float>(s);
      }
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        condense::Workspace ws;
        std::vector<float> y(channels + 1, 42.0f);
        REQUIRE(
            condense::run_channel_sum("channelSum", *table, rows, channels, x.data(), y.data(), ws)
                .ok());
        CHECK(y[channels] == 42.0f);
        CHECK_SAME_BITS(y.data(), want.data(), channels);
      }
    }
  }
}
