#include "kernels/f32-maxpool/f32-maxpool.h"
#include "kernels/nan.h"
#include "kernels/simd.h"

namespace condense {

// NaN tracking: acc = pmax(acc, x) never lets a NaN x replace acc, so each lane also ORs a
// "x != x" mask; OR-ing the mask into the result turns a lane that saw a NaN into all ones.

namespace {

inline v128_t is_nan(v128_t x) { return wasm_f32x4_ne(x, x); }

// The comparison a window reduces with: Max (pmax) for max pooling, Min (pmin) for min pooling.
// Both keep the first of equal values (-0 and +0 included) and never let a NaN replace acc.
struct Max {
  static v128_t v(v128_t acc, v128_t x) { return wasm_f32x4_pmax(acc, x); }
  static float s(float acc, float x) { return pmax(acc, x); }
};
struct Min {
  static v128_t v(v128_t acc, v128_t x) { return wasm_f32x4_pmin(acc, x); }
  static float s(float acc, float x) { return pmin(acc, x); }
};

// Four channels c..c+3 of a 2x2 window (rows r0, r1, columns col_stride apart), reduced with
// Op, clamped and stored. NaN detection: a lane's sum is NaN when a tap is NaN (or +inf and
// -inf meet); only then is the exact per-tap mask computed.
template <typename Op>
inline void window_2x2_c4(const float* r0, const float* r1, std::size_t col_stride, std::size_t c,
                          float* out, v128_t vlo, v128_t vhi) {
  const v128_t a = wasm_v128_load(r0 + c);
  const v128_t b = wasm_v128_load(r0 + col_stride + c);
  const v128_t d = wasm_v128_load(r1 + c);
  const v128_t e = wasm_v128_load(r1 + col_stride + c);
  v128_t acc = Op::v(Op::v(Op::v(a, b), d), e);
  const v128_t sum = wasm_f32x4_add(wasm_f32x4_add(a, b), wasm_f32x4_add(d, e));
  acc = wasm_f32x4_pmin(wasm_f32x4_pmax(acc, vlo), vhi);
  if (wasm_v128_any_true(wasm_f32x4_ne(sum, sum))) {
    acc = wasm_v128_or(
        acc, wasm_v128_or(wasm_v128_or(is_nan(a), is_nan(b)), wasm_v128_or(is_nan(d), is_nan(e))));
  }
  wasm_v128_store(out + c, acc);
}

// The same for a 3x3 window (rows r0..r2).
template <typename Op>
inline void window_3x3_c4(const float* r0, const float* r1, const float* r2, std::size_t col_stride,
                          std::size_t c, float* out, v128_t vlo, v128_t vhi) {
  const std::size_t s1 = col_stride, s2 = 2 * col_stride;
  const v128_t x0 = wasm_v128_load(r0 + c), x1 = wasm_v128_load(r0 + s1 + c);
  const v128_t x2 = wasm_v128_load(r0 + s2 + c), x3 = wasm_v128_load(r1 + c);
  const v128_t x4 = wasm_v128_load(r1 + s1 + c), x5 = wasm_v128_load(r1 + s2 + c);
  const v128_t x6 = wasm_v128_load(r2 + c), x7 = wasm_v128_load(r2 + s1 + c);
  const v128_t x8 = wasm_v128_load(r2 + s2 + c);
  v128_t acc = Op::v(Op::v(Op::v(x0, x1), x2), x3);
  acc = Op::v(Op::v(Op::v(acc, x4), x5), x6);
  acc = Op::v(Op::v(acc, x7), x8);
  v128_t sum = wasm_f32x4_add(wasm_f32x4_add(x0, x1), wasm_f32x4_add(x2, x3));
  sum = wasm_f32x4_add(sum, wasm_f32x4_add(wasm_f32x4_add(x4, x5), wasm_f32x4_add(x6, x7)));
  sum = wasm_f32x4_add(sum, x8);
  acc = wasm_f32x4_pmin(wasm_f32x4_pmax(acc, vlo), vhi);
  if (wasm_v128_any_true(wasm_f32x4_ne(sum, sum))) {
    v128_t nan = wasm_v128_or(wasm_v128_or(is_nan(x0), is_nan(x1)), is_nan(x2));
    nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(is_nan(x3), is_nan(x4)), is_nan(x5)));
    nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(is_nan(x6), is_nan(x7)), is_nan(x8)));
    acc = wasm_v128_or(acc, nan);
  }
  wasm_v128_store(out + c, acc);
}

