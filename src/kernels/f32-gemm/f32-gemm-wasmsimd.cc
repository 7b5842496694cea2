#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/nan.h"
#include "kernels/simd.h"

namespace condense {

namespace {

// + bias (when present), then the clamp: pmin(pmax(s, lo), hi) as kernels/nan.h.
inline v128_t finish4(v128_t s, const float* bias, std::size_t j, v128_t lo, v128_t hi) {
  if (bias != nullptr) s = wasm_f32x4_add(s, wasm_v128_load(bias + j));
  return wasm_f32x4_pmin(wasm_f32x4_pmax(s, lo), hi);
}

// The start of an output's sum: +0, or (Accumulate) the value in C.
template <bool Accumulate>
inline v128_t start4(const float* c) {
  if (Accumulate) return wasm_v128_load(c);
  return wasm_f32x4_splat(0.0f);
}

template <bool Accumulate>
inline float start1(const float* c) {
  return Accumulate ? *c : 0.0f;
}

// One row of A against columns [j0, n) of B: 16, 8, then 4 columns in registers, then the
// scalar kernel's operations for the last 1-3.
template <bool Accumulate>
void gemm_row(std::size_t n, std::size_t k, const float* a0, const float* b, std::size_t b_stride,
              const float* bias, float* c0, float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t j = 0;
  for (; j + 16 <= n; j += 16) {
    v128_t s0 = start4<Accumulate>(c0 + j), s1 = start4<Accumulate>(c0 + j + 4);
    v128_t s2 = start4<Accumulate>(c0 + j + 8), s3 = start4<Accumulate>(c0 + j + 12);
    const float* bp = b + j;
    for (std::size_t p = 0; p < k; ++p) {
      const v128_t v = wasm_v128_load32_splat(a0 + p);
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(v, wasm_v128_load(bp)));
      s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(v, wasm_v128_load(bp + 4)));
      s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(v, wasm_v128_load(bp + 8)));
      s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(v, wasm_v128_load(bp + 12)));
      bp += b_stride;
    }
    wasm_v128_store(c0 + j, finish4(s0, bias, j, vlo, vhi));
    wasm_v128_store(c0 + j + 4, finish4(s1, bias, j + 4, vlo, vhi));
    wasm_v128_store(c0 + j + 8, finish4(s2, bias, j + 8, vlo, vhi));
    wasm_v128_store(c0 + j + 12, finish4(s3, bias, j + 12, vlo, vhi));
  }
  for (; j + 4 <= n; j += 4) {
    v128_t s0 = start4<Accumulate>(c0 + j);
    const float* bp = b + j;
    for (std::size_t p = 0; p < k; ++p) {
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load32_splat(a0 + p), wasm_v128_load(bp)));
      bp += b_stride;
    }
    wasm_v128_store(c0 + j, finish4(s0, bias, j, vlo, vhi));
  }
  for (; j < n; ++j) {
    float s = start1<Accumulate>(c0 + j);
    for (std::size_t p = 0; p < k; ++p) s = s + a0[p] * b[p * b_stride + j];
    if (bias != nullptr) s = s + bias[j];
    c0[j] = clamp_value(s, lo, hi);
  }
}

