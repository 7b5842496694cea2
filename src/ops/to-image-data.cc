// toImageData: the scale (given or autoscaled), the 256-colour table, and the drawn rows: one
// colormap_lut call for a map drawn at its size, else per drawn row the maximum of its map rows
// (colormap_vmax), of its columns (colormap_hmax), then the colours.
#include "ops/to-image-data.h"

#include <limits>
#include <string>

#include "core/format.h"
#include "core/parallel.h"

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

  // The statistics above stay on one thread (their minimum and maximum keep one order); threads
  // split the drawn rows, each with its own row buffers on their own cache lines.
  const std::size_t h = r.height, w = r.width, oh = r.out_height, ow = r.out_width;
  const std::int64_t drawn_rows = static_cast<std::int64_t>(oh);
  if (oh == h && ow == w) {
    return parallel_for(drawn_rows, static_cast<std::int64_t>(w),
                        [&](std::int64_t begin, std::int64_t end, int) {
                          const std::size_t i0 = static_cast<std::size_t>(begin);
                          const std::size_t i1 = static_cast<std::size_t>(end);
                          table.colormap_lut((i1 - i0) * w, map + i0 * w, pixels + i0 * w, &p);
                        });
  }
  const int threads = parallel_threads();
  float* acc = nullptr;
  float* row = nullptr;
  std::size_t acc_stride = 0, row_stride = 0;
  std::size_t* bins = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowA, w, threads, &acc, &acc_stride));
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowB, ow, threads, &row, &row_stride));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPointers, 2 * ow, &bins));
  for (std::size_t j = 0; j < ow; ++j) {
    bins[j] = j * w / ow;             // floor(j * w / ow)
    bins[ow + j] = (j + 1) * w / ow;  // floor((j + 1) * w / ow)
  }
  const float lowest = -std::numeric_limits<float>::infinity();
  const std::int64_t row_work = static_cast<std::int64_t>((h / oh + 1) * w);
  return parallel_for(drawn_rows, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    float* my_acc = acc + acc_stride * static_cast<std::size_t>(thread);
    float* my_row = row + row_stride * static_cast<std::size_t>(thread);
    for (std::size_t i = static_cast<std::size_t>(begin); i < static_cast<std::size_t>(end); ++i) {
      const std::size_t top = i * h / oh;
      const std::size_t bottom = (i + 1) * h / oh;
      for (std::size_t x = 0; x < w; ++x) my_acc[x] = lowest;
      for (std::size_t y = top; y < bottom; ++y) table.colormap_vmax(w, map + y * w, my_acc, &p);
      const float* drawn = my_acc;
      if (ow != w) {
        table.colormap_hmax(ow, my_acc, bins, bins + ow, my_row);
        drawn = my_row;
      }
      table.colormap_lut(ow, drawn, pixels + i * ow, &p);
    }
  });
}

}  // namespace condense
