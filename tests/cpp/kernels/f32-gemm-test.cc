// f32-gemm kernels of both tables against the float contract (bit for bit), the double
// reference (within the summation bound) and each other: m, n, k around the 4x8 tile, strided
// operands, bias and clamps, NaN / inf / -0 sections, canaries around the output.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "reference/matmul.h"

namespace {

using test::i64;
using test::kInf;

const float kNan = std::numeric_limits<float>::quiet_NaN();

struct Case {
  std::size_t m, n, k;
  std::size_t a_pad = 0, b_pad = 0, c_pad = 0;  // extra floats per row (strides > extent)
  bool bias = false;
  float lo = -kInf, hi = kInf;
};

// Runs the kernel of `table` on guarded buffers; checks canaries, the float contract bit for bit
// and (finite inputs) the double reference. Returns the m x n outputs.
std::vector<float> run(const condense::KernelTable& table, const Case& c,
                       const std::vector<float>& a, const std::vector<float>& b,
                       const std::vector<float>& bias, bool finite) {
  CAPTURE(table.isa, c.m, c.n, c.k, c.a_pad, c.b_pad, c.c_pad, c.bias, c.lo, c.hi);
  const std::size_t as = c.k + c.a_pad, bs = c.n + c.b_pad, cs = c.n + c.c_pad;
  test::Input in_a((c.m - 1) * as + c.k), in_b((c.k - 1) * bs + c.n, 2), in_bias(c.n, 3);
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t p = 0; p < c.k; ++p) in_a[i * as + p] = a[i * c.k + p];
  }
  for (std::size_t p = 0; p < c.k; ++p) {
    for (std::size_t j = 0; j < c.n; ++j) in_b[p * bs + j] = b[p * c.n + j];
  }
  in_bias.assign(bias);
  test::Output out((c.m - 1) * cs + c.n);
  // Padding floats of the output rows must stay as they are (poison).
  table.gemm(c.m, c.n, c.k, in_a.data(), as, in_b.data(), bs, c.bias ? in_bias.data() : nullptr,
             out.data(), cs, c.lo, c.hi);
  CHECK(out.canaries_intact());
  std::vector<float> y(c.m * c.n);
  bool pads_intact = true;
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t j = 0; j < cs && i * cs + j < out.size(); ++j) {
      if (j < c.n) {
        y[i * c.n + j] = out[i * cs + j];
      } else if (test::bits(out[i * cs + j]) != test::bits(test::kPoison)) {
        pads_intact = false;
      }
    }
  }
  CHECK(pads_intact);
  const i64 m = static_cast<i64>(c.m), n = static_cast<i64>(c.n), k = static_cast<i64>(c.k);
  const std::vector<float> want =
      ref::matmul_sequential(a, b, m, k, n, c.bias ? &bias : nullptr, c.lo, c.hi);
  CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), y.data(), y.size());
  if (finite) {
    const ref::Expected e =
        ref::matmul_double(a, b, m, k, n, c.bias ? &bias : nullptr, static_cast<double>(c.lo),
                           static_cast<double>(c.hi));
    CHECK_REFERENCE(e, y.data());
  }
  return y;
}

void run_all(const Case& c, const std::vector<float>& a, const std::vector<float>& b,
             const std::vector<float>& bias, bool finite) {
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* t : test::tables())
    results.push_back(run(*t, c, a, b, bias, finite));
  if (results.size() == 2) {
    CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), results[0].size());
  }
}

void random_case(std::mt19937& rng, const Case& c) {
  std::vector<float> a(c.m * c.k), b(c.k * c.n), bias(c.n);
  test::fill(rng, a);
  test::fill(rng, b);
  test::fill(rng, bias);
  run_all(c, a, b, bias, true);
}

}  // namespace

