// batch_norm_nhwc_f32: the double reference (tf.nn.batch_normalization), the documented float32
// recipe bit for bit, scalar vs SIMD bits, optional scale / offset, specials and validation.
#include "ops/batch-norm.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/op-helpers.h"
#include "reference/prelu-batch-norm.h"

namespace {

using test::i64;
using test::kInf;

const float kNan = std::numeric_limits<float>::quiet_NaN();

struct Params {
  std::vector<float> mean, variance, scale, offset;  // scale / offset empty: absent
  float epsilon = 0.001f;
};

Params random_params(std::mt19937& rng, std::size_t c, bool with_scale, bool with_offset) {
  Params p;
  p.mean.resize(c);
  p.variance.resize(c);
  test::fill(rng, p.mean, -2.0f, 2.0f);
  test::fill(rng, p.variance, 0.0f, 4.0f);
  if (with_scale) {
    p.scale.resize(c);
    test::fill(rng, p.scale, -2.0f, 2.0f);
  }
  if (with_offset) {
    p.offset.resize(c);
    test::fill(rng, p.offset, -3.0f, 3.0f);
  }
  return p;
}

// The header's float32 recipe (TF's inv = rsqrt(var + eps); inv *= scale;
// x * inv + (offset - mean * inv)), one element at a time.
std::vector<float> float_recipe(const std::vector<float>& x, std::size_t c, const Params& p) {
  std::vector<float> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t k = i % c;
    const float root = std::sqrt(p.variance[k] + p.epsilon);
    float inv = 1.0f / root;
    if (!p.scale.empty()) inv = inv * p.scale[k];
    const float shift = p.mean[k] * inv;
    const float b = p.offset.empty() ? -shift : p.offset[k] - shift;
    const float product = x[i] * inv;
    y[i] = product + b;
  }
  return y;
}

std::vector<float> run(const condense::KernelTable& table, const condense::Shape4& shape,
                       const std::vector<float>& x, const Params& p) {
  CAPTURE(table.isa, shape.n, shape.h, shape.w, shape.c, p.scale.size(), p.offset.size());
  const std::size_t c = static_cast<std::size_t>(shape.c);
  test::Input in(x.size()), mean(c, 2), variance(c, 3), scale(p.scale.size(), 1),
      offset(p.offset.size(), 2);
  in.assign(x);
  mean.assign(p.mean);
  variance.assign(p.variance);
  scale.assign(p.scale);
  offset.assign(p.offset);
  test::Output y(x.size());
  condense::Workspace ws;
  const condense::Status st = condense::batch_norm_nhwc_f32(
      "batchNorm", table, shape, in.data(), mean.data(), variance.data(),
      p.scale.empty() ? nullptr : scale.data(), p.offset.empty() ? nullptr : offset.data(),
      p.epsilon, y.data(), ws);
  INFO(st.message());
  REQUIRE(st.ok());
  CHECK(y.canaries_intact());
  CHECK_REFERENCE(ref::batch_norm(x, shape.n, shape.h, shape.w, shape.c, p.mean, p.variance,
                                  p.scale, p.offset, p.epsilon),
                  y.data());
  const std::vector<float> recipe = float_recipe(x, c, p);
  CHECK_SAME_BITS_OR_BOTH_NAN(recipe.data(), y.data(), x.size());
  return y.values();
}

void check_agree(const std::vector<std::vector<float>>& r) {
  if (r.size() == 2) CHECK_SAME_BITS_OR_BOTH_NAN(r[0].data(), r[1].data(), r[0].size());
}

}  // namespace

TEST_CASE("batch-norm: channels 1..9, 16, 17, 31..33, 64; scale and offset present or absent",
          "[batch-norm]") {
  const unsigned seed = 44001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (i64 c : {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 31, 32, 33, 64}) {
    for (const condense::Shape4 shape : {condense::Shape4{1, 1, 1, c}, condense::Shape4{1, 3, 5, c},
                                         condense::Shape4{2, 9, 7, c}}) {
      for (int mask = 0; mask < 4; ++mask) {
        const std::size_t n = static_cast<std::size_t>(shape.n * shape.h * shape.w * shape.c);
        std::vector<float> x(n);
        test::fill(rng, x, -5.0f, 5.0f);
        Params p =
            random_params(rng, static_cast<std::size_t>(c), (mask & 1) != 0, (mask & 2) != 0);
        if (mask == 3) p.epsilon = 1e-5f;
        std::vector<std::vector<float>> runs;
        for (const condense::KernelTable* table : test::tables()) {
          runs.push_back(run(*table, shape, x, p));
        }
        check_agree(runs);
      }
    }
  }
}

