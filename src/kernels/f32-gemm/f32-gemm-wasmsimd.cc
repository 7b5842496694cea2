#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/nan.h"
#include "kernels/simd.h"

namespace condense {

namespace {

// The first `lanes` (1-3) floats at p in lanes 0.. of a vector, zeros above; reads only those.
inline v128_t load_partial(const float* p, std::size_t lanes) {
  if (lanes == 1) return wasm_v128_load32_zero(p);
  const v128_t v = wasm_v128_load64_zero(p);
  if (lanes == 2) return v;
  return wasm_v128_load32_lane(p + 2, v, 2);
}

// Stores lanes 0..lanes-1 (1-3) of v at p; writes only those.
inline void store_partial(float* p, v128_t v, std::size_t lanes) {
  if (lanes == 1) {
    wasm_v128_store32_lane(p, v, 0);
    return;
  }
  wasm_v128_store64_lane(p, v, 0);
  if (lanes == 3) wasm_v128_store32_lane(p + 2, v, 2);
}

// A vector of `lanes` columns: full (Full) or the first 1-3.
template <bool Full>
inline v128_t load_cols(const float* p, std::size_t lanes) {
  return Full ? wasm_v128_load(p) : load_partial(p, lanes);
}

template <bool Full>
inline void store_cols(float* p, v128_t v, std::size_t lanes) {
  if (Full) {
    wasm_v128_store(p, v);
  } else {
    store_partial(p, v, lanes);
  }
}

// One tile: MR rows (1-4) of A against NV vectors of columns of B (4 columns each; the last
// vector holds `last` columns, 4 when Full, else 1-3). Every lane of every accumulator repeats
// the scalar kernel's operations for its output: start (+0 or the value in C), + a*b for
// p = 0..k-1 in order, + bias, clamp. Lanes past the last column are zeros and never stored.
template <bool Accumulate, int MR, int NV, bool Full>
void tile(std::size_t k, const float* a, std::size_t a_stride, const float* b, std::size_t b_stride,
          const float* bias, float* c, std::size_t c_stride, std::size_t last, v128_t vlo,
          v128_t vhi) {
  v128_t s[MR][NV];
  const float* ar[MR];
  for (int r = 0; r < MR; ++r) {
    ar[r] = a + static_cast<std::size_t>(r) * a_stride;
    const float* cr = c + static_cast<std::size_t>(r) * c_stride;
    for (int v = 0; v < NV; ++v) {
      if (!Accumulate) {
        s[r][v] = wasm_f32x4_splat(0.0f);
      } else if (v + 1 < NV) {
        s[r][v] = wasm_v128_load(cr + 4 * v);
      } else {
        s[r][v] = load_cols<Full>(cr + 4 * v, last);
      }
    }
  }
  const float* bp = b;
  for (std::size_t p = 0; p < k; ++p) {
    v128_t bv[NV];
    for (int v = 0; v + 1 < NV; ++v) bv[v] = wasm_v128_load(bp + 4 * v);
    bv[NV - 1] = load_cols<Full>(bp + 4 * (NV - 1), last);
    bp += b_stride;
    for (int r = 0; r < MR; ++r) {
      const v128_t va = wasm_v128_load32_splat(ar[r] + p);
      for (int v = 0; v < NV; ++v) s[r][v] = wasm_f32x4_add(s[r][v], wasm_f32x4_mul(va, bv[v]));
    }
  }
  // + bias (when present), then the clamp: pmin(pmax(s, lo), hi) as kernels/nan.h.
  v128_t bias_v[NV];
  if (bias != nullptr) {
    for (int v = 0; v + 1 < NV; ++v) bias_v[v] = wasm_v128_load(bias + 4 * v);
    bias_v[NV - 1] = load_cols<Full>(bias + 4 * (NV - 1), last);
  }
  for (int r = 0; r < MR; ++r) {
    float* cr = c + static_cast<std::size_t>(r) * c_stride;
    for (int v = 0; v < NV; ++v) {
      v128_t t = s[r][v];
      if (bias != nullptr) t = wasm_f32x4_add(t, bias_v[v]);
      t = wasm_f32x4_pmin(wasm_f32x4_pmax(t, vlo), vhi);
      if (v + 1 < NV) {
        wasm_v128_store(cr + 4 * v, t);
      } else {
        store_cols<Full>(cr + 4 * v, t, last);
      }
    }
  }
}

// The last 1..4*NV columns of MR rows in one tile of NV vectors, the last one partial or full.
template <bool Accumulate, int MR, int NV>
void tail_tile(std::size_t cols, std::size_t k, const float* a, std::size_t a_stride,
               const float* b, std::size_t b_stride, const float* bias, float* c,
               std::size_t c_stride, v128_t vlo, v128_t vhi) {
  const std::size_t last = cols - 4 * (NV - 1);
  if (last == 4) {
    tile<Accumulate, MR, NV, true>(k, a, a_stride, b, b_stride, bias, c, c_stride, 4, vlo, vhi);
  } else {
    tile<Accumulate, MR, NV, false>(k, a, a_stride, b, b_stride, bias, c, c_stride, last, vlo, vhi);
  }
}

// MR rows against all n columns: tiles of 8 columns (16 for a single row, whose accumulators
// would otherwise be too few to hide the add latency), then the last 1-12 (1-16) columns in one
// tile of at most 3 (4) vectors.
template <bool Accumulate, int MR>
void rows(std::size_t n, std::size_t k, const float* a, std::size_t a_stride, const float* b,
          std::size_t b_stride, const float* bias, float* c, std::size_t c_stride, v128_t vlo,
          v128_t vhi) {
  constexpr int kMainVectors = MR == 1 ? 4 : 2;
  constexpr std::size_t kMainCols = 4 * kMainVectors;
  constexpr std::size_t kTailCols = MR == 1 ? 16 : 12;  // at most 4 (3) vectors
  std::size_t j = 0;
  for (; n - j > kTailCols; j += kMainCols) {
    tile<Accumulate, MR, kMainVectors, true>(k, a, a_stride, b + j, b_stride,
                                             bias != nullptr ? bias + j : nullptr, c + j, c_stride,
                                             4, vlo, vhi);
  }
  const std::size_t cols = n - j;
  const float* bias_j = bias != nullptr ? bias + j : nullptr;
  switch ((cols + 3) / 4) {
    case 1:
      tail_tile<Accumulate, MR, 1>(cols, k, a, a_stride, b + j, b_stride, bias_j, c + j, c_stride,
                                   vlo, vhi);
      break;
    case 2:
      tail_tile<Accumulate, MR, 2>(cols, k, a, a_stride, b + j, b_stride, bias_j, c + j, c_stride,
                                   vlo, vhi);
      break;
    case 3:
      tail_tile<Accumulate, MR, 3>(cols, k, a, a_stride, b + j, b_stride, bias_j, c + j, c_stride,
                                   vlo, vhi);
      break;
    default:
      tail_tile<Accumulate, MR, 4>(cols, k, a, a_stride, b + j, b_stride, bias_j, c + j, c_stride,
                                   vlo, vhi);
      break;
  }
}

template <bool Accumulate>
void gemm(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t a_stride,
          const float* b, std::size_t b_stride, const float* bias, float* c, std::size_t c_stride,
          float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    rows<Accumulate, 4>(n, k, a + i * a_stride, a_stride, b, b_stride, bias, c + i * c_stride,
                        c_stride, vlo, vhi);
  }
  // The last 1-3 rows on the same tiles, all of them at once.
  const float* ai = a + i * a_stride;
  float* ci = c + i * c_stride;
  switch (m - i) {
    case 3:
      rows<Accumulate, 3>(n, k, ai, a_stride, b, b_stride, bias, ci, c_stride, vlo, vhi);
      break;
    case 2:
      rows<Accumulate, 2>(n, k, ai, a_stride, b, b_stride, bias, ci, c_stride, vlo, vhi);
      break;
    case 1:
      rows<Accumulate, 1>(n, k, ai, a_stride, b, b_stride, bias, ci, c_stride, vlo, vhi);
      break;
    default:
      break;
  }
}

// gemm_rows: one tile of MR rows (1-4) by NV vectors of columns (the last one `last` columns,
// 4 when Full), its sums in registers from init (or +0) over every block's k terms, then the
// clamp. Lanes past the last column are zeros and never stored.
template <int MR, int NV, bool Full>
void rows_tile(std::size_t rows, std::size_t k, const float* a, std::size_t a_stride,
               std::size_t a_row_step, const float* b, std::size_t b_stride, const float* init,
               float* c, std::size_t c_stride, std::size_t last, v128_t vlo, v128_t vhi) {
  v128_t s[MR][NV];
  for (int v = 0; v < NV; ++v) {
    v128_t start = wasm_f32x4_splat(0.0f);
    if (init != nullptr) {
      start = v + 1 < NV ? wasm_v128_load(init + 4 * v) : load_cols<Full>(init + 4 * v, last);
    }
    for (int r = 0; r < MR; ++r) s[r][v] = start;
  }
  const float* bp = b;
  for (std::size_t blk = 0; blk < rows; ++blk) {
    const float* ar[MR];
    for (int r = 0; r < MR; ++r)
      ar[r] = a + blk * a_row_step + static_cast<std::size_t>(r) * a_stride;
    for (std::size_t p = 0; p < k; ++p) {
      v128_t bv[NV];
      for (int v = 0; v + 1 < NV; ++v) bv[v] = wasm_v128_load(bp + 4 * v);
      bv[NV - 1] = load_cols<Full>(bp + 4 * (NV - 1), last);
      bp += b_stride;
      for (int r = 0; r < MR; ++r) {
        const v128_t va = wasm_v128_load32_splat(ar[r] + p);
        for (int v = 0; v < NV; ++v) s[r][v] = wasm_f32x4_add(s[r][v], wasm_f32x4_mul(va, bv[v]));
      }
    }
  }
  for (int r = 0; r < MR; ++r) {
    float* cr = c + static_cast<std::size_t>(r) * c_stride;
    for (int v = 0; v < NV; ++v) {
      const v128_t t = wasm_f32x4_pmin(wasm_f32x4_pmax(s[r][v], vlo), vhi);
      if (v + 1 < NV) {
        wasm_v128_store(cr + 4 * v, t);
      } else {
        store_cols<Full>(cr + 4 * v, t, last);
      }
    }
  }
}

// gemm_rows for 4*NF + 2 columns: MR rows (even) by NF full vectors, and the last two columns
// of rows 2q and 2q+1 packed in one vector (lanes: row 2q col 0, 1, row 2q+1 col 0, 1; B's two
// columns loaded twice, A's values paired by a shuffle), so no lane computes a discarded sum.
// Every lane still repeats the scalar kernel's operations for its output.
template <int MR, int NF>
void rows_pair_tile(std::size_t rows, std::size_t k, const float* a, std::size_t a_stride,
                    std::size_t a_row_step, const float* b, std::size_t b_stride, const float* init,
                    float* c, std::size_t c_stride, v128_t vlo, v128_t vhi) {
  static_assert(MR % 2 == 0, "rows are paired");
  constexpr int kPairs = MR / 2;
  v128_t s[MR][NF > 0 ? NF : 1];
  v128_t h[kPairs];
  {
    const v128_t start_h =
        init != nullptr ? wasm_v128_load64_splat(init + 4 * NF) : wasm_f32x4_splat(0.0f);
    for (int q = 0; q < kPairs; ++q) h[q] = start_h;
    for (int v = 0; v < NF; ++v) {
      const v128_t start = init != nullptr ? wasm_v128_load(init + 4 * v) : wasm_f32x4_splat(0.0f);
      for (int r = 0; r < MR; ++r) s[r][v] = start;
    }
  }
  const float* bp = b;
  for (std::size_t blk = 0; blk < rows; ++blk) {
    const float* ar[MR];
    for (int r = 0; r < MR; ++r)
      ar[r] = a + blk * a_row_step + static_cast<std::size_t>(r) * a_stride;
    for (std::size_t p = 0; p < k; ++p) {
      v128_t bv[NF > 0 ? NF : 1];
      for (int v = 0; v < NF; ++v) bv[v] = wasm_v128_load(bp + 4 * v);
      const v128_t bh = wasm_v128_load64_splat(bp + 4 * NF);
      bp += b_stride;
      for (int q = 0; q < kPairs; ++q) {
        const v128_t va0 = wasm_v128_load32_splat(ar[2 * q] + p);
        const v128_t va1 = wasm_v128_load32_splat(ar[2 * q + 1] + p);
        for (int v = 0; v < NF; ++v) {
          s[2 * q][v] = wasm_f32x4_add(s[2 * q][v], wasm_f32x4_mul(va0, bv[v]));
          s[2 * q + 1][v] = wasm_f32x4_add(s[2 * q + 1][v], wasm_f32x4_mul(va1, bv[v]));
        }
        const v128_t vp = wasm_i32x4_shuffle(va0, va1, 0, 1, 4, 5);
        h[q] = wasm_f32x4_add(h[q], wasm_f32x4_mul(vp, bh));
      }
    }
  }
  for (int r = 0; r < MR; ++r) {
    float* cr = c + static_cast<std::size_t>(r) * c_stride;
    for (int v = 0; v < NF; ++v) {
      wasm_v128_store(cr + 4 * v, wasm_f32x4_pmin(wasm_f32x4_pmax(s[r][v], vlo), vhi));
    }
  }
  for (int q = 0; q < kPairs; ++q) {
    const v128_t t = wasm_f32x4_pmin(wasm_f32x4_pmax(h[q], vlo), vhi);
    wasm_v128_store64_lane(c + static_cast<std::size_t>(2 * q) * c_stride + 4 * NF, t, 0);
    wasm_v128_store64_lane(c + static_cast<std::size_t>(2 * q + 1) * c_stride + 4 * NF, t, 1);
  }
}

// All m rows of one column block of NV vectors (the last `last` columns): tiles of MR rows,
// then the leftover rows on smaller tiles.
template <int MR, int NV, bool Full>
void rows_block(std::size_t m, std::size_t rows, std::size_t k, const float* a,
                std::size_t a_stride, std::size_t a_row_step, const float* b, std::size_t b_stride,
                const float* init, float* c, std::size_t c_stride, std::size_t last, v128_t vlo,
                v128_t vhi) {
  std::size_t i = 0;
  for (; i + MR <= m; i += MR) {
    rows_tile<MR, NV, Full>(rows, k, a + i * a_stride, a_stride, a_row_step, b, b_stride, init,
                            c + i * c_stride, c_stride, last, vlo, vhi);
  }
  if constexpr (MR > 1) {
    if (i < m) {
      rows_block<MR - 1, NV, Full>(m - i, rows, k, a + i * a_stride, a_stride, a_row_step, b,
                                   b_stride, init, c + i * c_stride, c_stride, last, vlo, vhi);
    }
  }
}

template <int NV>
void rows_tail(std::size_t m, std::size_t cols, std::size_t rows, std::size_t k, const float* a,
               std::size_t a_stride, std::size_t a_row_step, const float* b, std::size_t b_stride,
               const float* init, float* c, std::size_t c_stride, v128_t vlo, v128_t vhi) {
  constexpr int kRows = NV >= 3 ? 3 : 4;
  const std::size_t last = cols - 4 * (NV - 1);
  if (last == 4) {
    rows_block<kRows, NV, true>(m, rows, k, a, a_stride, a_row_step, b, b_stride, init, c, c_stride,
                                4, vlo, vhi);
  } else {
    rows_block<kRows, NV, false>(m, rows, k, a, a_stride, a_row_step, b, b_stride, init, c,
                                 c_stride, last, vlo, vhi);
  }
}

// 4*NF + 2 columns: pairs of rows on rows_pair_tile, an odd last row on rows_tile.
template <int NF>
void rows_pairs(std::size_t m, std::size_t rows, std::size_t k, const float* a,
                std::size_t a_stride, std::size_t a_row_step, const float* b, std::size_t b_stride,
                const float* init, float* c, std::size_t c_stride, v128_t vlo, v128_t vhi) {
  constexpr int kRows = 4;
  std::size_t i = 0;
  for (; i + kRows <= m; i += kRows) {
    rows_pair_tile<kRows, NF>(rows, k, a + i * a_stride, a_stride, a_row_step, b, b_stride, init,
                              c + i * c_stride, c_stride, vlo, vhi);
  }
  if (i + 2 <= m) {
    rows_pair_tile<2, NF>(rows, k, a + i * a_stride, a_stride, a_row_step, b, b_stride, init,
                          c + i * c_stride, c_stride, vlo, vhi);
    i += 2;
  }
  if (i < m) {
    rows_tile<1, NF + 1, false>(rows, k, a + i * a_stride, a_stride, a_row_step, b, b_stride, init,
                                c + i * c_stride, c_stride, 2, vlo, vhi);
  }
}

}  // namespace