TEST_CASE("f32-gemm: m, n, k in 1..17 around the 4x8 tile", "[f32-gemm]") {
  const std::uint32_t seed = 0x6E11u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t m = 1; m <= 9; ++m) {
    for (std::size_t n = 1; n <= 17; ++n) {
      for (std::size_t k : {1u, 2u, 3u, 4u, 5u, 8u, 13u, 17u}) {
        Case c{m, n, k};
        c.bias = (m + n + k) % 2 == 0;
        random_case(rng, c);
      }
    }
  }
}

TEST_CASE("f32-gemm: large extents 64, 65 and strided rows", "[f32-gemm]") {
  const std::uint32_t seed = 0x6E12u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t m : {1u, 4u, 13u, 64u, 65u}) {
    for (std::size_t n : {1u, 8u, 17u, 64u, 65u}) {
      for (std::size_t k : {1u, 64u, 65u}) {
        Case c{m, n, k};
        c.bias = true;
        random_case(rng, c);
        Case s{m, n, k, 3, 5, 2};
        random_case(rng, s);
      }
    }
  }
}

TEST_CASE("f32-gemm: fused clamps (relu, relu6) with and without bias", "[f32-gemm]") {
  const std::uint32_t seed = 0x6E13u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t n : {3u, 8u, 12u, 19u}) {
    for (float hi : {kInf, 6.0f, 0.25f}) {
      Case c{6, n, 9};
      c.lo = 0.0f;
      c.hi = hi;
      c.bias = hi != kInf;
      std::vector<float> a(c.m * c.k), b(c.k * c.n), bias(c.n);
      test::fill(rng, a, -3.0f, 3.0f);
      test::fill(rng, b, -3.0f, 3.0f);
      test::fill(rng, bias);
      run_all(c, a, b, bias, true);
    }
  }
}

TEST_CASE("f32-gemm: NaN, infinities and signed zeros", "[f32-gemm]") {
  const float cycle[] = {kNan, -0.0f, 0.0f, kInf, -kInf, 1.5f, -2.5f, 0.0f, 3.0f, -0.0f, 1e30f};
  const std::size_t period = sizeof(cycle) / sizeof(cycle[0]);
  SECTION("specials in a and b") {
    for (std::size_t n : {1u, 5u, 8u, 13u}) {
      for (std::size_t phase = 0; phase < 3; ++phase) {
        Case c{5, n, 7};
        c.bias = phase == 1;
        c.lo = phase == 2 ? 0.0f : -kInf;
        c.hi = phase == 2 ? 6.0f : kInf;
        std::vector<float> a(c.m * c.k), b(c.k * c.n), bias(c.n, -0.0f);
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = cycle[(i * 3 + phase) % period];
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = cycle[(i * 5 + 2 * phase + 1) % period];
        run_all(c, a, b, bias, false);
      }
    }
  }
  SECTION("a sum of negative zeros is +0 (the sum starts at +0); -0 bias keeps it +0") {
    Case c{4, 9, 3};
    std::vector<float> a(c.m * c.k, -0.0f), b(c.k * c.n, 1.0f), bias(c.n, -0.0f);
    for (const condense::KernelTable* t : test::tables()) {
      const std::vector<float> y = run(*t, c, a, b, bias, false);
      for (float v : y) CHECK(test::is_pos_zero(v));
      c.bias = true;
      const std::vector<float> yb = run(*t, c, a, b, bias, false);
      for (float v : yb) CHECK(test::is_pos_zero(v));
      c.bias = false;
    }
  }
  SECTION("0 * inf is NaN; NaN passes the relu6 clamp") {
    Case c{2, 8, 2};
    c.lo = 0.0f;
    c.hi = 6.0f;
    std::vector<float> a = {0.0f, 1.0f, kNan, 1.0f}, b(c.k * c.n, kInf), bias(c.n, 0.0f);
    for (const condense::KernelTable* t : test::tables()) {
      const std::vector<float> y = run(*t, c, a, b, bias, false);
      for (float v : y) CHECK(test::is_nan(v));
    }
  }
  SECTION("overflow to infinity then clamp") {
    Case c{1, 4, 2};
    c.hi = 6.0f;
    std::vector<float> a = {3e38f, 3e38f}, b(c.k * c.n, 2.0f), bias(c.n, 0.0f);
    for (const condense::KernelTable* t : test::tables()) {
      const std::vector<float> y = run(*t, c, a, b, bias, false);
      for (float v : y) CHECK(v == 6.0f);
    }
  }
}

