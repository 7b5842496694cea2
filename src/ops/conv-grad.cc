// Gradients of conv2d with respect to its input and its filter (tf.raw_ops.Conv2DBackpropInput /
// Conv2DBackpropFilter): every output pixel's window, as the forward plan_conv2d computes it,
// sends dy back through the taps that land inside the input (padded taps are zeros in the
// forward pass and receive nothing). Grouped convolutions (plan.params.groups > 1) run once per
// group over the group's channels; depthwise gradients are the grouped ones with groups =
// channels (filter [kh, kw, 1, C*M] = the depthwise [kh, kw, C, M]).
//
// The input gradient of an ungrouped stride-1 undilated conv with a finite filter is a forward
// conv2d of dy with the flipped filter (grad_input_as_conv below). Otherwise two paths, chosen by
// shape (and whether dy or the filter is finite) only, so both builds take the same one:
// - GEMM (one group, or groups of more than one input channel): the output pixels in chunks of
//   at most kChunkFloats scratch floats, per group and chunk one f32-gemm call per 8 columns:
//     filter: dW_chunk [taps*ci, co] = colT [taps*ci, pixels] . dy [pixels, co], colT the
//             transposed im2col of x (0 where a tap lands in padding); each chunk's sums
//             continue the previous chunk's (gemm_acc), so every element is one running sum
//             over the output pixels in order, the naive reference's order;
//     input:  dcol [pixels, taps*ci] = dy [pixels, co] . WT [co, taps*ci], then col2im adds
//             dcol into dx pixel by pixel, taps in order, skipping the padded taps.
// - Per pixel (conv-grad-pixel.h; groups of one input channel, i.e. depthwise): the
//   f32-conv-grad kernels scatter (input) or gather (filter) each output pixel's taps; the filter
//   gradient also when dy holds an infinity or NaN and some tap lands in the padding (the GEMM's
//   im2col zeros would turn 0 * inf into NaN; padded taps contribute nothing, whatever dy is).
// - The filter gradient of one input channel without groups (a grayscale first layer):
// conv-grad-c1.h. The f32-gemm kernels give the same bits on every table, so both builds agree bit
// for bit.
//
// Threads split outputs only, never a sum: the input gradient's GEMM by dcol rows, its col2im and
// the per-pixel scatter by dx rows (each thread walks every pixel, adding the taps in its rows);
// the filter gradient by its rows (taps x input channels; each walks every pixel chunk in order).
#include "ops/conv-grad.h"

#include <cstdint>
#include <cstring>
#include <limits>

#include "core/parallel.h"
#include "ops/conv-common.h"
#include "ops/conv-grad-c1.h"
#include "ops/conv-grad-flip.h"
#include "ops/conv-grad-pixel.h"

