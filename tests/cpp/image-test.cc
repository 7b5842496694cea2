#include "image/image.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

#include "colormap-fixture.inc"

std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Bilinear sampling from the definition, in double: the sample point (out + 0.5) * in / out - 0.5
// clamped into [0, size - 1] on each axis. Calls nothing in src/.
std::vector<double> reference_resize(const std::vector<float>& in, std::size_t in_h,
                                     std::size_t in_w, std::size_t channels, std::size_t out_h,
                                     std::size_t out_w) {
  auto axis = [](std::size_t o, std::size_t in_size, std::size_t out_size, std::size_t* lo,
                 std::size_t* hi, double* frac) {
    double p = (static_cast<double>(o) + 0.5) * static_cast<double>(in_size) /
                   static_cast<double>(out_size) -
               0.5;
    p = std::min(std::max(p, 0.0), static_cast<double>(in_size - 1));
    *lo = static_cast<std::size_t>(std::floor(p));
    *hi = std::min(*lo + 1, in_size - 1);
    *frac = p - std::floor(p);
  };
  std::vector<double> out(out_h * out_w * channels);
  for (std::size_t y = 0; y < out_h; ++y) {
    std::size_t y0, y1;
    double fy;
    axis(y, in_h, out_h, &y0, &y1, &fy);
    for (std::size_t x = 0; x < out_w; ++x) {
      std::size_t x0, x1;
      double fx;
      axis(x, in_w, out_w, &x0, &x1, &fx);
      for (std::size_t c = 0; c < channels; ++c) {
        auto at = [&](std::size_t yy, std::size_t xx) {
          return static_cast<double>(in[(yy * in_w + xx) * channels + c]);
        };
        out[(y * out_w + x) * channels + c] = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) +
                                              fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
      }
    }
  }
  return out;
}

std::vector<std::uint8_t> map_one(float v, condense::Colormap map, float vmin, float vmax) {
  std::vector<std::uint8_t> rgba(4);
  condense::colormap_f32(&v, 1, map, vmin, vmax, rgba.data());
  return rgba;
}

}  // namespace

TEST_CASE("image: rgba_to_float divides by 255, keeps alpha for 4 channels, drops it for 3") {
  const std::vector<std::uint8_t> rgba = {0, 128, 255, 7, 1, 2, 3, 254};
  std::vector<float> out4(8), out3(6);
  condense::rgba_to_float(rgba.data(), 2, 1, 4, out4.data());
  condense::rgba_to_float(rgba.data(), 1, 2, 3, out3.data());
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(out4[i] == static_cast<float>(rgba[i]) / 255.0f);
  }
  const std::vector<float> expected3 = {0.0f,          128.0f / 255.0f, 1.0f,
                                        1.0f / 255.0f, 2.0f / 255.0f,   3.0f / 255.0f};
  CHECK(out3 == expected3);
}

TEST_CASE("image: rgba_to_float grayscale uses rgb_to_grayscale weights") {
  // red, green, blue, white, black, (51, 102, 153) = (0.2, 0.4, 0.6); alpha is ignored.
  const std::vector<std::uint8_t> rgba = {255, 0,   0,   9,  0, 255, 0, 255, 0,  0,   255, 0,
                                          255, 255, 255, 77, 0, 0,   0, 255, 51, 102, 153, 1};
  std::vector<float> gray(6, -1.0f);
  condense::rgba_to_float(rgba.data(), 3, 2, 1, gray.data());
  CHECK(gray[0] == 0.2989f);
  CHECK(gray[1] == 0.5870f);
  CHECK(gray[2] == 0.1140f);
  CHECK(gray[3] == Approx(0.9999).margin(1e-6));
  CHECK(gray[4] == 0.0f);
  CHECK(gray[5] == Approx(0.2 * 0.2989 + 0.4 * 0.5870 + 0.6 * 0.1140).margin(1e-6));
  // TF's order in float: ((r * wr + g * wg) + b * wb) on the [0, 1] values.
  const float r = 51.0f / 255.0f, g = 102.0f / 255.0f, b = 153.0f / 255.0f;
  const float rg = r * 0.2989f + g * 0.5870f;
  CHECK(bits(gray[5]) == bits(rg + b * 0.1140f));
}

TEST_CASE("image: resize_bilinear 2x2 -> 4x4 upsample with half-pixel centers") {
  const std::vector<float> in = {0, 1, 2, 3};
  std::vector<float> out(16);
  condense::resize_bilinear(in.data(), 2, 2, 1, out.data(), 4, 4);
  const std::vector<float> expected = {0.0f, 0.25f, 0.75f, 1.0f, 0.5f, 0.75f, 1.25f, 1.5f,
                                       1.5f, 1.75f, 2.25f, 2.5f, 2.0f, 2.25f, 2.75f, 3.0f};
  CHECK(out == expected);
}

