#include "kernels/f32-prelu/f32-prelu.h"
#include "kernels/simd.h"

namespace condense {

namespace {

inline v128_t prelu4(v128_t v, v128_t a, v128_t zero) {
  return wasm_v128_bitselect(v, wasm_f32x4_mul(a, v), wasm_f32x4_gt(v, zero));
}

}  // namespace

void f32_prelu__wasmsimd_c8(std::size_t rows, std::size_t channels, const float* x,
                            const float* alpha, float* y) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t c = 0;
    // Main loop: 8 channels per iteration.
    for (; c + 8 <= channels; c += 8) {
      const v128_t v0 = wasm_v128_load(x + c);
      const v128_t v1 = wasm_v128_load(x + c + 4);
      const v128_t a0 = wasm_v128_load(alpha + c);
      const v128_t a1 = wasm_v128_load(alpha + c + 4);
      wasm_v128_store(y + c, prelu4(v0, a0, zero));
      wasm_v128_store(y + c + 4, prelu4(v1, a1, zero));
    }
    for (; c + 4 <= channels; c += 4) {
      wasm_v128_store(y + c, prelu4(wasm_v128_load(x + c), wasm_v128_load(alpha + c), zero));
    }
    // Tail: 1-3 channels.
    for (; c < channels; ++c) {
      const float v = x[c];
      y[c] = v > 0.0f ? v : alpha[c] * v;
    }
    x += channels;
    y += channels;
  }
}

void f32_prelu_grad__wasmsimd_c8(std::size_t rows, std::size_t channels, const float* dy,
                                 const float* x, const float* alpha, float* dx, float* partial) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  std::size_t c = 0;
  // Main loop: 8 channels per iteration, all rows, with the partial sums in registers.
  for (; c + 8 <= channels; c += 8) {
    const v128_t a0 = wasm_v128_load(alpha + c);
    const v128_t a1 = wasm_v128_load(alpha + c + 4);
    v128_t s0 = zero;
    v128_t s1 = zero;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = r * channels + c;
      const v128_t v0 = wasm_v128_load(x + i);
      const v128_t v1 = wasm_v128_load(x + i + 4);
      const v128_t d0 = wasm_v128_load(dy + i);
      const v128_t d1 = wasm_v128_load(dy + i + 4);
      const v128_t m0 = wasm_f32x4_gt(v0, zero);
      const v128_t m1 = wasm_f32x4_gt(v1, zero);
      // Where x > 0 the term is +0 (the mask clears dy * x), else dy * x.
      s0 = wasm_f32x4_add(s0, wasm_v128_andnot(wasm_f32x4_mul(d0, v0), m0));
      s1 = wasm_f32x4_add(s1, wasm_v128_andnot(wasm_f32x4_mul(d1, v1), m1));
      wasm_v128_store(dx + i, wasm_v128_bitselect(d0, wasm_f32x4_mul(a0, d0), m0));
      wasm_v128_store(dx + i + 4, wasm_v128_bitselect(d1, wasm_f32x4_mul(a1, d1), m1));
    }
    wasm_v128_store(partial + c, s0);
    wasm_v128_store(partial + c + 4, s1);
  }
  for (; c + 4 <= channels; c += 4) {
    const v128_t a = wasm_v128_load(alpha + c);
    v128_t s = zero;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = r * channels + c;
      const v128_t v = wasm_v128_load(x + i);
      const v128_t d = wasm_v128_load(dy + i);
      const v128_t m = wasm_f32x4_gt(v, zero);
      s = wasm_f32x4_add(s, wasm_v128_andnot(wasm_f32x4_mul(d, v), m));
      wasm_v128_store(dx + i, wasm_v128_bitselect(d, wasm_f32x4_mul(a, d), m));
    }
    wasm_v128_store(partial + c, s);
  }
  // Tail: 1-3 channels, the scalar kernel's operations.
  for (; c < channels; ++c) {
    float s = 0.0f;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = r * channels + c;
      const float v = x[i];
      const float d = dy[i];
      const bool positive = v > 0.0f;
      dx[i] = positive ? d : alpha[c] * d;
      s = s + (positive ? 0.0f : d * v);
    }
    partial[c] = s;
  }
}

}  // namespace condense
