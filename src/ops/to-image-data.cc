// toImageData: the scale (given or autoscaled), the 256-colour table, and the drawn rows: one
// colormap_lut call for a map drawn at its size, else per drawn row the maximum of its map rows
// (colormap_vmax), of its columns (colormap_hmax), then the colours.
#include "ops/to-image-data.h"

#include <limits>
#include <string>

#include "core/format.h"

namespace condense {

namespace {

#include "image/colormaps.inc"

std::uint32_t rgba(const std::uint8_t* rgb) {
  return static_cast<std::uint32_t>(rgb[0]) | (static_cast<std::uint32_t>(rgb[1]) << 8) |
         (static_cast<std::uint32_t>(rgb[2]) << 16) | 0xFF000000u;
}

Status check(const char* fn, const ToImageDataRequest& r) {
  if (r.height == 0 || r.width == 0) {
    return Status::Range(std::string(fn) + ": map must not be empty");
  }
  if (r.out_height < 1 || r.out_height > r.height || r.out_width < 1 || r.out_width > r.width) {
    return Status::Range(std::string(fn) + ": size must be within [1, 1] .. [" + to_str(r.height) +
                         ", " + to_str(r.width) + "] (the map's size; got [" +
                         to_str(r.out_height) + ", " + to_str(r.out_width) + "])");
  }
  if (r.colormap < 0 || r.colormap > 2) {
    return Status::Range(std::string(fn) + ": colormap must be magma, viridis or gray");
  }
  return Status::Ok();
}

}  // namespace

Status to_image_data_f32(const char* fn, const KernelTable& table, const ToImageDataRequest& r,
                         const float* map, std::uint32_t* pixels, Workspace& ws, float* vmin_used,
                         float* vmax_used, ColormapStats* stats) {
  CONDENSE_RETURN_IF_ERROR(check(fn, r));
  *stats = ColormapStats{};
  table.colormap_stats(r.height * r.width, map, stats);
  float vmin = r.vmin, vmax = r.vmax;
  const bool any_finite = stats->min <= stats->max;
  if (vmin != vmin) vmin = any_finite ? stats->min : 0.0f;  // 0, 0 when nothing is finite
  if (vmax != vmax) vmax = any_finite ? stats->max : 0.0f;
  *vmin_used = vmin;
  *vmax_used = vmax;
  std::uint32_t lut[256];
  for (std::size_t i = 0; i < 256; ++i) lut[i] = rgba(kColormapTables[r.colormap][i]);
  ColormapParams p;
  p.lut = lut;
  p.vmin = vmin;
  p.range = vmax - vmin;
  p.bad = r.bad;
  // matplotlib raises for vmin > vmax; here it (and a NaN bound) maps like vmin == vmax.
  p.degenerate = !(vmin < vmax);
  p.infinite_bad = r.infinite_bad;

  const std::size_t h = r.height, w = r.width, oh = r.out_height, ow = r.out_width;
  if (oh == h && ow == w) {
    table.colormap_lut(h * w, map, pixels, &p);
    return Status::Ok();
  }
  float* acc = nullptr;
  float* row = nullptr;
  std::size_t* bins = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, w, &acc));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, ow, &row));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPointers, 2 * ow, &bins));
  for (std::size_t j = 0; j < ow; ++j) {
    bins[j] = j * w / ow;             // floor(j * w / ow)
    bins[ow + j] = (j + 1) * w / ow;  // floor((j + 1) * w / ow)
  }
  const float lowest = -std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < oh; ++i) {
    const std::size_t top = i * h / oh;
    const std::size_t bottom = (i + 1) * h / oh;
    for (std::size_t x = 0; x < w; ++x) acc[x] = lowest;
    for (std::size_t y = top; y < bottom; ++y) table.colormap_vmax(w, map + y * w, acc, &p);
    const float* drawn = acc;
    if (ow != w) {
      table.colormap_hmax(ow, acc, bins, bins + ow, row);
      drawn = row;
    }
    table.colormap_lut(ow, drawn, pixels + i * ow, &p);
  }
  return Status::Ok();
}

}  // namespace condense
