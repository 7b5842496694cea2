// f32-prelu and f32-prelu-grad kernels of both tables against the reference and each other.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "reference/prelu-batch-norm.h"

namespace {

using test::bits;
using test::from_bits;
using test::kInf;

const float kNan = std::numeric_limits<float>::quiet_NaN();

// Around the 4-float vector and the 8-channel main loop.
const std::size_t kChannels[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 15, 16, 17, 24, 31, 33};
const std::size_t kRows[] = {1, 2, 3, 7};

// The kernel contract's partial sums: float, row order, from +0.
std::vector<float> contract_partials(std::size_t rows, std::size_t channels,
                                     const std::vector<float>& dy, const std::vector<float>& x) {
  std::vector<float> s(channels, 0.0f);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < channels; ++c) {
      const std::size_t i = r * channels + c;
      const float term = ref::less(0.0f, x[i]) ? 0.0f : dy[i] * x[i];
      s[c] = s[c] + term;
    }
  }
  return s;
}

struct Run {
  std::vector<float> y, dx, partial;
};

// prelu and prelu_grad of one table on guarded buffers, checked against the reference.
Run run_kernels(const condense::KernelTable& table, std::size_t rows, std::size_t channels,
                const std::vector<float>& x, const std::vector<float>& dy,
                const std::vector<float>& alpha) {
  CAPTURE(table.isa, rows, channels);
  const std::size_t n = rows * channels;
  test::Input in(n), grad(n, 3), slopes(channels, 2);
  in.assign(x);
  grad.assign(dy);
  slopes.assign(alpha);
  test::Output y(n), dx(n, 2), partial(channels, 3);
  table.prelu(rows, channels, in.data(), slopes.data(), y.data());
  table.prelu_grad(rows, channels, grad.data(), in.data(), slopes.data(), dx.data(),
                   partial.data());
  CHECK(y.canaries_intact());
  CHECK(dx.canaries_intact());
  CHECK(partial.canaries_intact());

  const std::vector<float> want_y = ref::prelu(x, static_cast<test::i64>(channels), alpha);
  CHECK_SAME_BITS_OR_BOTH_NAN(want_y.data(), y.data(), n);
  const ref::PreluGrad want = ref::prelu_grad(dy, x, static_cast<test::i64>(channels), alpha);
  CHECK_SAME_BITS_OR_BOTH_NAN(want.dx.data(), dx.data(), n);
  const std::vector<float> want_partial = contract_partials(rows, channels, dy, x);
  CHECK_SAME_BITS_OR_BOTH_NAN(want_partial.data(), partial.data(), channels);
  CHECK_REFERENCE(want.dalpha, partial.data());
  return Run{y.values(), dx.values(), partial.values()};
}

void check_tables_agree(const std::vector<Run>& r) {
  if (r.size() != 2) return;
  CHECK_SAME_BITS_OR_BOTH_NAN(r[0].y.data(), r[1].y.data(), r[0].y.size());
  CHECK_SAME_BITS_OR_BOTH_NAN(r[0].dx.data(), r[1].dx.data(), r[0].dx.size());
  CHECK_SAME_BITS_OR_BOTH_NAN(r[0].partial.data(), r[1].partial.data(), r[0].partial.size());
}

std::vector<float> specials(std::size_t n, std::size_t phase) {
  const float cycle[] = {kNan,    from_bits(0xFFC00000u),
                         -0.0f,   0.0f,
                         kInf,    -kInf,
                         1.5f,    -2.5f,
                         -1e-40f, 3.0f,
                         -0.25f,  1e-40f,
                         -7.0f,   from_bits(0x7FC12345u)};
  const std::size_t m = sizeof cycle / sizeof cycle[0];
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = cycle[(i + phase) % m];
  return v;
}

}  // namespace

TEST_CASE("f32-prelu: channels 1..33 around the vector width, rows 1..7, odd offsets, canaries",
          "[f32-prelu]") {
  const unsigned seed = 41001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t channels : kChannels) {
    for (std::size_t rows : kRows) {
      const std::size_t n = rows * channels;
      std::vector<float> x(n), dy(n), alpha(channels);
      test::fill(rng, x, -4.0f, 4.0f);
      test::fill(rng, dy, -2.0f, 2.0f);
      test::fill(rng, alpha, -1.0f, 1.0f);
      std::vector<Run> runs;
      for (const condense::KernelTable* table : test::tables()) {
        runs.push_back(run_kernels(*table, rows, channels, x, dy, alpha));
      }
      check_tables_agree(runs);
    }
  }
}

