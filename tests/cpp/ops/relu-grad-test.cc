// relu-grad: run_relu_grad against central finite differences of max(x, 0), both tables.
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
