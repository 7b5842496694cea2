// f32-colormap kernels of both tables against the reference (tests/cpp/reference/colormap.h)
// and each other: the colour lookup, the NaN-propagating row maximum and the runs of a row.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "reference/colormap.h"

namespace {

using test::kInf;
const float kNan = std::numeric_limits<float>::quiet_NaN();
const std::uint32_t kBad = 0x80402010u;
const std::size_t kCounts[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 33, 64};

// Finite values, with a special value every few elements.
std::vector<float> values(std::mt19937& rng, std::size_t n, float lo, float hi) {
  std::vector<float> v(n);
  test::fill(rng, v, lo, hi);
  const float specials[] = {kNan, kInf, -kInf, -0.0f, 0.0f, lo, hi, 1e-40f};
  for (std::size_t i = 0; i < n; i += 3) v[i] = specials[(i / 3) % 8];
  return v;
}

condense::ColormapParams params(const std::uint32_t* lut, float vmin, float vmax, bool inf_bad) {
  condense::ColormapParams p;
  p.lut = lut;
  p.vmin = vmin;
  p.range = vmax - vmin;
  p.bad = kBad;
  p.degenerate = !(vmin < vmax);
  p.infinite_bad = inf_bad;
  return p;
}

// The colour tables as uint32, the op's way (a copy from image.cc's colormap_f32 itself).
std::vector<std::uint32_t> lut_of(condense::Colormap map) {
  std::vector<float> ramp(256);
  for (std::size_t i = 0; i < 256; ++i) ramp[i] = (static_cast<float>(i) + 0.5f) / 256.0f;
  std::vector<std::uint32_t> lut(256);
  condense::colormap_f32(ramp.data(), 256, map, 0.0f, 1.0f,
                         reinterpret_cast<std::uint8_t*>(lut.data()));
  return lut;
}

bool same_or_both_nan(float a, float b) { return (a != a && b != b) || a == b; }

}  // namespace

TEST_CASE("f32-colormap: lut, counts around the vector width, NaN / inf / bounds, both modes",
          "[f32-colormap]") {
  std::mt19937 rng(52001);
  const std::vector<std::uint32_t> lut = lut_of(condense::Colormap::kMagma);
  struct Bounds {
    float vmin, vmax;
  };
  const Bounds bounds[] = {
      {-1.0f, 1.0f}, {0.0f, 3.5f}, {2.0f, 2.0f}, {1.0f, -1.0f}, {-1e30f, 1e30f}};
  for (std::size_t n : kCounts) {
    for (const Bounds& b : bounds) {
      for (bool inf_bad : {false, true}) {
        CAPTURE(n, b.vmin, b.vmax, inf_bad);
        const std::vector<float> x = values(rng, n, -1.5f, 4.0f);
        test::Input in(n);
        in.assign(x);
        const condense::ColormapParams p = params(lut.data(), b.vmin, b.vmax, inf_bad);
        std::vector<std::vector<std::uint32_t>> outs;
        for (const condense::KernelTable* table : test::tables()) {
          CAPTURE(table->isa);
          std::vector<std::uint32_t> px(n + 2, 0xDEADBEEFu);
          table->colormap_lut(n, in.data(), px.data() + 1, &p);
          CHECK(px[0] == 0xDEADBEEFu);
          CHECK(px[n + 1] == 0xDEADBEEFu);
          for (std::size_t i = 0; i < n; ++i) {
            CAPTURE(i, x[i]);
            CHECK(px[i + 1] ==
                  ref::colour_of(x[i], condense::Colormap::kMagma, b.vmin, b.vmax, kBad, inf_bad));
          }
          outs.emplace_back(px.begin() + 1, px.end() - 1);
        }
        if (outs.size() == 2) CHECK(outs[0] == outs[1]);
      }
    }
  }
}

