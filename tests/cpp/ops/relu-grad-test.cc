// relu-grad: run_relu_grad against central finite differences of max(x, 0), both tables; the
// whole family on long arrays against one kernel call.
#include "ops/relu-grad.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "core/shape.h"
#include "helpers.h"
#include "ops/family-helpers.h"
#include "ops/family-reference.h"

namespace {

using condense::Shape4;
using famref::i64;
using famtest::check_grad;
using famtest::random_floats;
using famtest::to_double;
using test::kInf;

}  // namespace

TEST_CASE("relu-grad: dx vs finite differences", "[relu-grad]") {
  std::mt19937 rng(8001);
  const std::vector<float> x = random_floats(rng, 77);
  const std::vector<float> dy = random_floats(rng, 77);
  const std::vector<double> fd = famref::finite_difference(
      [](const std::vector<double>& v) {
        std::vector<double> y(v);
        for (double& e : y) e = std::max(e, 0.0);
        return y;
      },
      to_double(x), to_double(dy), 1e-6);
  for (const condense::KernelTable* table : test::tables()) {
    std::vector<float> dx(77);
    REQUIRE(condense::run_relu_grad(*table, 77, dy.data(), x.data(), dx.data()).ok());
    check_grad("relu dx", dx, fd);
  }
}

TEST_CASE("relu-grad family: long arrays with specials equal one kernel call (threaded: split)",
          "[relu-grad][nan]") {
  // Several 4096-element blocks and a partial one: the threaded builds split these across threads.
  std::mt19937 rng(8002);
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(), kInf, -kInf, 0.0f, -0.0f};
  for (std::size_t n : {std::size_t{4096 * 2 + 1}, std::size_t{4096 * 5 + 333}}) {
    std::vector<float> x = random_floats(rng, n, -8.0f, 8.0f);
    std::vector<float> dy = random_floats(rng, n);
    for (std::size_t i = 0; i < n; i += 97) x[i] = specials[i % 5];
    for (std::size_t i = 3; i < n; i += 101) dy[i] = specials[i % 5];
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(n, table->isa);
      std::vector<float> got(n), want(n);
      REQUIRE(condense::run_relu_grad(*table, n, dy.data(), x.data(), got.data()).ok());
      table->relu_grad(n, dy.data(), x.data(), want.data());
      CHECK_SAME_BITS(want.data(), got.data(), n);
      REQUIRE(condense::run_relu6_grad(*table, n, dy.data(), x.data(), got.data()).ok());
      table->relu6_grad(n, dy.data(), x.data(), want.data());
      CHECK_SAME_BITS(want.data(), got.data(), n);
      REQUIRE(
          condense::run_clamp_grad(*table, n, dy.data(), x.data(), -1.5f, 2.0f, got.data()).ok());
      table->clamp_grad(n, dy.data(), x.data(), -1.5f, 2.0f, want.data());
      CHECK_SAME_BITS(want.data(), got.data(), n);
      REQUIRE(condense::run_leaky_relu_grad(*table, n, dy.data(), x.data(), 0.3f, got.data()).ok());
      table->lrelu_grad(n, dy.data(), x.data(), 0.3f, want.data());
      CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), got.data(), n);
    }
  }
}
