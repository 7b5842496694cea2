// 2-D convolution and depthwise convolution (TF/Keras semantics: HWIO filters, 'valid' /
// 'same' / explicit zero padding, dilations, bias, fused clamp).
#include "ops/conv2d.h"

#include <cstring>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "core/parallel.h"
#include "ops/conv-common.h"
#include "ops/conv2d-gemm.h"

namespace condense {

namespace {

const char* pad_fill_name(PadFill fill) {
  switch (fill) {
    case PadFill::kReflect:
      return "reflect";
    case PadFill::kReplicate:
      return "replicate";
    case PadFill::kCircular:
      return "circular";
    default:
      return "zeros";
  }
}

// PyTorch's F.pad rules: reflect needs pad < input size per side, circular pad <= input size.
Status check_pad_fill(const char* fn, PadFill fill, const AxisGeometry& a, const char* axis) {
  if (fill != PadFill::kReflect && fill != PadFill::kCircular) {
    if (fill == PadFill::kZeros || fill == PadFill::kReplicate) return Status::Ok();
    return Status::Range(std::string(fn) + ": padMode is not a known mode");
  }
  const std::int64_t pad = a.pad_before > a.pad_after ? a.pad_before : a.pad_after;
  const bool ok = fill == PadFill::kReflect ? pad < a.in : pad <= a.in;
  if (ok) return Status::Ok();
  return Status::Range(std::string(fn) + ": padding (" + to_str(pad) + ") must be " +
                       (fill == PadFill::kReflect ? "smaller than" : "at most") + " the input " +
                       axis + " (" + to_str(a.in) + ") for padMode '" + pad_fill_name(fill) + "'");
}

// The source coordinate of padded coordinate i - pad_before (i in [-pad, n + pad)), or -1 for a
// zero (checked by check_pad_fill: one reflection or wrap is enough).
std::int64_t source_index(PadFill fill, std::int64_t i, std::int64_t n) {
  if (i >= 0 && i < n) return i;
  switch (fill) {
    case PadFill::kReflect:
      return i < 0 ? -i : 2 * (n - 1) - i;
    case PadFill::kReplicate:
      return i < 0 ? 0 : n - 1;
    case PadFill::kCircular:
      return i < 0 ? i + n : i - n;
    default:
      return -1;
  }
}

}  // namespace

Status plan_conv2d(const char* fn, const Conv2dParams& params, bool depthwise, const Shape4& in,
                   const FilterShape& filter, Conv2dPlan* plan) {
  Conv2dPlan p;
  p.params = params;
  p.depthwise = depthwise;
  p.filter = filter;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &p.in_elements));
  const Shape4 filter4{filter.kernel_h, filter.kernel_w, filter.in_c, filter.out_c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "filter", filter4, &p.filter_elements));
  const std::int64_t groups = depthwise ? 1 : params.groups;
  if (groups < 1) {
    return Status::Range(std::string(fn) + ": groups (" + to_str(groups) +
                         ") must be a positive integer");
  }
  if (groups == 1 && filter.in_c != in.c) {
    return Status::Range(std::string(fn) + ": filter shape[2] (" + to_str(filter.in_c) +
                         " input channels) must equal the input's channels (" + to_str(in.c) + ")");
  }
  if (groups > 1) {
    if (in.c % groups != 0 || filter.out_c % groups != 0) {
      return Status::Range(std::string(fn) + ": groups (" + to_str(groups) +
                           ") must divide the input channels (" + to_str(in.c) +
                           ") and the output channels (" + to_str(filter.out_c) + ")");
    }
    if (filter.in_c * groups != in.c) {
      return Status::Range(std::string(fn) + ": filter shape[2] (" + to_str(filter.in_c) +
                           " input channels) must equal the input's channels / groups (" +
                           to_str(in.c) + " / " + to_str(groups) + ")");
    }
  }
  AxisRequest ry{in.h,           filter.kernel_h, params.stride_h,   params.dilation_h,
                 params.padding, params.pad_top,  params.pad_bottom, false};
  AxisRequest rx{in.w,           filter.kernel_w, params.stride_w,  params.dilation_w,
                 params.padding, params.pad_left, params.pad_right, false};
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, "filter", "height"}, ry, false, &p.y));
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, "filter", "width"}, rx, false, &p.x));
  CONDENSE_RETURN_IF_ERROR(check_pad_fill(fn, params.pad_fill, p.y, "height"));
  CONDENSE_RETURN_IF_ERROR(check_pad_fill(fn, params.pad_fill, p.x, "width"));
  std::int64_t out_c = filter.out_c;
  if (depthwise) {
    std::size_t product = 0;
    if (!checked_mul(static_cast<std::size_t>(in.c), static_cast<std::size_t>(filter.out_c),
                     &product) ||
        product > static_cast<std::size_t>(kMaxDim)) {
      return Status::Range(std::string(fn) + ": channels x multiplier is too large");
    }
    out_c = static_cast<std::int64_t>(product);
  }
  p.bias_elements = static_cast<std::size_t>(out_c);
  p.out = Shape4{in.n, p.y.out, p.x.out, out_c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "output", p.out, &p.out_elements));
  // The zero-padded copy of one image must fit too.
  const Shape4 padded{1, in.h + p.y.pad_before + p.y.pad_after,
                      in.w + p.x.pad_before + p.x.pad_after, in.c};
  std::size_t padded_elements = 0;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "padded input", padded, &padded_elements));
  *plan = p;
  return Status::Ok();
}