namespace {

// gemm_acc on guarded buffers with C prefilled by c_init (row stride n + c_pad): every output
// bit for bit the running sum from c_init, then + bias, then the clamp; padding floats of the
// output rows and the canaries untouched. Returns the m x n outputs.
std::vector<float> run_acc(const condense::KernelTable& table, const Case& c,
                           const std::vector<float>& a, const std::vector<float>& b,
                           const std::vector<float>& bias, const std::vector<float>& c_init) {
  CAPTURE(table.isa, c.m, c.n, c.k, c.a_pad, c.b_pad, c.c_pad, c.bias, c.lo, c.hi);
  const std::size_t as = c.k + c.a_pad, bs = c.n + c.b_pad, cs = c.n + c.c_pad;
  test::Input in_a((c.m - 1) * as + c.k), in_b((c.k - 1) * bs + c.n, 2), in_bias(c.n, 3);
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t p = 0; p < c.k; ++p) in_a[i * as + p] = a[i * c.k + p];
  }
  for (std::size_t p = 0; p < c.k; ++p) {
    for (std::size_t j = 0; j < c.n; ++j) in_b[p * bs + j] = b[p * c.n + j];
  }
  in_bias.assign(bias);
  test::Output out((c.m - 1) * cs + c.n);
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t j = 0; j < c.n; ++j) out.data()[i * cs + j] = c_init[i * c.n + j];
  }
  table.gemm_acc(c.m, c.n, c.k, in_a.data(), as, in_b.data(), bs, c.bias ? in_bias.data() : nullptr,
                 out.data(), cs, c.lo, c.hi);
  CHECK(out.canaries_intact());
  std::vector<float> y(c.m * c.n), want(c.m * c.n);
  bool pads_intact = true;
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t j = 0; j < cs && i * cs + j < out.size(); ++j) {
      if (j >= c.n) {
        pads_intact = pads_intact && test::bits(out[i * cs + j]) == test::bits(test::kPoison);
        continue;
      }
      y[i * c.n + j] = out[i * cs + j];
      float s = c_init[i * c.n + j];
      for (std::size_t p = 0; p < c.k; ++p) s = s + a[i * c.k + p] * b[p * c.n + j];
      if (c.bias) s = s + bias[j];
      // The clamp as kernels/nan.h: pmin(pmax(s, lo), hi), a NaN passes.
      s = c.lo > s ? c.lo : s;
      s = s > c.hi ? c.hi : s;
      want[i * c.n + j] = s;
    }
  }
  CHECK(pads_intact);
  CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), y.data(), y.size());
  return y;
}

}  // namespace

TEST_CASE("f32-gemm-acc: sums continue from C, m, n, k around the tile, strides, clamps",
          "[f32-gemm]") {
  const std::uint32_t seed = 0x6E14u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t m = 1; m <= 9; ++m) {
    for (std::size_t n : {1u, 3u, 4u, 7u, 8u, 12u, 16u, 17u, 33u}) {
      for (std::size_t k : {1u, 3u, 8u, 17u}) {
        Case c{m, n, k, m % 3, n % 2, (m + n) % 3};
        c.bias = (m + k) % 2 == 0;
        if (m % 4 == 3) {
          c.lo = 0.0f;
          c.hi = 6.0f;
        }
        std::vector<float> a(c.m * c.k), b(c.k * c.n), bias(c.n), c_init(c.m * c.n);
        test::fill(rng, a);
        test::fill(rng, b);
        test::fill(rng, bias);
        test::fill(rng, c_init, -4.0f, 4.0f);
        std::vector<std::vector<float>> results;
        for (const condense::KernelTable* t : test::tables())
          results.push_back(run_acc(*t, c, a, b, bias, c_init));
        if (results.size() == 2)
          CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
      }
    }
  }
}

