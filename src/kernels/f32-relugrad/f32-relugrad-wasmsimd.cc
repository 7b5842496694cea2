#include "kernels/f32-relugrad/f32-relugrad.h"
#include "kernels/simd.h"

namespace condense {

void f32_relu_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float* dx) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  std::size_t i = 0;
  // Main loop: 8 floats per iteration; the (x > 0) mask keeps dy's bits or clears them to +0.
  for (; i + 8 <= n; i += 8) {
    const v128_t m0 = wasm_f32x4_gt(wasm_v128_load(x + i), zero);
    const v128_t m1 = wasm_f32x4_gt(wasm_v128_load(x + i + 4), zero);
    const v128_t d0 = wasm_v128_load(dy + i);
    const v128_t d1 = wasm_v128_load(dy + i + 4);
    wasm_v128_store(dx + i, wasm_v128_and(d0, m0));
    wasm_v128_store(dx + i + 4, wasm_v128_and(d1, m1));
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t m = wasm_f32x4_gt(wasm_v128_load(x + i), zero);
    wasm_v128_store(dx + i, wasm_v128_and(wasm_v128_load(dy + i), m));
  }
  // Tail: 1-3 floats.
  for (; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

void f32_relu6_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float* dx) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t six = wasm_f32x4_splat(6.0f);
  std::size_t i = 0;
  // The mask (x > 0) & (x < 6) keeps dy's bits or clears them to +0.
  for (; i + 8 <= n; i += 8) {
    const v128_t x0 = wasm_v128_load(x + i);
    const v128_t x1 = wasm_v128_load(x + i + 4);
    const v128_t m0 = wasm_v128_and(wasm_f32x4_gt(x0, zero), wasm_f32x4_lt(x0, six));
    const v128_t m1 = wasm_v128_and(wasm_f32x4_gt(x1, zero), wasm_f32x4_lt(x1, six));
    wasm_v128_store(dx + i, wasm_v128_and(wasm_v128_load(dy + i), m0));
    wasm_v128_store(dx + i + 4, wasm_v128_and(wasm_v128_load(dy + i + 4), m1));
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    const v128_t m = wasm_v128_and(wasm_f32x4_gt(xv, zero), wasm_f32x4_lt(xv, six));
    wasm_v128_store(dx + i, wasm_v128_and(wasm_v128_load(dy + i), m));
  }
  for (; i < n; ++i) dx[i] = (x[i] > 0.0f && x[i] < 6.0f) ? dy[i] : 0.0f;
}

void f32_clamp_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float lo, float hi,
                                 float* dx) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t i = 0;
  // The mask (x < lo) | (x > hi) clears dy to +0 (andnot keeps dy where the mask is clear).
  for (; i + 8 <= n; i += 8) {
    const v128_t x0 = wasm_v128_load(x + i);
    const v128_t x1 = wasm_v128_load(x + i + 4);
    const v128_t m0 = wasm_v128_or(wasm_f32x4_lt(x0, vlo), wasm_f32x4_gt(x0, vhi));
    const v128_t m1 = wasm_v128_or(wasm_f32x4_lt(x1, vlo), wasm_f32x4_gt(x1, vhi));
    wasm_v128_store(dx + i, wasm_v128_andnot(wasm_v128_load(dy + i), m0));
    wasm_v128_store(dx + i + 4, wasm_v128_andnot(wasm_v128_load(dy + i + 4), m1));
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    const v128_t m = wasm_v128_or(wasm_f32x4_lt(xv, vlo), wasm_f32x4_gt(xv, vhi));
    wasm_v128_store(dx + i, wasm_v128_andnot(wasm_v128_load(dy + i), m));
  }
  for (; i < n; ++i) dx[i] = (x[i] < lo || x[i] > hi) ? 0.0f : dy[i];
}

void f32_lrelu_grad__wasmsimd_x8(std::size_t n, const float* dy, const float* x, float alpha,
                                 float* dx) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t va = wasm_f32x4_splat(alpha);
  std::size_t i = 0;
  // bitselect(dy, dy * alpha, x > 0): the scalar select, one multiply per lane.
  for (; i + 8 <= n; i += 8) {
    const v128_t d0 = wasm_v128_load(dy + i);
    const v128_t d1 = wasm_v128_load(dy + i + 4);
    const v128_t m0 = wasm_f32x4_gt(wasm_v128_load(x + i), zero);
    const v128_t m1 = wasm_f32x4_gt(wasm_v128_load(x + i + 4), zero);
    wasm_v128_store(dx + i, wasm_v128_bitselect(d0, wasm_f32x4_mul(d0, va), m0));
    wasm_v128_store(dx + i + 4, wasm_v128_bitselect(d1, wasm_f32x4_mul(d1, va), m1));
  }
  for (; i + 4 <= n; i += 4) {
    const v128_t d = wasm_v128_load(dy + i);
    const v128_t m = wasm_f32x4_gt(wasm_v128_load(x + i), zero);
    wasm_v128_store(dx + i, wasm_v128_bitselect(d, wasm_f32x4_mul(d, va), m));
  }
  for (; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * alpha;
}

}  // namespace condense
