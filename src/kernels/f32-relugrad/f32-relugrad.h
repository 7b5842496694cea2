// f32-relugrad: the gradient of ReLU, elementwise over contiguous arrays:
//
//   dx[i] = x[i] > 0 ? dy[i] : +0
//
// A select, as PyTorch's threshold_backward (TF multiplies by (x > 0), which differs only where
// dy is NaN or infinite and x <= 0). x = NaN or -0 gives +0. dx may alias dy or x.
//
// The same family holds the other piecewise-linear activations' gradients (all selects, so the
// masked lanes are +0 whatever dy is, and the kept lanes are dy's bits):
//
//   relu6_grad:  dx[i] = (x[i] > 0 && x[i] < 6) ? dy[i] : +0     TF Relu6Grad's open interval;
//                x = NaN, +-0 or 6 gives +0
//   clamp_grad:  dx[i] = (x[i] < lo || x[i] > hi) ? +0 : dy[i]   tf.clip_by_value's gradient:
//                the closed interval [lo, hi]; x = NaN keeps dy (both comparisons are false);
//                lo > hi zeroes every non-NaN x
//   lrelu_grad:  dx[i] = x[i] > 0 ? dy[i] : dy[i] * alpha        TF LeakyReluGrad / PyTorch
//                leaky_relu_backward; x = NaN or +-0 gives dy * alpha (one float multiply)
#pragma once

#include <cstddef>

namespace condense {

using f32_relu_grad_fn = void (*)(std::size_t n, const float* dy, const float* x, float* dx);

void f32_relu_grad__scalar(std::size_t n, const float* dy, const float* x, float* dx);
void f32_relu_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float* dx);

using f32_relu6_grad_fn = void (*)(std::size_t n, const float* dy, const float* x, float* dx);
void f32_relu6_grad__scalar(std::size_t n, const float* dy, const float* x, float* dx);
void f32_relu6_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float* dx);

using f32_clamp_grad_fn = void (*)(std::size_t n, const float* dy, const float* x, float lo,
                                   float hi, float* dx);
void f32_clamp_grad__scalar(std::size_t n, const float* dy, const float* x, float lo, float hi,
                            float* dx);
void f32_clamp_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float lo, float hi,
                                 float* dx);

using f32_lrelu_grad_fn = void (*)(std::size_t n, const float* dy, const float* x, float alpha,
                                   float* dx);
void f32_lrelu_grad__scalar(std::size_t n, const float* dy, const float* x, float alpha, float* dx);
void f32_lrelu_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float alpha,
                                 float* dx);

}  // namespace condense
