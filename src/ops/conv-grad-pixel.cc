// The per-pixel conv2d gradients (conv-grad-pixel.h): each output pixel's in-bounds taps, found by
// walking the output in NHWC order, scattered into dx or gathered into dW by the f32-conv-grad
// kernels.
#include "ops/conv-grad-pixel.h"

#include <cstdint>
#include <cstring>

#include "core/parallel.h"
#include "ops/conv-common.h"

namespace condense {

namespace {

// Calls visit(b, oy, ox, count) for every output pixel in NHWC order after filling the tap lists
// with its in-bounds taps whose input row lies in rows [row_begin, row_end) of the batch (pixels
// without such taps are skipped): input_cells[t] = NHWC offset of the tap's input pixel,
// filter_taps[t] = ky * kw + kx, taps in (ky, kx) order.
template <typename Visit>
void for_each_output(const Conv2dPlan& plan, std::int64_t row_begin, std::int64_t row_end,
                     std::int64_t* input_cells, std::int64_t* filter_taps, Visit&& visit) {
  const std::int64_t c = plan.in.c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    std::int64_t lo = 0, hi = 0;
    image_rows(row_begin, row_end, b, plan.in.h, &lo, &hi);
    if (lo >= hi) continue;
    for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
      std::int64_t fy = 0, ny = 0;
      narrow_taps(plan.y, oy, lo, hi, &fy, &ny);
      if (ny == 0) continue;
      for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
        std::int64_t fx = 0, nx = 0;
        plan.x.in_bounds_taps(ox, &fx, &nx);
        std::int64_t count = 0;
        for (std::int64_t ky = fy; ky < fy + ny; ++ky) {
          const std::int64_t iy = plan.y.start(oy) + ky * plan.y.dilation;
          for (std::int64_t kx = fx; kx < fx + nx; ++kx) {
            const std::int64_t ix = plan.x.start(ox) + kx * plan.x.dilation;
            input_cells[count] = ((b * plan.in.h + iy) * plan.in.w + ix) * c;
            filter_taps[count] = ky * plan.filter.kernel_w + kx;
            ++count;
          }
        }
        if (count > 0) visit(b, oy, ox, count);
      }
    }
  }
}

}  // namespace

Status grad_input_per_pixel(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                            const float* weights, float* dx, Workspace& ws) {
  const char* fn = "conv2dGradInput";
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);  // per group
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t block = taps * group_out * in_c;
  // The filter as HWOI per group ([groups][kh][kw][out_c / groups][in_c]), so that a tap's
  // weights for one output channel are contiguous over the group's input channels (SIMD over
  // input channels).
  float* hwoi = nullptr;
  TapScratch scratch;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &hwoi));
  CONDENSE_RETURN_IF_ERROR(scratch.get(fn, taps, ws));
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t t = 0; t < taps; ++t) {
      for (std::size_t ci = 0; ci < in_c; ++ci) {
        for (std::size_t co = 0; co < group_out; ++co) {
          hwoi[g * block + (t * group_out + co) * in_c + ci] =
              weights[(t * in_c + ci) * out_c + g * group_out + co];
        }
      }
    }
  }
  // Threads own rows of dx (image rows over the batch) and add only the taps landing there.
  const std::int64_t rows = plan.in.n * plan.in.h;
  const std::size_t row_elems = static_cast<std::size_t>(plan.in.w * plan.in.c);
  const std::int64_t row_work =
      work_per(static_cast<double>(plan.out_elements) * static_cast<double>(taps * in_c), rows);
  return parallel_for(rows, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    std::memset(dx + static_cast<std::size_t>(begin) * row_elems, 0,
                static_cast<std::size_t>(end - begin) * row_elems * sizeof(float));
    std::int64_t* cells = scratch.cells_of(thread);
    std::int64_t* filter_taps = cells + taps;
    const float** w_taps = scratch.sources_of(thread);
    float** dx_taps = scratch.targets_of(thread);
    for_each_output(plan, begin, end, cells, filter_taps,
                    [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t count) {
                      const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * plan.out.c;
                      for (std::size_t g = 0; g < groups; ++g) {
                        for (std::int64_t t = 0; t < count; ++t) {
                          dx_taps[t] = dx + cells[t] + g * in_c;
                          w_taps[t] = hwoi + g * block +
                                      static_cast<std::size_t>(filter_taps[t]) * group_out * in_c;
                        }
                        table.conv_grad_input(static_cast<std::size_t>(count), in_c, group_out,
                                              w_taps, d + g * group_out, dx_taps);
                      }
                    });
  });
}

