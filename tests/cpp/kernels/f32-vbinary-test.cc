// f32-vbinary (vadd, vsub, vmul, their scalar forms, vstep) and f32-rsum against references
// computed in double and rounded once to float (what tfjs-backend-cpu stores): lengths around
// the SIMD widths, NaN / +-0 / inf / subnormal operands, aliasing, canaries, scalar == SIMD.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"

namespace {

using test::bits;
using test::kInf;

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kSpecials[] = {0.0f,     -0.0f,           kInf,   -kInf,      kNaN,
                           1.0f,     -1.0f,           1e-45f, -1e-45f,    3.4e38f,
                           -3.4e38f, 1.17549435e-38f, 0.1f,   16777217.0f};
constexpr std::size_t kSpecialCount = sizeof(kSpecials) / sizeof(kSpecials[0]);

std::vector<std::size_t> lengths() {
  std::vector<std::size_t> n;
  for (std::size_t i = 0; i <= 20; ++i) n.push_back(i);
  for (std::size_t i : {31u, 32u, 33u, 100u}) n.push_back(i);
  return n;
}

// Random data with the specials spread through both operands (every pair meets somewhere).
void fill_operands(std::mt19937& rng, std::size_t n, test::Input& a, test::Input& b) {
  test::fill(rng, a.data(), n, -100.0f, 100.0f);
  test::fill(rng, b.data(), n, -100.0f, 100.0f);
  for (std::size_t i = 0; i < n; i += 2) a[i] = kSpecials[(i / 2) % kSpecialCount];
  for (std::size_t i = 0; i < n; i += 3) b[i] = kSpecials[(i / 3 + 5) % kSpecialCount];
}

bool same(float got, float want) {
  return bits(got) == bits(want) || (test::is_nan(got) && test::is_nan(want));
}

enum class Op { kAdd, kSub, kMul };

float reference(Op op, float p, float q) {
  const double a = static_cast<double>(p), b = static_cast<double>(q);
  const double r = op == Op::kAdd ? a + b : op == Op::kSub ? a - b : a * b;
  return static_cast<float>(r);
}

condense::f32_vbinary_fn array_kernel(const condense::KernelTable& t, Op op) {
  return op == Op::kAdd ? t.vadd : op == Op::kSub ? t.vsub : t.vmul;
}

}  // namespace

TEST_CASE("f32-vbinary vadd / vsub / vmul: one rounding of the double result", "[f32-vbinary]") {
  std::mt19937 rng(9101);
  for (Op op : {Op::kAdd, Op::kSub, Op::kMul}) {
    CAPTURE(static_cast<int>(op));
    for (std::size_t n : lengths()) {
      CAPTURE(n);
      test::Input a(n), b(n);
      fill_operands(rng, n, a, b);
      std::vector<std::vector<float>> results;
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        test::Output y(n);
        array_kernel(*table, op)(n, a.data(), b.data(), y.data());
        CHECK(y.canaries_intact());
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, a[i], b[i]);
          CHECK(same(y[i], reference(op, a[i], b[i])));
        }
        results.push_back(y.values());
      }
      if (results.size() == 2) CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), n);
    }
  }
}

TEST_CASE("f32-vbinary scalar forms: a op c and c - a", "[f32-vbinary]") {
  std::mt19937 rng(9102);
  for (float c : {1.5f, -0.0f, 0.0f, kInf, kNaN, 1e-45f, -3.0e38f}) {
    CAPTURE(c);
    for (std::size_t n : lengths()) {
      CAPTURE(n);
      test::Input a(n), unused(n);
      fill_operands(rng, n, a, unused);
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        struct Form {
          condense::f32_vbinaryc_fn kernel;
          Op op;
          bool reversed;
        };
        const Form forms[] = {{table->vaddc, Op::kAdd, false},
                              {table->vsubc, Op::kSub, false},
                              {table->vrsubc, Op::kSub, true},
                              {table->vmulc, Op::kMul, false}};
        for (const Form& f : forms) {
          test::Output y(n);
          f.kernel(n, a.data(), c, y.data());
          CHECK(y.canaries_intact());
          for (std::size_t i = 0; i < n; ++i) {
            CAPTURE(i, a[i], f.reversed);
            const float want = f.reversed ? reference(f.op, c, a[i]) : reference(f.op, a[i], c);
            CHECK(same(y[i], want));
          }
        }
      }
    }
  }
}

