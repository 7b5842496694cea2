#include <cmath>

#include "kernels/f32-colormap/f32-colormap.h"

namespace condense {

namespace {

inline float nanmax(float a, float b) {
  if (a != a) return a;
  if (b != b) return b;
  return a > b ? a : b;
}

inline bool is_bad(float x, const ColormapParams* p) {
  return x != x || (p->infinite_bad && std::isinf(x));
}

}  // namespace

void f32_colormap_stats__scalar(std::size_t n, const float* x, ColormapStats* s) {
  const float inf = __builtin_inff();
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (v == 0.0f) {
      ++s->zeros;
    } else if (v > 0.0f) {
      ++s->positive;
    }
    if (v != v) {
      ++s->nan;
    } else if (v == inf) {
      ++s->pos_inf;
    } else if (v == -inf) {
      ++s->neg_inf;
    } else {
      if (v < s->min) s->min = v;
      if (v > s->max) s->max = v;
    }
  }
}

void f32_colormap_vmax__scalar(std::size_t n, const float* x, float* acc, const ColormapParams* p) {
  if (p->infinite_bad) {
    for (std::size_t i = 0; i < n; ++i) acc[i] = nanmax(acc[i], x[i] + x[i] * 0.0f);
  } else {
    for (std::size_t i = 0; i < n; ++i) acc[i] = nanmax(acc[i], x[i]);
  }
}

void f32_colormap_hmax__scalar(std::size_t n, const float* x, const std::size_t* start,
                               const std::size_t* end, float* y) {
  for (std::size_t j = 0; j < n; ++j) {
    float m = x[start[j]];
    for (std::size_t i = start[j] + 1; i < end[j]; ++i) m = nanmax(m, x[i]);
    y[j] = m;
  }
}

void f32_colormap_lut__scalar(std::size_t n, const float* x, std::uint32_t* pixels,
                              const ColormapParams* p) {
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (is_bad(v, p)) {
      pixels[i] = p->bad;
      continue;
    }
    std::size_t index = 0;
    if (!p->degenerate) {
      const float scaled = ((v - p->vmin) / p->range) * 256.0f;
      if (scaled != scaled) {
        // inf / inf with infinite bounds: matplotlib's 'bad' colour.
        pixels[i] = p->bad;
        continue;
      }
      if (scaled >= 256.0f) {
        index = 255;
      } else if (scaled >= 0.0f) {
        index = static_cast<std::size_t>(scaled);
      }
    }
    pixels[i] = p->lut[index];
  }
}

}  // namespace condense