TEST_CASE("f32-gemm-acc: a sum split over k equals one gemm; NaN and inf in C", "[f32-gemm]") {
  const std::uint32_t seed = 0x6E15u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  SECTION("gemm over k = 0..k1, then gemm_acc over k1..k: the bits of one gemm") {
    const std::size_t m = 7, n = 13, k = 23, k1 = 9;
    std::vector<float> a(m * k), b(k * n);
    test::fill(rng, a);
    test::fill(rng, b);
    for (const condense::KernelTable* t : test::tables()) {
      CAPTURE(t->isa);
      std::vector<float> whole(m * n), split(m * n);
      t->gemm(m, n, k, a.data(), k, b.data(), n, nullptr, whole.data(), n, -kInf, kInf);
      t->gemm(m, n, k1, a.data(), k, b.data(), n, nullptr, split.data(), n, -kInf, kInf);
      t->gemm_acc(m, n, k - k1, a.data() + k1, k, b.data() + k1 * n, n, nullptr, split.data(), n,
                  -kInf, kInf);
      CHECK_SAME_BITS(whole.data(), split.data(), whole.size());
    }
  }
  SECTION("C holding NaN, infinities and -0") {
    const float cycle[] = {kNan, kInf, -kInf, -0.0f, 0.0f, 2.5f};
    Case c{5, 11, 4};
    std::vector<float> a(c.m * c.k), b(c.k * c.n), bias(c.n), c_init(c.m * c.n);
    test::fill(rng, a);
    test::fill(rng, b);
    for (std::size_t i = 0; i < c_init.size(); ++i) c_init[i] = cycle[i % 6];
    for (const condense::KernelTable* t : test::tables()) run_acc(*t, c, a, b, bias, c_init);
  }
}

TEST_CASE("f32-gemm: column tails 1..27 in one tile, leftover rows, every table the same bits",
          "[f32-gemm]") {
  const std::uint32_t seed = 0x6E16u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  // n mod 8 and n around the 12-column tail tile (and 16 + 4 for single rows); m 1..5 puts the
  // leftover rows (m mod 4) on the same tiles.
  for (std::size_t m = 1; m <= 5; ++m) {
    for (std::size_t n = 1; n <= 27; ++n) {
      Case c{m, n, 5, 1, n % 3, 2};
      c.bias = n % 2 == 1;
      c.lo = n % 5 == 0 ? 0.0f : -kInf;
      random_case(rng, c);
    }
  }
}

namespace {

// gemm and gemm_acc with OVERLAPPING rows of A (a_stride < k: row i starts a_stride floats after
// row i - 1, as a conv's input row read as [out_w, kw*ci] with stride_w*ci): each output is the
// float contract's sum over the k floats at a + i*a_stride, bit for bit, on every table.
void overlapping_case(std::mt19937& rng, std::size_t m, std::size_t n, std::size_t k,
                      std::size_t a_stride, bool acc) {
  CAPTURE(m, n, k, a_stride, acc);
  test::Input a((m - 1) * a_stride + k), b(k * n, 2), bias(n, 3);
  std::vector<float> av(a.size()), bv(k * n), biasv(n), c_init(m * n);
  test::fill(rng, av);
  test::fill(rng, bv);
  test::fill(rng, biasv);
  test::fill(rng, c_init, -4.0f, 4.0f);
  a.assign(av);
  b.assign(bv);
  bias.assign(biasv);
  // The same operations on A's rows copied apart.
  std::vector<float> want(m * n);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      float s = acc ? c_init[i * n + j] : 0.0f;
      for (std::size_t p = 0; p < k; ++p) s = s + av[i * a_stride + p] * bv[p * n + j];
      s = s + biasv[j];
      s = 0.0f > s ? 0.0f : s;
      want[i * n + j] = s;
    }
  }
  for (const condense::KernelTable* t : test::tables()) {
    CAPTURE(t->isa);
    test::Output out(m * n);
    if (acc) {
      for (std::size_t i = 0; i < m * n; ++i) out.data()[i] = c_init[i];
      t->gemm_acc(m, n, k, a.data(), a_stride, b.data(), n, bias.data(), out.data(), n, 0.0f, kInf);
    } else {
      t->gemm(m, n, k, a.data(), a_stride, b.data(), n, bias.data(), out.data(), n, 0.0f, kInf);
    }
    CHECK(out.canaries_intact());
    const std::vector<float> got = out.values();
    CHECK_SAME_BITS(want.data(), got.data(), got.size());
  }
}

}  // namespace

