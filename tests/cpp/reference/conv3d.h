// Naive 3-D convolution (NDHWC input, DHWIO filter) in double, from the definition
// (SEMANTICS.md section 3: zero padding, the output size of each axis is
// floor((n + before + after - dilation * (k - 1) - 1) / stride) + 1; TF SAME pads
// max((ceil(n / s) - 1) * s + effective_k - n, 0) with the odd cell at the end). Nothing from
// src/. Also returns, per output, the sum of |terms| (the float tolerance's magnitude).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ref {

struct Axis3 {
  std::int64_t n = 1, k = 1, s = 1, d = 1, before = 0, after = 0;
  std::int64_t out() const { return (n + before + after - d * (k - 1) - 1) / s + 1; }
};

// TF 'SAME' (same_lower: the odd cell in front) for one axis.
inline Axis3 same_axis(std::int64_t n, std::int64_t k, std::int64_t s, std::int64_t d,
                       bool lower = false) {
  const std::int64_t out = (n + s - 1) / s;
  const std::int64_t total = std::max<std::int64_t>((out - 1) * s + (k - 1) * d + 1 - n, 0);
  const std::int64_t small = total / 2;
  return lower ? Axis3{n, k, s, d, total - small, small} : Axis3{n, k, s, d, small, total - small};
}

struct Conv3dResult {
  std::vector<double> value, magnitude;
};

// x [batch, z.n, y.n, x.n, ci], f [z.k, y.k, x.k, ci, co]; bias (co entries) or empty; then
// clamp to [lo, hi].
inline Conv3dResult conv3d(const std::vector<double>& x, std::int64_t batch, std::int64_t ci,
                           const std::vector<double>& f, std::int64_t co, const Axis3& az,
                           const Axis3& ay, const Axis3& ax, const std::vector<double>& bias,
                           double lo, double hi) {
  const std::int64_t oz = az.out(), oy = ay.out(), ox = ax.out();
  Conv3dResult r;
  r.value.assign(static_cast<std::size_t>(batch * oz * oy * ox * co), 0.0);
  r.magnitude = r.value;
  for (std::int64_t b = 0; b < batch; ++b)
    for (std::int64_t pz = 0; pz < oz; ++pz)
      for (std::int64_t py = 0; py < oy; ++py)
        for (std::int64_t px = 0; px < ox; ++px)
          for (std::int64_t o = 0; o < co; ++o) {
            double acc = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(o)];
            double mag = std::fabs(acc);
            for (std::int64_t kz = 0; kz < az.k; ++kz) {
              const std::int64_t iz = pz * az.s - az.before + kz * az.d;
              if (iz < 0 || iz >= az.n) continue;
              for (std::int64_t ky = 0; ky < ay.k; ++ky) {
                const std::int64_t iy = py * ay.s - ay.before + ky * ay.d;
                if (iy < 0 || iy >= ay.n) continue;
                for (std::int64_t kx = 0; kx < ax.k; ++kx) {
                  const std::int64_t ix = px * ax.s - ax.before + kx * ax.d;
                  if (ix < 0 || ix >= ax.n) continue;
                  for (std::int64_t i = 0; i < ci; ++i) {
                    const double t = x[static_cast<std::size_t>(
                                         (((b * az.n + iz) * ay.n + iy) * ax.n + ix) * ci + i)] *
                                     f[static_cast<std::size_t>(
                                         (((kz * ay.k + ky) * ax.k + kx) * ci + i) * co + o)];
                    acc += t;
                    mag += std::fabs(t);
                  }
                }
              }
            }
            const std::size_t at =
                static_cast<std::size_t>((((b * oz + pz) * oy + py) * ox + px) * co + o);
            r.value[at] = std::min(std::max(acc, lo), hi);
            r.magnitude[at] = mag;
          }
  return r;
}

}  // namespace ref