TEST_CASE("batch-norm: large tensors (several blocks of rows: split in the threaded builds)",
          "[batch-norm]") {
  const unsigned seed = 44003;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (i64 c : {1, 3, 17, 32, 64}) {
    const condense::Shape4 shape{2, 37, 61, c};
    std::vector<float> x(static_cast<std::size_t>(2 * 37 * 61 * c));
    test::fill(rng, x, -5.0f, 5.0f);
    const Params p = random_params(rng, static_cast<std::size_t>(c), true, c != 3);
    std::vector<std::vector<float>> runs;
    for (const condense::KernelTable* table : test::tables())
      runs.push_back(run(*table, shape, x, p));
    check_agree(runs);
  }
}

TEST_CASE("batch-norm: in place (y == x)", "[batch-norm]") {
  std::mt19937 rng(44002);
  const condense::Shape4 shape{1, 5, 7, 3};
  std::vector<float> x(105);
  test::fill(rng, x, -5.0f, 5.0f);
  const Params p = random_params(rng, 3, true, true);
  const std::vector<float> want = float_recipe(x, 3, p);
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> buf = x;
    condense::Workspace ws;
    REQUIRE(condense::batch_norm_nhwc_f32("batchNorm", *table, shape, buf.data(), p.mean.data(),
                                          p.variance.data(), p.scale.data(), p.offset.data(),
                                          p.epsilon, buf.data(), ws)
                .ok());
    CHECK_SAME_BITS(want.data(), buf.data(), buf.size());
  }
}

TEST_CASE("batch-norm: NaN, +-0, +-inf, negative and zero variance", "[batch-norm][nan][zero]") {
  const condense::Shape4 shape{1, 1, 4, 4};
  auto compute = [&](const condense::KernelTable& table, const std::vector<float>& x,
                     const Params& p) {
    std::vector<float> y(x.size());
    condense::Workspace ws;
    REQUIRE(condense::batch_norm_nhwc_f32(
                "batchNorm", table, shape, x.data(), p.mean.data(), p.variance.data(),
                p.scale.empty() ? nullptr : p.scale.data(),
                p.offset.empty() ? nullptr : p.offset.data(), p.epsilon, y.data(), ws)
                .ok());
    return y;
  };
  SECTION("special x values through a plain channel") {
    const std::vector<float> x = {kNan, -0.0f, 0.0f, kInf,  -kInf, 1.0f, -1.0f, 2.0f,
                                  kNan, kInf,  2.0f, -0.0f, -0.0f, kNan, 3.0f,  -kInf};
    Params p;
    p.mean = {0.0f, 1.0f, 0.0f, 0.5f};
    p.variance = {1.0f, 3.0f, 0.25f, 1.0f};
    p.epsilon = 0.0f;
    std::vector<std::vector<float>> runs;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      runs.push_back(run(*table, shape, x, p));
      const std::vector<float> y = compute(*table, x, p);
      CHECK(test::is_nan(y[0]));
      // Offset absent and mean 0: b = -(0 * 1) = -0 (TF's -mean * inv), so -0 stays -0 ...
      CHECK(test::is_neg_zero(y[12]));
      CHECK(y[3] == kInf);
      CHECK(y[4] == -kInf);
    }
    check_agree(runs);
    // ... while an offset of +0 makes it +0.
    p.offset = {0.0f, 0.0f, 0.0f, 0.0f};
    for (const condense::KernelTable* table : test::tables()) {
      CHECK(test::is_pos_zero(compute(*table, x, p)[12]));
    }
  }
  SECTION("negative variance + epsilon gives NaN; zero gives infinities or NaN, as TF") {
    const std::vector<float> x = {1.0f, 1.0f,  1.0f, 1.0f, -1.0f, 2.0f, 0.0f, 3.0f,
                                  0.0f, -2.0f, 5.0f, 1.0f, 2.0f,  0.0f, 1.0f, 1.0f};
    Params p;
    p.mean = {0.0f, -1.0f, 1.0f, 0.0f};
    p.variance = {-1.0f, 0.0f, 0.0f, -0.0001f};
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      p.epsilon = 0.0f;
      const std::vector<float> y = compute(*table, x, p);
      for (std::size_t i = 0; i < 16; i += 4) CHECK(test::is_nan(y[i]));  // sqrt(-1)
      CHECK(y[1] == kInf);                                                // 1 * inf + -(-1 * inf)
      CHECK(y[5] == kInf);                                                // 2 * inf + inf
      CHECK(test::is_nan(y[9]));                                          // -2 * inf + inf
      CHECK(test::is_nan(y[13]));                                         // 0 * inf
      CHECK(test::is_nan(y[2]));                                          // 1 * inf - 1 * inf
      CHECK(test::is_nan(y[3]));                                          // sqrt(-0.0001)
      p.epsilon = 0.001f;  // channel 3: -0.0001 + 0.001 > 0
      const std::vector<float> z = compute(*table, x, p);
      CHECK(std::isfinite(z[3]));
      CHECK(std::isfinite(z[1]));
    }
  }
  SECTION("NaN parameters poison only their channel") {
    const std::vector<float> x(16, 1.0f);
    Params p;
    p.mean = {kNan, 0.0f, 0.0f, 0.0f};
    p.variance = {1.0f, kNan, 1.0f, 1.0f};
    p.scale = {1.0f, 1.0f, kNan, 1.0f};
    p.offset = {0.0f, 0.0f, 0.0f, kNan};
    for (const condense::KernelTable* table : test::tables()) {
      const std::vector<float> y = compute(*table, x, p);
      for (float v : y) CHECK(test::is_nan(v));
      p.offset[3] = 0.5f;
      const std::vector<float> z = compute(*table, x, p);
      CHECK(test::is_nan(z[0]));
      CHECK(test::is_nan(z[1]));
      CHECK(test::is_nan(z[2]));
      CHECK(std::isfinite(z[3]));
      p.offset[3] = kNan;
    }
  }
}

