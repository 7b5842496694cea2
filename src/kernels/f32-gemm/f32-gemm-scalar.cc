#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/nan.h"

namespace condense {

namespace {

template <bool Accumulate>
void gemm(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t a_stride,
          const float* b, std::size_t b_stride, const float* bias, float* c, std::size_t c_stride,
          float lo, float hi) {
  for (std::size_t i = 0; i < m; ++i) {
    const float* ai = a + i * a_stride;
    float* ci = c + i * c_stride;
    // The output row holds the running sums (each stored float is the exact partial sum), so B
    // is read row by row; every output still adds its terms in p order.
    if (!Accumulate) {
      for (std::size_t j = 0; j < n; ++j) ci[j] = 0.0f;
    }
    for (std::size_t p = 0; p < k; ++p) {
      const float v = ai[p];
      const float* bp = b + p * b_stride;
      for (std::size_t j = 0; j < n; ++j) ci[j] = ci[j] + v * bp[j];
    }
    for (std::size_t j = 0; j < n; ++j) {
      float s = ci[j];
      if (bias != nullptr) s = s + bias[j];
      ci[j] = clamp_value(s, lo, hi);
    }
  }
}

}  // namespace

void f32_gemm_minmax__scalar(std::size_t m, std::size_t n, std::size_t k, const float* a,
                             std::size_t a_stride, const float* b, std::size_t b_stride,
                             const float* bias, float* c, std::size_t c_stride, float lo,
                             float hi) {
  gemm<false>(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
}

void f32_gemm_acc_minmax__scalar(std::size_t m, std::size_t n, std::size_t k, const float* a,
                                 std::size_t a_stride, const float* b, std::size_t b_stride,
                                 const float* bias, float* c, std::size_t c_stride, float lo,
                                 float hi) {
  gemm<true>(m, n, k, a, a_stride, b, b_stride, bias, c, c_stride, lo, hi);
}

void f32_gemm_rows_minmax__scalar(std::size_t m, std::size_t n, std::size_t rows, std::size_t k,
                                  const float* a, std::size_t a_stride, std::size_t a_row_step,
                                  const float* b, std::size_t b_stride, const float* init, float* c,
                                  std::size_t c_stride, float lo, float hi) {
  for (std::size_t i = 0; i < m; ++i) {
    float* ci = c + i * c_stride;
    // The running sums in the output row, as gemm: every output adds its terms in (r, p) order.
    for (std::size_t j = 0; j < n; ++j) ci[j] = init != nullptr ? init[j] : 0.0f;
    const float* bp = b;
    for (std::size_t r = 0; r < rows; ++r) {
      const float* ai = a + r * a_row_step + i * a_stride;
      for (std::size_t p = 0; p < k; ++p, bp += b_stride) {
        const float v = ai[p];
        for (std::size_t j = 0; j < n; ++j) ci[j] = ci[j] + v * bp[j];
      }
    }
    for (std::size_t j = 0; j < n; ++j) ci[j] = clamp_value(ci[j], lo, hi);
  }
}

}  // namespace condense
