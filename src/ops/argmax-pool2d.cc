// Max pooling with argmax (tf.nn.max_pool_with_argmax, PyTorch return_indices, ONNX MaxPool
// Indices): the windows of plan_pool2d, walked by the shared for_each_window.
#include "ops/argmax-pool2d.h"

#include <string>

#include "ops/pool-common.h"

namespace condense {

namespace {

// The index of cell (b, y, x, c) of a [n, h, w, c_count] tensor under `convention`.
std::int64_t argmax_index(ArgmaxConvention convention, const Shape4& s, std::int64_t b,
                          std::int64_t y, std::int64_t x, std::int64_t c) {
  switch (convention) {
    case ArgmaxConvention::kTf:
      return (y * s.w + x) * s.c + c;
    case ArgmaxConvention::kTfWithBatch:
      return ((b * s.h + y) * s.w + x) * s.c + c;
    case ArgmaxConvention::kTorch:
      return y * s.w + x;
    case ArgmaxConvention::kOnnx:
      return ((b * s.c + c) * s.h + y) * s.w + x;
  }
  return 0;
}

}  // namespace

bool valid_argmax_convention(ArgmaxConvention convention) {
  const auto v = static_cast<std::int32_t>(convention);
  return v >= 0 && v <= 3;
}

Status run_max_pool2d_argmax(const KernelTable& table, const Pool2dPlan& plan,
                             ArgmaxConvention convention, const float* in, float* out,
                             std::int32_t* indices, Workspace& ws) {
  const char* fn = "maxPool2dWithArgmax";
  if (!valid_argmax_convention(convention)) {
    return Status::Range(std::string(fn) + ": indexConvention is not one of tf, torch, onnx");
  }
  const std::int64_t c = plan.in.c;
  const std::size_t channels = static_cast<std::size_t>(c);
  const std::size_t col_stride = static_cast<std::size_t>(plan.x.dilation * c);
  return for_each_window(
      fn, plan, in, ws,
      [&](std::int64_t b, std::int64_t oy, std::int64_t ox, const WindowSpan& wy,
          const WindowSpan& wx, const float* const* rows) {
        const std::int64_t ny = wy.count, nx = wx.count, y0 = wy.first, x0 = wx.first;
        const std::int64_t at = ((b * plan.out.h + oy) * plan.out.w + ox) * c;
        std::int32_t* idx = indices + at;
        table.argmaxpool_pixel(static_cast<std::size_t>(ny), static_cast<std::size_t>(nx), channels,
                               rows, col_stride, out + at, idx);
        // Window-local taps -> the convention's index.
        for (std::int64_t ch = 0; ch < c; ++ch) {
          std::int64_t tap = idx[ch];
          if (convention == ArgmaxConvention::kTorch && out[at + ch] != out[at + ch]) {
            // PyTorch takes a cell when `val > max || isnan(val)`: the LAST NaN of the window
            // (row-major) wins. The kernel reports the first (TF's and ONNX Runtime's rule);
            // rescan the NaN windows from that first NaN on.
            for (std::int64_t t = tap + 1; t < ny * nx; ++t) {
              const float v = rows[t / nx][(t % nx) * static_cast<std::int64_t>(col_stride) + ch];
              if (v != v) tap = t;
            }
          }
          const std::int64_t y = y0 + (tap / nx) * plan.y.dilation;
          const std::int64_t x = x0 + (tap % nx) * plan.x.dilation;
          idx[ch] = static_cast<std::int32_t>(argmax_index(convention, plan.in, b, y, x, ch));
        }
      });
}

}  // namespace condense