bool conv_input_padded(const Conv2dPlan& plan) {
  return plan.y.pad_before + plan.y.pad_after + plan.x.pad_before + plan.x.pad_after != 0;
}

std::size_t conv_padded_elements(const Conv2dPlan& plan) {
  const std::int64_t padded_h = plan.in.h + plan.y.pad_before + plan.y.pad_after;
  const std::int64_t padded_w = plan.in.w + plan.x.pad_before + plan.x.pad_after;
  return static_cast<std::size_t>(padded_h * padded_w * plan.in.c);
}

void pad_conv_input(const Conv2dPlan& plan, const float* image, float* padded, ConvInput* input) {
  const AxisGeometry& y = plan.y;
  const AxisGeometry& x = plan.x;
  const std::int64_t c = plan.in.c;
  if (!conv_input_padded(plan)) {
    input->data = image;
    input->row_stride = plan.in.w * c;
    return;
  }
  const std::int64_t padded_h = plan.in.h + y.pad_before + y.pad_after;
  const std::int64_t padded_w = plan.in.w + x.pad_before + x.pad_after;
  const std::size_t row_bytes = static_cast<std::size_t>(padded_w * c) * sizeof(float);
  const PadFill fill = plan.params.pad_fill;
  const std::size_t pixel_bytes = static_cast<std::size_t>(c) * sizeof(float);
  for (std::int64_t py = 0; py < padded_h; ++py) {
    float* dst = padded + py * padded_w * c;
    const std::int64_t iy = source_index(fill, py - y.pad_before, plan.in.h);
    if (iy < 0) {
      std::memset(dst, 0, row_bytes);
      continue;
    }
    const float* src = image + iy * plan.in.w * c;
    for (std::int64_t px = 0; px < x.pad_before; ++px) {
      const std::int64_t ix = source_index(fill, px - x.pad_before, plan.in.w);
      if (ix < 0) {
        std::memset(dst + px * c, 0, pixel_bytes);
      } else {
        std::memcpy(dst + px * c, src + ix * c, pixel_bytes);
      }
    }
    std::memcpy(dst + x.pad_before * c, src, static_cast<std::size_t>(plan.in.w) * pixel_bytes);
    for (std::int64_t px = x.pad_before + plan.in.w; px < padded_w; ++px) {
      const std::int64_t ix = source_index(fill, px - x.pad_before, plan.in.w);
      if (ix < 0) {
        std::memset(dst + px * c, 0, pixel_bytes);
      } else {
        std::memcpy(dst + px * c, src + ix * c, pixel_bytes);
      }
    }
  }
  input->data = padded;
  input->row_stride = padded_w * c;
}

