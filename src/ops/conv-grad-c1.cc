// conv-grad-c1: the filter gradient of a one-channel convolution, sums held in registers.
#include "ops/conv-grad-c1.h"

#include <cstdint>
#include <cstring>

#include "core/parallel.h"
#include "ops/conv-common.h"

namespace condense {

Status grad_filter_one_channel(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                               const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv2dGradFilter";
  const AxisGeometry& ay = plan.y;
  const AxisGeometry& ax = plan.x;
  const std::int64_t padded_h = plan.in.h + ay.pad_before + ay.pad_after;
  const std::int64_t padded_w = plan.in.w + ax.pad_before + ax.pad_after;
  // Every image padded once, one after another (conv2d's own padding, pad_conv_input).
  const float* src = x;
  if (conv_input_padded(plan)) {
    const std::size_t image = static_cast<std::size_t>(plan.in.h * plan.in.w);
    const std::size_t padded_image = conv_padded_elements(plan);
    float* padded = nullptr;
    CONDENSE_RETURN_IF_ERROR(ws.get_array(
        fn, Workspace::kPadded, static_cast<std::size_t>(plan.in.n) * padded_image, &padded));
    for (std::int64_t b = 0; b < plan.in.n; ++b) {
      ConvInput input;
      pad_conv_input(plan, x + static_cast<std::size_t>(b) * image,
                     padded + static_cast<std::size_t>(b) * padded_image, &input);
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
  // Each thread sums into its own cache-line-aligned [taps][its channels] block (threads storing
  // their sums into one dw row after every output row would share its cache lines), then copies
  // the block into dw.
  float* sums = nullptr;
  std::size_t sums_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowA, taps * out_c, parallel_threads(),
                                             &sums, &sums_stride));
  return parallel_for(
      blocks, block_work,
      [&](std::int64_t begin, std::int64_t end, int thread) {
        const std::size_t c0 = static_cast<std::size_t>(begin) * 4;
        const std::size_t c1 = end == blocks ? out_c : static_cast<std::size_t>(end) * 4;
        const std::size_t n = c1 - c0;
        float* mine = sums + sums_stride * static_cast<std::size_t>(thread);
        std::memset(mine, 0, taps * n * sizeof(float));
        for (std::int64_t b = 0; b < plan.out.n; ++b) {
          for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
            const float* row = src + (b * padded_h + oy * ay.stride) * padded_w;
            const float* d =
                dy + static_cast<std::size_t>((b * plan.out.h + oy) * plan.out.w) * out_c;
            table.conv_grad_filter_c1(ow, taps, n, row, static_cast<std::size_t>(ax.stride),
                                      offsets, d + c0, out_c, mine, n);
          }
        }
        for (std::size_t t = 0; t < taps; ++t) {
          std::memcpy(dw + t * out_c + c0, mine + t * n, n * sizeof(float));
        }
      },
      1);  // every chunk reads the whole input
}

}  // namespace condense
