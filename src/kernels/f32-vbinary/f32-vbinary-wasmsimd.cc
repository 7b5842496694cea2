#include <cstdint>
#include <cstring>

#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/simd.h"

namespace condense {
namespace {

// y = op(a, b) over arrays: 8 floats per iteration, then 4, then 1-3 with the scalar operation
// (each lane is the same one IEEE operation as the scalar kernel).
template <typename VecOp, typename ScalarOp>
inline void vbinary(std::size_t n, const float* a, const float* b, float* y, VecOp vop,
                    ScalarOp sop) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t a0 = wasm_v128_load(a + i);
    const v128_t a1 = wasm_v128_load(a + i + 4);
    const v128_t b0 = wasm_v128_load(b + i);
    const v128_t b1 = wasm_v128_load(b + i + 4);
    wasm_v128_store(y + i, vop(a0, b0));
    wasm_v128_store(y + i + 4, vop(a1, b1));
  }
  for (; i + 4 <= n; i += 4) {
    wasm_v128_store(y + i, vop(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  }
  for (; i < n; ++i) y[i] = sop(a[i], b[i]);
}

// y = op(a, c) with c splatted.
template <typename VecOp, typename ScalarOp>
inline void vbinaryc(std::size_t n, const float* a, float c, float* y, VecOp vop, ScalarOp sop) {
  const v128_t vc = wasm_f32x4_splat(c);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t a0 = wasm_v128_load(a + i);
    const v128_t a1 = wasm_v128_load(a + i + 4);
    wasm_v128_store(y + i, vop(a0, vc));
    wasm_v128_store(y + i + 4, vop(a1, vc));
  }
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, vop(wasm_v128_load(a + i), vc));
  for (; i < n; ++i) y[i] = sop(a[i], c);
}

}  // namespace

void f32_vadd__wasmsimd_x8(std::size_t n, const float* a, const float* b, float* y) {
  vbinary(
      n, a, b, y, [](v128_t p, v128_t q) { return wasm_f32x4_add(p, q); },
      [](float p, float q) { return p + q; });
}

void f32_vsub__wasmsimd_x8(std::size_t n, const float* a, const float* b, float* y) {
  vbinary(
      n, a, b, y, [](v128_t p, v128_t q) { return wasm_f32x4_sub(p, q); },
      [](float p, float q) { return p - q; });
}

void f32_vmul__wasmsimd_x8(std::size_t n, const float* a, const float* b, float* y) {
  vbinary(
      n, a, b, y, [](v128_t p, v128_t q) { return wasm_f32x4_mul(p, q); },
      [](float p, float q) { return p * q; });
}

void f32_vaddc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y) {
  vbinaryc(
      n, a, c, y, [](v128_t p, v128_t q) { return wasm_f32x4_add(p, q); },
      [](float p, float q) { return p + q; });
}

void f32_vsubc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y) {
  vbinaryc(
      n, a, c, y, [](v128_t p, v128_t q) { return wasm_f32x4_sub(p, q); },
      [](float p, float q) { return p - q; });
}

void f32_vrsubc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y) {
  vbinaryc(
      n, a, c, y, [](v128_t p, v128_t q) { return wasm_f32x4_sub(q, p); },
      [](float p, float q) { return q - p; });
}

void f32_vmulc__wasmsimd_x8(std::size_t n, const float* a, float c, float* y) {
  vbinaryc(
      n, a, c, y, [](v128_t p, v128_t q) { return wasm_f32x4_mul(p, q); },
      [](float p, float q) { return p * q; });
}

void f32_vstep__wasmsimd_x8(std::size_t n, const float* a, float c, float* y) {
  const std::uint32_t nan_bits = 0x7fc00000u;
  float nan;
  std::memcpy(&nan, &nan_bits, sizeof nan);
  const v128_t one = wasm_f32x4_splat(1.0f);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t vnan = wasm_i32x4_splat(static_cast<std::int32_t>(nan_bits));
  // (a > 0) selects 1, (a != a) the canonical NaN, the rest c: two bitselects per vector.
  const auto step = [&](v128_t v, v128_t vc) {
    const v128_t low = wasm_v128_bitselect(vnan, vc, wasm_f32x4_ne(v, v));
    return wasm_v128_bitselect(one, low, wasm_f32x4_gt(v, zero));
  };
  vbinaryc(n, a, c, y, step,
           [nan](float v, float q) { return v > 0.0f ? 1.0f : (v != v ? nan : q); });
}

}  // namespace condense
