// Row-level pooling shared by pool2d, pool3d and conv-pool2d.
#include "ops/pool-common.h"

#include <algorithm>
#include <string>

#include "core/params.h"

namespace condense {

Status make_pool_row_plan(const char* fn, const Pool2dPlan& plan, Workspace& ws,
                          PoolRowPlan* row_plan, std::int64_t max_rows) {
  ColumnTaps* columns = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kTaps, static_cast<std::size_t>(plan.out.w), &columns));
  std::int64_t begin = -1, end = -1;
  for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
    std::int64_t first = 0, count = 0;
    plan.x.in_bounds_taps(ox, &first, &count);
    columns[ox] = ColumnTaps{static_cast<std::int32_t>(first), static_cast<std::int32_t>(count),
                             static_cast<std::int32_t>(plan.x.taps_inside_padding(ox))};
    if (count == plan.x.window) {
      if (begin < 0) begin = ox;
      end = ox + 1;
    }
  }
  // Full windows form one contiguous run (windows move monotonically across the input).
  row_plan->columns = columns;
  row_plan->interior_begin = begin < 0 ? 0 : begin;
  row_plan->interior_end = begin < 0 ? 0 : end;
  row_plan->tmp_row = nullptr;
  if (plan.in.c == 1) {
    // The averaging path sums rows into one input row; the max path reduces each window row
    // into its own output-width row.
    const std::size_t per_row = static_cast<std::size_t>(plan.out.w);
    std::size_t tmp = static_cast<std::size_t>(plan.in.w);
    const std::size_t rows =
        static_cast<std::size_t>(max_rows > 0 ? max_rows : std::min(plan.y.window, plan.in.h));
    if (rows <= (std::size_t{1} << 31) / per_row) {
      const std::size_t rows_tmp = rows * per_row;
      if (rows_tmp > tmp) tmp = rows_tmp;
    } else {
      return Status::OutOfMemory(std::string(fn) + ": the window is too large for scratch memory");
    }
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, tmp, &row_plan->tmp_row));
  }
  return Status::Ok();
}