TEST_CASE("f32-colormap: vmax keeps NaN, turns infinities bad when asked", "[f32-colormap]") {
  std::mt19937 rng(52002);
  for (std::size_t n : kCounts) {
    for (bool inf_bad : {false, true}) {
      CAPTURE(n, inf_bad);
      const std::vector<float> a = values(rng, n, -2.0f, 2.0f);
      std::vector<float> x = values(rng, n, -2.0f, 2.0f);
      std::rotate(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n / 2), x.end());
      test::Input in(n);
      in.assign(x);
      condense::ColormapParams p;
      p.infinite_bad = inf_bad;
      std::vector<std::vector<float>> outs;
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        test::Output acc(n);
        std::memcpy(acc.data(), a.data(), n * sizeof(float));
        table->colormap_vmax(n, in.data(), acc.data(), &p);
        CHECK(acc.canaries_intact());
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i, a[i], x[i]);
          const float v = inf_bad && std::isinf(x[i]) ? kNan : x[i];
          const float want = std::isnan(a[i]) || std::isnan(v) ? kNan : std::max(a[i], v);
          CHECK(same_or_both_nan(acc[i], want));
        }
        outs.push_back(acc.values());
      }
      if (outs.size() == 2) {
        for (std::size_t i = 0; i < n; ++i) CHECK(same_or_both_nan(outs[0][i], outs[1][i]));
      }
    }
  }
}

TEST_CASE("f32-colormap: hmax over a row split into runs", "[f32-colormap]") {
  std::mt19937 rng(52003);
  for (std::size_t w : {1u, 2u, 5u, 9u, 17u, 40u}) {
    for (std::size_t n = 1; n <= w; n += (w > 8 ? 3 : 1)) {
      CAPTURE(w, n);
      const std::vector<float> x = values(rng, w, -1.0f, 1.0f);
      test::Input in(w);
      in.assign(x);
      std::vector<std::size_t> start(n), end(n);
      for (std::size_t j = 0; j < n; ++j) {
        start[j] = j * w / n;
        end[j] = (j + 1) * w / n;
      }
      for (const condense::KernelTable* table : test::tables()) {
        test::Output y(n);
        table->colormap_hmax(n, in.data(), start.data(), end.data(), y.data());
        CHECK(y.canaries_intact());
        for (std::size_t j = 0; j < n; ++j) {
          CAPTURE(j);
          CHECK(same_or_both_nan(y[j], ref::block_max(x, w, 0, 1, start[j], end[j], false)));
        }
      }
    }
  }
}

TEST_CASE("f32-colormap: stats count zeros, positives, NaN, infinities; the finite range",
          "[f32-colormap]") {
  std::mt19937 rng(52004);
  for (std::size_t n : kCounts) {
    for (int variant = 0; variant < 3; ++variant) {
      CAPTURE(n, variant);
      std::vector<float> x = values(rng, n, -1.0f, 2.0f);
      if (variant == 1) std::fill(x.begin(), x.end(), kNan);  // nothing finite
      if (variant == 2) {
        for (std::size_t i = 0; i < n; i += 2) x[i] = 0.0f;  // a ReLU map's zeros
      }
      test::Input in(n);
      in.assign(x);
      condense::ColormapStats want;
      for (float v : x) {
        want.zeros += v == 0.0f;
        want.positive += v > 0.0f;
        want.nan += std::isnan(v);
        want.pos_inf += v == kInf;
        want.neg_inf += v == -kInf;
        if (std::isfinite(v)) {
          want.min = std::min(want.min, v);
          want.max = std::max(want.max, v);
        }
      }
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(table->isa);
        condense::ColormapStats got;
        table->colormap_stats(n, in.data(), &got);
        CHECK(got.zeros == want.zeros);
        CHECK(got.positive == want.positive);
        CHECK(got.nan == want.nan);
        CHECK(got.pos_inf == want.pos_inf);
        CHECK(got.neg_inf == want.neg_inf);
        CHECK(got.min == want.min);  // == : either zero for +0 vs -0
        CHECK(got.max == want.max);
      }
    }
  }
}