// Four channels c..c+3 of any window (taps at row_ptrs[r] + offset + j*col_stride).
template <typename Op>
inline void window_c4(std::size_t rows, std::size_t cols, const float* const* row_ptrs,
                      std::size_t offset, std::size_t col_stride, std::size_t c, float* out,
                      v128_t vlo, v128_t vhi) {
  v128_t acc = wasm_v128_load(row_ptrs[0] + offset + c);
  v128_t nan = wasm_i32x4_splat(0);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = row_ptrs[r] + offset + c;
    for (std::size_t j = 0; j < cols; ++j) {
      const v128_t x = wasm_v128_load(row + j * col_stride);
      acc = Op::v(acc, x);
      nan = wasm_v128_or(nan, wasm_f32x4_ne(x, x));
    }
  }
  acc = wasm_f32x4_pmin(wasm_f32x4_pmax(acc, vlo), vhi);
  wasm_v128_store(out + c, wasm_v128_or(acc, nan));
}

// One window: taps at row_ptrs[r] + offset + j*col_stride, reduced with Op. With 4 or more
// channels and a tail of 1-3, the tail is the last four channels again (channels - 4 ..
// channels - 1): the lanes computed twice get the same value both times (every lane is its own
// reduction), so the overlap only rewrites equal floats.
template <typename Op>
inline void pool_window(std::size_t rows, std::size_t cols, std::size_t channels,
                        const float* const* row_ptrs, std::size_t offset, std::size_t col_stride,
                        float* out, v128_t vlo, v128_t vhi, float lo, float hi) {
  std::size_t c = 0;
  if (rows == 2 && cols == 2) {
    const float* r0 = row_ptrs[0] + offset;
    const float* r1 = row_ptrs[1] + offset;
    for (; c + 4 <= channels; c += 4) window_2x2_c4<Op>(r0, r1, col_stride, c, out, vlo, vhi);
    if (c < channels && channels >= 4) {
      window_2x2_c4<Op>(r0, r1, col_stride, channels - 4, out, vlo, vhi);
      return;
    }
  } else if (rows == 3 && cols == 3) {
    const float* r0 = row_ptrs[0] + offset;
    const float* r1 = row_ptrs[1] + offset;
    const float* r2 = row_ptrs[2] + offset;
    for (; c + 4 <= channels; c += 4) {
      window_3x3_c4<Op>(r0, r1, r2, col_stride, c, out, vlo, vhi);
    }
    if (c < channels && channels >= 4) {
      window_3x3_c4<Op>(r0, r1, r2, col_stride, channels - 4, out, vlo, vhi);
      return;
    }
  }
  // Main loop: 8 channels per iteration.
  for (; c + 8 <= channels; c += 8) {
    v128_t acc0 = wasm_v128_load(row_ptrs[0] + offset + c);
    v128_t acc1 = wasm_v128_load(row_ptrs[0] + offset + c + 4);
    v128_t nan0 = wasm_i32x4_splat(0);
    v128_t nan1 = wasm_i32x4_splat(0);
    for (std::size_t r = 0; r < rows; ++r) {
      const float* row = row_ptrs[r] + offset + c;
      for (std::size_t j = 0; j < cols; ++j) {
        const v128_t x0 = wasm_v128_load(row + j * col_stride);
        const v128_t x1 = wasm_v128_load(row + j * col_stride + 4);
        acc0 = Op::v(acc0, x0);
        acc1 = Op::v(acc1, x1);
        nan0 = wasm_v128_or(nan0, wasm_f32x4_ne(x0, x0));
        nan1 = wasm_v128_or(nan1, wasm_f32x4_ne(x1, x1));
      }
    }
    acc0 = wasm_f32x4_pmin(wasm_f32x4_pmax(acc0, vlo), vhi);
    acc1 = wasm_f32x4_pmin(wasm_f32x4_pmax(acc1, vlo), vhi);
    wasm_v128_store(out + c, wasm_v128_or(acc0, nan0));
    wasm_v128_store(out + c + 4, wasm_v128_or(acc1, nan1));
  }
  // 4 channels.
  for (; c + 4 <= channels; c += 4) {
    window_c4<Op>(rows, cols, row_ptrs, offset, col_stride, c, out, vlo, vhi);
  }
  if (c < channels && channels >= 4) {
    window_c4<Op>(rows, cols, row_ptrs, offset, col_stride, channels - 4, out, vlo, vhi);
    return;
  }
  // Fewer than 4 channels: as the scalar kernel does them.
  for (; c < channels; ++c) {
    float acc = row_ptrs[0][offset + c];
    bool nan = false;
    for (std::size_t r = 0; r < rows; ++r) {
      const float* row = row_ptrs[r] + offset + c;
      for (std::size_t j = 0; j < cols; ++j) {
        const float x = row[j * col_stride];
        acc = Op::s(acc, x);
        nan |= x != x;
      }
    }
    out[c] = nan ? nan_all_ones() : clamp_value(acc, lo, hi);
  }
}

}  // namespace

