// Naive references for PReLU, its gradient and inference batch normalisation, written from
// the definitions (Keras PReLU / PyTorch prelu backward; tf.nn.batch_normalization), not from
// the library: nothing here includes src/. Element order is NHWC, channel = index % C.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "reference/reference.h"

namespace ref {

// x > 0 ? x : alpha * x (slope alpha[c], or alpha[0] for every element when alpha has one
// value). The product of two floats is exact in double, so rounding it to float once is the
// correctly rounded float product: bit-exact, except for the payload of a NaN.
inline std::vector<float> prelu(const std::vector<float>& x, i64 channels,
                                const std::vector<float>& alpha) {
  std::vector<float> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float a = alpha.size() == 1 ? alpha[0] : alpha[i % sz(channels)];
    const float v = x[i];
    y[i] = less(0.0f, v) ? v : static_cast<float>(static_cast<double>(a) * static_cast<double>(v));
  }
  return y;
}

struct PreluGrad {
  std::vector<float> dx;  // bit-exact (NaN payloads aside)
  Expected dalpha;        // double sums with an error bound for the library's float partials
};

// dx = x > 0 ? dy : alpha * dy; dalpha[k] = sum of dy * x over the elements of slope k whose x
// is not > 0 (x <= 0 or NaN). The bound allows the library's float partial sums over at most
// 256 terms each (rounding error below (terms + 1) * 2^-24 * sum |term|), at 16x that.
inline PreluGrad prelu_grad(const std::vector<float>& dy, const std::vector<float>& x, i64 channels,
                            const std::vector<float>& alpha) {
  PreluGrad g;
  g.dx.resize(x.size());
  const std::size_t slopes = alpha.size();
  std::vector<double> sum(slopes, 0.0), magnitude(slopes, 0.0);
  std::vector<i64> terms(slopes, 0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t k = slopes == 1 ? 0 : i % sz(channels);
    const float v = x[i], d = dy[i];
    if (less(0.0f, v)) {
      g.dx[i] = d;
    } else {
      g.dx[i] = static_cast<float>(static_cast<double>(alpha[k]) * static_cast<double>(d));
      const double t = static_cast<double>(d) * static_cast<double>(v);
      sum[k] += t;
      magnitude[k] += std::fabs(t);
      ++terms[k];
    }
  }
  g.dalpha.resize(1, 1, 1, static_cast<i64>(slopes), false);
  for (std::size_t k = 0; k < slopes; ++k) {
    const double block = static_cast<double>(terms[k] < 256 ? terms[k] : 256);
    g.dalpha.value[k] = sum[k];
    // Plus 2^-149 per term: a product that rounds into the denormal range is off by up to 2^-150.
    g.dalpha.tol[k] =
        kTolPerTerm * (block + 1.0) * magnitude[k] + static_cast<double>(terms[k] + 1) * 0x1p-149;
  }
  return g;
}

// tf.nn.batch_normalization in double: inv = scale / sqrt(variance + epsilon),
// y = x * inv + (offset - mean * inv); scale 1 and offset 0 when absent (empty vectors). The
// bound allows the library's float32 coefficients and float multiply-add: a few roundings of
// 2^-24 relative to |x * inv|, |offset| and |mean * inv| (8x that), plus the absolute error of
// a coefficient or product that rounds into the denormal range (2^-150, scaled by |x| and
// |mean|, 16x that). Float32 intermediates can overflow where double ones do not (|x * inv|
// near 2^128): callers compare only where the magnitudes stay well inside float range.
inline Expected batch_norm(const std::vector<float>& x, i64 n, i64 h, i64 w, i64 c,
                           const std::vector<float>& mean, const std::vector<float>& variance,
                           const std::vector<float>& scale, const std::vector<float>& offset,
                           float epsilon) {
  Expected e;
  e.resize(n, h, w, c, false);
  const double u = std::ldexp(1.0, -24);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t k = i % sz(c);
    const double s = scale.empty() ? 1.0 : static_cast<double>(scale[k]);
    const double o = offset.empty() ? 0.0 : static_cast<double>(offset[k]);
    const double inv =
        s / std::sqrt(static_cast<double>(variance[k]) + static_cast<double>(epsilon));
    const double xi = static_cast<double>(x[i]) * inv;
    const double shift = static_cast<double>(mean[k]) * inv;
    e.value[i] = xi + (o - shift);
    e.tol[i] =
        8.0 * u * (std::fabs(xi) + std::fabs(o) + std::fabs(shift)) +
        (std::fabs(static_cast<double>(x[i])) + std::fabs(static_cast<double>(mean[k])) + 1.0) *
            0x1p-146;
  }
  return e;
}

}  // namespace ref
