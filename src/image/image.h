// Image helpers used by the JS API's fromImageData / toImageData and by the demo: RGBA bytes
// to float tensors (TensorFlow's rgb_to_grayscale weights and tf.image.resize bilinear
// semantics), and one-channel maps to RGBA through matplotlib's colormaps.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/status.h"

namespace condense {

enum class Colormap : std::int32_t { kMagma = 0, kViridis = 1, kGray = 2 };

// RGBA8 (width*height*4 bytes, row-major) -> float [height, width, channels] in [0, 1].
// channels: 1 (grayscale: 0.2989 R + 0.5870 G + 0.1140 B, as tf.image.rgb_to_grayscale),
// 3 (RGB) or 4 (RGBA).
void rgba_to_float(const std::uint8_t* rgba, std::size_t width, std::size_t height,
                   std::size_t channels, float* out);

// Like rgba_to_float for 8-bit pixels with src_channels samples each: 4 (RGBA, rgba_to_float),
// 3 (RGB) or 1 (gray). Gray to 1 channel is the sample itself; gray to 3 or 4 repeats it
// (tf.image.grayscale_to_rgb); an image without alpha gets alpha 1 for 4 channels.
void pixels_to_float(const std::uint8_t* src, std::size_t width, std::size_t height,
                     std::size_t src_channels, std::size_t channels, float* out);

// Bilinear resize of a float HWC image as tf.image.resize(method='bilinear') does by default
// (half-pixel centers, no antialiasing; edge pixels clamp).
void resize_bilinear(const float* in, std::size_t in_h, std::size_t in_w, std::size_t channels,
                     float* out, std::size_t out_h, std::size_t out_w);

// pixels_to_float followed by resize_bilinear (sizes differ), without the full-size float
// image: bit-identical results, reading only the source pixels the resize samples.
void pixels_resize_bilinear(const std::uint8_t* src, std::size_t in_w, std::size_t in_h,
                            std::size_t src_channels, std::size_t channels, float* out,
                            std::size_t out_h, std::size_t out_w);

// One-channel map (n floats) -> RGBA8 through a colormap, as matplotlib's imshow with
// Normalize(vmin, vmax): t = (x - vmin) / (vmax - vmin); index = clamp(floor(t * 256), 0, 255);
// vmin == vmax maps everything to index 0; NaN maps to transparent black (0, 0, 0, 0).
void colormap_f32(const float* in, std::size_t n, Colormap map, float vmin, float vmax,
                  std::uint8_t* rgba);

// min and max of the finite values of in[0..n) (matplotlib's autoscale ignores NaN; here
// infinities are ignored too). Returns false when there is no finite value.
bool finite_min_max(const float* in, std::size_t n, float* min, float* max);

}  // namespace condense
