#include "image/image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "image/resize-weights.h"

namespace condense {
namespace {

#include "image/colormaps.inc"

}  // namespace

void pixels_to_float(const std::uint8_t* src, std::size_t width, std::size_t height,
                     std::size_t src_channels, std::size_t channels, float* out) {
  if (src_channels == 4) {
    rgba_to_float(src, width, height, channels, out);
    return;
  }
  const std::size_t pixels = width * height;
  const std::size_t in = src_channels;
  if (channels == 1) {
    // TensorFlow converts to float first, then takes the weighted sum in this order. A gray
    // pixel goes through the same sum as its RGB(A) form, so the same picture gives the same
    // tensor whatever its container (a canvas always holds RGBA).
    const std::size_t g_at = in == 1 ? 0 : 1, b_at = in == 1 ? 0 : 2;
    for (std::size_t i = 0; i < pixels; ++i) {
      const float r = byte_to_unit(src[in * i]) * kGrayR;
      const float g = byte_to_unit(src[in * i + g_at]) * kGrayG;
      const float b = byte_to_unit(src[in * i + b_at]) * kGrayB;
      const float rg = r + g;
      out[i] = rg + b;
    }
    return;
  }
  for (std::size_t i = 0; i < pixels; ++i) {
    const std::uint8_t* p = src + in * i;
    float* o = out + channels * i;
    // Gray repeats its sample (tf.image.grayscale_to_rgb); alpha, when asked for, is opaque.
    o[0] = byte_to_unit(p[0]);
    o[1] = byte_to_unit(in == 1 ? p[0] : p[1]);
    o[2] = byte_to_unit(in == 1 ? p[0] : p[2]);
    if (channels == 4) o[3] = 1.0f;
  }
}

void rgba_to_float(const std::uint8_t* rgba, std::size_t width, std::size_t height,
                   std::size_t channels, float* out) {
  const std::size_t pixels = width * height;
  switch (channels) {
    case 1:
      // TensorFlow converts to float first, then takes the weighted sum in this order.
      for (std::size_t i = 0; i < pixels; ++i) {
        const float r = byte_to_unit(rgba[4 * i + 0]) * kGrayR;
        const float g = byte_to_unit(rgba[4 * i + 1]) * kGrayG;
        const float b = byte_to_unit(rgba[4 * i + 2]) * kGrayB;
        const float rg = r + g;
        out[i] = rg + b;
      }
      break;
    case 3:
      for (std::size_t i = 0; i < pixels; ++i) {
        out[3 * i + 0] = byte_to_unit(rgba[4 * i + 0]);
        out[3 * i + 1] = byte_to_unit(rgba[4 * i + 1]);
        out[3 * i + 2] = byte_to_unit(rgba[4 * i + 2]);
      }
      break;
    case 4:
      for (std::size_t i = 0; i < 4 * pixels; ++i) {
        out[i] = byte_to_unit(rgba[i]);
      }
      break;
    default:
      // Other channel counts are rejected by the callers' validation.
      break;
  }
}

void resize_bilinear(const float* in, std::size_t in_h, std::size_t in_w, std::size_t channels,
                     float* out, std::size_t out_h, std::size_t out_w) {
  if (out_h == 0 || out_w == 0 || channels == 0 || in_h == 0 || in_w == 0) return;
  // TF's no-op resize: a plain copy (interpolating would turn inf into NaN).
  if (in_h == out_h && in_w == out_w) {
    std::memcpy(out, in, in_h * in_w * channels * sizeof(float));
    return;
  }

  const std::vector<Interpolation> ys = interpolation_weights(in_h, out_h);
  const std::vector<Interpolation> xs = interpolation_weights(in_w, out_w);
  const std::size_t in_row = in_w * channels;

  for (std::size_t y = 0; y < out_h; ++y) {
    const float* top_row = in + ys[y].lower * in_row;
    const float* bottom_row = in + ys[y].upper * in_row;
    const float y_lerp = ys[y].lerp;
    float* out_row = out + y * out_w * channels;
    for (std::size_t x = 0; x < out_w; ++x) {
      const std::size_t left = xs[x].lower * channels;
      const std::size_t right = xs[x].upper * channels;
      const float x_lerp = xs[x].lerp;
      for (std::size_t c = 0; c < channels; ++c) {
        // TF's compute_lerp: horizontal lerps first, then the vertical one; no FMA.
        const float top_left = top_row[left + c];
        const float top_right = top_row[right + c];
        const float bottom_left = bottom_row[left + c];
        const float bottom_right = bottom_row[right + c];
        const float top = top_left + (top_right - top_left) * x_lerp;
        const float bottom = bottom_left + (bottom_right - bottom_left) * x_lerp;
        out_row[x * channels + c] = top + (bottom - top) * y_lerp;
      }
    }
  }
}

void colormap_f32(const float* in, std::size_t n, Colormap map, float vmin, float vmax,
                  std::uint8_t* rgba) {
  const int map_index = static_cast<int>(map);
  const auto& table = kColormapTables[map_index >= 0 && map_index < 3 ? map_index : 0];
  // matplotlib raises for vmin > vmax; here it (and a NaN bound) maps like vmin == vmax.
  const bool degenerate = !(vmin < vmax);
  // Normalize runs in float32 for float32 data under NumPy 1.x casting: x - vmin in float32,
  // divided by vmax - vmin taken in double and rounded to float32, which is exactly the
  // float32 difference (one rounding of the exact result either way). NumPy 2 would divide in
  // double and round once, which differs by one bin for a few values at the bin edges.
  const float range = vmax - vmin;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint8_t* pixel = rgba + 4 * i;
    const float x = in[i];
    std::size_t index = 0;
    if (!degenerate) {
      const float t = (x - vmin) / range;
      const float scaled = t * 256.0f;
      if (std::isnan(scaled)) {
        // NaN input, or inf / inf with infinite bounds: matplotlib's 'bad' colour.
        pixel[0] = pixel[1] = pixel[2] = pixel[3] = 0;
        continue;
      }
      // Colormap.__call__: x * N, N -> N - 1, under -> first colour, over -> last colour.
      if (scaled >= 256.0f) {
        index = 255;
      } else if (scaled >= 0.0f) {
        index = static_cast<std::size_t>(scaled);
      }
    } else if (std::isnan(x)) {
      pixel[0] = pixel[1] = pixel[2] = pixel[3] = 0;
      continue;
    }
    pixel[0] = table[index][0];
    pixel[1] = table[index][1];
    pixel[2] = table[index][2];
    pixel[3] = 255;
  }
}

bool finite_min_max(const float* in, std::size_t n, float* min, float* max) {
  bool found = false;
  float lo = 0.0f;
  float hi = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = in[i];
    if (!std::isfinite(v)) continue;
    if (!found) {
      lo = hi = v;
      found = true;
    } else {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  // With no finite value both are 0, so a caller that ignores the result still gets numbers.
  *min = lo;
  *max = hi;
  return found;
}

}  // namespace condense