TEST_CASE("image: resize_bilinear 2x2 -> 3x3 and 1x3 -> 1x2 hand-computed values") {
  const std::vector<float> in = {0, 1, 2, 3};
  std::vector<float> out(9);
  condense::resize_bilinear(in.data(), 2, 2, 1, out.data(), 3, 3);
  const std::vector<double> expected = {0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3};
  for (std::size_t i = 0; i < 9; ++i) {
    CAPTURE(i);
    CHECK(out[i] == Approx(expected[i]).margin(1e-6));
  }
  // scale 1.5: x = 0 samples 0.25 between 0 and 1, x = 1 samples 1.75 between 1 and 2.
  const std::vector<float> row = {0, 4, 8};
  std::vector<float> row_out(2);
  condense::resize_bilinear(row.data(), 1, 3, 1, row_out.data(), 1, 2);
  CHECK(row_out == std::vector<float>{1.0f, 7.0f});
}

TEST_CASE("image: resize_bilinear same size is a bit-exact copy") {
  const std::vector<float> in = {1.5f, -0.0f, kInf, -kInf, kNaN, 3.25f};
  std::vector<float> out(6, 42.0f);
  condense::resize_bilinear(in.data(), 1, 2, 3, out.data(), 1, 2);
  for (std::size_t i = 0; i < in.size(); ++i) {
    CAPTURE(i);
    CHECK(bits(out[i]) == bits(in[i]));
  }
}

TEST_CASE("image: resize_bilinear 4x4 -> 2x2 halving is the mean of 2x2 blocks") {
  std::vector<float> in(16 * 2);
  for (std::size_t i = 0; i < 16; ++i) {
    in[2 * i] = static_cast<float>(i);
    in[2 * i + 1] = static_cast<float>(100 - 3 * static_cast<int>(i));
  }
  std::vector<float> out(4 * 2);
  condense::resize_bilinear(in.data(), 4, 4, 2, out.data(), 2, 2);
  for (std::size_t y = 0; y < 2; ++y) {
    for (std::size_t x = 0; x < 2; ++x) {
      for (std::size_t c = 0; c < 2; ++c) {
        auto at = [&](std::size_t yy, std::size_t xx) { return in[(yy * 4 + xx) * 2 + c]; };
        const float mean = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) +
                            at(2 * y + 1, 2 * x + 1)) /
                           4.0f;
        CAPTURE(y, x, c);
        CHECK(out[(y * 2 + x) * 2 + c] == mean);
      }
    }
  }
}

TEST_CASE("image: resize_bilinear 10x downscale samples without antialiasing") {
  // 1 x 4000 -> 1 x 400: output x samples input 10x + 4.5, the mean of two neighbours only.
  std::vector<float> in(4000);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 10 == 4 ? 1 : 0);
  std::vector<float> out(400);
  condense::resize_bilinear(in.data(), 1, 4000, 1, out.data(), 1, 400);
  for (std::size_t x = 0; x < out.size(); ++x) {
    CAPTURE(x);
    CHECK(out[x] == 0.5f);
  }
}

TEST_CASE("image: resize_bilinear edges clamp (lerp ignored where lower == upper)") {
  const std::vector<float> in = {1, 2, 3, 4, 5, 6};  // 2x3, 1 channel
  std::vector<float> out(5 * 7);
  condense::resize_bilinear(in.data(), 2, 3, 1, out.data(), 5, 7);
  // First output column samples at x = -2/7 and the first row at y = -0.3: both clamp to 0.
  CHECK(out[0] == 1.0f);
  CHECK(out[6] == 3.0f);
  CHECK(out[4 * 7] == 4.0f);
  CHECK(out[4 * 7 + 6] == 6.0f);
}

TEST_CASE("image: resize_bilinear matches a double reference over random shapes") {
  const std::uint32_t seed = GENERATE(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u);
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> size(1, 13);
  std::uniform_int_distribution<std::size_t> channel_count(1, 5);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (int iteration = 0; iteration < 25; ++iteration) {
    const std::size_t in_h = size(rng), in_w = size(rng), out_h = size(rng), out_w = size(rng);
    const std::size_t channels = channel_count(rng);
    CAPTURE(in_h, in_w, out_h, out_w, channels);
    std::vector<float> in(in_h * in_w * channels);
    for (float& v : in) v = value(rng);
    // Canaries after the output must stay untouched.
    std::vector<float> out(out_h * out_w * channels + 3, 7.0f);
    condense::resize_bilinear(in.data(), in_h, in_w, channels, out.data(), out_h, out_w);
    const std::vector<double> expected = reference_resize(in, in_h, in_w, channels, out_h, out_w);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(i);
      REQUIRE(out[i] == Approx(expected[i]).margin(1e-5));
    }
    CHECK(out[expected.size()] == 7.0f);
    CHECK(out[expected.size() + 2] == 7.0f);
  }
}