void f32_maxpool_pixel__wasmsimd_c4(std::size_t rows, std::size_t cols, std::size_t channels,
                                    const float* const* row_ptrs, std::size_t col_stride,
                                    float* out, float lo, float hi) {
  pool_window<Max>(rows, cols, channels, row_ptrs, 0, col_stride, out, wasm_f32x4_splat(lo),
                   wasm_f32x4_splat(hi), lo, hi);
}

void f32_minpool_pixel__wasmsimd_c4(std::size_t rows, std::size_t cols, std::size_t channels,
                                    const float* const* row_ptrs, std::size_t col_stride,
                                    float* out, float lo, float hi) {
  pool_window<Min>(rows, cols, channels, row_ptrs, 0, col_stride, out, wasm_f32x4_splat(lo),
                   wasm_f32x4_splat(hi), lo, hi);
}

void f32_maxpool_row__wasmsimd_c4(std::size_t out_w, std::size_t rows, std::size_t cols,
                                  std::size_t channels, const float* const* row_ptrs,
                                  std::size_t pixel_stride, std::size_t col_stride, float* out,
                                  float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  for (std::size_t o = 0; o < out_w; ++o) {
    pool_window<Max>(rows, cols, channels, row_ptrs, o * pixel_stride, col_stride,
                     out + o * channels, vlo, vhi, lo, hi);
  }
}

void f32_vmax__wasmsimd_x8(std::size_t rows, std::size_t n, const float* const* row_ptrs,
                           float* out) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t acc0 = wasm_v128_load(row_ptrs[0] + i);
    v128_t acc1 = wasm_v128_load(row_ptrs[0] + i + 4);
    v128_t nan0 = wasm_f32x4_ne(acc0, acc0);
    v128_t nan1 = wasm_f32x4_ne(acc1, acc1);
    for (std::size_t r = 1; r < rows; ++r) {
      const v128_t x0 = wasm_v128_load(row_ptrs[r] + i);
      const v128_t x1 = wasm_v128_load(row_ptrs[r] + i + 4);
      acc0 = wasm_f32x4_pmax(acc0, x0);
      acc1 = wasm_f32x4_pmax(acc1, x1);
      nan0 = wasm_v128_or(nan0, wasm_f32x4_ne(x0, x0));
      nan1 = wasm_v128_or(nan1, wasm_f32x4_ne(x1, x1));
    }
    wasm_v128_store(out + i, wasm_v128_or(acc0, nan0));
    wasm_v128_store(out + i + 4, wasm_v128_or(acc1, nan1));
  }
  for (; i < n; ++i) {
    float acc = row_ptrs[0][i];
    bool nan = acc != acc;
    for (std::size_t r = 1; r < rows; ++r) {
      const float x = row_ptrs[r][i];
      acc = pmax(acc, x);
      nan |= x != x;
    }
    out[i] = nan ? nan_all_ones() : acc;
  }
}

