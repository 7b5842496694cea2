#include <cstdint>
#include <cstring>

#include "kernels/f32-vbinary/f32-vbinary.h"

namespace condense {

void f32_vadd__scalar(std::size_t n, const float* a, const float* b, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
}

void f32_vsub__scalar(std::size_t n, const float* a, const float* b, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] - b[i];
}

void f32_vmul__scalar(std::size_t n, const float* a, const float* b, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] * b[i];
}

void f32_vaddc__scalar(std::size_t n, const float* a, float c, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] + c;
}

void f32_vsubc__scalar(std::size_t n, const float* a, float c, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] - c;
}

void f32_vrsubc__scalar(std::size_t n, const float* a, float c, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = c - a[i];
}

void f32_vmulc__scalar(std::size_t n, const float* a, float c, float* y) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] * c;
}

void f32_vstep__scalar(std::size_t n, const float* a, float c, float* y) {
  const std::uint32_t nan_bits = 0x7fc00000u;
  float nan;
  std::memcpy(&nan, &nan_bits, sizeof nan);
  for (std::size_t i = 0; i < n; ++i) {
    const float v = a[i];
    y[i] = v > 0.0f ? 1.0f : (v != v ? nan : c);
  }
}

}  // namespace condense
