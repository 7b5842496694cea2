#include "kernels/f32-relugrad/f32-relugrad.h"

namespace condense {

void f32_relu_grad__scalar(std::size_t n, const float* dy, const float* x, float* dx) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

void f32_relu6_grad__scalar(std::size_t n, const float* dy, const float* x, float* dx) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = (x[i] > 0.0f && x[i] < 6.0f) ? dy[i] : 0.0f;
}

void f32_clamp_grad__scalar(std::size_t n, const float* dy, const float* x, float lo, float hi,
                            float* dx) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = (x[i] < lo || x[i] > hi) ? 0.0f : dy[i];
}

void f32_lrelu_grad__scalar(std::size_t n, const float* dy, const float* x, float alpha,
                            float* dx) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * alpha;
}

}  // namespace condense
