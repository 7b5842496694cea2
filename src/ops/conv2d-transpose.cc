// Transposed 2-D convolution: every input pixel scatters its channels through the filter into
// the output, computed as the input gradient of the forward conv (the f32-conv-grad input
// kernel over the taps each input pixel reaches), one channel group at a time, then the bias
// (f32-vaffine-c with unit scale: x * 1 + b is x + b exactly) and the fused clamp (f32-clamp).
#include "ops/conv2d-transpose.h"

#include <cstring>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "ops/conv-common.h"

namespace condense {

Status plan_conv2d_transpose(const char* fn, const Conv2dTransposeParams& params, const Shape4& in,
                             const FilterShape& filter, Conv2dTransposePlan* plan) {
  Conv2dTransposePlan p;
  p.params = params;
  p.filter = filter;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &p.in_elements));
  const Shape4 filter4{filter.kernel_h, filter.kernel_w, filter.in_c, filter.out_c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "filter", filter4, &p.filter_elements));
  if (params.groups < 1 || params.groups > kMaxDim) {
    return Status::Range(std::string(fn) + ": groups must be a positive integer (got " +
                         to_str(params.groups) + ")");
  }
  if (filter.out_c != in.c) {
    return Status::Range(std::string(fn) + ": the filter's input channels (" +
                         to_str(filter.out_c) + ") must equal the input's channels (" +
                         to_str(in.c) + ")");
  }
  if (in.c % params.groups != 0) {
    return Status::Range(std::string(fn) + ": groups (" + to_str(params.groups) +
                         ") must divide the input's channels (" + to_str(in.c) + ")");
  }
  std::size_t out_c = 0;
  if (!checked_mul(static_cast<std::size_t>(filter.in_c), static_cast<std::size_t>(params.groups),
                   &out_c) ||
      out_c > static_cast<std::size_t>(kMaxDim)) {
    return Status::Range(std::string(fn) + ": output channels (filter channels x groups) are " +
                         "too many");
  }
  TransposeAxisRequest ry{
      in.h,           filter.kernel_h,   params.stride_h,         params.dilation_h, params.padding,
      params.pad_top, params.pad_bottom, params.output_padding_h, params.output_h};
  TransposeAxisRequest rx{
      in.w,           filter.kernel_w, params.stride_w,  params.dilation_w,
      params.padding, params.pad_left, params.pad_right, params.output_padding_w,
      params.output_w};
  CONDENSE_RETURN_IF_ERROR(compute_transpose_axis({fn, "filter", "height"}, ry, &p.y));
  CONDENSE_RETURN_IF_ERROR(compute_transpose_axis({fn, "filter", "width"}, rx, &p.x));
  p.bias_elements = out_c;
  p.out = Shape4{in.n, p.y.in, p.x.in, static_cast<std::int64_t>(out_c)};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "output", p.out, &p.out_elements));
  *plan = p;
  return Status::Ok();
}