TEST_CASE("f32-vbinary in place: y aliasing a", "[f32-vbinary]") {
  std::mt19937 rng(9103);
  const std::size_t n = 37;
  test::Input a(n), b(n);
  fill_operands(rng, n, a, b);
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    std::vector<float> y(a.data(), a.data() + n);
    table->vmul(n, y.data(), b.data(), y.data());
    for (std::size_t i = 0; i < n; ++i) CHECK(same(y[i], reference(Op::kMul, a[i], b[i])));
    std::vector<float> z(a.data(), a.data() + n);
    table->vrsubc(n, z.data(), 2.0f, z.data());
    for (std::size_t i = 0; i < n; ++i) CHECK(same(z[i], reference(Op::kSub, 2.0f, a[i])));
  }
}

TEST_CASE("f32-vbinary vstep: 1 where x > 0, canonical NaN where x is NaN, else alpha",
          "[f32-vbinary]") {
  std::mt19937 rng(9104);
  const float negative_nan = test::from_bits(0xffc00001u);
  for (float alpha : {0.0f, -0.0f, 0.25f, -3.0f, kNaN, kInf}) {
    CAPTURE(alpha);
    for (std::size_t n : lengths()) {
      CAPTURE(n);
      test::Input x(n), unused(n);
      fill_operands(rng, n, x, unused);
      if (n > 3) x[3] = negative_nan;  // any NaN input gives the canonical NaN
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        test::Output y(n);
        table->vstep(n, x.data(), alpha, y.data());
        CHECK(y.canaries_intact());
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, x[i]);
          const std::uint32_t want = x[i] > 0.0f    ? bits(1.0f)
                                     : x[i] != x[i] ? 0x7fc00000u
                                                    : bits(alpha);
          CHECK(bits(y[i]) == want);
        }
      }
    }
  }
}

TEST_CASE("f32-rsum rsum_c: per-channel double sums, row after row", "[f32-rsum]") {
  std::mt19937 rng(9105);
  for (std::size_t channels : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 16u, 33u}) {
    for (std::size_t rows : {1u, 2u, 5u, 64u}) {
      CAPTURE(channels, rows);
      const std::size_t n = rows * channels;
      test::Input x(n), unused(n);
      fill_operands(rng, n, x, unused);
      // A column without specials, of mixed magnitudes: its double sum rounds differently from
      // a float sum, so a float accumulator would be caught.
      for (std::size_t r = 0; r < rows; ++r)
        x[r * channels] = (r % 2 ? 1e8f : 1.0f) + 0.1f * float(r);
      std::vector<double> want(channels, 0.0);
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < channels; ++c)
          want[c] += static_cast<double>(x[r * channels + c]);
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        std::vector<double> acc(channels + 1, 0.0);
        acc[channels] = 42.0;  // canary
        table->rsum_c(rows, channels, x.data(), channels, acc.data());
        CHECK(acc[channels] == 42.0);
        for (std::size_t c = 0; c < channels; ++c) {
          CAPTURE(c);
          CHECK((acc[c] == want[c] || (acc[c] != acc[c] && want[c] != want[c])));
        }
        // The same rows 3 floats apart (a channel range of wider rows): the same sums.
        const std::size_t stride = channels + 3;
        std::vector<float> wide(rows * stride, 1e30f);
        for (std::size_t r = 0; r < rows; ++r)
          for (std::size_t c = 0; c < channels; ++c) wide[r * stride + c] = x[r * channels + c];
        std::vector<double> strided(channels, 0.0);
        table->rsum_c(rows, channels, wide.data(), stride, strided.data());
        for (std::size_t c = 0; c < channels; ++c) {
          CHECK((strided[c] == want[c] || (strided[c] != strided[c] && want[c] != want[c])));
        }
      }
    }
  }
}