void pool_row(const KernelTable& table, const Pool2dPlan& plan, const PoolRowPlan& row_plan,
              const float* const* rows, std::int64_t row_count, std::int64_t rows_inside_pad,
              const float** pixel_rows, float* out_row) {
  const Pool2dParams& p = plan.params;
  const AxisGeometry& x = plan.x;
  const std::size_t channels = static_cast<std::size_t>(plan.in.c);
  const bool is_max = p.type == PoolType::kMax;
  const float lo = p.clamp.min, hi = p.clamp.max;
  const std::size_t col_stride = static_cast<std::size_t>(x.dilation) * channels;

  if (channels == 1) {
    // One channel: SIMD over output columns for the interior (full windows); border columns
    // one window at a time. The lesson's 2x2/s2 max pool has its own kernel.
    const std::int64_t begin = row_plan.interior_begin, end = row_plan.interior_end;
    const bool c1_2x2s2 = is_max && row_count == 2 && x.window == 2 && x.stride == 2 &&
                          x.dilation == 1 && plan.y.window == 2;
    if (is_max) {
      // Max: each window row reduced along the row first, then the rows top to bottom -- the
      // row-major order of the pixel kernel, so ties (-0 and +0) resolve the same way.
      if (end > begin) {
        const std::size_t n = static_cast<std::size_t>(end - begin);
        const std::int64_t start = x.start(begin);
        const std::size_t window = static_cast<std::size_t>(x.window);
        const std::size_t stride = static_cast<std::size_t>(x.stride);
        const std::size_t dilation = static_cast<std::size_t>(x.dilation);
        if (c1_2x2s2) {
          table.maxpool_c1_2x2s2(n, rows[0] + start, rows[1] + start, out_row + begin, lo, hi);
        } else if (row_count == 1) {
          table.hmax_c1(n, window, stride, dilation, rows[0] + start, out_row + begin, lo, hi);
        } else {
          for (std::int64_t r = 0; r < row_count; ++r) {
            float* reduced = row_plan.tmp_row + static_cast<std::size_t>(r) * n;
            table.hmax_c1(n, window, stride, dilation, rows[r] + start, reduced, -kInf, kInf);
            pixel_rows[r] = reduced;
          }
          table.vmax(static_cast<std::size_t>(row_count), n, pixel_rows, out_row + begin);
          if (lo != -kInf || hi != kInf) table.clamp(n, out_row + begin, out_row + begin, lo, hi);
        }
      }
      for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
        if (ox == begin && end > begin) ox = end;  // skip the interior
        if (ox >= plan.out.w) break;
        const ColumnTaps& ct = row_plan.columns[ox];
        const std::int64_t offset = x.start(ox) + ct.first * x.dilation;
        for (std::int64_t r = 0; r < row_count; ++r) pixel_rows[r] = rows[r] + offset;
        table.maxpool_pixel(static_cast<std::size_t>(row_count), static_cast<std::size_t>(ct.count),
                            1, pixel_rows, col_stride, out_row + ox, lo, hi);
      }
      return;
    }
    // Average: the window rows summed into one input row (columns first, as the kernel
    // contract orders the sums), then the window slid along it.
    const float* line = rows[0];
    if (row_count > 1) {
      table.vsum(static_cast<std::size_t>(row_count), static_cast<std::size_t>(plan.in.w), rows,
                 row_plan.tmp_row);
      line = row_plan.tmp_row;
    }
    if (end > begin) {
      const float* start = line + x.start(begin);
      const std::size_t n = static_cast<std::size_t>(end - begin);
      const float divisor = avg_divisor(p, row_count, x.window, rows_inside_pad, x.window);
      table.hsum_c1(n, static_cast<std::size_t>(x.window), static_cast<std::size_t>(x.stride),
                    static_cast<std::size_t>(x.dilation), start, divisor, out_row + begin, lo, hi);
    }
    for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
      if (ox == begin && end > begin) ox = end;  // skip the interior
      if (ox >= plan.out.w) break;
      const ColumnTaps& ct = row_plan.columns[ox];
      const float* ptr = line + (x.start(ox) + ct.first * x.dilation);
      const float divisor = avg_divisor(p, row_count, ct.count, rows_inside_pad, ct.inside_pad);
      table.avgpool_pixel(1, static_cast<std::size_t>(ct.count), 1, &ptr, col_stride, divisor,
                          out_row + ox, lo, hi);
    }
    return;
  }

  // Several channels, SIMD over channels: the interior (full windows) in one row-kernel call,
  // the border windows one at a time.
  const std::int64_t begin = row_plan.interior_begin, end = row_plan.interior_end;
  if (end > begin) {
    const std::int64_t offset = x.start(begin) * plan.in.c;
    for (std::int64_t r = 0; r < row_count; ++r) pixel_rows[r] = rows[r] + offset;
    const std::size_t n = static_cast<std::size_t>(end - begin);
    const std::size_t pixel_stride = static_cast<std::size_t>(x.stride) * channels;
    float* out = out_row + begin * plan.in.c;
    if (is_max) {
      table.maxpool_row(n, static_cast<std::size_t>(row_count), static_cast<std::size_t>(x.window),
                        channels, pixel_rows, pixel_stride, col_stride, out, lo, hi);
    } else {
      const float divisor = avg_divisor(p, row_count, x.window, rows_inside_pad, x.window);
      table.avgpool_row(n, static_cast<std::size_t>(row_count), static_cast<std::size_t>(x.window),
                        channels, pixel_rows, pixel_stride, col_stride, divisor, out, lo, hi);
    }
  }
  for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
    if (ox == begin && end > begin) {
      ox = end - 1;
      continue;
    }
    const ColumnTaps& ct = row_plan.columns[ox];
    const std::int64_t offset = (x.start(ox) + ct.first * x.dilation) * plan.in.c;
    for (std::int64_t r = 0; r < row_count; ++r) pixel_rows[r] = rows[r] + offset;
    float* out = out_row + ox * plan.in.c;
    if (is_max) {
      table.maxpool_pixel(static_cast<std::size_t>(row_count), static_cast<std::size_t>(ct.count),
                          channels, pixel_rows, col_stride, out, lo, hi);
    } else {
      const float divisor = avg_divisor(p, row_count, ct.count, rows_inside_pad, ct.inside_pad);
      table.avgpool_pixel(static_cast<std::size_t>(row_count), static_cast<std::size_t>(ct.count),
                          channels, pixel_rows, col_stride, divisor, out, lo, hi);
    }
  }
}

}  // namespace condense
