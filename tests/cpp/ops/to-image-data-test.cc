// toImageData's drawing (ops/to-image-data.h) on both kernel tables against the naive reference:
// drawn sizes from 1x1 to the map's size, given and autoscaled bounds, NaN and infinities, and
// the errors.
#include "ops/to-image-data.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "helpers.h"
#include "reference/colormap.h"

namespace {

const float kNan = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

std::vector<std::uint32_t> draw(const condense::KernelTable& table,
                                const condense::ToImageDataRequest& r,
                                const std::vector<float>& map, float* vmin, float* vmax,
                                condense::ColormapStats* stats = nullptr) {
  condense::Workspace ws;
  condense::ColormapStats unused;
  std::vector<std::uint32_t> px(r.out_height * r.out_width + 1, 0xDEADBEEFu);
  const condense::Status s = condense::to_image_data_f32(
      "toImageData", table, r, map.data(), px.data(), ws, vmin, vmax, stats ? stats : &unused);
  REQUIRE(s.ok());
  CHECK(px.back() == 0xDEADBEEFu);
  px.pop_back();
  return px;
}

}  // namespace

TEST_CASE("toImageData op: every drawn size of small maps, specials, both tables",
          "[to-image-data]") {
  std::mt19937 rng(53001);
  for (int trial = 0; trial < 120; ++trial) {
    condense::ToImageDataRequest r;
    r.height = static_cast<std::size_t>(test::pick(rng, 1, 37));
    r.width = static_cast<std::size_t>(test::pick(rng, 1, 37));
    r.out_height = static_cast<std::size_t>(test::pick(rng, 1, static_cast<test::i64>(r.height)));
    r.out_width = static_cast<std::size_t>(test::pick(rng, 1, static_cast<test::i64>(r.width)));
    if (trial % 5 == 0) {
      r.out_height = r.height;
      r.out_width = r.width;
    }
    r.colormap = static_cast<std::int32_t>(trial % 3);
    r.bad = 0x11223344u;
    r.infinite_bad = trial % 2 == 1;
    const bool autoscale = trial % 4 < 2;
    r.vmin = autoscale ? kNan : -0.5f;
    r.vmax = autoscale ? kNan : 0.75f;
    std::vector<float> map(r.height * r.width);
    test::fill(rng, map, -1.0f, 1.0f);
    if (trial % 3 == 0) {
      for (std::size_t k = 0; k < 3; ++k) {
        const float special[] = {kNan, kInf, -kInf};
        map[static_cast<std::size_t>(test::pick(rng, 0, static_cast<test::i64>(map.size()) - 1))] =
            special[k];
      }
    }
    CAPTURE(trial, r.height, r.width, r.out_height, r.out_width, r.infinite_bad, autoscale);
    float lo = 0.0f, hi = 0.0f;
    condense::finite_min_max(map.data(), map.size(), &lo, &hi);
    const float vmin = autoscale ? lo : r.vmin, vmax = autoscale ? hi : r.vmax;
    const std::vector<std::uint32_t> want = ref::to_image_data(
        map, r.height, r.width, r.out_height, r.out_width,
        static_cast<condense::Colormap>(r.colormap), vmin, vmax, r.bad, r.infinite_bad);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      float used_min = 0.0f, used_max = 0.0f;
      condense::ColormapStats stats;
      const std::vector<std::uint32_t> got = draw(*table, r, map, &used_min, &used_max, &stats);
      CHECK(used_min == vmin);
      CHECK(used_max == vmax);
      CHECK(got == want);
      std::size_t zeros = 0, positive = 0, nan = 0, pinf = 0, ninf = 0;
      for (float v : map) {
        zeros += v == 0.0f;
        positive += v > 0.0f;
        nan += std::isnan(v);
        pinf += v == kInf;
        ninf += v == -kInf;
      }
      CHECK(stats.zeros == zeros);
      CHECK(stats.positive == positive);
      CHECK(stats.nan == nan);
      CHECK(stats.pos_inf == pinf);
      CHECK(stats.neg_inf == ninf);
      CHECK(stats.min == lo);
      CHECK(stats.max == hi);
    }
  }
}

TEST_CASE("toImageData op: a one-pixel line survives drawing 1:4 (max, not average)",
          "[to-image-data]") {
  condense::ToImageDataRequest r;
  r.height = r.width = 64;
  r.out_height = r.out_width = 16;
  r.colormap = 2;  // gray
  r.vmin = kNan;
  r.vmax = kNan;
  std::vector<float> map(64 * 64, 0.0f);
  for (std::size_t y = 0; y < 64; ++y) map[y * 64 + 33] = 1.0f;
  float vmin = 0.0f, vmax = 0.0f;
  const std::vector<std::uint32_t> px =
      draw(condense::default_kernel_table(), r, map, &vmin, &vmax);
  for (std::size_t y = 0; y < 16; ++y) {
    CHECK(px[y * 16 + 8] == 0xFFFFFFFFu);  // white: the line's column bin 8 covers 32..35
    CHECK(px[y * 16 + 7] == 0xFF000000u);  // black
  }
}

TEST_CASE("toImageData op: errors name the function and the parameter", "[to-image-data]") {
  condense::Workspace ws;
  std::vector<float> map(12, 0.0f);
  std::vector<std::uint32_t> px(64);
  float vmin = 0.0f, vmax = 0.0f;
  condense::ToImageDataRequest r;
  r.height = 3;
  r.width = 4;
  r.vmin = r.vmax = kNan;
  condense::ColormapStats stats;
  const auto message = [&]() {
    const condense::Status s =
        condense::to_image_data_f32("toImageData", condense::default_kernel_table(), r, map.data(),
                                    px.data(), ws, &vmin, &vmax, &stats);
    REQUIRE_FALSE(s.ok());
    return std::string(s.message());
  };
  r.out_height = 4;
  r.out_width = 4;
  CHECK(message().find("toImageData: size must be within") == 0);
  r.out_height = 0;
  CHECK(message().find("size") != std::string::npos);
  r.out_height = 3;
  r.colormap = 7;
  CHECK(message().find("colormap") != std::string::npos);
}
