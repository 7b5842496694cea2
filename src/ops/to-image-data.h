// toImageData's drawing: a one-channel float map to RGBA8 pixels through a matplotlib colour
// map, at the map's size or smaller (each drawn pixel the maximum of its block of the map, so a
// thin bright line never fades when a large map is drawn small).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct ToImageDataRequest {
  std::size_t height = 0;      // the map's rows
  std::size_t width = 0;       // the map's columns
  std::size_t out_height = 0;  // the drawn rows, in [1, height]
  std::size_t out_width = 0;   // the drawn columns, in [1, width]
  std::int32_t colormap = 0;   // Colormap (image/image.h): 0 magma, 1 viridis, 2 gray
  float vmin = 0.0f;           // NaN: the map's finite minimum
  float vmax = 0.0f;           // NaN: the map's finite maximum
  std::uint32_t bad = 0;       // the colour of bad pixels, RGBA in memory order
  bool infinite_bad = false;   // +-inf drawn bad (default: the colour map's ends, as matplotlib)
};

// Draws `map` (height * width floats, row-major) into `pixels` (out_height * out_width RGBA8
// pixels as uint32). Drawn pixel (i, j) covers the map's rows [floor(i * height / out_height),
// floor((i + 1) * height / out_height)) and the same split of the columns (every value of the map
// in exactly one drawn pixel, so a map and its 2x2 max pooling drawn at one size show the same
// maxima), and shows their maximum: NaN if any is NaN, and with infinite_bad NaN if any is
// infinite. Colours: src/kernels/f32-colormap/f32-colormap.h (matplotlib's imshow for
// finite values; NaN in the bad colour). The scale used is written to *vmin_used, *vmax_used
// (autoscaled bounds come from the whole map, not the drawn maximum). Errors (RangeError, naming
// `fn`): a drawn size outside [1, map size], an unknown colormap. Uses ws's kRowA, kRowB and
// kPointers slots. *stats receives what the whole map holds (colormap_stats: zeros, positive,
// NaN, +-inf, the finite range), from the same pass that autoscales.
Status to_image_data_f32(const char* fn, const KernelTable& table, const ToImageDataRequest& r,
                         const float* map, std::uint32_t* pixels, Workspace& ws, float* vmin_used,
                         float* vmax_used, ColormapStats* stats);

}  // namespace condense
