// f32-vaffine-c kernels of both tables: y = x * scale[c] + bias[c], a float multiply then a
// float add, bit for bit.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"

namespace {

using test::from_bits;
using test::kInf;

const float kNan = std::numeric_limits<float>::quiet_NaN();

// The contract, one element at a time: two roundings. The sum of two floats is formed in double
// and rounded once; it is exact in double unless the exponents are more than 29 apart, where
// the smaller one is below half an ulp of the float result and cannot round it differently.
std::vector<float> contract(std::size_t rows, std::size_t channels, const std::vector<float>& x,
                            const std::vector<float>& scale, const std::vector<float>& bias) {
  std::vector<float> y(rows * channels);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t c = i % channels;
    const float p = static_cast<float>(static_cast<double>(x[i]) * static_cast<double>(scale[c]));
    y[i] = static_cast<float>(static_cast<double>(p) + static_cast<double>(bias[c]));
  }
  return y;
}

std::vector<float> run(const condense::KernelTable& table, std::size_t rows, std::size_t channels,
                       const std::vector<float>& x, const std::vector<float>& scale,
                       const std::vector<float>& bias) {
  CAPTURE(table.isa, rows, channels);
  const std::size_t n = rows * channels;
  test::Input in(n), s(channels, 2), b(channels, 3);
  in.assign(x);
  s.assign(scale);
  b.assign(bias);
  test::Output y(n);
  table.vaffine_c(rows, channels, in.data(), s.data(), b.data(), y.data());
  CHECK(y.canaries_intact());
  const std::vector<float> want = contract(rows, channels, x, scale, bias);
  CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), y.data(), n);
  return y.values();
}

}  // namespace

TEST_CASE("f32-vaffine-c: channels 1..33 around the vector width, rows 1..7, odd offsets",
          "[f32-vaffine-c]") {
  const unsigned seed = 42001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t channels :
       {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 12u, 15u, 16u, 17u, 24u, 31u, 33u, 64u}) {
    for (std::size_t rows : {1u, 2u, 3u, 7u}) {
      std::vector<float> x(rows * channels), scale(channels), bias(channels);
      test::fill(rng, x, -10.0f, 10.0f);
      test::fill(rng, scale, -3.0f, 3.0f);
      test::fill(rng, bias, -5.0f, 5.0f);
      std::vector<std::vector<float>> r;
      for (const condense::KernelTable* table : test::tables()) {
        r.push_back(run(*table, rows, channels, x, scale, bias));
      }
      if (r.size() == 2) CHECK_SAME_BITS_OR_BOTH_NAN(r[0].data(), r[1].data(), r[0].size());
    }
  }
}

TEST_CASE("f32-vaffine-c: in place, and NaN / +-0 / +-inf operands", "[f32-vaffine-c][nan]") {
  SECTION("in place") {
    std::mt19937 rng(42002);
    std::vector<float> x(5 * 11), scale(11), bias(11);
    test::fill(rng, x, -10.0f, 10.0f);
    test::fill(rng, scale);
    test::fill(rng, bias);
    const std::vector<float> want = contract(5, 11, x, scale, bias);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      test::Input buf(x.size());
      buf.assign(x);
      table->vaffine_c(5, 11, buf.data(), scale.data(), bias.data(), buf.data());
      CHECK_SAME_BITS(want.data(), buf.data(), x.size());
    }
  }
  SECTION("specials in every lane position") {
    const float cycle[] = {kNan, -0.0f, 0.0f,   kInf,     -kInf,
                           1.5f, -2.0f, 1e-40f, -3.0e38f, from_bits(0xFFC00000u)};
    const std::size_t m = sizeof cycle / sizeof cycle[0];
    for (std::size_t channels : {1u, 4u, 9u, 17u}) {
      for (std::size_t phase = 0; phase < m; ++phase) {
        const std::size_t rows = 4;
        std::vector<float> x(rows * channels), scale(channels), bias(channels);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = cycle[(i + phase) % m];
        for (std::size_t c = 0; c < channels; ++c) {
          scale[c] = cycle[(c * 3 + phase + 1) % m];
          bias[c] = cycle[(c * 7 + phase + 2) % m];
        }
        CAPTURE(channels, phase);
        std::vector<std::vector<float>> r;
        for (const condense::KernelTable* table : test::tables()) {
          r.push_back(run(*table, rows, channels, x, scale, bias));
        }
        if (r.size() == 2) CHECK_SAME_BITS_OR_BOTH_NAN(r[0].data(), r[1].data(), r[0].size());
      }
    }
  }
  SECTION("-0 * s + +0 is +0, -0 * s + -0 is -0") {
    const std::vector<float> x = {-0.0f, -0.0f, 0.0f, -0.0f};
    const std::vector<float> scale = {1.0f, 1.0f, -2.0f, 2.0f};
    const std::vector<float> bias = {0.0f, -0.0f, -0.0f, -0.0f};
    for (const condense::KernelTable* table : test::tables()) {
      std::vector<float> y(4);
      table->vaffine_c(1, 4, x.data(), scale.data(), bias.data(), y.data());
      CHECK(test::is_pos_zero(y[0]));
      CHECK(test::is_neg_zero(y[1]));
      CHECK(test::is_neg_zero(y[2]));
      CHECK(test::is_neg_zero(y[3]));
    }
  }
}
