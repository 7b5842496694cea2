#include "kernels/f32-maxpool/f32-maxpool.h"
#include "kernels/nan.h"

namespace condense {

namespace {

// One window reduced with Reduce (pmax for max pooling, pmin for min pooling).
template <float (*Reduce)(float, float)>
void pool_pixel(std::size_t rows, std::size_t cols, std::size_t channels,
                const float* const* row_ptrs, std::size_t col_stride, float* out, float lo,
                float hi) {
  for (std::size_t c = 0; c < channels; ++c) {
    float acc = row_ptrs[0][c];
    bool nan = false;
    for (std::size_t r = 0; r < rows; ++r) {
      const float* row = row_ptrs[r] + c;
      for (std::size_t j = 0; j < cols; ++j) {
        const float x = row[j * col_stride];
        acc = Reduce(acc, x);
        nan |= x != x;
      }
    }
    out[c] = nan ? nan_all_ones() : clamp_value(acc, lo, hi);
  }
}

}  // namespace

void f32_maxpool_pixel__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                               const float* const* row_ptrs, std::size_t col_stride, float* out,
                               float lo, float hi) {
  pool_pixel<pmax>(rows, cols, channels, row_ptrs, col_stride, out, lo, hi);
}

void f32_minpool_pixel__scalar(std::size_t rows, std::size_t cols, std::size_t channels,
                               const float* const* row_ptrs, std::size_t col_stride, float* out,
                               float lo, float hi) {
  pool_pixel<pmin>(rows, cols, channels, row_ptrs, col_stride, out, lo, hi);
}

void f32_maxpool_row__scalar(std::size_t out_w, std::size_t rows, std::size_t cols,
                             std::size_t channels, const float* const* row_ptrs,
                             std::size_t pixel_stride, std::size_t col_stride, float* out, float lo,
                             float hi) {
  for (std::size_t o = 0; o < out_w; ++o) {
    for (std::size_t c = 0; c < channels; ++c) {
      const std::size_t at = o * pixel_stride + c;
      float acc = row_ptrs[0][at];
      bool nan = false;
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < cols; ++j) {
          const float x = row_ptrs[r][at + j * col_stride];
          acc = pmax(acc, x);
          nan |= x != x;
        }
      }
      out[o * channels + c] = nan ? nan_all_ones() : clamp_value(acc, lo, hi);
    }
  }
}

void f32_maxpool_c1_2x2s2__scalar(std::size_t n_out, const float* row0, const float* row1,
                                  float* out, float lo, float hi) {
  const float* rows[2] = {row0, row1};
  f32_maxpool_row__scalar(n_out, 2, 2, 1, rows, 2, 1, out, lo, hi);
}

void f32_vmax__scalar(std::size_t rows, std::size_t n, const float* const* row_ptrs, float* out) {
  for (std::size_t i = 0; i < n; ++i) {
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

void f32_hmax_c1__scalar(std::size_t n_out, std::size_t window, std::size_t stride,
                         std::size_t dilation, const float* in, float* out, float lo, float hi) {
  for (std::size_t o = 0; o < n_out; ++o) {
    const float* x = in + o * stride;
    float acc = x[0];
    bool nan = acc != acc;
    for (std::size_t t = 1; t < window; ++t) {
      const float v = x[t * dilation];
      acc = pmax(acc, v);
      nan |= v != v;
    }
    out[o] = nan ? nan_all_ones() : clamp_value(acc, lo, hi);
  }
}

}  // namespace condense