TEST_CASE("f32-gemm: overlapping rows of A (a_stride < k)", "[f32-gemm]") {
  const std::uint32_t seed = 0x6E17u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (const bool acc : {false, true}) {
    for (std::size_t m : {1u, 3u, 4u, 7u, 62u}) {
      for (std::size_t n : {4u, 10u, 13u, 32u}) {
        // 3x3 taps of 1, 3 and 10 channels at stride 1 and 2; a_stride 0 (every row the same).
        for (const std::size_t ci : {1u, 3u, 10u}) {
          overlapping_case(rng, m, n, 3 * ci, ci, acc);
          overlapping_case(rng, m, n, 3 * ci, 2 * ci, acc);
        }
        overlapping_case(rng, m, n, 5, 0, acc);
      }
    }
  }
}

namespace {

struct RowsCase {
  std::size_t m, n, rows, k, a_stride, row_step;
  bool init = false;
  std::size_t c_pad = 0;
  float lo = -kInf, hi = kInf;
};

// gemm_rows on guarded buffers (A one allocation covering every block, B the rows*k filter rows,
// C rows with poisoned padding): each output bit for bit the running sum from init[j] (or +0)
// over the blocks' terms in (block, p) order, then the clamp; the same bits on every table.
// `a_values` fills A cyclically (specials), else random.
void rows_case(std::mt19937& rng, const RowsCase& c, const std::vector<float>* a_values = nullptr,
               const std::vector<float>* b_values = nullptr) {
  CAPTURE(c.m, c.n, c.rows, c.k, c.a_stride, c.row_step, c.init, c.c_pad, c.lo, c.hi);
  const std::size_t a_size = (c.rows - 1) * c.row_step + (c.m - 1) * c.a_stride + c.k;
  const std::size_t bk = c.rows * c.k, cs = c.n + c.c_pad;
  std::vector<float> av(a_size), bv(bk * c.n), initv(c.n);
  test::fill(rng, av);
  test::fill(rng, bv);
  test::fill(rng, initv);
  if (a_values != nullptr) {
    for (std::size_t i = 0; i < av.size(); ++i) av[i] = (*a_values)[i % a_values->size()];
  }
  if (b_values != nullptr) {
    for (std::size_t i = 0; i < bv.size(); ++i) bv[i] = (*b_values)[(i * 7) % b_values->size()];
  }
  test::Input a(a_size), b(bk * c.n, 2), init(c.n, 3);
  a.assign(av);
  b.assign(bv);
  init.assign(initv);
  std::vector<float> want(c.m * c.n);
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t j = 0; j < c.n; ++j) {
      float s = c.init ? initv[j] : 0.0f;
      for (std::size_t r = 0; r < c.rows; ++r) {
        for (std::size_t p = 0; p < c.k; ++p) {
          s = s + av[r * c.row_step + i * c.a_stride + p] * bv[(r * c.k + p) * c.n + j];
        }
      }
      s = c.lo > s ? c.lo : s;
      s = s > c.hi ? c.hi : s;
      want[i * c.n + j] = s;
    }
  }
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* t : test::tables()) {
    CAPTURE(t->isa);
    test::Output out((c.m - 1) * cs + c.n);
    t->gemm_rows(c.m, c.n, c.rows, c.k, a.data(), c.a_stride, c.row_step, b.data(), c.n,
                 c.init ? init.data() : nullptr, out.data(), cs, c.lo, c.hi);
    CHECK(out.canaries_intact());
    std::vector<float> y(c.m * c.n);
    bool pads_intact = true;
    for (std::size_t i = 0; i < c.m; ++i) {
      for (std::size_t j = 0; j < cs && i * cs + j < out.size(); ++j) {
        if (j < c.n) {
          y[i * c.n + j] = out[i * cs + j];
        } else if (test::bits(out[i * cs + j]) != test::bits(test::kPoison)) {
          pads_intact = false;
        }
      }
    }
    CHECK(pads_intact);
    CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), y.data(), y.size());
    results.push_back(y);
  }
  if (results.size() == 2) {
    CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), results[0].size());
  }
}

}  // namespace

