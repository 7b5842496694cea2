#include "kernels/f32-clamp/f32-clamp.h"
#include "kernels/nan.h"
#include "kernels/simd.h"

namespace condense {

void f32_clamp__wasmsimd_x16(std::size_t n, const float* in, float* out, float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t i = 0;
  // Main loop: 16 floats per iteration.
  for (; i + 16 <= n; i += 16) {
    v128_t a = wasm_v128_load(in + i);
    v128_t b = wasm_v128_load(in + i + 4);
    v128_t c = wasm_v128_load(in + i + 8);
    v128_t d = wasm_v128_load(in + i + 12);
    a = wasm_f32x4_pmin(wasm_f32x4_pmax(a, vlo), vhi);
    b = wasm_f32x4_pmin(wasm_f32x4_pmax(b, vlo), vhi);
    c = wasm_f32x4_pmin(wasm_f32x4_pmax(c, vlo), vhi);
    d = wasm_f32x4_pmin(wasm_f32x4_pmax(d, vlo), vhi);
    wasm_v128_store(out + i, a);
    wasm_v128_store(out + i + 4, b);
    wasm_v128_store(out + i + 8, c);
    wasm_v128_store(out + i + 12, d);
  }
  for (; i + 4 <= n; i += 4) {
    v128_t a = wasm_v128_load(in + i);
    wasm_v128_store(out + i, wasm_f32x4_pmin(wasm_f32x4_pmax(a, vlo), vhi));
  }
  // Tail: 1-3 floats.
  for (; i < n; ++i) out[i] = clamp_value(in[i], lo, hi);
}

void f32_lrelu__wasmsimd_x8(std::size_t n, const float* in, float* out, float alpha) {
  const v128_t valpha = wasm_f32x4_splat(alpha);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  // TF / PyTorch: x > 0 ? x : alpha * x; NaN lanes keep their input bits (as the scalar kernel).
  auto keep = [zero](v128_t v) {
    return wasm_v128_or(wasm_f32x4_gt(v, zero), wasm_f32x4_ne(v, v));
  };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t a = wasm_v128_load(in + i);
    const v128_t b = wasm_v128_load(in + i + 4);
    wasm_v128_store(out + i, wasm_v128_bitselect(a, wasm_f32x4_mul(a, valpha), keep(a)));
    wasm_v128_store(out + i + 4, wasm_v128_bitselect(b, wasm_f32x4_mul(b, valpha), keep(b)));
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t a = wasm_v128_load(in + i);
    wasm_v128_store(out + i, wasm_v128_bitselect(a, wasm_f32x4_mul(a, valpha), keep(a)));
  }
  for (; i < n; ++i) {
    const float x = in[i];
    out[i] = (x > 0.0f || x != x) ? x : x * alpha;
  }
}

}  // namespace condense
