// Row-level convolution shared by the conv ops and the fused conv -> pool op.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/parallel.h"
#include "ops/conv2d.h"
#include "ops/workspace.h"

namespace condense {

// One image ready for the row kernels: the input itself when there is no padding, else a
// zero-padded copy in the workspace.
struct ConvInput {
  const float* data = nullptr;
  std::int64_t row_stride = 0;  // floats between rows
  // Grouped conv (groups > 1, more than one input channel per group): the filter as one
  // contiguous HWIO block per group, and a row buffer of out.w * (out_c / groups) floats per
  // thread (thread i's at group_row + i * group_row_stride).
  const float* group_weights = nullptr;
  float* group_row = nullptr;
  std::size_t group_row_stride = 0;
};

// Fills input->group_weights / group_row for a grouped plan (nothing otherwise).
Status prepare_grouped_filter(const char* fn, const Conv2dPlan& plan, const float* weights,
                              Workspace& ws, ConvInput* input);

// A grouped conv with one input channel per group (groups = channels): the depthwise kernel.
bool conv_is_depthwise_grouped(const Conv2dPlan& plan);

Status prepare_conv_input(const char* fn, const Conv2dPlan& plan, const float* image, Workspace& ws,
                          ConvInput* input);

// Whether the plan pads its input, the padded image's floats, and the padding itself into
// `padded` (unused when the plan does not pad: input->data is then the image).
bool conv_input_padded(const Conv2dPlan& plan);
std::size_t conv_padded_elements(const Conv2dPlan& plan);
void pad_conv_input(const Conv2dPlan& plan, const float* image, float* padded, ConvInput* input);

// Calls rows(input, b, begin, end, thread) for output-row units [begin, end) of image b, over
// `units` units per image, with image b's input prepared (base's group fields kept). One image:
// padded once, its units split across threads. More: one parallel section over images x units,
// each thread padding the images it touches into its own buffer (a section per image would wait
// for the pool once per image). Every unit is computed by the same call either way.
template <class Rows>
Status for_each_image_rows(const char* fn, const Conv2dPlan& plan, const float* in,
                           const ConvInput& base, std::int64_t units, std::int64_t unit_work,
                           Workspace& ws, Rows&& rows) {
  const std::size_t image_elems = static_cast<std::size_t>(plan.in.h * plan.in.w * plan.in.c);
  if (plan.in.n == 1 || parallel_threads() == 1) {
    for (std::int64_t b = 0; b < plan.in.n; ++b) {
      ConvInput input = base;
      CONDENSE_RETURN_IF_ERROR(
          prepare_conv_input(fn, plan, in + static_cast<std::size_t>(b) * image_elems, ws, &input));
      CONDENSE_RETURN_IF_ERROR(
          parallel_for(units, unit_work, [&](std::int64_t begin, std::int64_t end, int thread) {
            rows(static_cast<const ConvInput&>(input), b, begin, end, thread);
          }));
    }
    return Status::Ok();
  }
  float* padded = nullptr;
  std::size_t padded_stride = 0;
  if (conv_input_padded(plan)) {
    CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kPadded, conv_padded_elements(plan),
                                               parallel_threads(), &padded, &padded_stride));
  }
  return parallel_for(
      plan.in.n * units, unit_work, [&](std::int64_t begin, std::int64_t end, int thread) {
        float* mine = padded + padded_stride * static_cast<std::size_t>(thread);
        for (std::int64_t u = begin; u < end;) {
          const std::int64_t b = u / units;
          const std::int64_t stop = (b + 1) * units < end ? (b + 1) * units : end;
          ConvInput input = base;
          pad_conv_input(plan, in + static_cast<std::size_t>(b) * image_elems, mine, &input);
          rows(static_cast<const ConvInput&>(input), b, u - b * units, stop - b * units, thread);
          u = stop;
        }
      });
}

// Computes output row oy of one image into out_row (plan.out.w * plan.out.c floats).
void conv_row(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
              std::int64_t oy, const float* weights, const float* bias, float* out_row);

// Whether conv_row_pair computes two rows in one pass (one channel, 3x3, stride 1, dilation 1).
bool conv_pairs_rows(const Conv2dPlan& plan);

// Computes output rows oy and oy + 1 (oy + 1 < plan.out.h) into out0 and out1.
void conv_row_pair(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
                   std::int64_t oy, const float* weights, const float* bias, float* out0,
                   float* out1);