Status prepare_conv_input(const char* fn, const Conv2dPlan& plan, const float* image, Workspace& ws,
                          ConvInput* input) {
  float* padded = nullptr;
  if (conv_input_padded(plan)) {
    CONDENSE_RETURN_IF_ERROR(
        ws.get_array(fn, Workspace::kPadded, conv_padded_elements(plan), &padded));
  }
  pad_conv_input(plan, image, padded, input);
  return Status::Ok();
}

void conv_row(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
              std::int64_t oy, const float* weights, const float* bias, float* out_row) {
  const Conv2dParams& p = plan.params;
  const std::int64_t c = plan.in.c;
  // In the padded frame the window of output (oy, 0) starts at (oy*stride_h, 0).
  const float* start = input.data + oy * plan.y.stride * input.row_stride;
  const std::size_t row_stride = static_cast<std::size_t>(plan.y.dilation * input.row_stride);
  const std::size_t tap_stride = static_cast<std::size_t>(plan.x.dilation * c);
  const std::size_t pixel_stride = static_cast<std::size_t>(plan.x.stride * c);
  const std::size_t out_w = static_cast<std::size_t>(plan.out.w);
  const std::size_t kh = static_cast<std::size_t>(plan.filter.kernel_h);
  const std::size_t kw = static_cast<std::size_t>(plan.filter.kernel_w);
  if (plan.depthwise || conv_is_depthwise_grouped(plan)) {
    // A grouped conv with one input channel per group is a depthwise conv: its HWIO filter
    // [kh, kw, 1, C*M] is the depthwise filter [kh, kw, C, M] in memory.
    const std::size_t multiplier = static_cast<std::size_t>(
        plan.depthwise ? plan.filter.out_c : plan.filter.out_c / plan.in.c);
    table.dwconv_row(out_w, kh, kw, static_cast<std::size_t>(c), multiplier, start, row_stride,
                     tap_stride, pixel_stride, weights, bias, out_row, p.clamp.min, p.clamp.max);
    return;
  }
  if (p.groups > 1) {
    // Each group: the conv kernel over the group's channels (its input pixels start at
    // g * in_c), with the group's filter block [kh, kw, in_c, out_c / groups] laid out
    // contiguously by prepare_grouped_filter, into a row buffer, then into the output row.
    const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);
    const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
    const std::size_t group_out = out_c / static_cast<std::size_t>(p.groups);
    const std::size_t block = kh * kw * in_c * group_out;
    for (std::size_t g = 0; g < static_cast<std::size_t>(p.groups); ++g) {
      table.conv_hwc_row(out_w, kh, kw, in_c, group_out, start + g * in_c, row_stride, tap_stride,
                         pixel_stride, input.group_weights + g * block,
                         bias != nullptr ? bias + g * group_out : nullptr, input.group_row,
                         p.clamp.min, p.clamp.max);
      for (std::size_t ox = 0; ox < out_w; ++ox) {
        std::memcpy(out_row + ox * out_c + g * group_out, input.group_row + ox * group_out,
                    group_out * sizeof(float));
      }
    }
    return;
  }
  const f32_conv_row_fn kernel =
      (c == 1 && plan.filter.out_c == 1) ? table.conv_c1_row : table.conv_hwc_row;
  kernel(out_w, kh, kw, static_cast<std::size_t>(c), static_cast<std::size_t>(plan.filter.out_c),
         start, row_stride, tap_stride, pixel_stride, weights, bias, out_row, p.clamp.min,
         p.clamp.max);
}

bool conv_is_depthwise_grouped(const Conv2dPlan& plan) {
  return !plan.depthwise && plan.params.groups > 1 && plan.filter.in_c == 1;
}

