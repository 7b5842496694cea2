#include "kernels/f32-clamp/f32-clamp.h"
#include "kernels/nan.h"

namespace condense {

void f32_clamp__scalar(std::size_t n, const float* in, float* out, float lo, float hi) {
  for (std::size_t i = 0; i < n; ++i) out[i] = clamp_value(in[i], lo, hi);
}

void f32_lrelu__scalar(std::size_t n, const float* in, float* out, float alpha) {
  for (std::size_t i = 0; i < n; ++i) {
    const float x = in[i];
    // TF / PyTorch: x > 0 ? x : alpha * x (so +0 * alpha < 0 is -0); NaN passes unchanged.
    out[i] = (x > 0.0f || x != x) ? x : x * alpha;
  }
}

}  // namespace condense