// Per-thread tap lists for the per-pixel scatter and gather loops (an op's taps: input offsets
// and filter taps in `cells`, source and target pointers), each thread's on its own cache lines.
struct TapScratch {
  std::int64_t* cells = nullptr;
  const float** sources = nullptr;
  float** targets = nullptr;
  std::size_t cells_stride = 0, sources_stride = 0, targets_stride = 0;

  Status get(const char* fn, std::size_t taps, Workspace& ws) {
    const int threads = parallel_threads();
    CONDENSE_RETURN_IF_ERROR(
        ws.get_per_thread(fn, Workspace::kTaps, 2 * taps, threads, &cells, &cells_stride));
    CONDENSE_RETURN_IF_ERROR(
        ws.get_per_thread(fn, Workspace::kPointers, taps, threads, &sources, &sources_stride));
    return ws.get_per_thread(fn, Workspace::kRing, taps, threads, &targets, &targets_stride);
  }
  std::int64_t* cells_of(int thread) const {
    return cells + cells_stride * static_cast<std::size_t>(thread);
  }
  const float** sources_of(int thread) const {
    return sources + sources_stride * static_cast<std::size_t>(thread);
  }
  float** targets_of(int thread) const {
    return targets + targets_stride * static_cast<std::size_t>(thread);
  }
};

// Work per item for parallel_for: `total` spread over `items` (at least 1).
inline std::int64_t work_per(double total, std::int64_t items) {
  const double per = total / static_cast<double>(items > 0 ? items : 1);
  return per < 1.0 ? 1 : per > 1e15 ? std::int64_t{1} << 50 : static_cast<std::int64_t>(per);
}

// Calls visit(i, b, oy, ox) for the output pixels p0 .. p0 + count - 1 (i = p - p0), NHWC order.
template <typename Visit>
inline void for_each_output_pixel(const Conv2dPlan& plan, std::size_t p0, std::size_t count,
                                  Visit&& visit) {
  const std::int64_t ow = plan.out.w, oh = plan.out.h;
  std::int64_t ox = static_cast<std::int64_t>(p0) % ow;
  std::int64_t oy = static_cast<std::int64_t>(p0) / ow % oh;
  std::int64_t b = static_cast<std::int64_t>(p0) / ow / oh;
  for (std::size_t i = 0; i < count; ++i) {
    visit(i, b, oy, ox);
    if (++ox == ow) {
      ox = 0;
      if (++oy == oh) {
        oy = 0;
        ++b;
      }
    }
  }
}

// True when every value is finite: an OR over the exponent fields (an exponent of all ones,
// plus one, carries into the top bit), so that the compiler vectorises it.
inline bool all_finite_f32(const float* v, std::size_t n) {
  std::uint32_t any = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t b;
    std::memcpy(&b, v + i, sizeof b);
    any |= (b & 0x7f800000u) + 0x00800000u;
  }
  return (any & 0x80000000u) == 0;
}

// Threads that split a scatter (an input gradient, a transposed conv) each own a range of the
// written rows and walk every source pixel in the single-thread order, adding only the taps that
// land in their rows: each element then receives the same sums in the same order.

// The in-bounds taps of window o on `axis`, narrowed to those whose input index lies in
// [lo, hi): taps [*first, *first + *count) (count 0 when none).
inline void narrow_taps(const AxisGeometry& axis, std::int64_t o, std::int64_t lo, std::int64_t hi,
                        std::int64_t* first, std::int64_t* count) {
  std::int64_t f = 0, n = 0;
  axis.in_bounds_taps(o, &f, &n);
  const std::int64_t s = axis.start(o), d = axis.dilation;
  // The smallest tap k with s + k * d >= v (d >= 1).
  auto tap_at = [s, d](std::int64_t v) {
    const std::int64_t a = v - s;
    return a >= 0 ? (a + d - 1) / d : -((-a) / d);
  };
  std::int64_t k0 = tap_at(lo), k1 = tap_at(hi);
  if (k0 < f) k0 = f;
  if (k1 > f + n) k1 = f + n;
  *first = k0;
  *count = k1 > k0 ? k1 - k0 : 0;
}

// The rows of image b (of `rows` rows each) inside the range [begin, end) of rows counted over
// the whole batch: [*lo, *hi), empty when *lo >= *hi.
inline void image_rows(std::int64_t begin, std::int64_t end, std::int64_t b, std::int64_t rows,
                       std::int64_t* lo, std::int64_t* hi) {
  *lo = begin - b * rows > 0 ? begin - b * rows : 0;
  *hi = end - b * rows < rows ? end - b * rows : rows;
}

}  // namespace condense