namespace condense {

namespace {

constexpr std::size_t kPanel = 8;  // columns per f32-gemm call (matmul.cc's packed panels)
// Scratch floats per chunk of output pixels (im2col / col2im rows), and the most pixels per
// chunk (so that a panel of dy, k rows of 8 floats, stays in cache across the row tiles).
constexpr std::size_t kChunkFloats = std::size_t{1} << 18;
constexpr std::size_t kMaxChunkPixels = 2048;

std::size_t round_up(std::size_t v, std::size_t to) { return (v + to - 1) / to * to; }

// Pixels per chunk when each pixel takes `row` scratch floats: at least 1, at most `pixels`.
std::size_t chunk_pixels(std::size_t row, std::size_t pixels) {
  std::size_t chunk = kChunkFloats / (row > 0 ? row : 1);
  if (chunk > kMaxChunkPixels) chunk = kMaxChunkPixels;
  if (chunk > pixels) chunk = pixels;
  return chunk > 0 ? chunk : 1;
}

// packed = the k x n matrix value(p, j) as panels of k rows of kPanel floats (panel q holds
// columns kPanel*q ...), columns n .. n_pad - 1 and the last panel's rest zero; only rows
// [p_begin, p_end) are written.
template <typename Value>
void pack_panels(std::size_t k, std::size_t n, std::size_t n_pad, Value&& value, float* packed,
                 std::size_t p_begin, std::size_t p_end) {
  for (std::size_t j0 = 0; j0 < n_pad; j0 += kPanel) {
    float* panel = packed + j0 * k;
    for (std::size_t p = p_begin; p < p_end; ++p) {
      for (std::size_t jj = 0; jj < kPanel; ++jj) {
        const std::size_t j = j0 + jj;
        panel[p * kPanel + jj] = j < n ? value(p, j) : 0.0f;
      }
    }
  }
}

// c [m, n_pad] (row stride n_pad) = a [m, k] . packed (pack_panels), n_pad a multiple of 4;
// accumulate: c += a . packed, each sum continuing from c's value (gemm_acc).
void gemm_panels(const KernelTable& table, std::size_t m, std::size_t n_pad, std::size_t k,
                 const float* a, std::size_t a_stride, const float* packed, float* c,
                 bool accumulate = false) {
  const float inf = std::numeric_limits<float>::infinity();
  const f32_gemm_fn gemm = accumulate ? table.gemm_acc : table.gemm;
  for (std::size_t j0 = 0; j0 < n_pad; j0 += kPanel) {
    const std::size_t width = n_pad - j0 < kPanel ? n_pad - j0 : kPanel;
    gemm(m, width, k, a, a_stride, packed + j0 * k, kPanel, nullptr, c + j0, n_pad, -inf, inf);
  }
}

// Threads split a GEMM's rows in blocks of the SIMD kernel's 4-row tile (as matmul.cc does), so
// every row goes through the same kernel path as on one thread: f(r0, r1, thread) for rows
// [r0, r1).
constexpr std::size_t kRowTile = 4;
template <typename F>
Status parallel_rows(std::size_t m, std::int64_t row_work, F&& f,
                     int chunks_per_thread = kChunksPerThread) {
  const std::int64_t blocks = static_cast<std::int64_t>((m + kRowTile - 1) / kRowTile);
  return parallel_for(
      blocks, row_work * static_cast<std::int64_t>(kRowTile),
      [&](std::int64_t begin, std::int64_t end, int thread) {
        const std::size_t r0 = static_cast<std::size_t>(begin) * kRowTile;
        const std::size_t r1 = static_cast<std::size_t>(end) * kRowTile;
        f(r0, r1 < m ? r1 : m, thread);
      },
      chunks_per_thread);
}

// Rows [r0, r1) of colT [taps * ci, *] into col_t (row r at col_t + (r - r0) * stride): row
// t * ci + k, column i = channel c0 + k of x at tap t of output pixel p0 + i (i < count), 0 where
// the tap lands in padding.
void im2col_transposed(const Conv2dPlan& plan, const float* x, std::size_t p0, std::size_t count,
                       std::size_t c0, std::size_t ci, std::size_t r0, std::size_t r1, float* col_t,
                       std::size_t stride) {
  const std::size_t kw = static_cast<std::size_t>(plan.filter.kernel_w);
  const std::size_t c = static_cast<std::size_t>(plan.in.c);
  for (std::size_t t = r0 / ci; t * ci < r1; ++t) {
    const std::int64_t ky = static_cast<std::int64_t>(t / kw),
                       kx = static_cast<std::int64_t>(t % kw);
    const std::size_t k0 = r0 > t * ci ? r0 - t * ci : 0, k1 = r1 < (t + 1) * ci ? r1 - t * ci : ci;
    float* rows = col_t + (t * ci + k0 - r0) * stride;  // row k0 of tap t
    for_each_output_pixel(
        plan, p0, count, [&](std::size_t i, std::int64_t b, std::int64_t oy, std::int64_t ox) {
          const std::int64_t iy = plan.y.start(oy) + ky * plan.y.dilation;
          const std::int64_t ix = plan.x.start(ox) + kx * plan.x.dilation;
          if (iy < 0 || iy >= plan.in.h || ix < 0 || ix >= plan.in.w) {
            for (std::size_t k = k0; k < k1; ++k) rows[(k - k0) * stride + i] = 0.0f;
            return;
          }
          const float* src =
              x + static_cast<std::size_t>((b * plan.in.h + iy) * plan.in.w + ix) * c + c0;
          for (std::size_t k = k0; k < k1; ++k) rows[(k - k0) * stride + i] = src[k];
        });
  }
}

// dx (channels c0 .. c0 + ci - 1) += dcol [count, n_pad]: pixel p0 + i's in-bounds taps in
// order, tap t's ci values at dcol[i * n_pad + t * ci]; only the taps landing in rows
// [row_begin, row_end) of the batch.
void col2im_add(const Conv2dPlan& plan, const float* dcol, std::size_t p0, std::size_t count,
                std::size_t n_pad, std::size_t c0, std::size_t ci, float* dx,
                std::int64_t row_begin, std::int64_t row_end) {
  const std::int64_t kw = plan.filter.kernel_w;
  const std::size_t c = static_cast<std::size_t>(plan.in.c);
  for_each_output_pixel(
      plan, p0, count, [&](std::size_t i, std::int64_t b, std::int64_t oy, std::int64_t ox) {
        std::int64_t lo = 0, hi = 0;
        image_rows(row_begin, row_end, b, plan.in.h, &lo, &hi);
        if (lo >= hi) return;
        std::int64_t fy = 0, ny = 0, fx = 0, nx = 0;
        narrow_taps(plan.y, oy, lo, hi, &fy, &ny);
        plan.x.in_bounds_taps(ox, &fx, &nx);
        const float* row = dcol + i * n_pad;
        for (std::int64_t ky = fy; ky < fy + ny; ++ky) {
          const std::int64_t iy = plan.y.start(oy) + ky * plan.y.dilation;
          for (std::int64_t kx = fx; kx < fx + nx; ++kx) {
            const std::int64_t ix = plan.x.start(ox) + kx * plan.x.dilation;
            float* dst =
                dx + static_cast<std::size_t>((b * plan.in.h + iy) * plan.in.w + ix) * c + c0;
            const float* src = row + static_cast<std::size_t>(ky * kw + kx) * ci;
            for (std::size_t k = 0; k < ci; ++k) dst[k] = dst[k] + src[k];
          }
        }
      });
}

Status grad_input_gemm(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                       const float* weights, float* dx, Workspace& ws) {
  const char* fn = "conv2dGradInput";
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);  // per group
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t pixels = static_cast<std::size_t>(plan.out.n * plan.out.h * plan.out.w);
  const std::size_t n = taps * in_c;
  const std::size_t n_pad = round_up(n, 4);
  const std::size_t chunk = chunk_pixels(n_pad, pixels);
  float* packed = nullptr;
  float* dcol = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kRowB, round_up(n_pad, kPanel) * group_out, &packed));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, chunk * n_pad, &dcol));
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  const std::int64_t ow = plan.out.w, oh = plan.out.h;
  // At least one image per thread: threads take whole images (each writes only its images' dx)
  // with their own dcol, one hand-off per group instead of two per chunk.
  const int threads = parallel_threads();
  float* dcols = nullptr;
  std::size_t dcol_stride = 0;
  const bool by_images = threads > 1 && plan.out.n >= threads;
  if (by_images) {
    CONDENSE_RETURN_IF_ERROR(
        ws.get_per_thread(fn, Workspace::kRing, chunk * n_pad, threads, &dcols, &dcol_stride));
  }
  const std::size_t image_pixels = static_cast<std::size_t>(oh * ow);
  for (std::size_t g = 0; g < groups; ++g) {
    // WT [group_out, taps * in_c]: the group's HWIO filter, transposed.
    pack_panels(
        group_out, n, n_pad,
        [&](std::size_t co, std::size_t j) { return weights[j * out_c + g * group_out + co]; },
        packed, 0, group_out);
    if (by_images) {
      CONDENSE_RETURN_IF_ERROR(
          parallel_for(plan.out.n, static_cast<std::int64_t>(image_pixels * n_pad * group_out),
                       [&](std::int64_t begin, std::int64_t end, int thread) {
                         float* mine = dcols + dcol_stride * static_cast<std::size_t>(thread);
                         const std::size_t stop = static_cast<std::size_t>(end) * image_pixels;
                         for (std::size_t p0 = static_cast<std::size_t>(begin) * image_pixels;
                              p0 < stop; p0 += chunk) {
                           const std::size_t count = stop - p0 < chunk ? stop - p0 : chunk;
                           gemm_panels(table, count, n_pad, group_out,
                                       dy + p0 * out_c + g * group_out, out_c, packed, mine);
                           col2im_add(plan, mine, p0, count, n_pad, g * in_c, in_c, dx, 0,
                                      plan.in.n * plan.in.h);
                         }
                       }));
      continue;
    }
    for (std::size_t p0 = 0; p0 < pixels; p0 += chunk) {
      const std::size_t count = pixels - p0 < chunk ? pixels - p0 : chunk;
      // Threads split dcol's rows (output pixels), then dx's rows: the rows of the batch this
      // chunk's windows can reach, each thread adding the taps that land in its rows.
      CONDENSE_RETURN_IF_ERROR(parallel_rows(count, static_cast<std::int64_t>(n_pad * group_out),
                                             [&](std::size_t r0, std::size_t r1, int) {
                                               gemm_panels(table, r1 - r0, n_pad, group_out,
                                                           dy + (p0 + r0) * out_c + g * group_out,
                                                           out_c, packed, dcol + r0 * n_pad);
                                             }));
      const std::int64_t first = static_cast<std::int64_t>(p0);
      const std::int64_t last = static_cast<std::int64_t>(p0 + count - 1);
      auto clamp_row = [&plan](std::int64_t r) {
        return r < 0 ? 0 : r > plan.in.h ? plan.in.h : r;
      };
      const std::int64_t top = clamp_row(plan.y.start(first / ow % oh));
      const std::int64_t bottom =
          clamp_row(plan.y.start(last / ow % oh) + plan.y.effective_window());
      const std::int64_t row_begin = first / ow / oh * plan.in.h + top;
      const std::int64_t row_end = last / ow / oh * plan.in.h + bottom;
      if (row_end <= row_begin) continue;
      CONDENSE_RETURN_IF_ERROR(parallel_for(
          row_end - row_begin, work_per(static_cast<double>(count * n), row_end - row_begin),
          [&](std::int64_t begin, std::int64_t end, int) {
            col2im_add(plan, dcol, p0, count, n_pad, g * in_c, in_c, dx, row_begin + begin,
                       row_begin + end);
          },
          1));  // every chunk walks every pixel of the chunk
    }
  }
  return Status::Ok();
}