TEST_CASE("f32-prelu: in place (y == x, dx == dy)", "[f32-prelu]") {
  const unsigned seed = 41002;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (std::size_t channels : {3u, 8u, 13u}) {
    const std::size_t rows = 5, n = rows * channels;
    std::vector<float> x(n), dy(n), alpha(channels);
    test::fill(rng, x, -4.0f, 4.0f);
    test::fill(rng, dy, -2.0f, 2.0f);
    test::fill(rng, alpha, -1.0f, 1.0f);
    const std::vector<float> want_y = ref::prelu(x, static_cast<test::i64>(channels), alpha);
    const ref::PreluGrad want = ref::prelu_grad(dy, x, static_cast<test::i64>(channels), alpha);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa, channels);
      test::Input buf(n);
      buf.assign(x);
      table->prelu(rows, channels, buf.data(), alpha.data(), buf.data());
      CHECK_SAME_BITS(want_y.data(), buf.data(), n);
      test::Input xs(n), g(n);
      xs.assign(x);
      g.assign(dy);
      std::vector<float> partial(channels);
      table->prelu_grad(rows, channels, g.data(), xs.data(), alpha.data(), g.data(),
                        partial.data());
      CHECK_SAME_BITS(want.dx.data(), g.data(), n);
      CHECK_REFERENCE(want.dalpha, partial.data());
    }
  }
}

TEST_CASE("f32-prelu: NaN, +-0 and +-inf in x, dy and alpha", "[f32-prelu][nan][zero][inf]") {
  SECTION("every special x against every special slope, in every lane position") {
    for (std::size_t channels : {1u, 4u, 7u, 9u, 16u, 17u}) {
      for (std::size_t phase = 0; phase < 5; ++phase) {
        const std::size_t rows = 3, n = rows * channels;
        const std::vector<float> x = specials(n, phase);
        const std::vector<float> dy = specials(n, phase + 3);
        const std::vector<float> alpha = specials(channels, phase + 6);
        CAPTURE(phase);
        std::vector<Run> runs;
        for (const condense::KernelTable* table : test::tables()) {
          runs.push_back(run_kernels(*table, rows, channels, x, dy, alpha));
        }
        check_tables_agree(runs);
      }
    }
  }
  SECTION("x = -0: the sign follows alpha; NaN x: a NaN output and a NaN partial sum") {
    const std::vector<float> x = {-0.0f, -0.0f, -0.0f, kNan, 2.0f, -0.0f, kNan, -1.0f, 0.0f};
    const std::vector<float> alpha = {0.5f, -0.5f, 0.0f, 0.5f, 0.5f, -0.0f, 0.0f, kInf, -3.0f};
    const std::vector<float> dy(9, 1.0f);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> y(9), dx(9), partial(9);
      table->prelu(1, 9, x.data(), alpha.data(), y.data());
      table->prelu_grad(1, 9, dy.data(), x.data(), alpha.data(), dx.data(), partial.data());
      CHECK(test::is_neg_zero(y[0]));  // 0.5 * -0
      CHECK(test::is_pos_zero(y[1]));  // -0.5 * -0
      CHECK(test::is_neg_zero(y[2]));  // 0 * -0
      CHECK(test::is_nan(y[3]));
      CHECK(y[4] == 2.0f);
      CHECK(test::is_pos_zero(y[5]));  // -0 * -0
      CHECK(test::is_nan(y[6]));       // 0 * NaN
      CHECK(y[7] == -kInf);            // inf * -1
      CHECK(test::is_neg_zero(y[8]));  // +0 is not > 0: -3 * +0
      CHECK(dx[0] == 0.5f);
      CHECK(dx[4] == 1.0f);
      CHECK(dx[3] == 0.5f);                  // x NaN: alpha * dy
      CHECK(test::is_pos_zero(partial[0]));  // +0 + 1 * -0
      CHECK(test::is_nan(partial[3]));
      CHECK(test::is_pos_zero(partial[4]));  // x > 0 adds nothing
      CHECK(partial[7] == -1.0f);
    }
  }
  SECTION("x > 0 masks out an infinite or NaN dy * x") {
    const std::vector<float> x = {1.0f, kInf, 3.0f, 0.5f, 2.0f};
    const std::vector<float> dy = {kNan, 1.0f, kInf, -kInf, kNan};
    const std::vector<float> alpha = {0.25f};
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      std::vector<float> dx(5), partial(1);
      table->prelu_grad(5, 1, dy.data(), x.data(), alpha.data(), dx.data(), partial.data());
      CHECK(test::is_pos_zero(partial[0]));
      CHECK(dx[3] == -kInf);
    }
  }
}
