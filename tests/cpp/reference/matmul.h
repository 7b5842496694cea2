// Naive references for matrix products (tf.linalg.matmul / Keras Dense: y = act(a·b + bias)),
// written from the definition, not from the library: nothing here includes src/. Row-major
// [m, k] x [k, n] -> [m, n], one matrix (the op tests loop over batches).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "reference/reference.h"

namespace ref {

// A row-major [rows, cols] matrix transposed.
inline std::vector<float> transposed(const std::vector<float>& x, i64 rows, i64 cols) {
  std::vector<float> t(x.size());
  for (i64 r = 0; r < rows; ++r) {
    for (i64 c = 0; c < cols; ++c) t[sz(c * rows + r)] = x[sz(r * cols + c)];
  }
  return t;
}

// The exact float contract condense documents: each output is the float sum, from +0, of the
// float products a[i][p] * b[p][j] for p = 0 .. k-1 in order, then + bias[j] (when given),
// then clamp(., lo, hi) (NaN passes). The product of two floats is exact in double, so rounding
// it once gives the float product; the sum is rounded after every addition.
inline std::vector<float> matmul_sequential(const std::vector<float>& a,
                                            const std::vector<float>& b, i64 m, i64 k, i64 n,
                                            const std::vector<float>* bias, float lo, float hi) {
  std::vector<float> y(sz(m * n));
  for (i64 i = 0; i < m; ++i) {
    for (i64 j = 0; j < n; ++j) {
      float s = 0.0f;
      for (i64 p = 0; p < k; ++p) {
        const float t = static_cast<float>(static_cast<double>(a[sz(i * k + p)]) *
                                           static_cast<double>(b[sz(p * n + j)]));
        s = static_cast<float>(static_cast<double>(s) + static_cast<double>(t));
      }
      if (bias != nullptr) {
        s = static_cast<float>(static_cast<double>(s) + static_cast<double>((*bias)[sz(j)]));
      }
      y[sz(i * n + j)] = clamp(s, lo, hi);
    }
  }
  return y;
}

// The mathematical value in double with a bound for any float evaluation that sums the k terms
// one at a time: |error| <= (k + 2) * 2^-24 * (sum |term| + |bias|), at 4x that. The shape is
// recorded as [1, 1, m, n]. NaN and infinities: the double sum's class.
inline Expected matmul_double(const std::vector<float>& a, const std::vector<float>& b, i64 m,
                              i64 k, i64 n, const std::vector<float>* bias, double lo, double hi) {
  Expected e;
  e.resize(1, 1, m, n, false);
  for (i64 i = 0; i < m; ++i) {
    for (i64 j = 0; j < n; ++j) {
      double s = 0.0;
      double magnitude = 0.0;
      for (i64 p = 0; p < k; ++p) {
        const double t =
            static_cast<double>(a[sz(i * k + p)]) * static_cast<double>(b[sz(p * n + j)]);
        s += t;
        magnitude += std::fabs(t);
      }
      if (bias != nullptr) {
        s += static_cast<double>((*bias)[sz(j)]);
        magnitude += std::fabs(static_cast<double>((*bias)[sz(j)]));
      }
      e.value[sz(i * n + j)] = is_nan(s) ? s : clamp(s, lo, hi);
      e.tol[sz(i * n + j)] = 4.0 * static_cast<double>(k + 2) * std::ldexp(magnitude, -24) + 1e-30;
    }
  }
  return e;
}

}  // namespace ref
