#include "kernels/f32-rsum/f32-rsum.h"
#include "kernels/simd.h"

namespace condense {

void f32_rsum_c__wasmsimd_c4(std::size_t rows, std::size_t channels, const float* x,
                             std::size_t stride, double* acc) {
  // Rows outer (the data streams once), the accumulators stay in L1; 4 channels per step: the
  // low and high float pairs promoted to two f64x2 and added to their accumulators.
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = x + r * stride;
    std::size_t c = 0;
    for (; c + 4 <= channels; c += 4) {
      const v128_t v = wasm_v128_load(row + c);
      const v128_t lo = wasm_f64x2_promote_low_f32x4(v);
      const v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
      wasm_v128_store(acc + c, wasm_f64x2_add(wasm_v128_load(acc + c), lo));
      wasm_v128_store(acc + c + 2, wasm_f64x2_add(wasm_v128_load(acc + c + 2), hi));
    }
    for (; c < channels; ++c) acc[c] += static_cast<double>(row[c]);
  }
}

}  // namespace condense