Status grad_filter_gemm(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                        const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv2dGradFilter";
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);  // per group
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t pixels = static_cast<std::size_t>(plan.out.n * plan.out.h * plan.out.w);
  const std::size_t m = taps * in_c;
  const std::size_t n_pad = round_up(group_out, 4);
  const std::size_t panel_width = round_up(n_pad, kPanel);
  const std::size_t chunk = chunk_pixels(m > panel_width ? m : panel_width, pixels);
  // Each thread fills and multiplies its rows of colT in its own buffer, which stays in its
  // core's cache from one chunk of pixels to the next (rows of one shared colT, written by
  // whichever core ran them last time: [32,14,14,32] at two threads 3.03 ms against 2.50). One
  // share of rows per thread: at four, each share's im2col walks the pixels again (2.59-3.70 ms
  // against 2.50-2.92 side by side). Sized for the largest share of a full chunk of pixels; a
  // larger share goes through in pieces.
  constexpr int kSharesPerThread = 1;
  const std::int64_t row_work = static_cast<std::int64_t>(chunk * (n_pad + 1));
  const std::size_t row_blocks = (m + kRowTile - 1) / kRowTile;
  const std::size_t shares = static_cast<std::size_t>(parallel_chunks(
      static_cast<std::int64_t>(row_blocks), row_work * kRowTile, kSharesPerThread));
  const std::size_t share_rows = (row_blocks + shares - 1) / shares * kRowTile;
  float *col_t = nullptr, *packed = nullptr, *sum = nullptr;
  std::size_t col_t_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowA, share_rows * chunk,
                                             parallel_threads(), &col_t, &col_t_stride));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, panel_width * chunk, &packed));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kAccum, m * n_pad, &sum));
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t p0 = 0; p0 < pixels; p0 += chunk) {
      const std::size_t count = pixels - p0 < chunk ? pixels - p0 : chunk;
      const float* d = dy + p0 * out_c + g * group_out;
      // Threads split the chunk's pixels to pack dy, then the gradient's rows (taps x input
      // channels), each filling and multiplying its own rows of colT: one running sum each.
      CONDENSE_RETURN_IF_ERROR(
          parallel_for(static_cast<std::int64_t>(count), static_cast<std::int64_t>(panel_width),
                       [&](std::int64_t i0, std::int64_t i1, int) {
                         pack_panels(
                             count, group_out, n_pad,
                             [&](std::size_t i, std::size_t co) { return d[i * out_c + co]; },
                             packed, static_cast<std::size_t>(i0), static_cast<std::size_t>(i1));
                       }));
      // The first chunk starts the sums, the others continue them: one running sum per
      // gradient element over the output pixels in order.
      CONDENSE_RETURN_IF_ERROR(parallel_rows(
          m, static_cast<std::int64_t>(count * (n_pad + 1)),
          [&](std::size_t r0, std::size_t r1, int thread) {
            float* mine = col_t + col_t_stride * static_cast<std::size_t>(thread);
            for (std::size_t r = r0; r < r1; r += share_rows) {
              const std::size_t stop = r1 - r < share_rows ? r1 : r + share_rows;
              im2col_transposed(plan, x, p0, count, g * in_c, in_c, r, stop, mine, count);
              gemm_panels(table, stop - r, n_pad, count, mine, count, packed, sum + r * n_pad,
                          p0 > 0);
            }
          },
          kSharesPerThread));
    }
    // The group's [taps * in_c, group_out] block into HWIO.
    for (std::size_t r = 0; r < m; ++r) {
      std::memcpy(dw + r * out_c + g * group_out, sum + r * n_pad, group_out * sizeof(float));
    }
  }
  return Status::Ok();
}

