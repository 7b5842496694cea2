// What fromImageData's conversions share (image.cc, pixels-resize.cc): TensorFlow's grayscale
// weights, byte -> [0, 1], and the interpolation weights of tf.image.resize's bilinear method.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace condense {

// tf.image.rgb_to_grayscale's weights, as the float32 tensor TensorFlow makes of them.
constexpr float kGrayR = 0.2989f;
constexpr float kGrayG = 0.5870f;
constexpr float kGrayB = 0.1140f;

inline float byte_to_unit(std::uint8_t v) { return static_cast<float>(v) / 255.0f; }

// One axis of TensorFlow's bilinear resize (resize_bilinear_op.cc, CachedInterpolation).
struct Interpolation {
  std::size_t lower;
  std::size_t upper;
  float lerp;
};

// TF's compute_interpolation_weights with HalfPixelScaler, in the same float operations:
// in = (out + 0.5) * scale - 0.5 with scale = in_size / out_size in float; lower clamps
// floor(in) at 0, upper clamps ceil(in) at in_size - 1, and lerp = in - floor(in) is taken
// before clamping (at the clamped edges lower == upper, so the lerp has no effect there).
// lower is also kept <= in_size - 1 and upper >= 0 so that float rounding can never index
// outside the image; TF's values always satisfy both.
inline std::vector<Interpolation> interpolation_weights(std::size_t in_size, std::size_t out_size) {
  std::vector<Interpolation> weights(out_size);
  const float scale = static_cast<float>(in_size) / static_cast<float>(out_size);
  const double last = static_cast<double>(in_size - 1);
  for (std::size_t i = 0; i < out_size; ++i) {
    const float in = (static_cast<float>(i) + 0.5f) * scale - 0.5f;
    const float in_floor = std::floor(in);
    const double lower = std::min(std::max(static_cast<double>(in_floor), 0.0), last);
    const double upper = std::min(std::max(static_cast<double>(std::ceil(in)), 0.0), last);
    weights[i].lower = static_cast<std::size_t>(lower);
    weights[i].upper = static_cast<std::size_t>(upper);
    weights[i].lerp = in - in_floor;
  }
  return weights;
}

}  // namespace condense
