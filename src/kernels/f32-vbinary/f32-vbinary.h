// f32-vbinary: elementwise add, subtract and multiply of two contiguous float arrays, or of an
// array and one float (XNNPACK's vadd / vaddc / vrsubc ... naming), and tf.step:
//
//   vadd:   y[i] = a[i] + b[i]      vaddc:  y[i] = a[i] + c
//   vsub:   y[i] = a[i] - b[i]      vsubc:  y[i] = a[i] - c      vrsubc: y[i] = c - a[i]
//   vmul:   y[i] = a[i] * b[i]      vmulc:  y[i] = a[i] * c
//   vstep:  y[i] = a[i] > 0 ? 1 : (a[i] is NaN ? NaN : c)       (tf.step with alpha c)
//
// One IEEE float operation per element, rounded once: the same bits as computing in double and
// rounding to float (what tfjs-backend-cpu does: a double result stored into a Float32Array),
// because a double holds every exact sum, difference and product of two floats closely enough
// (Figueroa's double-rounding bound for + - * with 53 >= 2 * 24 + 2 bits). A NaN result of vstep
// is the canonical quiet NaN 0x7fc00000 (JavaScript's NaN in a Float32Array); the arithmetic
// kernels' NaN results are NaN (payloads are not specified). y may alias a or b.
#pragma once

#include <cstddef>

namespace condense {

using f32_vbinary_fn = void (*)(std::size_t n, const float* a, const float* b, float* y);
using f32_vbinaryc_fn = void (*)(std::size_t n, const float* a, float c, float* y);

void f32_vadd__scalar(std::size_t n, const float* a, const float* b, float* y);
void f32_vadd__wasmsimd_x8(std::size_t n, const float* a, const float* b, float* y);
void f32_vsub__scalar(std::size_t n, const float* a, const float* b, float* y);
void f32_vsub__wasmsimd_x8(std::size_t n, const float* a, const float* b, float* y);
void f32_vmul__scalar(std::size_t n, const float* a, const float* b, float* y);
void f32_vmul__wasmsimd_x8(std::size_t n, const float* a, const float* b, float* y);

void f32_vaddc__scalar(std::size_t n, const float* a, float c, float* y);
void f32_vaddc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y);
void f32_vsubc__scalar(std::size_t n, const float* a, float c, float* y);
void f32_vsubc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y);
void f32_vrsubc__scalar(std::size_t n, const float* a, float c, float* y);
void f32_vrsubc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y);
void f32_vmulc__scalar(std::size_t n, const float* a, float c, float* y);
void f32_vmulc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y);
void f32_vstep__scalar(std::size_t n, const float* a, float c, float* y);
void f32_vstep__wasmsimd_x8(std::size_t n, const float* a, float c, float* y);

}  // namespace condense
