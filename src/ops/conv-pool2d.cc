// The condense pipeline fused: conv2d -> clamp (ReLU) -> pool2d in one pass. Conv output rows
// go into a ring of (effective pool window height) rows and are pooled as soon as a window is
// complete, so the detected feature map is never written out in full.
#include "ops/conv-pool2d.h"

#include <algorithm>
#include <string>

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
  float* ring = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(
      fn, Workspace::kRing, static_cast<std::size_t>(ring_rows * conv_row_elems), &ring));
  std::int64_t* ring_tag = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kRowB, static_cast<std::size_t>(ring_rows), &ring_tag));
  // A window has at most min(window, conv output height) in-bounds rows.
  const std::int64_t max_rows = std::min(pp.y.window, cp.out.h);
  const float** rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers, 2 * static_cast<std::size_t>(max_rows), &rows));
  const float** pixel_rows = rows + max_rows;
  const std::int64_t image_elems = cp.in.h * cp.in.w * cp.in.c;
  const std::int64_t out_row_elems = pp.out.w * pp.out.c;
  const float* b_ptr = cp.params.has_bias ? bias : nullptr;
  for (std::int64_t b = 0; b < cp.in.n; ++b) {
    ConvInput input;
    CONDENSE_RETURN_IF_ERROR(prepare_conv_input(fn, cp, in + b * image_elems, ws, &input));
    for (std::int64_t i = 0; i < ring_rows; ++i) ring_tag[i] = -1;
    for (std::int64_t oy = 0; oy < pp.out.h; ++oy) {
      const WindowSpan y = window_span(pp.y, oy);
      // The window's rows are conv output rows, computed into the ring on first use.
      for (std::int64_t r = 0; r < y.count; ++r) {
        const std::int64_t cy = y.first + r * pp.y.dilation;  // conv output row
        const std::int64_t slot = cy % ring_rows;
        float* dst = ring + slot * conv_row_elems;
        if (ring_tag[slot] != cy) {
          const std::int64_t next_slot = (cy + 1) % ring_rows;
          if (pairs && cy + 1 < cp.out.h && ring_tag[next_slot] != cy + 1) {
            conv_row_pair(table, cp, input, cy, weights, b_ptr, dst,
                          ring + next_slot * conv_row_elems);
            ring_tag[next_slot] = cy + 1;
          } else {
            conv_row(table, cp, input, cy, weights, b_ptr, dst);
          }
          ring_tag[slot] = cy;
        }
        rows[r] = dst;
      }
      pool_row(table, pp, row_plan, rows, y.count, y.inside_pad, pixel_rows,
               out + (b * pp.out.h + oy) * out_row_elems);
    }
  }
  return Status::Ok();
}

}  // namespace condense