// Groups of one input channel (depthwise) take the per-pixel path; the others GEMM.
bool per_pixel(const Conv2dPlan& plan) { return plan.params.groups > 1 && plan.filter.in_c == 1; }
// True when some output pixel has a tap in the padding.
bool has_padded_taps(const Conv2dPlan& plan) {
  std::int64_t first = 0, count = 0;
  for (std::int64_t o = 0; o < plan.out.h; ++o) {
    plan.y.in_bounds_taps(o, &first, &count);
    if (count < plan.y.window) return true;
  }
  for (std::int64_t o = 0; o < plan.out.w; ++o) {
    plan.x.in_bounds_taps(o, &first, &count);
    if (count < plan.x.window) return true;
  }
  return false;
}

}  // namespace

Status run_conv2d_grad_input(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                             const float* weights, float* dx, Workspace& ws) {
  if (per_pixel(plan)) return grad_input_per_pixel(table, plan, dy, weights, dx, ws);
  Status status = Status::Ok();
  if (grad_input_as_conv(table, plan, dy, weights, dx, ws, &status)) return status;
  return grad_input_gemm(table, plan, dy, weights, dx, ws);
}

Status run_conv2d_grad_filter(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws) {
  // An infinite or NaN dy with padded taps: the other paths would multiply the padded taps'
  // zeros by it (0 * inf = NaN) where padded taps contribute nothing, so the per-pixel path,
  // which visits only the in-bounds taps, serves it (and groups of one input channel).
  const bool finite_where_padded = !has_padded_taps(plan) || all_finite_f32(dy, plan.out_elements);
  const bool zeros = plan.params.pad_fill == PadFill::kZeros;
  if (plan.filter.in_c == 1 && plan.params.groups == 1 && zeros && finite_where_padded) {
    return grad_filter_one_channel(table, plan, x, dy, dw, ws);
  }
  if (plan.filter.in_c == 1 || !finite_where_padded) {
    return grad_filter_per_pixel(table, plan, x, dy, dw, ws);
  }
  return grad_filter_gemm(table, plan, x, dy, dw, ws);
}

}  // namespace condense
