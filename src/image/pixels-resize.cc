// fromImageData's resize without the full-size float image: each output value converts the
// (at most four) source pixels it reads, with the same float operations as pixels_to_float,
// and interpolates them as resize_bilinear does, so the result is bit-identical to converting
// everything and then resizing. A 4000x3000 photo resized to 400x300 converts 0.5 M pixels
// instead of 12 M and never writes the 48-192 MB float copy.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "image/image.h"
#include "image/resize-weights.h"

namespace condense {
namespace {

// Sample c of pixels_to_float's output for the pixel at p (in samples: 1, 3 or 4).
inline float pixel_sample(const std::uint8_t* p, std::size_t in, std::size_t channels,
                          std::size_t c) {
  if (channels == 1) {
    const std::size_t g_at = in == 1 ? 0 : 1, b_at = in == 1 ? 0 : 2;
    const float r = byte_to_unit(p[0]) * kGrayR;
    const float g = byte_to_unit(p[g_at]) * kGrayG;
    const float b = byte_to_unit(p[b_at]) * kGrayB;
    const float rg = r + g;
    return rg + b;
  }
  if (c == 3) return in == 4 ? byte_to_unit(p[3]) : 1.0f;
  return byte_to_unit(in == 1 ? p[0] : p[c]);
}

}  // namespace

void pixels_resize_bilinear(const std::uint8_t* src, std::size_t in_w, std::size_t in_h,
                            std::size_t src_channels, std::size_t channels, float* out,
                            std::size_t out_h, std::size_t out_w) {
  if (out_h == 0 || out_w == 0 || in_h == 0 || in_w == 0) return;
  const std::vector<Interpolation> ys = interpolation_weights(in_h, out_h);
  const std::vector<Interpolation> xs = interpolation_weights(in_w, out_w);
  const std::size_t in = src_channels;
  const std::size_t in_row = in_w * in;
  for (std::size_t y = 0; y < out_h; ++y) {
    const std::uint8_t* top_row = src + ys[y].lower * in_row;
    const std::uint8_t* bottom_row = src + ys[y].upper * in_row;
    const float y_lerp = ys[y].lerp;
    float* out_row = out + y * out_w * channels;
    for (std::size_t x = 0; x < out_w; ++x) {
      const std::size_t left = xs[x].lower * in;
      const std::size_t right = xs[x].upper * in;
      const float x_lerp = xs[x].lerp;
      for (std::size_t c = 0; c < channels; ++c) {
        // resize_bilinear's compute_lerp, on converted samples.
        const float top_left = pixel_sample(top_row + left, in, channels, c);
        const float top_right = pixel_sample(top_row + right, in, channels, c);
        const float bottom_left = pixel_sample(bottom_row + left, in, channels, c);
        const float bottom_right = pixel_sample(bottom_row + right, in, channels, c);
        const float top = top_left + (top_right - top_left) * x_lerp;
        const float bottom = bottom_left + (bottom_right - bottom_left) * x_lerp;
        out_row[x * channels + c] = top + (bottom - top) * y_lerp;
      }
    }
  }
}

}  // namespace condense
