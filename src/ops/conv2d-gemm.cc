// conv2d as GEMMs read in place from the (padded) input, for convolutions with few input
// channels. For output row oy and kernel row ky, the input row oy*stride_h + ky*dilation_h holds
// every output pixel's window slice: pixel ox's kw*ci taps start at ox*stride_w*ci and are
// contiguous when dilation_w = 1, so the row is an [out_w, kw*ci] matrix with row stride
// stride_w*ci (rows overlap when stride_w < kw), times the filter's rows for ky as a
// [kw*ci, out_c] matrix. No im2col copy. With dilation_w = 1, the f32-gemm-rows kernel sums
// over all kernel rows in one call (the filter's kh*kw*ci rows are its B), each sum starting at
// the bias (or +0) and held in registers until the clamp. With dilation_w > 1, each (ky, kx) is
// such a matrix of ci columns, and the f32-gemm-acc kernel continues sums that start at the bias
// (or +0) in the output row, tap after tap (the clamp is an identity, [-inf, inf], until the
// last). Either way every output adds its products in (ky, kx, ci) order, the row kernels' float
// operations (f32-conv-hwc's contract), and the result is bit for bit the same. Threads split
// each image's output rows. Scratch: the padded image, as for the row kernels.
#include "ops/conv2d-gemm.h"

#include <cstring>
#include <limits>

#include "core/parallel.h"
#include "ops/conv-common.h"

namespace condense {

namespace {

constexpr std::int64_t kGemmMaxInputChannels = 16;

// Output row oy of one image: out_row [out_w, out_c].
void gemm_row(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
              std::int64_t oy, const float* weights, const float* bias, float* out_row) {
  const std::size_t ow = static_cast<std::size_t>(plan.out.w);
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t c = static_cast<std::size_t>(plan.in.c);
  const std::int64_t kh = plan.filter.kernel_h, kw = plan.filter.kernel_w;
  const std::size_t a_stride = static_cast<std::size_t>(plan.x.stride) * c;
  const float lo = plan.params.clamp.min, hi = plan.params.clamp.max;
  if (plan.x.dilation == 1) {
    // Every kernel row in one call, the sums in registers from the bias (or +0).
    const float* row = input.data + oy * plan.y.stride * input.row_stride;
    const std::size_t row_step = static_cast<std::size_t>(plan.y.dilation * input.row_stride);
    table.gemm_rows(ow, out_c, static_cast<std::size_t>(kh), static_cast<std::size_t>(kw) * c, row,
                    a_stride, row_step, weights, out_c, bias, out_row, out_c, lo, hi);
    return;
  }
  // The sums start at the bias (or +0), as in the row kernels.
  for (std::size_t i = 0; i < ow; ++i) {
    float* ci = out_row + i * out_c;
    if (bias != nullptr) {
      std::memcpy(ci, bias, out_c * sizeof(float));
    } else {
      std::memset(ci, 0, out_c * sizeof(float));
    }
  }
  constexpr float kInf = std::numeric_limits<float>::infinity();
  const std::size_t tap_floats = c * out_c;  // filter floats per (ky, kx)
  for (std::int64_t ky = 0; ky < kh; ++ky) {
    const float* row = input.data + (oy * plan.y.stride + ky * plan.y.dilation) * input.row_stride;
    const float* w = weights + static_cast<std::size_t>(ky * kw) * tap_floats;
    const bool last_row = ky + 1 == kh;
    for (std::int64_t kx = 0; kx < kw; ++kx) {
      const bool last = last_row && kx + 1 == kw;
      table.gemm_acc(ow, out_c, c, row + static_cast<std::size_t>(kx * plan.x.dilation) * c,
                     a_stride, w + static_cast<std::size_t>(kx) * tap_floats, out_c, nullptr,
                     out_row, out_c, last ? lo : -kInf, last ? hi : kInf);
    }
  }
}

}  // namespace

bool conv2d_gemm_applies(const Conv2dPlan& plan) {
  return !plan.depthwise && plan.params.groups == 1 && plan.in.c >= 1 &&
         plan.in.c <= kGemmMaxInputChannels && plan.filter.out_c >= 4;
}

Status run_conv2d_gemm(const KernelTable& table, const Conv2dPlan& plan, const float* in,
                       const float* weights, const float* bias, float* out, Workspace& ws) {
  const char* fn = "conv2d";
  const std::size_t out_row_elems = static_cast<std::size_t>(plan.out.w * plan.out.c);
  const std::int64_t row_work =
      plan.out.w * plan.out.c * plan.filter.kernel_h * plan.filter.kernel_w * plan.filter.in_c;
  const float* b_ptr = plan.params.has_bias ? bias : nullptr;
  return for_each_image_rows(
      fn, plan, in, ConvInput{}, plan.out.h, row_work, ws,
      [&](const ConvInput& input, std::int64_t img, std::int64_t begin, std::int64_t end, int) {
        float* image_out = out + static_cast<std::size_t>(img * plan.out.h) * out_row_elems;
        for (std::int64_t oy = begin; oy < end; ++oy) {
          gemm_row(table, plan, input, oy, weights, b_ptr,
                   image_out + static_cast<std::size_t>(oy) * out_row_elems);
        }
      });
}

}  // namespace condense
