#include "kernels/f32-conv-grad/f32-conv-grad.h"
#include "kernels/simd.h"

namespace condense {

namespace {

// T taps x 4 channels of running sums in registers over the whole run of pixels.
template <std::size_t T>
void filter_c1_taps_x4(std::size_t pixels, const float* x, std::size_t x_step,
                       const std::size_t* offsets, const float* dy, std::size_t dy_stride,
                       float* dw, std::size_t dw_stride) {
  v128_t acc[T];
  std::size_t off[T];
  for (std::size_t t = 0; t < T; ++t) {
    acc[t] = wasm_v128_load(dw + t * dw_stride);
    off[t] = offsets[t];
  }
  for (std::size_t p = 0; p < pixels; ++p) {
    const v128_t d = wasm_v128_load(dy);
    for (std::size_t t = 0; t < T; ++t) {
      acc[t] = wasm_f32x4_add(acc[t], wasm_f32x4_mul(wasm_v128_load32_splat(x + off[t]), d));
    }
    x += x_step;
    dy += dy_stride;
  }
  for (std::size_t t = 0; t < T; ++t) wasm_v128_store(dw + t * dw_stride, acc[t]);
}

// Group sizes: 9 (a 3x3 window in one pass), then 4, then 1 for what is left (fewer
// instantiations keep the build small; a 5x5 window takes 9 + 9 + 4 + 1 + 1 + 1).
void filter_c1_x4(std::size_t pixels, std::size_t taps, const float* x, std::size_t x_step,
                  const std::size_t* offsets, const float* dy, std::size_t dy_stride, float* dw,
                  std::size_t dw_stride) {
  std::size_t t = 0;
  for (; t + 9 <= taps; t += 9) {
    filter_c1_taps_x4<9>(pixels, x, x_step, offsets + t, dy, dy_stride, dw + t * dw_stride,
                         dw_stride);
  }
  for (; t + 4 <= taps; t += 4) {
    filter_c1_taps_x4<4>(pixels, x, x_step, offsets + t, dy, dy_stride, dw + t * dw_stride,
                         dw_stride);
  }
  for (; t < taps; ++t) {
    filter_c1_taps_x4<1>(pixels, x, x_step, offsets + t, dy, dy_stride, dw + t * dw_stride,
                         dw_stride);
  }
}

}  // namespace

void f32_conv_grad_input__wasmsimd_c8(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                      const float* const* w_taps, const float* dy,
                                      float* const* dx_taps) {
  for (std::size_t t = 0; t < taps; ++t) {
    const float* w = w_taps[t];
    float* dx = dx_taps[t];
    std::size_t ci = 0;
    // Main loop: 8 input channels per iteration, SIMD over ci (w is [out_c][in_c]).
    for (; ci + 8 <= in_c; ci += 8) {
      v128_t acc0 = wasm_f32x4_splat(0.0f);
      v128_t acc1 = wasm_f32x4_splat(0.0f);
      for (std::size_t co = 0; co < out_c; ++co) {
        const v128_t d = wasm_f32x4_splat(dy[co]);
        const float* wr = w + co * in_c + ci;
        acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(wr), d));
        acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(wr + 4), d));
      }
      wasm_v128_store(dx + ci, wasm_f32x4_add(wasm_v128_load(dx + ci), acc0));
      wasm_v128_store(dx + ci + 4, wasm_f32x4_add(wasm_v128_load(dx + ci + 4), acc1));
    }
    for (; ci + 4 <= in_c; ci += 4) {
      v128_t acc = wasm_f32x4_splat(0.0f);
      for (std::size_t co = 0; co < out_c; ++co) {
        acc = wasm_f32x4_add(
            acc, wasm_f32x4_mul(wasm_v128_load(w + co * in_c + ci), wasm_f32x4_splat(dy[co])));
      }
      wasm_v128_store(dx + ci, wasm_f32x4_add(wasm_v128_load(dx + ci), acc));
    }
    // Tail: 1-3 input channels, as the scalar kernel.
    for (; ci < in_c; ++ci) {
      float acc = 0.0f;
      for (std::size_t co = 0; co < out_c; ++co) acc += w[co * in_c + ci] * dy[co];
      dx[ci] += acc;
    }
  }
}

void f32_conv_grad_filter__wasmsimd_c8(std::size_t taps, std::size_t in_c, std::size_t out_c,
                                       const float* const* x_taps, const float* dy,
                                       float* const* dw_taps) {
  for (std::size_t t = 0; t < taps; ++t) {
    const float* x = x_taps[t];
    float* dw = dw_taps[t];
    for (std::size_t ci = 0; ci < in_c; ++ci) {
      const float xv = x[ci];
      const v128_t vx = wasm_f32x4_splat(xv);
      float* row = dw + ci * out_c;
      std::size_t co = 0;
      // Main loop: 8 output channels per iteration, SIMD over co.
      for (; co + 8 <= out_c; co += 8) {
        wasm_v128_store(row + co, wasm_f32x4_add(wasm_v128_load(row + co),
                                                 wasm_f32x4_mul(vx, wasm_v128_load(dy + co))));
        wasm_v128_store(row + co + 4,
                        wasm_f32x4_add(wasm_v128_load(row + co + 4),
                                       wasm_f32x4_mul(vx, wasm_v128_load(dy + co + 4))));
      }
      for (; co + 4 <= out_c; co += 4) {
        wasm_v128_store(row + co, wasm_f32x4_add(wasm_v128_load(row + co),
                                                 wasm_f32x4_mul(vx, wasm_v128_load(dy + co))));
      }
      // Tail: 1-3 output channels.
      for (; co < out_c; ++co) row[co] += xv * dy[co];
    }
  }
}

void f32_conv_grad_filter_c1__wasmsimd_9x4(std::size_t pixels, std::size_t taps,
                                           std::size_t channels, const float* x, std::size_t x_step,
                                           const std::size_t* offsets, const float* dy,
                                           std::size_t dy_stride, float* dw,
                                           std::size_t dw_stride) {
  std::size_t co = 0;
  for (; co + 4 <= channels; co += 4) {
    filter_c1_x4(pixels, taps, x, x_step, offsets, dy + co, dy_stride, dw + co, dw_stride);
  }
  // Tail: 1-3 channels, the scalar kernel (each element's sum in the same pixel order).
  if (co < channels) {
    f32_conv_grad_filter_c1__scalar(pixels, taps, channels - co, x, x_step, offsets, dy + co,
                                    dy_stride, dw + co, dw_stride);
  }
}

}  // namespace condense
