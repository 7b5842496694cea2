// run_clamp / run_leaky_relu: validation and results with both tables, split across threads or not.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/op-helpers.h"

namespace {

using test::bits;
using test::kInf;

const float kNan = std::numeric_limits<float>::quiet_NaN();

}  // namespace

TEST_CASE("relu: run_clamp and run_leaky_relu match the reference on both tables", "[relu]") {
  const unsigned seed = 11001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t n : {1u, 5u, 16u, 37u, 1000u}) {
    std::vector<float> x(n);
    test::fill(rng, x, -10.0f, 10.0f);
    x[0] = -0.0f;
    if (n > 3) x[3] = kNan;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(n, table->isa);
      test::Input in(n);
      in.assign(x);
      test::Output out(n);
      REQUIRE(condense::run_clamp("relu", *table, n, in.data(), out.data(), 0.0f, kInf).ok());
      CHECK(out.canaries_intact());
      CHECK_REFERENCE(ref::clamp(x, 0.0f, kInf), out.data());
      CHECK(test::is_neg_zero(out[0]));
      REQUIRE(condense::run_clamp("relu6", *table, n, in.data(), out.data(), 0.0f, 6.0f).ok());
      CHECK_REFERENCE(ref::clamp(x, 0.0f, 6.0f), out.data());
      REQUIRE(condense::run_leaky_relu("leakyRelu", *table, n, in.data(), out.data(), 0.2f).ok());
      CHECK(out.canaries_intact());
      CHECK_REFERENCE(ref::leaky_relu(x, 0.2f), out.data());
      if (n > 3) CHECK(bits(out[3]) == bits(kNan));
    }
  }
}

TEST_CASE("relu: long arrays with specials equal one kernel call, split or not", "[relu][nan]") {
  // Several 4096-element blocks and a partial one: the threaded builds split these across threads
  // (Split::kPool) or keep them on the caller (Split::kCaller); both must equal one kernel call.
  std::mt19937 rng(11002);
  const float specials[] = {kNan, kInf, -kInf, 0.0f, -0.0f};
  for (std::size_t n : {std::size_t{4096 * 2 + 1}, std::size_t{4096 * 5 + 333}}) {
    std::vector<float> x(n);
    test::fill(rng, x, -8.0f, 8.0f);
    for (std::size_t i = 0; i < n; i += 89) x[i] = specials[i % 5];
    for (const condense::KernelTable* table : test::tables()) {
      std::vector<float> want(n), got(n);
      for (condense::Split split : {condense::Split::kPool, condense::Split::kCaller}) {
        CAPTURE(n, table->isa, split == condense::Split::kPool);
        table->clamp(n, x.data(), want.data(), -1.0f, 6.0f);
        REQUIRE(
            condense::run_clamp("clamp", *table, n, x.data(), got.data(), -1.0f, 6.0f, split).ok());
        CHECK_SAME_BITS(want.data(), got.data(), n);
        table->lrelu(n, x.data(), want.data(), -0.5f);
        REQUIRE(condense::run_leaky_relu("leakyRelu", *table, n, x.data(), got.data(), -0.5f, split)
                    .ok());
        CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), got.data(), n);
      }
    }
  }
}

TEST_CASE("relu: invalid bounds and alphas are RangeErrors naming the function", "[relu][errors]") {
  const condense::KernelTable& table = condense::scalar_kernel_table();
  float in[4] = {1, 2, 3, 4};
  float out[4] = {0, 0, 0, 0};
  CHECK_RANGE_ERROR(condense::run_clamp("clipByValue", table, 4, in, out, kNan, 1.0f),
                    "clipByValue", "NaN");
  CHECK_RANGE_ERROR(condense::run_clamp("clipByValue", table, 4, in, out, 0.0f, kNan),
                    "clipByValue", "NaN");
  CHECK_RANGE_ERROR(condense::run_leaky_relu("leakyRelu", table, 4, in, out, kNan), "leakyRelu",
                    "alpha");
  CHECK_RANGE_ERROR(condense::run_leaky_relu("leakyRelu", table, 4, in, out, kInf), "leakyRelu",
                    "alpha");
  CHECK_RANGE_ERROR(condense::run_leaky_relu("leakyRelu", table, 4, in, out, -kInf), "leakyRelu",
                    "alpha");
  // Nothing was written by the rejected calls.
  for (float v : out) CHECK(v == 0.0f);
  // lo == hi is allowed.
  CHECK(condense::run_clamp("clipByValue", table, 4, in, out, 2.0f, 2.0f).ok());
  for (float v : out) CHECK(v == 2.0f);
}

TEST_CASE("clamp: min > max sets every value to max (ONNX Clip, torch.clamp, numpy.clip)",
          "[relu][clamp]") {
  const std::vector<float> x = {-kInf, -3.0f, -0.0f, 0.0f, 1.5f, 2.0f, 7.0f, kInf, kNan};
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    test::Input in(x.size());
    in.assign(x);
    test::Output out(x.size());
    // numpy.clip([-inf, -3, -0, 0, 1.5, 2, 7, inf, nan], 2, 1) -> [1, 1, 1, 1, 1, 1, 1, 1, nan]
    REQUIRE(condense::run_clamp("clamp", *table, x.size(), in.data(), out.data(), 2.0f, 1.0f).ok());
    CHECK(out.canaries_intact());
    for (std::size_t i = 0; i + 1 < x.size(); ++i) CHECK(bits(out[i]) == bits(1.0f));
    CHECK(bits(out[x.size() - 1]) == bits(kNan));
    CHECK_REFERENCE(ref::clamp(x, 2.0f, 1.0f), out.data());
  }
}

TEST_CASE("leakyRelu: negative alpha is x > 0 ? x : alpha * x (TF, PyTorch)", "[relu][lrelu]") {
  const std::vector<float> x = {0.0f, -0.0f, 1.0f, -1.0f, kNan, kInf, -kInf};
  // tf.nn.leaky_relu(x, -0.5) / F.leaky_relu(x, -0.5): -0, 0, 1, 0.5, nan, inf, inf.
  const std::vector<float> want = {-0.0f, 0.0f, 1.0f, 0.5f, kNan, kInf, kInf};
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    test::Input in(x.size());
    in.assign(x);
    test::Output out(x.size());
    REQUIRE(
        condense::run_leaky_relu("leakyRelu", *table, x.size(), in.data(), out.data(), -0.5f).ok());
    for (std::size_t i = 0; i < x.size(); ++i) {
      CAPTURE(i);
      CHECK(bits(out[i]) == bits(want[i]));
    }
  }
}
