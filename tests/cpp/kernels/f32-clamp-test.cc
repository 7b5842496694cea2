// f32-clamp and f32-lrelu kernels of both tables against the reference, bit for bit.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"

namespace {

using test::bits;
using test::from_bits;
using test::kInf;

// Lengths around the 4-float vector, the 16-float main loop and its 4-float second loop.
std::vector<std::size_t> lengths() {
  std::vector<std::size_t> n;
  for (std::size_t i = 0; i <= 40; ++i) n.push_back(i);
  for (std::size_t i : {47u, 48u, 49u, 63u, 64u, 65u, 100u}) n.push_back(i);
  return n;
}

struct Bounds {
  float lo, hi;
};

const Bounds kBounds[] = {{0.0f, kInf},  {-kInf, kInf}, {0.0f, 6.0f},  {-0.5f, 0.25f},
                          {-kInf, 0.0f}, {0.3f, 0.3f},  {-0.0f, kInf}, {2.0f, -1.0f}};

// Runs clamp on every table; checks canaries and the reference; returns the outputs.
std::vector<std::vector<float>> run_clamp(const std::vector<float>& x, float lo, float hi) {
  const ref::Expected want = ref::clamp(x, lo, hi);
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    test::Input in(x.size());
    in.assign(x);
    test::Output out(x.size());
    table->clamp(x.size(), in.data(), out.data(), lo, hi);
    CHECK(out.canaries_intact());
    CHECK_REFERENCE(want, out.data());
    results.push_back(out.values());
  }
  return results;
}

std::vector<std::vector<float>> run_lrelu(const std::vector<float>& x, float alpha) {
  const ref::Expected want = ref::leaky_relu(x, alpha);
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    test::Input in(x.size());
    in.assign(x);
    test::Output out(x.size());
    table->lrelu(x.size(), in.data(), out.data(), alpha);
    CHECK(out.canaries_intact());
    CHECK_REFERENCE(want, out.data());
    results.push_back(out.values());
  }
  return results;
}

void check_tables_agree(const std::vector<std::vector<float>>& r) {
  if (r.size() == 2) CHECK_SAME_BITS(r[0].data(), r[1].data(), r[0].size());
}

// n values cycling through the special ones, so each lands in the 16-wide loop, the 4-wide
// loop and the scalar tail for some n.
std::vector<float> specials(std::size_t n) {
  const float cycle[] = {std::numeric_limits<float>::quiet_NaN(),
                         from_bits(0xFFC00000u),  // negative quiet NaN
                         from_bits(0x7FC12345u),  // NaN with a payload
                         -0.0f,
                         0.0f,
                         kInf,
                         -kInf,
                         1.5f,
                         -2.5f,
                         7.0f,
                         -1e-40f /* denormal */};
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = cycle[i % (sizeof cycle / sizeof cycle[0])];
  return v;
}

}  // namespace

TEST_CASE("f32-clamp: lengths 0..65 and 100, odd offsets, canaries, every bound pair",
          "[f32-clamp]") {
  const unsigned seed = 1001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t n : lengths()) {
    for (const Bounds& b : kBounds) {
      CAPTURE(n, b.lo, b.hi);
      std::vector<float> x(n);
      test::fill(rng, x, -8.0f, 8.0f);
      check_tables_agree(run_clamp(x, b.lo, b.hi));
    }
  }
}

TEST_CASE("f32-clamp: in place (in == out)", "[f32-clamp]") {
  const unsigned seed = 1002;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t n : {1u, 3u, 4u, 15u, 16u, 17u, 33u, 64u}) {
    std::vector<float> x(n);
    test::fill(rng, x, -8.0f, 8.0f);
    const ref::Expected want = ref::clamp(x, 0.0f, 6.0f);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(n, table->isa);
      test::Input buf(n);
      buf.assign(x);
      table->clamp(n, buf.data(), buf.data(), 0.0f, 6.0f);
      CHECK_REFERENCE(want, buf.data());
    }
  }
}

TEST_CASE("f32-lrelu: lengths 0..65 and 100, odd offsets, canaries, several alphas",
          "[f32-clamp][lrelu]") {
  const unsigned seed = 1003;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t n : lengths()) {
    for (float alpha : {0.0f, 0.01f, 0.2f, 1.0f, -0.5f, 3.0f}) {
      CAPTURE(n, alpha);
      std::vector<float> x(n);
      test::fill(rng, x, -8.0f, 8.0f);
      check_tables_agree(run_lrelu(x, alpha));
    }
  }
  SECTION("in place") {
    std::vector<float> x(37);
    test::fill(rng, x, -8.0f, 8.0f);
    const ref::Expected want = ref::leaky_relu(x, 0.1f);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      test::Input buf(x.size());
      buf.assign(x);
      table->lrelu(x.size(), buf.data(), buf.data(), 0.1f);
      CHECK_REFERENCE(want, buf.data());
    }
  }
}