void f32_hmax_c1__wasmsimd_x4(std::size_t n_out, std::size_t window, std::size_t stride,
                              std::size_t dilation, const float* in, float* out, float lo,
                              float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t o = 0;
  if (stride == 1) {
    // Four outputs per iteration: tap t of outputs o..o+3 is one unaligned load.
    for (; o + 4 <= n_out; o += 4) {
      const float* x = in + o;
      v128_t acc = wasm_v128_load(x);
      v128_t nan = wasm_f32x4_ne(acc, acc);
      for (std::size_t t = 1; t < window; ++t) {
        const v128_t v = wasm_v128_load(x + t * dilation);
        acc = wasm_f32x4_pmax(acc, v);
        nan = wasm_v128_or(nan, wasm_f32x4_ne(v, v));
      }
      acc = wasm_f32x4_pmin(wasm_f32x4_pmax(acc, vlo), vhi);
      wasm_v128_store(out + o, wasm_v128_or(acc, nan));
    }
  } else if (stride == 2) {
    // Four outputs per iteration: tap t of outputs o..o+3 are every other float of 7.
    for (; o + 4 <= n_out; o += 4) {
      const float* x = in + o * 2;
      v128_t acc = load_even_of_7(x);
      v128_t nan = wasm_f32x4_ne(acc, acc);
      for (std::size_t t = 1; t < window; ++t) {
        const v128_t v = load_even_of_7(x + t * dilation);
        acc = wasm_f32x4_pmax(acc, v);
        nan = wasm_v128_or(nan, wasm_f32x4_ne(v, v));
      }
      acc = wasm_f32x4_pmin(wasm_f32x4_pmax(acc, vlo), vhi);
      wasm_v128_store(out + o, wasm_v128_or(acc, nan));
    }
  }
  // Other strides and the tail: as the scalar kernel.
  if (o < n_out) {
    f32_hmax_c1__scalar(n_out - o, window, stride, dilation, in + o * stride, out + o, lo, hi);
  }
}

void f32_maxpool_c1_2x2s2__wasmsimd_x8(std::size_t n_out, const float* row0, const float* row1,
                                       float* out, float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  std::size_t o = 0;
  // Main loop: 8 outputs from 16 columns of both rows; even/odd lanes split by shuffles.
  for (; o + 8 <= n_out; o += 8) {
    const float* p0 = row0 + 2 * o;
    const float* p1 = row1 + 2 * o;
    const v128_t a0 = wasm_v128_load(p0), a1 = wasm_v128_load(p0 + 4);
    const v128_t a2 = wasm_v128_load(p0 + 8), a3 = wasm_v128_load(p0 + 12);
    const v128_t b0 = wasm_v128_load(p1), b1 = wasm_v128_load(p1 + 4);
    const v128_t b2 = wasm_v128_load(p1 + 8), b3 = wasm_v128_load(p1 + 12);
    const v128_t e0 = wasm_i32x4_shuffle(a0, a1, 0, 2, 4, 6),
                 d0 = wasm_i32x4_shuffle(a0, a1, 1, 3, 5, 7);
    const v128_t e1 = wasm_i32x4_shuffle(b0, b1, 0, 2, 4, 6),
                 d1 = wasm_i32x4_shuffle(b0, b1, 1, 3, 5, 7);
    const v128_t e2 = wasm_i32x4_shuffle(a2, a3, 0, 2, 4, 6),
                 d2 = wasm_i32x4_shuffle(a2, a3, 1, 3, 5, 7);
    const v128_t e3 = wasm_i32x4_shuffle(b2, b3, 0, 2, 4, 6),
                 d3 = wasm_i32x4_shuffle(b2, b3, 1, 3, 5, 7);
    // Row-major window order: (0,0), (0,1), (1,0), (1,1).
    v128_t m0 = wasm_f32x4_pmax(wasm_f32x4_pmax(wasm_f32x4_pmax(e0, d0), e1), d1);
    v128_t m1 = wasm_f32x4_pmax(wasm_f32x4_pmax(wasm_f32x4_pmax(e2, d2), e3), d3);
    m0 = wasm_f32x4_pmin(wasm_f32x4_pmax(m0, vlo), vhi);
    m1 = wasm_f32x4_pmin(wasm_f32x4_pmax(m1, vlo), vhi);
    // NaN detection on the sums of the 16 inputs; the exact masks only when one is NaN.
    const v128_t sum =
        wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(b0, b1)),
                       wasm_f32x4_add(wasm_f32x4_add(a2, a3), wasm_f32x4_add(b2, b3)));
    if (wasm_v128_any_true(wasm_f32x4_ne(sum, sum))) {
      m0 = wasm_v128_or(m0, wasm_v128_or(wasm_v128_or(is_nan(e0), is_nan(d0)),
                                         wasm_v128_or(is_nan(e1), is_nan(d1))));
      m1 = wasm_v128_or(m1, wasm_v128_or(wasm_v128_or(is_nan(e2), is_nan(d2)),
                                         wasm_v128_or(is_nan(e3), is_nan(d3))));
    }
    wasm_v128_store(out + o, m0);
    wasm_v128_store(out + o + 4, m1);
  }
  // Tail: as the scalar kernel.
  if (o < n_out)
    f32_maxpool_c1_2x2s2__scalar(n_out - o, row0 + 2 * o, row1 + 2 * o, out + o, lo, hi);
}

}  // namespace condense
