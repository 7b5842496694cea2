// conv-grad-c1: the filter gradient of a one-channel convolution, sums held in registers.
#include "ops/conv-grad-c1.h"

#include <cstdint>
#include <cstring>

#include "core/parallel.h"

namespace condense {

Status grad_filter_one_channel(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                               const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv2dGradFilter";
  const AxisGeometry& ay = plan.y;
  const AxisGeometry& ax = plan.x;
  const std::int64_t padded_h = plan.in.h + ay.pad_before + ay.pad_after;
  const std::int64_t padded_w = plan.in.w + ax.pad_before + ax.pad_after;
  const float* src = x;
  if (padded_h != plan.in.h || padded_w != plan.in.w) {
    float* padded = nullptr;
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded,
                                          static_cast<std::size_t>(plan.in.n * padded_h * padded_w),
                                          &padded));
    const std::size_t row_bytes = static_cast<std::size_t>(padded_w) * sizeof(float);
    for (std::int64_t b = 0; b < plan.in.n; ++b) {
      for (std::int64_t py = 0; py < padded_h; ++py) {
        float* dst = padded + (b * padded_h + py) * padded_w;
        const std::int64_t iy = py - ay.pad_before;
        std::memset(dst, 0, row_bytes);
        if (iy < 0 || iy >= plan.in.h) continue;
        std::memcpy(dst + ax.pad_before, x + (b * plan.in.h + iy) * plan.in.w,
                    static_cast<std::size_t>(plan.in.w) * sizeof(float));
      }
    }
    src = padded;
  }
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  std::size_t* offsets = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kTaps, taps, &offsets));
  for (std::int64_t ky = 0; ky < plan.filter.kernel_h; ++ky) {
    for (std::int64_t kx = 0; kx < plan.filter.kernel_w; ++kx) {
      offsets[ky * plan.filter.kernel_w + kx] =
          static_cast<std::size_t>(ky * ay.dilation * padded_w + kx * ax.dilation);
    }
  }
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t ow = static_cast<std::size_t>(plan.out.w);
  const std::int64_t blocks = static_cast<std::int64_t>((out_c + 3) / 4);
  const std::int64_t block_work =
      plan.out.n * plan.out.h * plan.out.w * static_cast<std::int64_t>(taps) * 4;
  return parallel_for(blocks, block_work, [&](std::int64_t begin, std::int64_t end, int) {
    const std::size_t c0 = static_cast<std::size_t>(begin) * 4;
    const std::size_t c1 = end == blocks ? out_c : static_cast<std::size_t>(end) * 4;
    for (std::size_t t = 0; t < taps; ++t) {
      std::memset(dw + t * out_c + c0, 0, (c1 - c0) * sizeof(float));
    }
    for (std::int64_t b = 0; b < plan.out.n; ++b) {
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        const float* row = src + (b * padded_h + oy * ay.stride) * padded_w;
        const float* d = dy + static_cast<std::size_t>((b * plan.out.h + oy) * plan.out.w) * out_c;
        table.conv_grad_filter_c1(ow, taps, c1 - c0, row, static_cast<std::size_t>(ax.stride),
                                  offsets, d + c0, out_c, dw + c0, out_c);
      }
    }
  });
}

}  // namespace condense