Status grad_filter_per_pixel(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                             const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv2dGradFilter";
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);  // per group
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  TapScratch scratch;
  CONDENSE_RETURN_IF_ERROR(scratch.get(fn, taps, ws));
  // Grouped: the gradient per group as HWIO blocks [groups][kh][kw][in_c][out_c / groups],
  // scattered into dw at the end (the same sums in the same order).
  float* blocks = dw;
  if (groups > 1) {
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &blocks));
  }
  // Threads split the gradient's rows u = (g * taps + tap) * in_c + ci (row u: blocks + u *
  // group_out, group_out floats), each walking every output pixel in order: every element is
  // one running sum over the pixels, as on one thread.
  const std::size_t per_group = taps * in_c;
  const std::int64_t units = static_cast<std::int64_t>(groups * per_group);
  const std::int64_t pixels = plan.out.n * plan.out.h * plan.out.w;
  const std::int64_t unit_work = pixels * static_cast<std::int64_t>(group_out);
  const std::int64_t all_rows = plan.in.n * plan.in.h;
  // Every thread walks every output pixel (rebuilding its tap lists): with few gradient rows (one
  // input channel, no groups: 9 rows for 3x3) that walk costs more than the split saves
  // ([32,28,28,1] -> 32: 2.7 ms on one thread, 4.4 ms split over two), so those stay on one.
  const std::int64_t split_work = units < 16 ? 0 : unit_work;
  return parallel_for(
      units, split_work,
      [&](std::int64_t begin, std::int64_t end, int thread) {
        const std::size_t u0 = static_cast<std::size_t>(begin), u1 = static_cast<std::size_t>(end);
        std::memset(blocks + u0 * group_out, 0, (u1 - u0) * group_out * sizeof(float));
        std::int64_t* cells = scratch.cells_of(thread);
        std::int64_t* filter_taps = cells + taps;
        const float** x_taps = scratch.sources_of(thread);
        float** dw_taps = scratch.targets_of(thread);
        const std::size_t g0 = u0 / per_group, g1 = (u1 - 1) / per_group + 1;
        for_each_output(
            plan, 0, all_rows, cells, filter_taps,
            [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t count) {
              const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * plan.out.c;
              for (std::size_t g = g0; g < g1; ++g) {
                std::size_t full = 0;
                for (std::int64_t t = 0; t < count; ++t) {
                  const std::size_t base =
                      (g * taps + static_cast<std::size_t>(filter_taps[t])) * in_c;
                  const std::size_t lo = base > u0 ? base : u0;
                  const std::size_t hi = base + in_c < u1 ? base + in_c : u1;
                  if (lo >= hi) continue;
                  const float* xt = x + cells[t] + g * in_c;
                  float* dwt = blocks + base * group_out;
                  if (hi - lo == in_c) {
                    x_taps[full] = xt;
                    dw_taps[full] = dwt;
                    ++full;
                    continue;
                  }
                  // A tap split between two threads: this thread's input channels only.
                  const float* x_part = xt + (lo - base);
                  float* dw_part = dwt + (lo - base) * group_out;
                  table.conv_grad_filter(1, hi - lo, group_out, &x_part, d + g * group_out,
                                         &dw_part);
                }
                if (full > 0) {
                  table.conv_grad_filter(full, in_c, group_out, x_taps, d + g * group_out, dw_taps);
                }
              }
            });
        if (groups > 1) {
          for (std::size_t u = u0; u < u1; ++u) {
            std::memcpy(dw + (u % per_group) * out_c + (u / per_group) * group_out,
                        blocks + u * group_out, group_out * sizeof(float));
          }
        }
      },
      1);  // every chunk walks every output pixel
}

}  // namespace condense
