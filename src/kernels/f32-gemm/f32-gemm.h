// f32-gemm: C = clamp(A·B + bias) for one row-major A [m, k] and one row-major B [k, n]
// (XNNPACK's f32-gemm-minmax family, without packed weights: B is read in place, 8 columns at a
// time, so a Dense layer with one input row streams its kernel once):
//
//   c[i*c_stride + j] = clamp(s(i, j) + bias[j], lo, hi)      (bias null: clamp(s(i, j), lo, hi))
//   s(i, j) = (((+0 + a[i][0]*b[0][j]) + a[i][1]*b[1][j]) + ...) + a[i][k-1]*b[k-1][j]
//   a[i][p] = a[i*a_stride + p],  b[p][j] = b[p*b_stride + j]
//
// Every output is its own float sum, from +0, over p = 0, 1, ..., k - 1 in that order, each term
// a float product, with separate multiply and add (core wasm SIMD has no FMA), then the bias is
// added once (Keras Dense / TF _FusedMatMul: x·W, then + b, then the activation) and the clamp
// is pmin(pmax(v, lo), hi) (kernels/nan.h: a NaN passes through). The SIMD kernel keeps a 4x8
// register tile of such sums (a single row: 1x16), the last 1-12 columns (1-16) in one tile of
// up to 3 (4) vectors whose last vector loads and stores only its 1-4 columns, and the last 1-3
// rows on the same tiles, each lane repeating the scalar operations; the scalar kernel keeps the
// running sums in the output row
// (stored floats are exact, so the order per output is the same). Every variant gives
// the same bits (except an arithmetic NaN's payload). NaN and infinities follow IEEE arithmetic
// (0 * inf is NaN; an all-zero row of A against an inf column of B gives NaN).
//
// gemm_acc: the same with each sum starting from the value already in C instead of +0
// (s(i, j) = ((c[i][j] + a[i][0]*b[0][j]) + ...) + a[i][k-1]*b[k-1][j]), so that a sum over k
// split into blocks, or one that starts from a bias, keeps the order of one running sum.
//
// gemm_rows: a conv's GEMM over all kernel rows in one call (conv2d-gemm), A being `rows` blocks
// of k columns, block r at a + r*a_row_step (each block's rows at stride a_stride, as above), B
// the rows*k rows of the blocks' filter rows one after another, every sum starting at init[j]
// (null: +0) and the clamp applied once, after the last block; no bias is added:
//
//   c[i*c_stride + j] = clamp(s(i, j), lo, hi)
//   s(i, j) = ((init[j] + a(0)[i][0]*b[0][j]) + ...) + a(rows-1)[i][k-1]*b[rows*k-1][j]
//   a(r)[i][p] = a[r*a_row_step + i*a_stride + p]
//
// that is, the sum gemm then gemm_acc per block would leave in C, without the round trips
// through C. The SIMD kernel holds the whole sum in registers; for 4q+2 columns (a 10-channel
// conv) it packs the last two columns of two rows into one vector instead of a half-empty one.
//
// Preconditions: m, n, k >= 1; b_stride >= n; c_stride >= n; c does not overlap a, b or bias.
// Rows of A may overlap (a_stride < k, even 0: a conv's input row read in place as the
// [out_w, kw*ci] matrix of its windows, row stride stride_w*ci). Kernels read only the m x k
// elements of A, the k x n of B and n of bias, and write only the m x n elements of C. No
// allocation.
#pragma once

#include <cstddef>

namespace condense {

using f32_gemm_fn = void (*)(std::size_t m, std::size_t n, std::size_t k, const float* a,
                             std::size_t a_stride, const float* b, std::size_t b_stride,
                             const float* bias, float* c, std::size_t c_stride, float lo, float hi);

void f32_gemm_minmax__scalar(std::size_t m, std::size_t n, std::size_t k, const float* a,
                             std::size_t a_stride, const float* b, std::size_t b_stride,
                             const float* bias, float* c, std::size_t c_stride, float lo, float hi);
void f32_gemm_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                   std::size_t a_stride, const float* b, std::size_t b_stride,
                                   const float* bias, float* c, std::size_t c_stride, float lo,
                                   float hi);
void f32_gemm_acc_minmax__scalar(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                 std::size_t a_stride, const float* b, std::size_t b_stride,
                                 const float* bias, float* c, std::size_t c_stride, float lo,
                                 float hi);
void f32_gemm_acc_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                       std::size_t a_stride, const float* b, std::size_t b_stride,
                                       const float* bias, float* c, std::size_t c_stride, float lo,
                                       float hi);

using f32_gemm_rows_fn = void (*)(std::size_t m, std::size_t n, std::size_t rows, std::size_t k,
                                  const float* a, std::size_t a_stride, std::size_t a_row_step,
                                  const float* b, std::size_t b_stride, const float* init, float* c,
                                  std::size_t c_stride, float lo, float hi);

void f32_gemm_rows_minmax__scalar(std::size_t m, std::size_t n, std::size_t rows, std::size_t k,
                                  const float* a, std::size_t a_stride, std::size_t a_row_step,
                                  const float* b, std::size_t b_stride, const float* init, float* c,
                                  std::size_t c_stride, float lo, float hi);
void f32_gemm_rows_minmax__wasmsimd_4x8(std::size_t m, std::size_t n, std::size_t rows,
                                        std::size_t k, const float* a, std::size_t a_stride,
                                        std::size_t a_row_step, const float* b,
                                        std::size_t b_stride, const float* init, float* c,
                                        std::size_t c_stride, float lo, float hi);

}  // namespace condense