TEST_CASE("f32-clamp: NaN passes through unchanged, relu(-0) = -0, infinities clamp",
          "[f32-clamp][nan][zero][inf]") {
  const std::size_t lengths_with_specials[] = {1, 7, 11, 16, 22, 33, 64};
  SECTION("relu [0, +inf)") {
    for (std::size_t n : lengths_with_specials) {
      CAPTURE(n);
      const std::vector<float> x = specials(n);
      const auto r = run_clamp(x, 0.0f, kInf);
      check_tables_agree(r);
      for (const auto& out : r) {
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, test::describe(x[i]));
          if (test::is_nan(x[i])) {
            CHECK(bits(out[i]) == bits(x[i]));  // the same NaN: payload and sign kept
          } else if (test::is_neg_zero(x[i])) {
            CHECK(test::is_neg_zero(out[i]));
          } else if (x[i] < 0.0f) {
            CHECK(test::is_pos_zero(out[i]));  // including -inf and the negative denormal
          } else {
            CHECK(bits(out[i]) == bits(x[i]));  // +0, +inf and positives unchanged
          }
        }
      }
    }
  }
  SECTION("relu6 [0, 6]") {
    for (std::size_t n : lengths_with_specials) {
      CAPTURE(n);
      const std::vector<float> x = specials(n);
      const auto r = run_clamp(x, 0.0f, 6.0f);
      check_tables_agree(r);
      for (const auto& out : r) {
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, test::describe(x[i]));
          if (test::is_nan(x[i])) CHECK(bits(out[i]) == bits(x[i]));
          if (test::is_neg_zero(x[i])) CHECK(test::is_neg_zero(out[i]));
          if (x[i] == kInf) CHECK(out[i] == 6.0f);
          if (x[i] == -kInf) CHECK(test::is_pos_zero(out[i]));
          if (x[i] == 7.0f) CHECK(out[i] == 6.0f);
        }
      }
    }
  }
  SECTION("identity (-inf, +inf) keeps every bit") {
    for (std::size_t n : lengths_with_specials) {
      CAPTURE(n);
      const std::vector<float> x = specials(n);
      const auto r = run_clamp(x, -kInf, kInf);
      check_tables_agree(r);
      for (const auto& out : r) {
        for (std::size_t i = 0; i < n; ++i) CHECK(bits(out[i]) == bits(x[i]));
      }
    }
  }
  SECTION("leaky relu, alpha -0.5: +0 -> -0, -0 -> +0, -inf -> +inf, NaN bits unchanged") {
    for (std::size_t n : lengths_with_specials) {
      CAPTURE(n);
      const std::vector<float> x = specials(n);
      const auto r = run_lrelu(x, -0.5f);
      check_tables_agree(r);
      for (const auto& out : r) {
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, test::describe(x[i]));
          if (test::is_nan(x[i])) CHECK(bits(out[i]) == bits(x[i]));
          if (bits(x[i]) == bits(0.0f)) CHECK(test::is_neg_zero(out[i]));
          if (test::is_neg_zero(x[i])) CHECK(bits(out[i]) == bits(0.0f));
          if (x[i] == -kInf) CHECK(out[i] == kInf);
          if (x[i] == kInf) CHECK(out[i] == kInf);
          if (x[i] == -2.5f) CHECK(out[i] == 1.25f);
        }
      }
    }
  }
  SECTION("leaky relu: NaN unchanged, -0 stays -0, infinities keep their sign") {
    for (std::size_t n : lengths_with_specials) {
      CAPTURE(n);
      const std::vector<float> x = specials(n);
      const auto r = run_lrelu(x, 0.1f);
      check_tables_agree(r);
      for (const auto& out : r) {
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, test::describe(x[i]));
          if (test::is_nan(x[i])) CHECK(bits(out[i]) == bits(x[i]));
          if (test::is_neg_zero(x[i])) CHECK(test::is_neg_zero(out[i]));
          if (x[i] == -kInf) CHECK(out[i] == -kInf);
          if (x[i] == kInf) CHECK(out[i] == kInf);
        }
      }
    }
  }
}