TEST_CASE("f32-gemm-rows: m, n (every column tail, paired 4q+2 columns), blocks, strides",
          "[f32-gemm]") {
  const std::uint32_t seed = 0x6E18u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t m : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 9u, 62u}) {
    for (std::size_t n = 1; n <= 27; ++n) {
      for (std::size_t ci : {1u, 3u, 10u}) {
        RowsCase c{m, n, 3, 3 * ci, ci, (m + 2) * ci + 1};
        c.init = (m + n) % 2 == 0;
        c.c_pad = n % 3;
        if (n % 4 == 1) {
          c.lo = 0.0f;
          c.hi = n % 8 == 1 ? 6.0f : kInf;
        }
        rows_case(rng, c);
      }
    }
  }
  // One block, stride-2 windows, disjoint rows, a_stride 0, wide n.
  for (std::size_t n : {2u, 6u, 10u, 14u, 33u, 64u, 65u}) {
    rows_case(rng, RowsCase{7, n, 1, 5, 0, 0, true});
    rows_case(rng, RowsCase{13, n, 2, 9, 6, 200, false, 1, 0.0f, kInf});
    rows_case(rng, RowsCase{8, n, 5, 4, 4, 40, true, 0, -0.5f, 0.5f});
  }
}

TEST_CASE("f32-gemm-rows: NaN, infinities and signed zeros; the sum starts at init or +0",
          "[f32-gemm]") {
  const std::uint32_t seed = 0x6E19u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const std::vector<float> specials = {kNan,  -0.0f, 0.0f, kInf,  -kInf, 1.5f,
                                       -2.5f, 0.0f,  3.0f, -0.0f, 1e30f};
  for (std::size_t n : {2u, 5u, 10u, 12u, 18u}) {
    for (std::size_t m : {1u, 4u, 7u}) {
      rows_case(rng, RowsCase{m, n, 3, 6, 2, 31, n % 2 == 0}, &specials, &specials);
      rows_case(rng, RowsCase{m, n, 2, 3, 3, 17, false, 0, 0.0f, 6.0f}, &specials);
    }
  }
  SECTION("products of -0 from +0 are +0; from a -0 init, -0") {
    for (const condense::KernelTable* t : test::tables()) {
      CAPTURE(t->isa);
      test::Input a(20), b(3 * 2 * 10), init(10);
      a.assign(std::vector<float>(20, -0.0f));
      b.assign(std::vector<float>(60, 1.0f));
      init.assign(std::vector<float>(10, -0.0f));
      test::Output out(4 * 10);
      t->gemm_rows(4, 10, 2, 3, a.data(), 2, 9, b.data(), 10, nullptr, out.data(), 10, -kInf, kInf);
      for (float v : out.values()) CHECK(test::is_pos_zero(v));
      t->gemm_rows(4, 10, 2, 3, a.data(), 2, 9, b.data(), 10, init.data(), out.data(), 10, -kInf,
                   kInf);
      for (float v : out.values()) CHECK(test::is_neg_zero(v));
    }
  }
}
