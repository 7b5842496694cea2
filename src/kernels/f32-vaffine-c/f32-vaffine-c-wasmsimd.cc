#include "kernels/f32-vaffine-c/f32-vaffine-c.h"
#include "kernels/simd.h"

namespace condense {

void f32_vaffine_c__wasmsimd_c8(std::size_t rows, std::size_t channels, const float* x,
                                const float* scale, const float* bias, float* y) {
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t c = 0;
    // Main loop: 8 channels per iteration.
    for (; c + 8 <= channels; c += 8) {
      const v128_t p0 = wasm_f32x4_mul(wasm_v128_load(x + c), wasm_v128_load(scale + c));
      const v128_t p1 = wasm_f32x4_mul(wasm_v128_load(x + c + 4), wasm_v128_load(scale + c + 4));
      wasm_v128_store(y + c, wasm_f32x4_add(p0, wasm_v128_load(bias + c)));
      wasm_v128_store(y + c + 4, wasm_f32x4_add(p1, wasm_v128_load(bias + c + 4)));
    }
    for (; c + 4 <= channels; c += 4) {
      const v128_t p = wasm_f32x4_mul(wasm_v128_load(x + c), wasm_v128_load(scale + c));
      wasm_v128_store(y + c, wasm_f32x4_add(p, wasm_v128_load(bias + c)));
    }
    // Tail: 1-3 channels.
    for (; c < channels; ++c) {
      const float product = x[c] * scale[c];
      y[c] = product + bias[c];
    }
    x += channels;
    y += channels;
  }
}

}  // namespace condense
