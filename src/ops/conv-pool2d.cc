// The condense pipeline fused: conv2d -> clamp (ReLU) -> pool2d in one pass. Conv output rows
// go into a ring of (effective pool window height) rows and are pooled as soon as a window is
// complete, so the detected feature map is never written out in full.
#include "ops/conv-pool2d.h"

#include <algorithm>
#include <string>

#include "core/parallel.h"
#include "ops/conv-common.h"
#include "ops/pool-common.h"

namespace condense {

Status plan_conv_pool2d(const char* fn, const Conv2dParams& conv, const Pool2dParams& pool,
                        const Shape4& in, const FilterShape& filter, ConvPoolPlan* plan) {
  ConvPoolPlan p;
  CONDENSE_RETURN_IF_ERROR(plan_conv2d(fn, conv, false, in, filter, &p.conv));
  CONDENSE_RETURN_IF_ERROR(plan_pool2d(fn, pool, p.conv.out, &p.pool));
  *plan = p;
  return Status::Ok();
}

Status run_conv_pool2d(const KernelTable& table, const ConvPoolPlan& plan, const float* in,
                       const float* weights, const float* bias, float* out, Workspace& ws) {
  const char* fn = "convPool2d";
  const Conv2dPlan& cp = plan.conv;
  const Pool2dPlan& pp = plan.pool;
  PoolRowPlan row_plan;
  CONDENSE_RETURN_IF_ERROR(make_pool_row_plan(fn, pp, ws, &row_plan));
  // One slot more than a window so that a pair of conv rows computed together never evicts a
  // row the current window still needs.
  // Never more slots than conv rows (then no row is ever evicted), which also bounds the ring
  // by the conv output's validated size: effective_window() alone can be ~2^31 rows.
  const std::int64_t ring_rows = std::min(pp.y.effective_window() + 1, cp.out.h);
  const bool pairs = conv_pairs_rows(cp);
  const std::int64_t conv_row_elems = cp.out.w * cp.out.c;
  // Threads split each image's pool output rows; each has its own ring, ring tags, row pointers
  // and (one channel) pool scratch row, every one on its own cache lines. A thread computes the
  // conv rows its windows need (rows shared by two threads' windows are computed by both: the
  // same kernel, the same bits).
  const int threads = parallel_threads();
  float* ring = nullptr;
  std::size_t ring_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRing,
                                             static_cast<std::size_t>(ring_rows * conv_row_elems),
                                             threads, &ring, &ring_stride));
  std::int64_t* ring_tag = nullptr;
  std::size_t tag_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
      fn, Workspace::kRowB, static_cast<std::size_t>(ring_rows), threads, &ring_tag, &tag_stride));
  // A window has at most min(window, conv output height) in-bounds rows.
  const std::int64_t max_rows = std::min(pp.y.window, cp.out.h);
  const float** rows = nullptr;
  std::size_t rows_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kPointers,
                                             2 * static_cast<std::size_t>(max_rows), threads, &rows,
                                             &rows_stride));
  float* tmp_rows = nullptr;
  std::size_t tmp_stride = 0;
  if (row_plan.tmp_row != nullptr && threads > 1) {
    CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(
        fn, Workspace::kAccum, static_cast<std::size_t>(std::max(pp.in.w, pp.out.w * max_rows)),
        threads, &tmp_rows, &tmp_stride));
  }
  const std::int64_t image_elems = cp.in.h * cp.in.w * cp.in.c;
  const std::int64_t out_row_elems = pp.out.w * pp.out.c;
  const float* b_ptr = cp.params.has_bias ? bias : nullptr;
  const std::int64_t row_work =
      conv_row_elems * cp.filter.kernel_h * cp.filter.kernel_w * cp.filter.in_c * pp.y.stride +
      out_row_elems * pp.y.window * pp.x.window;
  for (std::int64_t b = 0; b < cp.in.n; ++b) {
    ConvInput input;
    CONDENSE_RETURN_IF_ERROR(prepare_conv_input(fn, cp, in + b * image_elems, ws, &input));
    CONDENSE_RETURN_IF_ERROR(
        parallel_for(pp.out.h, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
          const std::size_t k = static_cast<std::size_t>(thread);
          PoolRowPlan mine = row_plan;
          if (tmp_rows != nullptr) mine.tmp_row = tmp_rows + tmp_stride * k;
          float* my_ring = ring + ring_stride * k;
          std::int64_t* my_tag = ring_tag + tag_stride * k;
          const float** my_rows = rows + rows_stride * k;
          const float** pixel_rows = my_rows + max_rows;
          for (std::int64_t i = 0; i < ring_rows; ++i) my_tag[i] = -1;
          for (std::int64_t oy = begin; oy < end; ++oy) {
            const WindowSpan y = window_span(pp.y, oy);
            // The window's rows are conv output rows, computed into the ring on first use.
            for (std::int64_t r = 0; r < y.count; ++r) {
              const std::int64_t cy = y.first + r * pp.y.dilation;  // conv output row
              const std::int64_t slot = cy % ring_rows;
              float* dst = my_ring + slot * conv_row_elems;
              if (my_tag[slot] != cy) {
                const std::int64_t next_slot = (cy + 1) % ring_rows;
                if (pairs && cy + 1 < cp.out.h && my_tag[next_slot] != cy + 1) {
                  conv_row_pair(table, cp, input, cy, weights, b_ptr, dst,
                                my_ring + next_slot * conv_row_elems);
                  my_tag[next_slot] = cy + 1;
                } else {
                  conv_row(table, cp, input, cy, weights, b_ptr, dst);
                }
                my_tag[slot] = cy;
              }
              my_rows[r] = dst;
            }
            pool_row(table, pp, mine, my_rows, y.count, y.inside_pad, pixel_rows,
                     out + (b * pp.out.h + oy) * out_row_elems);
          }
        }));
  }
  return Status::Ok();
}

}  // namespace condense