template <bool Accumulate>
void gemm_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t a_stride,
              const float* b, std::size_t b_stride, const float* bias, float* c,
              std::size_t c_stride, float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    const float* a0 = a + i * a_stride;
    const float* a1 = a0 + a_stride;
    const float* a2 = a1 + a_stride;
    const float* a3 = a2 + a_stride;
    float* c0 = c + i * c_stride;
    float* c1 = c0 + c_stride;
    float* c2 = c1 + c_stride;
    float* c3 = c2 + c_stride;
    std::size_t j = 0;
    // Main loop: a 4x8 tile of outputs in 8 registers, k in order.
    for (; j + 8 <= n; j += 8) {
      v128_t s00 = start4<Accumulate>(c0 + j), s01 = start4<Accumulate>(c0 + j + 4);
      v128_t s10 = start4<Accumulate>(c1 + j), s11 = start4<Accumulate>(c1 + j + 4);
      v128_t s20 = start4<Accumulate>(c2 + j), s21 = start4<Accumulate>(c2 + j + 4);
      v128_t s30 = start4<Accumulate>(c3 + j), s31 = start4<Accumulate>(c3 + j + 4);
      const float* bp = b + j;
      for (std::size_t p = 0; p < k; ++p) {
        const v128_t b0 = wasm_v128_load(bp);
        const v128_t b1 = wasm_v128_load(bp + 4);
        bp += b_stride;
        const v128_t v0 = wasm_v128_load32_splat(a0 + p);
        const v128_t v1 = wasm_v128_load32_splat(a1 + p);
        const v128_t v2 = wasm_v128_load32_splat(a2 + p);
        const v128_t v3 = wasm_v128_load32_splat(a3 + p);
        s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(v0, b0));
        s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(v0, b1));
        s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(v1, b0));
        s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(v1, b1));
        s20 = wasm_f32x4_add(s20, wasm_f32x4_mul(v2, b0));
        s21 = wasm_f32x4_add(s21, wasm_f32x4_mul(v2, b1));
        s30 = wasm_f32x4_add(s30, wasm_f32x4_mul(v3, b0));
        s31 = wasm_f32x4_add(s31, wasm_f32x4_mul(v3, b1));
      }
      wasm_v128_store(c3 + j, finish4(s30, bias, j, vlo, vhi));
      wasm_v128_store(c3 + j + 4, finish4(s31, bias, j + 4, vlo, vhi));
      wasm_v128_store(c2 + j, finish4(s20, bias, j, vlo, vhi));
      wasm_v128_store(c2 + j + 4, finish4(s21, bias, j + 4, vlo, vhi));
      wasm_v128_store(c1 + j, finish4(s10, bias, j, vlo, vhi));
      wasm_v128_store(c1 + j + 4, finish4(s11, bias, j + 4, vlo, vhi));
      wasm_v128_store(c0 + j, finish4(s00, bias, j, vlo, vhi));
      wasm_v128_store(c0 + j + 4, finish4(s01, bias, j + 4, vlo, vhi));
    }
    // 4 columns.
    if (j + 4 <= n) {
      v128_t s0 = start4<Accumulate>(c0 + j), s1 = start4<Accumulate>(c1 + j);
      v128_t s2 = start4<Accumulate>(c2 + j), s3 = start4<Accumulate>(c3 + j);
      const float* bp = b + j;
      for (std::size_t p = 0; p < k; ++p) {
        const v128_t b0 = wasm_v128_load(bp);
        bp += b_stride;
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load32_splat(a0 + p), b0));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load32_splat(a1 + p), b0));
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load32_splat(a2 + p), b0));
        s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_v128_load32_splat(a3 + p), b0));
      }
      wasm_v128_store(c3 + j, finish4(s3, bias, j, vlo, vhi));
      wasm_v128_store(c2 + j, finish4(s2, bias, j, vlo, vhi));
      wasm_v128_store(c1 + j, finish4(s1, bias, j, vlo, vhi));
      wasm_v128_store(c0 + j, finish4(s0, bias, j, vlo, vhi));
      j += 4;
    }
    // Tail: 1-3 columns, the scalar kernel's operations.
    for (; j < n; ++j) {
      const float* rows[4] = {a0, a1, a2, a3};
      float* outs[4] = {c0, c1, c2, c3};
      for (std::size_t r = 0; r < 4; ++r) {
        float s = start1<Accumulate>(outs[r] + j);
        for (std::size_t p = 0; p < k; ++p) s = s + rows[r][p] * b[p * b_stride + j];
        if (bias != nullptr) s = s + bias[j];
        outs[r][j] = clamp_value(s, lo, hi);
      }
    }
  }
  // Tail: 1-3 rows, one at a time (wide column tiles, B read once per row).
  for (; i < m; ++i) {
    gemm_row<Accumulate>(n, k, a + i * a_stride, b, b_stride, bias, c + i * c_stride, lo, hi);
  }
}

}  // namespace

void f32_gemm_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                   std::size_t a_stride, const float* b, std::size_t b_stride,
                                   const float* bias, float* c, std::size_t c_stride, float lo,
                                   float hi) {
  gemm_4x8<false>(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
}

void f32_gemm_acc_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                       std::size_t a_stride, const float* b, std::size_t b_stride,
                                       const float* bias, float* c, std::size_t c_stride, float lo,
                                       float hi) {
  gemm_4x8<true>(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
}

}  // namespace condense
