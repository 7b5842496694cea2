#include "kernels/f32-poolgrad/f32-poolgrad.h"
#include "kernels/simd.h"

namespace condense {

void f32_avgpool_grad_pixel__wasmsimd_c8(std::size_t rows, std::size_t cols, std::size_t channels,
                                         float* const* row_ptrs, std::size_t col_stride,
                                         const float* g) {
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < cols; ++j) {
      float* cell = row_ptrs[r] + j * col_stride;
      std::size_t c = 0;
      // Main loop: 8 channels per iteration.
      for (; c + 8 <= channels; c += 8) {
        wasm_v128_store(cell + c, wasm_f32x4_add(wasm_v128_load(cell + c), wasm_v128_load(g + c)));
        wasm_v128_store(cell + c + 4,
                        wasm_f32x4_add(wasm_v128_load(cell + c + 4), wasm_v128_load(g + c + 4)));
      }
      for (; c + 4 <= channels; c += 4) {
        wasm_v128_store(cell + c, wasm_f32x4_add(wasm_v128_load(cell + c), wasm_v128_load(g + c)));
      }
      // Tail: 1-3 channels.
      for (; c < channels; ++c) cell[c] += g[c];
    }
  }
}

void f32_maxpool_grad_route__wasmsimd_c4(std::size_t rows, std::size_t cols, std::size_t channels,
                                         float* const* row_ptrs, std::size_t col_stride,
                                         const std::int32_t* where, const float* g) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  std::size_t c = 0;
  // 4 channels at a time: each cell keeps 0 + g where its tap is the maximum's (a lane mask).
  for (; c + 4 <= channels; c += 4) {
    const v128_t w = wasm_v128_load(where + c);
    const v128_t gv = wasm_f32x4_add(zero, wasm_v128_load(g + c));
    std::int32_t tap = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      float* row = row_ptrs[r] + c;
      for (std::size_t j = 0; j < cols; ++j, ++tap) {
        const v128_t hit = wasm_i32x4_eq(w, wasm_i32x4_splat(tap));
        wasm_v128_store(row + j * col_stride, wasm_v128_and(gv, hit));
      }
    }
  }
  for (; c < channels; ++c) {
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t j = 0; j < cols; ++j) {
        const std::int32_t tap = static_cast<std::int32_t>(r * cols + j);
        row_ptrs[r][j * col_stride + c] = where[c] == tap ? 0.0f + g[c] : 0.0f;
      }
    }
  }
}

}  // namespace condense