Status run_conv2d_transpose(const KernelTable& table, const Conv2dTransposePlan& plan,
                            const float* x, const float* weights, const float* bias, float* out,
                            Workspace& ws) {
  const char* fn = "conv2dTranspose";
  const std::int64_t groups = plan.params.groups;
  const std::size_t in_c = static_cast<std::size_t>(plan.in.c);
  const std::size_t out_c = static_cast<std::size_t>(plan.out.c);
  const std::size_t ig = in_c / static_cast<std::size_t>(groups);     // x channels per group
  const std::size_t og = static_cast<std::size_t>(plan.filter.in_c);  // output channels per group
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t block = taps * ig * og;
  float* packed = nullptr;
  TapScratch scratch;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &packed));
  CONDENSE_RETURN_IF_ERROR(scratch.get(fn, taps, ws));
  // Each group's filter as [tap][x channel][output channel]: a tap's weights for one input
  // channel are contiguous over the output channels (the kernel's SIMD axis).
  for (std::int64_t g = 0; g < groups; ++g) {
    const std::size_t gi = static_cast<std::size_t>(g) * ig;
    float* dst = packed + static_cast<std::size_t>(g) * block;
    for (std::size_t t = 0; t < taps; ++t) {
      for (std::size_t ci = 0; ci < ig; ++ci) {
        for (std::size_t co = 0; co < og; ++co) {
          dst[(t * ig + ci) * og + co] = weights[(t * og + co) * in_c + gi + ci];
        }
      }
    }
  }
  float* ones = nullptr;
  if (plan.params.has_bias) {
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, out_c, &ones));
    for (std::size_t c = 0; c < out_c; ++c) ones[c] = 1.0f;
  }
  const AxisGeometry& gy = plan.y;
  const AxisGeometry& gx = plan.x;
  const Clamp& clamp = plan.params.clamp;
  const bool clamped = clamp.min != -kInf || clamp.max != kInf;
  // Threads own rows of the output (over the batch) and scatter only the taps landing there,
  // walking the input pixels in the single-thread order, then add the bias and clamp their rows.
  const std::int64_t rows = plan.out.n * plan.out.h;
  const std::size_t row_elems = static_cast<std::size_t>(plan.out.w) * out_c;
  const std::int64_t row_work =
      work_per(static_cast<double>(plan.in_elements) * static_cast<double>(taps * og), rows);
  return parallel_for(rows, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    float* mine = out + static_cast<std::size_t>(begin) * row_elems;
    const std::size_t mine_elems = static_cast<std::size_t>(end - begin) * row_elems;
    std::memset(mine, 0, mine_elems * sizeof(float));
    std::int64_t* cells = scratch.cells_of(thread);
    std::int64_t* filter_taps = cells + taps;
    const float** w_taps = scratch.sources_of(thread);
    float** out_taps = scratch.targets_of(thread);
    for (std::int64_t g = 0; g < groups; ++g) {
      const std::size_t gi = static_cast<std::size_t>(g) * ig;
      const std::size_t go = static_cast<std::size_t>(g) * og;
      const float* group_filter = packed + static_cast<std::size_t>(g) * block;
      for (std::int64_t b = 0; b < plan.in.n; ++b) {
        std::int64_t lo = 0, hi = 0;
        image_rows(begin, end, b, plan.out.h, &lo, &hi);
        if (lo >= hi) continue;
        for (std::int64_t iy = 0; iy < plan.in.h; ++iy) {
          std::int64_t fy = 0, ny = 0;
          narrow_taps(gy, iy, lo, hi, &fy, &ny);
          if (ny == 0) continue;
          for (std::int64_t ix = 0; ix < plan.in.w; ++ix) {
            std::int64_t fx = 0, nx = 0;
            gx.in_bounds_taps(ix, &fx, &nx);
            std::size_t count = 0;
            for (std::int64_t ky = fy; ky < fy + ny; ++ky) {
              const std::int64_t oy = gy.start(iy) + ky * gy.dilation;
              for (std::int64_t kx = fx; kx < fx + nx; ++kx) {
                const std::int64_t ox = gx.start(ix) + kx * gx.dilation;
                cells[count] = ((b * plan.out.h + oy) * plan.out.w + ox) * plan.out.c;
                filter_taps[count] = ky * plan.filter.kernel_w + kx;
                ++count;
              }
            }
            for (std::size_t t = 0; t < count; ++t) {
              out_taps[t] = out + cells[t] + static_cast<std::int64_t>(go);
              w_taps[t] = group_filter + static_cast<std::size_t>(filter_taps[t]) * ig * og;
            }
            const float* d = x + ((b * plan.in.h + iy) * plan.in.w + ix) * plan.in.c +
                             static_cast<std::int64_t>(gi);
            table.conv_grad_input(count, og, ig, w_taps, d, out_taps);
          }
        }
      }
    }
    if (ones != nullptr) {
      table.vaffine_c(mine_elems / out_c, out_c, mine, ones, bias, mine);
    }
    if (clamped) table.clamp(mine_elems, mine, mine, clamp.min, clamp.max);
  });
}

}  // namespace condense
