// f32-relugrad's relu6_grad, clamp_grad and lrelu_grad against the naive references
// (tests/cpp/reference/activation-pool-grad.h): lengths around the SIMD widths, NaN / +-0 / inf /
// the interval ends in x and dy, canaries, scalar == SIMD bit for bit.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "reference/activation-pool-grad.h"

namespace {

using test::bits;
using test::kInf;

std::vector<std::size_t> sweep() {
  std::vector<std::size_t> n;
  for (std::size_t i = 1; i <= 20; ++i) n.push_back(i);
  for (std::size_t i : {31u, 32u, 33u, 64u}) n.push_back(i);
  return n;
}

// Runs `call(table, n, dy, x, dx)` on random data with specials; checks each lane against
// want(dy, x) bit for bit and the two tables against each other.
template <typename Call, typename Want>
void check_family(std::uint32_t seed, Call&& call, Want&& want) {
  std::mt19937 rng(seed);
  const float specials[] = {0.0f,    -0.0f, kInf, -kInf, std::numeric_limits<float>::quiet_NaN(),
                            6.0f,    -6.0f, 1.0f, -1.0f, 1e-45f,
                            -1e-45f, 0.5f,  -0.5f};
  for (std::size_t n : sweep()) {
    CAPTURE(n);
    test::Input dy(n), x(n);
    test::fill(rng, dy.data(), n, -8.0f, 8.0f);
    test::fill(rng, x.data(), n, -8.0f, 8.0f);
    for (std::size_t i = 0; i < n; i += 2) x[i] = specials[(i / 2) % 13];
    for (std::size_t i = 1; i < n; i += 4) dy[i] = specials[(i + 4) % 13];
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      test::Output dx(n);
      call(*table, n, dy.data(), x.data(), dx.data());
      CHECK(dx.canaries_intact());
      for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i, x[i], dy[i]);
        const float w = want(dy[i], x[i]);
        CHECK((bits(dx[i]) == bits(w) || (test::is_nan(dx[i]) && test::is_nan(w))));
      }
      results.push_back(dx.values());
    }
    if (results.size() == 2) CHECK_SAME_BITS(results[0].data(), results[1].data(), n);
  }
}

}  // namespace

TEST_CASE("f32-relugrad relu6_grad: dy where 0 < x < 6, else +0", "[f32-relugrad]") {
  check_family(
      7101,
      [](const condense::KernelTable& t, std::size_t n, const float* dy, const float* x,
         float* dx) { t.relu6_grad(n, dy, x, dx); },
      [](float dy, float x) { return ref::relu6_grad(dy, x); });
}

TEST_CASE("f32-relugrad clamp_grad: dy where lo <= x <= hi (NaN keeps dy), else +0",
          "[f32-relugrad]") {
  const float bounds[][2] = {{-0.5f, 6.0f}, {0.0f, 0.0f},  {-kInf, 1.0f},
                             {2.0f, 1.0f},  {-kInf, kInf}, {-0.0f, 0.5f}};
  for (const auto& b : bounds) {
    CAPTURE(b[0], b[1]);
    check_family(
        7102,
        [&](const condense::KernelTable& t, std::size_t n, const float* dy, const float* x,
            float* dx) { t.clamp_grad(n, dy, x, b[0], b[1], dx); },
        [&](float dy, float x) { return ref::clamp_grad(dy, x, b[0], b[1]); });
  }
}

TEST_CASE("f32-relugrad lrelu_grad: x > 0 ? dy : alpha * dy", "[f32-relugrad]") {
  for (float alpha : {0.2f, 0.0f, -0.5f, 3.0f, 1e-30f}) {
    CAPTURE(alpha);
    check_family(
        7103,
        [&](const condense::KernelTable& t, std::size_t n, const float* dy, const float* x,
            float* dx) { t.lrelu_grad(n, dy, x, alpha, dx); },
        [&](float dy, float x) { return ref::leaky_relu_grad(dy, x, alpha); });
  }
}
