// conv2d as a GEMM per chunk of output pixels of one image: the (padded) input's windows
// copied into rows (im2col, [pixels, kh*kw*ci] in (ky, kx, ci) order, which is the HWIO
// filter's row order), times the filter as a [kh*kw*ci, out_c] matrix. The f32-gemm-acc kernel
// continues sums that start at the bias (or +0), so every output repeats the row kernels'
// float operations in their order (f32-conv-hwc's contract) and the result is bit for bit the
// same. Scratch: the chunk's rows (and the padded image, as for the row kernels).
#include "ops/conv2d-gemm.h"

#include <cstring>

#include "ops/conv-common.h"

namespace condense {

namespace {

constexpr std::int64_t kGemmMaxInputChannels = 16;
// im2col floats per chunk: the chunk's rows stay in the second-level cache while the GEMM
// walks them once per 8 output channels.
constexpr std::size_t kChunkFloats = std::size_t{1} << 14;

// rows [count, k]: row i = the window of output pixel p0 + i of one image, (ky, kx, ci) order.
void im2col(const Conv2dPlan& plan, const ConvInput& input, std::size_t p0, std::size_t count,
            float* rows) {
  const std::int64_t ow = plan.out.w;
  const std::int64_t kh = plan.filter.kernel_h, kw = plan.filter.kernel_w;
  const std::size_t c = static_cast<std::size_t>(plan.in.c);
  const std::size_t tap_bytes = c * sizeof(float);
  const std::int64_t row_step = plan.y.dilation * input.row_stride;
  const std::int64_t tap_step = plan.x.dilation * static_cast<std::int64_t>(c);
  std::int64_t oy = static_cast<std::int64_t>(p0) / ow;
  std::int64_t ox = static_cast<std::int64_t>(p0) % ow;
  float* dst = rows;
  for (std::size_t i = 0; i < count; ++i) {
    // In the padded frame the window of output (oy, ox) starts at (oy*stride_h, ox*stride_w).
    const float* start = input.data + oy * plan.y.stride * input.row_stride +
                         ox * plan.x.stride * static_cast<std::int64_t>(c);
    for (std::int64_t ky = 0; ky < kh; ++ky) {
      const float* src = start + ky * row_step;
      if (plan.x.dilation == 1) {
        std::memcpy(dst, src, static_cast<std::size_t>(kw) * tap_bytes);
        dst += kw * static_cast<std::int64_t>(c);
        continue;
      }
      for (std::int64_t kx = 0; kx < kw; ++kx) {
        std::memcpy(dst, src + kx * tap_step, tap_bytes);
        dst += c;
      }
    }
    if (++ox == ow) {
      ox = 0;
      ++oy;
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
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t k =
      static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w * plan.filter.in_c);
  const std::size_t pixels = static_cast<std::size_t>(plan.out.h * plan.out.w);
  // At most kChunkFloats of rows, and no more than one image's output (so that scratch memory
  // follows the data, as the row kernels' does), but at least one pixel.
  const std::size_t out_floats = pixels * out_c;
  const std::size_t budget = out_floats < kChunkFloats ? out_floats : kChunkFloats;
  std::size_t chunk = budget / k;
  if (chunk < 1) chunk = 1;
  if (chunk > pixels) chunk = pixels;
  float* rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, chunk * k, &rows));
  // Columns in multiples of 4 (the kernel's 1-3-column tail is scalar): out_c not a multiple
  // of 4 takes the last 4 columns first, then the first out_c rounded down to 4, whose sums
  // restart from the bias, so the overlap is computed twice and written by the same operations.
  const std::size_t n4 = out_c / 4 * 4;
  const std::size_t tail = out_c - 4;
  const float* b_ptr = plan.params.has_bias ? bias : nullptr;
  const float lo = plan.params.clamp.min, hi = plan.params.clamp.max;
  auto start_sums = [&](float* c, std::size_t count, std::size_t j0, std::size_t n) {
    // The sums start at the bias (or +0), as in the row kernels.
    for (std::size_t i = 0; i < count; ++i) {
      float* ci = c + i * out_c + j0;
      if (b_ptr != nullptr) {
        std::memcpy(ci, b_ptr + j0, n * sizeof(float));
      } else {
        std::memset(ci, 0, n * sizeof(float));
      }
    }
  };
  const std::size_t image_elems = static_cast<std::size_t>(plan.in.h * plan.in.w * plan.in.c);
  for (std::int64_t img = 0; img < plan.in.n; ++img) {
    ConvInput input;
    CONDENSE_RETURN_IF_ERROR(
        prepare_conv_input(fn, plan, in + static_cast<std::size_t>(img) * image_elems, ws, &input));
    float* image_out = out + static_cast<std::size_t>(img) * out_floats;
    for (std::size_t p0 = 0; p0 < pixels; p0 += chunk) {
      const std::size_t count = pixels - p0 < chunk ? pixels - p0 : chunk;
      im2col(plan, input, p0, count, rows);
      float* c = image_out + p0 * out_c;
      if (n4 != out_c) {
        start_sums(c, count, tail, 4);
        table.gemm_acc(count, 4, k, rows, k, weights + tail, out_c, nullptr, c + tail, out_c, lo,
                       hi);
      }
      start_sums(c, count, 0, n4);
      table.gemm_acc(count, n4, k, rows, k, weights, out_c, nullptr, c, out_c, lo, hi);
    }
  }
  return Status::Ok();
}

}  // namespace condense