Status prepare_grouped_filter(const char* fn, const Conv2dPlan& plan, const float* weights,
                              Workspace& ws, ConvInput* input) {
  if (plan.depthwise || plan.params.groups <= 1 || conv_is_depthwise_grouped(plan)) {
    return Status::Ok();
  }
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  float* blocks = nullptr;
  float* row = nullptr;
  std::size_t row_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kTaps, plan.filter_elements, &blocks));
  // One row buffer per thread, each on its own cache lines (threads split the output rows).
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowA,
                                             static_cast<std::size_t>(plan.out.w) * group_out,
                                             parallel_threads(), &row, &row_stride));
  for (std::size_t g = 0; g < groups; ++g) {
    float* dst = blocks + g * taps * in_c * group_out;
    for (std::size_t t = 0; t < taps * in_c; ++t) {
      std::memcpy(dst + t * group_out, weights + t * out_c + g * group_out,
                  group_out * sizeof(float));
    }
  }
  input->group_weights = blocks;
  input->group_row = row;
  input->group_row_stride = row_stride;
  return Status::Ok();
}

bool conv_pairs_rows(const Conv2dPlan& plan) {
  return !plan.depthwise && plan.params.groups == 1 && plan.in.c == 1 && plan.filter.out_c == 1 &&
         plan.filter.kernel_h == 3 && plan.filter.kernel_w == 3 && plan.y.stride == 1 &&
         plan.x.stride == 1 && plan.y.dilation == 1 && plan.x.dilation == 1;
}

void conv_row_pair(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
                   std::int64_t oy, const float* weights, const float* bias, float* out0,
                   float* out1) {
  if (!conv_pairs_rows(plan)) {
    conv_row(table, plan, input, oy, weights, bias, out0);
    conv_row(table, plan, input, oy + 1, weights, bias, out1);
    return;
  }
  table.conv_c1_3x3_2rows(static_cast<std::size_t>(plan.out.w), input.data + oy * input.row_stride,
                          static_cast<std::size_t>(input.row_stride), weights, bias, out0, out1,
                          plan.params.clamp.min, plan.params.clamp.max);
}

Status run_conv2d(const KernelTable& table, const Conv2dPlan& plan, const float* in,
                  const float* weights, const float* bias, float* out, Workspace& ws) {
  if (conv2d_gemm_applies(plan)) return run_conv2d_gemm(table, plan, in, weights, bias, out, ws);
  const char* fn = plan.depthwise ? "depthwiseConv2d" : "conv2d";
  const std::int64_t out_row_elems = plan.out.w * plan.out.c;
  ConvInput grouped;
  CONDENSE_RETURN_IF_ERROR(prepare_grouped_filter(fn, plan, weights, ws, &grouped));
  // Threads split the images' output rows (in units of the row pairs the single-thread loop
  // forms, so every row is computed by the same kernel call either way; for_each_image_rows). A
  // grouped conv gives each thread its own row buffer (prepare_grouped_filter).
  const bool pairs = conv_pairs_rows(plan);
  const std::int64_t unit_rows = pairs ? 2 : 1;
  const std::int64_t units = (plan.out.h + unit_rows - 1) / unit_rows;
  const std::int64_t row_work =
      unit_rows * out_row_elems * plan.filter.kernel_h * plan.filter.kernel_w * plan.filter.in_c;
  const float* b_ptr = plan.params.has_bias ? bias : nullptr;
  return for_each_image_rows(
      fn, plan, in, grouped, units, row_work, ws,
      [&](const ConvInput& input, std::int64_t b, std::int64_t begin, std::int64_t end,
          int thread) {
        ConvInput mine = input;
        if (mine.group_row != nullptr) {
          mine.group_row += mine.group_row_stride * static_cast<std::size_t>(thread);
        }
        float* image_out = out + b * plan.out.h * out_row_elems;
        std::int64_t oy = begin * unit_rows;
        const std::int64_t stop = end * unit_rows < plan.out.h ? end * unit_rows : plan.out.h;
        if (pairs) {
          for (; oy + 2 <= stop; oy += 2) {
            conv_row_pair(table, plan, mine, oy, weights, b_ptr, image_out + oy * out_row_elems,
                          image_out + (oy + 1) * out_row_elems);
          }
        }
        for (; oy < stop; ++oy) {
          conv_row(table, plan, mine, oy, weights, b_ptr, image_out + oy * out_row_elems);
        }
      });
}

}  // namespace condense