void f32_gemm_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                   std::size_t a_stride, const float* b, std::size_t b_stride,
                                   const float* bias, float* c, std::size_t c_stride, float lo,
                                   float hi) {
  gemm<false>(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
}

void f32_gemm_acc_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                       std::size_t a_stride, const float* b, std::size_t b_stride,
                                       const float* bias, float* c, std::size_t c_stride, float lo,
                                       float hi) {
  gemm<true>(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
}

void f32_gemm_rows_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t rows,
                                        std::size_t k, const float* a, std::size_t a_stride,
                                        std::size_t a_row_step, const float* b,
                                        std::size_t b_stride, const float* init, float* c,
                                        std::size_t c_stride, float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  // Column blocks of 8, then the last 1-12 columns in one block of at most 3 vectors.
  std::size_t j = 0;
  for (; n - j > 12; j += 8) {
    rows_block<4, 2, true>(m, rows, k, a, a_stride, a_row_step, b + j, b_stride,
                           init != nullptr ? init + j : nullptr, c + j, c_stride, 4, vlo, vhi);
  }
  const std::size_t cols = n - j;
  const float* init_j = init != nullptr ? init + j : nullptr;
  if (cols % 4 == 2) {
    switch (cols / 4) {
      case 0:
        rows_pairs<0>(m, rows, k, a, a_stride, a_row_step, b + j, b_stride, init_j, c + j, c_stride,
                      vlo, vhi);
        break;
      case 1:
        rows_pairs<1>(m, rows, k, a, a_stride, a_row_step, b + j, b_stride, init_j, c + j, c_stride,
                      vlo, vhi);
        break;
      default:
        rows_pairs<2>(m, rows, k, a, a_stride, a_row_step, b + j, b_stride, init_j, c + j, c_stride,
                      vlo, vhi);
        break;
    }
    return;
  }
  switch ((cols + 3) / 4) {
    case 1:
      rows_tail<1>(m, cols, rows, k, a, a_stride, a_row_step, b + j, b_stride, init_j, c + j,
                   c_stride, vlo, vhi);
      break;
    case 2:
      rows_tail<2>(m, cols, rows, k, a, a_stride, a_row_step, b + j, b_stride, init_j, c + j,
                   c_stride, vlo, vhi);
      break;
    default:
      rows_tail<3>(m, cols, rows, k, a, a_stride, a_row_step, b + j, b_stride, init_j, c + j,
                   c_stride, vlo, vhi);
      break;
  }
}

}  // namespace condense
