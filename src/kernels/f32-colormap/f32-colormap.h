// f32-colormap: one-channel float maps to RGBA8 pixels through a 256-colour table, the drawing
// half of toImageData, with an optional max-reduction to a smaller drawn size.
//
//   colormap_vmax: acc[i] = nanmax(acc[i], clean(x[i])) for i in [0, n): the running maximum of
//     a block's rows. nanmax(a, b) is NaN when a or b is NaN, else the larger (either zero for
//     +0 vs -0). clean(v) = v when p->infinite_bad is false, else v + v * 0 (v for a finite v,
//     NaN for +-inf and NaN), so an infinity in a block makes the block's maximum NaN ("bad").
//   colormap_hmax: y[j] = nanmax of x[start[j] .. end[j]) for j in [0, n) (the op splits a row
//     of w into n runs: start = floor(j * w / n), end = floor((j + 1) * w / n); end > start).
//     Scalar only: bins of irregular width do not map onto SIMD lanes; it runs on one row of
//     the drawn size, not on the map.
//   colormap_stats: adds to *s what n floats hold: how many are exactly zero (either sign),
//     positive (> 0, +inf included), NaN, +inf and -inf, and lowers s->min / raises s->max to the
//     smallest / largest finite value (either zero for +0 vs -0). Start from ColormapStats{}.
//     Lane counts are 32-bit: n < 2^32 per call.
//   colormap_lut: n floats -> n pixels (uint32, RGBA in memory order on a little-endian host):
//     bad (p->bad) for NaN, and for +-inf when p->infinite_bad; otherwise matplotlib's imshow
//     with Normalize(vmin, vmax): t = (x - vmin) / range in float32, scaled = t * 256,
//     index = scaled >= 256 ? 255 : scaled >= 0 ? trunc(scaled) : 0, pixel = lut[index]; when
//     p->degenerate (!(vmin < vmax)) every other value takes lut[0].
//
// The SIMD kernels repeat the scalar float operations lane by lane (subtract, divide, multiply,
// compare; no FMA, no reassociation), so both tables give the same pixels bit for bit. Kernels
// read n floats (colormap_hmax: x[0 .. end[n - 1])) and write n elements; acc may not alias x.
// n >= 1. No allocation, no validation (src/ops/to-image-data.cc validates).
#pragma once

#include <cstddef>
#include <cstdint>

namespace condense {

struct ColormapParams {
  const std::uint32_t* lut = nullptr;  // 256 RGBA pixels
  float vmin = 0.0f;
  float range = 1.0f;  // vmax - vmin in float32
  std::uint32_t bad = 0;
  bool degenerate = false;
  bool infinite_bad = false;
};

struct ColormapStats {
  std::size_t zeros = 0;
  std::size_t positive = 0;
  std::size_t nan = 0;
  std::size_t pos_inf = 0;
  std::size_t neg_inf = 0;
  float min = __builtin_inff();   // +inf while no finite value was seen
  float max = -__builtin_inff();  // -inf while no finite value was seen
};

using f32_colormap_stats_fn = void (*)(std::size_t n, const float* x, ColormapStats* s);
using f32_colormap_vmax_fn = void (*)(std::size_t n, const float* x, float* acc,
                                      const ColormapParams* p);
using f32_colormap_hmax_fn = void (*)(std::size_t n, const float* x, const std::size_t* start,
                                      const std::size_t* end, float* y);
using f32_colormap_lut_fn = void (*)(std::size_t n, const float* x, std::uint32_t* pixels,
                                     const ColormapParams* p);

void f32_colormap_stats__scalar(std::size_t n, const float* x, ColormapStats* s);
void f32_colormap_stats__wasmsimd_x4(std::size_t n, const float* x, ColormapStats* s);
void f32_colormap_vmax__scalar(std::size_t n, const float* x, float* acc, const ColormapParams* p);
void f32_colormap_vmax__wasmsimd_x8(std::size_t n, const float* x, float* acc,
                                    const ColormapParams* p);
void f32_colormap_hmax__scalar(std::size_t n, const float* x, const std::size_t* start,
                               const std::size_t* end, float* y);
void f32_colormap_lut__scalar(std::size_t n, const float* x, std::uint32_t* pixels,
                              const ColormapParams* p);
void f32_colormap_lut__wasmsimd_x4(std::size_t n, const float* x, std::uint32_t* pixels,
                                   const ColormapParams* p);

}  // namespace condense