TEST_CASE("image: colormap_f32 matches matplotlib's cmap(Normalize(vmin, vmax)(x), bytes=True)") {
  for (const ColormapFixtureCase& fixture : kColormapFixture) {
    CAPTURE(static_cast<int>(fixture.map), fixture.vmin, fixture.vmax);
    REQUIRE(fixture.rgba.size() == 4 * fixture.values.size());
    std::vector<std::uint8_t> rgba(fixture.rgba.size() + 4, 0xAB);
    condense::colormap_f32(fixture.values.data(), fixture.values.size(), fixture.map, fixture.vmin,
                           fixture.vmax, rgba.data());
    for (std::size_t i = 0; i < fixture.values.size(); ++i) {
      CAPTURE(i, fixture.values[i]);
      const std::vector<int> got(rgba.begin() + static_cast<std::ptrdiff_t>(4 * i),
                                 rgba.begin() + static_cast<std::ptrdiff_t>(4 * i + 4));
      const std::vector<int> want(fixture.rgba.begin() + static_cast<std::ptrdiff_t>(4 * i),
                                  fixture.rgba.begin() + static_cast<std::ptrdiff_t>(4 * i + 4));
      CHECK(got == want);
    }
    CHECK(rgba[fixture.rgba.size()] == 0xAB);
    CHECK(rgba[fixture.rgba.size() + 3] == 0xAB);
  }
}

TEST_CASE("image: colormap_f32 tables hold matplotlib's truncated bytes") {
  using condense::Colormap;
  // Index i is the value i + 0.5 over [0, 256].
  auto entry = [](Colormap map, int i) {
    return map_one(static_cast<float>(i) + 0.5f, map, 0.0f, 256.0f);
  };
  CHECK(entry(Colormap::kMagma, 0) == std::vector<std::uint8_t>{0, 0, 3, 255});
  CHECK(entry(Colormap::kMagma, 128) == std::vector<std::uint8_t>{182, 54, 121, 255});
  CHECK(entry(Colormap::kMagma, 255) == std::vector<std::uint8_t>{251, 252, 191, 255});
  CHECK(entry(Colormap::kViridis, 0) == std::vector<std::uint8_t>{68, 1, 84, 255});
  CHECK(entry(Colormap::kViridis, 255) == std::vector<std::uint8_t>{253, 231, 36, 255});
  CHECK(entry(Colormap::kGray, 1) == std::vector<std::uint8_t>{1, 1, 1, 255});
  // 33/255 * 255 is just under 33 in double; matplotlib truncates it to 32.
  CHECK(entry(Colormap::kGray, 33) == std::vector<std::uint8_t>{32, 32, 32, 255});
  CHECK(entry(Colormap::kGray, 255) == std::vector<std::uint8_t>{255, 255, 255, 255});
}

TEST_CASE("image: colormap_f32 bin edges, vmax and out-of-range values") {
  using condense::Colormap;
  const auto first = map_one(0.0f, Colormap::kViridis, 0.0f, 1.0f);
  const auto last = map_one(1.0f, Colormap::kViridis, 0.0f, 1.0f);
  SECTION("vmax maps to the last colour, not past it") {
    CHECK(last == std::vector<std::uint8_t>{253, 231, 36, 255});
  }
  SECTION("below vmin and -inf take the first colour, above vmax and +inf the last") {
    CHECK(map_one(-0.5f, Colormap::kViridis, 0.0f, 1.0f) == first);
    CHECK(map_one(-kInf, Colormap::kViridis, 0.0f, 1.0f) == first);
    CHECK(map_one(1.5f, Colormap::kViridis, 0.0f, 1.0f) == last);
    CHECK(map_one(kInf, Colormap::kViridis, 0.0f, 1.0f) == last);
  }
  SECTION("-0 is index 0") { CHECK(map_one(-0.0f, Colormap::kViridis, 0.0f, 1.0f) == first); }
  SECTION("floor(t * 256) at a bin edge") {
    CHECK(map_one(1.0f, Colormap::kGray, 0.0f, 256.0f) == std::vector<std::uint8_t>{1, 1, 1, 255});
    CHECK(map_one(std::nextafter(1.0f, 0.0f), Colormap::kGray, 0.0f, 256.0f) ==
          std::vector<std::uint8_t>{0, 0, 0, 255});
  }
}

