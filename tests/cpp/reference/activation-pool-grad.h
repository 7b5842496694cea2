// Naive references for the activation gradients (relu6, clamp, leaky ReLU) and the 3-D (and 1-D)
// pooling gradients, written from the definitions (TF Relu6Grad, tf.clip_by_value's gradient,
// LeakyReluGrad; MaxPool3DGrad / AvgPool3DGrad with PyTorch's divisor rules), not from the
// library: nothing here includes src/. Pool geometry is given per axis as plain numbers.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "reference/reference.h"

namespace ref {

// dx = (0 < x < 6) ? dy : +0.
inline float relu6_grad(float dy, float x) { return (x > 0.0f && x < 6.0f) ? dy : 0.0f; }
// dx = (x < lo || x > hi) ? +0 : dy (x = NaN keeps dy).
inline float clamp_grad(float dy, float x, float lo, float hi) {
  return (x < lo || x > hi) ? 0.0f : dy;
}
// dx = x > 0 ? dy : alpha * dy; the product of two floats is exact in double, rounded once.
inline float leaky_relu_grad(float dy, float x, float alpha) {
  return x > 0.0f ? dy : static_cast<float>(static_cast<double>(dy) * static_cast<double>(alpha));
}

// One pooling axis: output o's window taps start at o * stride - pad_before, `window` taps
// `dilation` apart; taps outside [0, in) are padding; count_include_pad counts taps below
// in + pad_after.
struct PoolAxis {
  i64 in, window, stride, dilation, pad_before, pad_after, out;
};

// dL/dx of 3-D pooling over NDHWC x (n, axes[0..2] = depth, height, width, c), in double.
// Max: the first maximum in (depth, height, width) order, or the first NaN, receives dy.
// Average: each in-bounds cell receives dy / divisor.
inline std::vector<double> pool3d_grad(bool is_max, i64 n, const PoolAxis axes[3], i64 c,
                                       const std::vector<float>& x, const std::vector<float>& dy,
                                       bool count_include_pad, i64 divisor_override) {
  const i64 d = axes[0].in, h = axes[1].in, w = axes[2].in;
  std::vector<double> dx(static_cast<std::size_t>(n * d * h * w * c), 0.0);
  std::size_t o = 0;
  for (i64 b = 0; b < n; ++b)
    for (i64 oz = 0; oz < axes[0].out; ++oz)
      for (i64 oy = 0; oy < axes[1].out; ++oy)
        for (i64 ox = 0; ox < axes[2].out; ++ox)
          for (i64 ch = 0; ch < c; ++ch, ++o) {
            const i64 outs[3] = {oz, oy, ox};
            std::vector<std::size_t> cells;
            i64 inside = 1;
            for (int a = 0; a < 3; ++a) {
              i64 count = 0;
              for (i64 t = 0; t < axes[a].window; ++t) {
                const i64 p = outs[a] * axes[a].stride - axes[a].pad_before + t * axes[a].dilation;
                if (p < axes[a].in + axes[a].pad_after) ++count;
              }
              inside *= count;
            }
            for (i64 tz = 0; tz < axes[0].window; ++tz)
              for (i64 ty = 0; ty < axes[1].window; ++ty)
                for (i64 tx = 0; tx < axes[2].window; ++tx) {
                  const i64 z = oz * axes[0].stride - axes[0].pad_before + tz * axes[0].dilation;
                  const i64 y = oy * axes[1].stride - axes[1].pad_before + ty * axes[1].dilation;
                  const i64 xx = ox * axes[2].stride - axes[2].pad_before + tx * axes[2].dilation;
                  if (z < 0 || z >= d || y < 0 || y >= h || xx < 0 || xx >= w) continue;
                  cells.push_back(
                      static_cast<std::size_t>((((b * d + z) * h + y) * w + xx) * c + ch));
                }
            const double g = static_cast<double>(dy[o]);
            if (is_max) {
              std::size_t best = cells[0];
              for (std::size_t i : cells) {
                if (std::isnan(x[i])) {
                  best = i;
                  break;
                }
                if (x[i] > x[best]) best = i;
              }
              dx[best] += g;
            } else {
              const double divisor = divisor_override > 0 ? static_cast<double>(divisor_override)
                                     : count_include_pad  ? static_cast<double>(inside)
                                                          : static_cast<double>(cells.size());
              for (std::size_t i : cells) dx[i] += g / divisor;
            }
          }
  return dx;
}

}  // namespace ref