TEST_CASE("batch-norm: epsilon must be a finite number >= 0; bad shapes", "[batch-norm][errors]") {
  const condense::KernelTable& table = condense::scalar_kernel_table();
  const condense::Shape4 shape{1, 2, 2, 2};
  std::vector<float> x(8, 1.0f), y(8, 7.0f), mean(2, 0.0f), variance(2, 1.0f);
  condense::Workspace ws;
  for (float epsilon : {kNan, -1.0f, -1e-30f, kInf, -kInf}) {
    CAPTURE(epsilon);
    CHECK_RANGE_ERROR(
        condense::batch_norm_nhwc_f32("batchNorm", table, shape, x.data(), mean.data(),
                                      variance.data(), nullptr, nullptr, epsilon, y.data(), ws),
        "batchNorm", "epsilon");
  }
  CHECK(condense::batch_norm_nhwc_f32("batchNorm", table, shape, x.data(), mean.data(),
                                      variance.data(), nullptr, nullptr, -1.0f, y.data(), ws)
            .message() == "batchNorm: epsilon must be a finite number >= 0 (got -1)");
  CHECK_RANGE_ERROR(condense::batch_norm_nhwc_f32("batchNorm", table, condense::Shape4{0, 2, 2, 2},
                                                  x.data(), mean.data(), variance.data(), nullptr,
                                                  nullptr, 0.001f, y.data(), ws),
                    "batchNorm", "x");
  for (float v : y) CHECK(v == 7.0f);
  // 0 and -0 are accepted.
  CHECK(condense::batch_norm_nhwc_f32("batchNorm", table, shape, x.data(), mean.data(),
                                      variance.data(), nullptr, nullptr, 0.0f, y.data(), ws)
            .ok());
  CHECK(condense::batch_norm_nhwc_f32("batchNorm", table, shape, x.data(), mean.data(),
                                      variance.data(), nullptr, nullptr, -0.0f, y.data(), ws)
            .ok());
  for (float v : y) CHECK(v == 1.0f);
}