TEST_CASE("image: colormap_f32 vmin == vmax maps every number to index 0") {
  const std::vector<float> in = {-1e30f, -1.0f, 2.0f, 3.0f, kInf, -kInf};
  std::vector<std::uint8_t> rgba(4 * in.size());
  condense::colormap_f32(in.data(), in.size(), condense::Colormap::kMagma, 2.0f, 2.0f, rgba.data());
  for (std::size_t i = 0; i < in.size(); ++i) {
    CAPTURE(i);
    CHECK(std::vector<int>(rgba.begin() + static_cast<std::ptrdiff_t>(4 * i),
                           rgba.begin() + static_cast<std::ptrdiff_t>(4 * i + 4)) ==
          std::vector<int>{0, 0, 3, 255});
  }
}

TEST_CASE("image: colormap_f32 NaN is transparent black") {
  using condense::Colormap;
  const std::vector<std::uint8_t> clear = {0, 0, 0, 0};
  for (Colormap map : {Colormap::kMagma, Colormap::kViridis, Colormap::kGray}) {
    CAPTURE(static_cast<int>(map));
    CHECK(map_one(kNaN, map, 0.0f, 1.0f) == clear);
    CHECK(map_one(-kNaN, map, 0.0f, 1.0f) == clear);
    CHECK(map_one(kNaN, map, 1.0f, 1.0f) == clear);
  }
}

TEST_CASE("image: finite_min_max ignores NaN and infinities") {
  float lo = 99.0f, hi = 99.0f;
  SECTION("mixed") {
    const std::vector<float> in = {kNaN, 3.0f, -kInf, -2.5f, kInf, 7.0f, kNaN};
    CHECK(condense::finite_min_max(in.data(), in.size(), &lo, &hi));
    CHECK(lo == -2.5f);
    CHECK(hi == 7.0f);
  }
  SECTION("one finite value") {
    const std::vector<float> in = {kInf, -1.0f, kNaN};
    CHECK(condense::finite_min_max(in.data(), in.size(), &lo, &hi));
    CHECK(lo == -1.0f);
    CHECK(hi == -1.0f);
  }
  SECTION("no finite value") {
    const std::vector<float> in = {kNaN, kInf, -kInf};
    CHECK_FALSE(condense::finite_min_max(in.data(), in.size(), &lo, &hi));
    CHECK_FALSE(condense::finite_min_max(in.data(), 0, &lo, &hi));
  }
}

TEST_CASE(
    "image: pixels_resize_bilinear equals pixels_to_float then resize_bilinear, bit for bit") {
  const std::uint32_t seed = GENERATE(11u, 12u, 13u, 14u, 15u, 16u);
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> size(1, 40);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int iteration = 0; iteration < 30; ++iteration) {
    for (const std::size_t in_c : {1u, 3u, 4u}) {
      for (const std::size_t c : {1u, 3u, 4u}) {
        const std::size_t in_h = size(rng), in_w = size(rng);
        // Mostly shrinking (the path fromImageData takes it for), some growing and 1-pixel sides.
        const std::size_t out_h = 1 + size(rng) % in_h, out_w = 1 + size(rng) % (in_w + 2);
        CAPTURE(in_h, in_w, in_c, c, out_h, out_w);
        std::vector<std::uint8_t> pixels(in_h * in_w * in_c);
        for (std::uint8_t& v : pixels) v = static_cast<std::uint8_t>(byte(rng));
        std::vector<float> converted(in_h * in_w * c);
        condense::pixels_to_float(pixels.data(), in_w, in_h, in_c, c, converted.data());
        std::vector<float> want(out_h * out_w * c);
        condense::resize_bilinear(converted.data(), in_h, in_w, c, want.data(), out_h, out_w);
        if (out_h == in_h && out_w == in_w) continue;  // a copy: not this function's case
        std::vector<float> got(out_h * out_w * c + 2, 7.0f);
        condense::pixels_resize_bilinear(pixels.data(), in_w, in_h, in_c, c, got.data(), out_h,
                                         out_w);
        for (std::size_t i = 0; i < want.size(); ++i) {
          CAPTURE(i);
          REQUIRE(std::memcmp(&got[i], &want[i], sizeof(float)) == 0);
        }
        CHECK(got[want.size()] == 7.0f);
        CHECK(got[want.size() + 1] == 7.0f);
      }
    }
  }
}
