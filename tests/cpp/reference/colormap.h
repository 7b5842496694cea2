// Naive reference for toImageData's drawing (ops/to-image-data.h, kernels/f32-colormap): the
// maximum of each drawn pixel's block by its definition, then one value's colour through
// image.cc's colormap_f32 (itself checked against matplotlib in image-test.cc).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "image/image.h"

namespace ref {

// NaN when any value is NaN (or, with infinite_bad, infinite); else the largest.
inline float block_max(const std::vector<float>& map, std::size_t w, std::size_t top,
                       std::size_t bottom, std::size_t left, std::size_t right, bool infinite_bad) {
  float m = -std::numeric_limits<float>::infinity();
  for (std::size_t y = top; y < bottom; ++y) {
    for (std::size_t x = left; x < right; ++x) {
      const float v = map[y * w + x];
      if (std::isnan(v) || (infinite_bad && std::isinf(v))) {
        return std::numeric_limits<float>::quiet_NaN();
      }
      if (v > m) m = v;
    }
  }
  return m;
}

// One value's pixel as a uint32 (RGBA in memory order).
inline std::uint32_t colour_of(float v, condense::Colormap map, float vmin, float vmax,
                               std::uint32_t bad, bool infinite_bad) {
  if (std::isnan(v) || (infinite_bad && std::isinf(v))) return bad;
  std::uint8_t rgba[4];
  condense::colormap_f32(&v, 1, map, vmin, vmax, rgba);
  std::uint32_t out;
  std::memcpy(&out, rgba, sizeof out);
  return out;
}

// The drawn image: out_h x out_w pixels, bins [floor(i * h / out_h), floor((i + 1) * h / out_h)).
inline std::vector<std::uint32_t> to_image_data(const std::vector<float>& map, std::size_t h,
                                                std::size_t w, std::size_t out_h, std::size_t out_w,
                                                condense::Colormap cmap, float vmin, float vmax,
                                                std::uint32_t bad, bool infinite_bad) {
  std::vector<std::uint32_t> out(out_h * out_w);
  for (std::size_t i = 0; i < out_h; ++i) {
    const std::size_t top =
        static_cast<std::size_t>(std::floor(double(i) * double(h) / double(out_h)));
    const std::size_t bottom =
        static_cast<std::size_t>(std::floor(double(i + 1) * double(h) / double(out_h)));
    for (std::size_t j = 0; j < out_w; ++j) {
      const std::size_t left =
          static_cast<std::size_t>(std::floor(double(j) * double(w) / double(out_w)));
      const std::size_t right =
          static_cast<std::size_t>(std::floor(double(j + 1) * double(w) / double(out_w)));
      const float m = block_max(map, w, top, bottom, left, right, infinite_bad);
      out[i * out_w + j] = colour_of(m, cmap, vmin, vmax, bad, infinite_bad);
    }
  }
  return out;
}

}  // namespace ref
