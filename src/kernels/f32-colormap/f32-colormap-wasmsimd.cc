#include "kernels/f32-colormap/f32-colormap.h"
#include "kernels/simd.h"

namespace condense {

namespace {

// NaN when either lane is NaN, else the larger: f32x4_max propagates NaN.
inline v128_t nanmax4(v128_t a, v128_t b) { return wasm_f32x4_max(a, b); }

}  // namespace

void f32_colormap_stats__wasmsimd_x4(std::size_t n, const float* x, ColormapStats* s) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t inf = wasm_f32x4_splat(__builtin_inff());
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  // Lane counters count down: a true mask is -1.
  v128_t zeros = wasm_i32x4_splat(0), positive = zeros, nan = zeros, pos_inf = zeros,
         neg_inf = zeros;
  v128_t lo = inf, hi = ninf;
  std::size_t i = 0;
  // Main loop: 4 floats per iteration.
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    zeros = wasm_i32x4_add(zeros, wasm_f32x4_eq(v, zero));
    positive = wasm_i32x4_add(positive, wasm_f32x4_gt(v, zero));
    nan = wasm_i32x4_add(nan, wasm_f32x4_ne(v, v));
    const v128_t is_pinf = wasm_f32x4_eq(v, inf);
    const v128_t is_ninf = wasm_f32x4_eq(v, ninf);
    pos_inf = wasm_i32x4_add(pos_inf, is_pinf);
    neg_inf = wasm_i32x4_add(neg_inf, is_ninf);
    // Finite lanes only: NaN and infinities are replaced by the running bound itself.
    const v128_t finite = wasm_v128_andnot(wasm_f32x4_eq(v, v), wasm_v128_or(is_pinf, is_ninf));
    lo = wasm_f32x4_pmin(lo, wasm_v128_bitselect(v, lo, finite));
    hi = wasm_f32x4_pmax(hi, wasm_v128_bitselect(v, hi, finite));
  }
  const auto total = [](v128_t c) {
    return static_cast<std::size_t>(
        -(static_cast<std::int64_t>(wasm_i32x4_extract_lane(c, 0)) + wasm_i32x4_extract_lane(c, 1) +
          wasm_i32x4_extract_lane(c, 2) + wasm_i32x4_extract_lane(c, 3)));
  };
  s->zeros += total(zeros);
  s->positive += total(positive);
  s->nan += total(nan);
  s->pos_inf += total(pos_inf);
  s->neg_inf += total(neg_inf);
  for (int lane = 0; lane < 4; ++lane) {
    float l = 0.0f, h = 0.0f;
    switch (lane) {
      case 0:
        l = wasm_f32x4_extract_lane(lo, 0);
        h = wasm_f32x4_extract_lane(hi, 0);
        break;
      case 1:
        l = wasm_f32x4_extract_lane(lo, 1);
        h = wasm_f32x4_extract_lane(hi, 1);
        break;
      case 2:
        l = wasm_f32x4_extract_lane(lo, 2);
        h = wasm_f32x4_extract_lane(hi, 2);
        break;
      default:
        l = wasm_f32x4_extract_lane(lo, 3);
        h = wasm_f32x4_extract_lane(hi, 3);
        break;
    }
    if (l < s->min) s->min = l;
    if (h > s->max) s->max = h;
  }
  // Tail: 1-3 floats, the scalar kernel.
  if (i < n) f32_colormap_stats__scalar(n - i, x + i, s);
}

void f32_colormap_vmax__wasmsimd_x8(std::size_t n, const float* x, float* acc,
                                    const ColormapParams* p) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const bool clean = p->infinite_bad;
  std::size_t i = 0;
  // Main loop: 8 floats per iteration.
  for (; i + 8 <= n; i += 8) {
    v128_t v0 = wasm_v128_load(x + i);
    v128_t v1 = wasm_v128_load(x + i + 4);
    if (clean) {
      v0 = wasm_f32x4_add(v0, wasm_f32x4_mul(v0, zero));
      v1 = wasm_f32x4_add(v1, wasm_f32x4_mul(v1, zero));
    }
    wasm_v128_store(acc + i, nanmax4(wasm_v128_load(acc + i), v0));
    wasm_v128_store(acc + i + 4, nanmax4(wasm_v128_load(acc + i + 4), v1));
  }
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    if (clean) v = wasm_f32x4_add(v, wasm_f32x4_mul(v, zero));
    wasm_v128_store(acc + i, nanmax4(wasm_v128_load(acc + i), v));
  }
  // Tail: 1-3 floats, the scalar kernel's operations.
  for (; i < n; ++i) {
    const float v = clean ? x[i] + x[i] * 0.0f : x[i];
    const float a = acc[i];
    acc[i] = a != a ? a : v != v ? v : (a > v ? a : v);
  }
}

void f32_colormap_lut__wasmsimd_x4(std::size_t n, const float* x, std::uint32_t* pixels,
                                   const ColormapParams* p) {
  if (p->degenerate) {
    f32_colormap_lut__scalar(n, x, pixels, p);
    return;
  }
  const v128_t vmin = wasm_f32x4_splat(p->vmin);
  const v128_t range = wasm_f32x4_splat(p->range);
  const v128_t n256 = wasm_f32x4_splat(256.0f);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t top = wasm_f32x4_splat(255.0f);
  const v128_t inf = wasm_f32x4_splat(__builtin_inff());
  const v128_t check_inf = wasm_i32x4_splat(p->infinite_bad ? -1 : 0);
  const v128_t bad = wasm_i32x4_splat(static_cast<std::int32_t>(p->bad));
  const std::uint32_t* lut = p->lut;
  std::size_t i = 0;
  // Main loop: 4 floats per iteration; the table lookups are per lane.
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    const v128_t scaled = wasm_f32x4_mul(wasm_f32x4_div(wasm_f32x4_sub(v, vmin), range), n256);
    // Bad: a NaN scaled value (NaN input, inf / inf), or an infinite input when asked.
    const v128_t is_bad =
        wasm_v128_or(wasm_f32x4_ne(scaled, scaled),
                     wasm_v128_and(check_inf, wasm_f32x4_eq(wasm_f32x4_abs(v), inf)));
    // Clamp to [0, 255] (NaN lanes become 0 through the compares; they are replaced below),
    // then truncate: the scalar kernel's three cases.
    v128_t c = wasm_v128_and(scaled, wasm_f32x4_ge(scaled, zero));
    c = wasm_v128_bitselect(top, c, wasm_f32x4_ge(scaled, n256));
    const v128_t index = wasm_i32x4_trunc_sat_f32x4(c);
    const v128_t colour =
        wasm_i32x4_make(static_cast<std::int32_t>(lut[wasm_i32x4_extract_lane(index, 0)]),
                        static_cast<std::int32_t>(lut[wasm_i32x4_extract_lane(index, 1)]),
                        static_cast<std::int32_t>(lut[wasm_i32x4_extract_lane(index, 2)]),
                        static_cast<std::int32_t>(lut[wasm_i32x4_extract_lane(index, 3)]));
    wasm_v128_store(pixels + i, wasm_v128_bitselect(bad, colour, is_bad));
  }
  // Tail: 1-3 floats, the scalar kernel.
  if (i < n) f32_colormap_lut__scalar(n - i, x + i, pixels + i, p);
}

}  // namespace condense
