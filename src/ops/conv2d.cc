// 2-D convolution and depthwise convolution (TF/Keras semantics: HWIO filters, 'valid' /
// 'same' / explicit zero padding, dilations, bias, fused clamp).
#include "ops/conv2d.h"

#include <cstring>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "ops/conv-common.h"

namespace condense {

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
  if (filter.in_c != in.c) {
    return Status::Range(std::string(fn) + ": filter shape[2] (" + to_str(filter.in_c) +
                         " input channels) must equal the input's channels (" + to_str(in.c) + ")");
  }
  AxisRequest ry{in.h,           filter.kernel_h, params.stride_h,   params.dilation_h,
                 params.padding, params.pad_top,  params.pad_bottom, false};
  AxisRequest rx{in.w,           filter.kernel_w, params.stride_w,  params.dilation_w,
                 params.padding, params.pad_left, params.pad_right, false};
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, "filter", "height"}, ry, false, &p.y));
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, "filter", "width"}, rx, false, &p.x));
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

Status prepare_conv_input(const char* fn, const Conv2dPlan& plan, const float* image, Workspace& ws,
                          ConvInput* input) {
  const AxisGeometry& y = plan.y;
  const AxisGeometry& x = plan.x;
  const std::int64_t c = plan.in.c;
  if (y.pad_before + y.pad_after + x.pad_before + x.pad_after == 0) {
    input->data = image;
    input->row_stride = plan.in.w * c;
    return Status::Ok();
  }
  const std::int64_t padded_h = plan.in.h + y.pad_before + y.pad_after;
  const std::int64_t padded_w = plan.in.w + x.pad_before + x.pad_after;
  float* padded = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(
      fn, Workspace::kPadded, static_cast<std::size_t>(padded_h * padded_w * c), &padded));
  const std::size_t row_bytes = static_cast<std::size_t>(padded_w * c) * sizeof(float);
  for (std::int64_t py = 0; py < padded_h; ++py) {
    float* dst = padded + py * padded_w * c;
    const std::int64_t iy = py - y.pad_before;
    if (iy < 0 || iy >= plan.in.h) {
      std::memset(dst, 0, row_bytes);
      continue;
    }
    std::memset(dst, 0, static_cast<std::size_t>(x.pad_before * c) * sizeof(float));
    std::memcpy(dst + x.pad_before * c, image + iy * plan.in.w * c,
                static_cast<std::size_t>(plan.in.w * c) * sizeof(float));
    std::memset(dst + (x.pad_before + plan.in.w) * c, 0,
                static_cast<std::size_t>(x.pad_after * c) * sizeof(float));
  }
  input->data = padded;
  input->row_stride = padded_w * c;
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
  if (plan.depthwise) {
    table.dwconv_row(out_w, kh, kw, static_cast<std::size_t>(c),
                     static_cast<std::size_t>(plan.filter.out_c), start, row_stride, tap_stride,
                     pixel_stride, weights, bias, out_row, p.clamp.min, p.clamp.max);
    return;
  }
  const f32_conv_row_fn kernel =
      (c == 1 && plan.filter.out_c == 1) ? table.conv_c1_row : table.conv_hwc_row;
  kernel(out_w, kh, kw, static_cast<std::size_t>(c), static_cast<std::size_t>(plan.filter.out_c),
         start, row_stride, tap_stride, pixel_stride, weights, bias, out_row, p.clamp.min,
         p.clamp.max);
}

bool conv_pairs_rows(const Conv2dPlan& plan) {
  return !plan.depthwise && plan.in.c == 1 && plan.filter.out_c == 1 && plan.filter.kernel_h == 3 &&
         plan.filter.kernel_w == 3 && plan.y.stride == 1 && plan.x.stride == 1 &&
         plan.y.dilation == 1 && plan.x.dilation == 1;
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
  const char* fn = plan.depthwise ? "depthwiseConv2d" : "conv2d";
  const std::int64_t image_elems = plan.in.h * plan.in.w * plan.in.c;
  const std::int64_t out_row_elems = plan.out.w * plan.out.c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    ConvInput input;
    CONDENSE_RETURN_IF_ERROR(prepare_conv_input(fn, plan, in + b * image_elems, ws, &input));
    const float* b_ptr = plan.params.has_bias ? bias : nullptr;
    float* image_out = out + b * plan.out.h * out_row_elems;
    std::int64_t oy = 0;
    if (conv_pairs_rows(plan)) {
      for (; oy + 2 <= plan.out.h; oy += 2) {
        conv_row_pair(table, plan, input, oy, weights, b_ptr, image_out + oy * out_row_elems,
                      image_out + (oy + 1) * out_row_elems);
      }
    }
    for (; oy < plan.out.h; ++oy) {
      conv_row(table, plan, input, oy, weights, b_ptr, image_out + oy * out_row_elems);
    }
  }
  return Status::Ok();
}

}  // namespace condense
