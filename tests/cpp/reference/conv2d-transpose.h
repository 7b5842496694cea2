// Naive double-precision reference for conv2dTranspose, written from the frameworks' documents
// (not from core/shape.cc): the output size and the padding at the beginning of each axis, and
// the scatter definition of a transposed convolution: every input pixel (b, iy, ix, ci) adds
// x * w[ky][kx][co][ci] to output (b, iy * s - pad + ky * d, ix * s - pad + kx * d, co) when
// that lands inside the output, over the channels of its group; then bias, then the clamp.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "reference/reference.h"

namespace ref {

struct TransposeAxis {
  i64 in = 1, kernel = 1, stride = 1, dilation = 1;
  Padding padding = Padding::kValid;
  i64 pad_before = 0, pad_after = 0;  // kExplicit
  i64 output_padding = -1;            // -1: not given
  i64 output_size = 0;                // 0: not given
};

struct TransposeAxisOut {
  bool ok = false;
  i64 out = 0, pad_before = 0;
};

// Keras deconv_output_length / tf.nn.conv2d_transpose (valid, same), ONNX ConvTranspose and
// PyTorch ConvTranspose2d (explicit pads, output_size), ONNX SAME_LOWER.
inline TransposeAxisOut transpose_axis(const TransposeAxis& a) {
  TransposeAxisOut r;
  const i64 k = (a.kernel - 1) * a.dilation + 1;
  const i64 nat = a.stride * (a.in - 1) + k;
  const bool has_op = a.output_padding >= 0;
  const i64 op = has_op ? a.output_padding : 0;
  if (has_op && op >= std::max(a.stride, a.dilation)) return r;  // PyTorch's rule
  // Both given: the size comes from output_padding and output_size must agree.
  const i64 size = has_op ? 0 : a.output_size;
  if (a.padding == Padding::kExplicit) {
    const i64 base = nat - a.pad_before - a.pad_after;
    r.out = base + op;
    if (size > 0) {
      if (size < base || size >= base + std::max(a.stride, a.dilation)) return r;
      r.out = size;
    }
    r.pad_before = a.pad_before;
  } else if (a.padding == Padding::kValid) {
    // Keras: length = input * stride + max(kernel - stride, 0) without output_padding.
    r.out = has_op ? nat + op : a.in * a.stride + std::max<i64>(k - a.stride, 0);
    if (size > 0) {
      if (size < nat || size > nat + a.stride - 1) return r;
      r.out = size;
    }
    r.pad_before = 0;
  } else {
    // Keras 'same': input * stride, or (input - 1) * stride + kernel - 2 * (kernel // 2) +
    // output_padding; TF pads as the forward conv of that size would.
    r.out = has_op ? nat - 2 * (k / 2) + op : a.in * a.stride;
    if (size > 0) r.out = size;
    const i64 total = std::max<i64>(0, nat - r.out);
    r.pad_before = a.padding == Padding::kSame ? total / 2 : total - total / 2;
  }
  if (has_op && a.output_size > 0 && a.output_size != r.out) return r;
  r.ok = r.out >= 1;
  return r;
}

// x NHWC; filter HWOI [kh][kw][out_c / groups][x.c]; bias[out_c] or nullptr.
inline Expected conv2d_transpose(const Tensor& x, const std::vector<float>& filter, i64 kh, i64 kw,
                                 i64 og, i64 groups, const float* bias, const TransposeAxis& ay,
                                 const TransposeAxis& ax, float lo, float hi) {
  Expected e;
  const TransposeAxisOut gy = transpose_axis(ay);
  const TransposeAxisOut gx = transpose_axis(ax);
  if (!gy.ok || !gx.ok || x.c % groups != 0) return e;
  const i64 out_c = og * groups, ig = x.c / groups;
  e.resize(x.n, gy.out, gx.out, out_c, false);
  std::vector<double> magnitude(e.size(), 0.0);
  std::vector<i64> terms(e.size(), 1);
  for (i64 b = 0; b < x.n; ++b) {
    for (i64 iy = 0; iy < x.h; ++iy) {
      for (i64 ix = 0; ix < x.w; ++ix) {
        for (i64 ci = 0; ci < x.c; ++ci) {
          const i64 g = ci / ig;
          const double xv = static_cast<double>(x.at(b, iy, ix, ci));
          for (i64 ky = 0; ky < kh; ++ky) {
            const i64 oy = iy * ay.stride - gy.pad_before + ky * ay.dilation;
            if (oy < 0 || oy >= gy.out) continue;
            for (i64 kx = 0; kx < kw; ++kx) {
              const i64 ox = ix * ax.stride - gx.pad_before + kx * ax.dilation;
              if (ox < 0 || ox >= gx.out) continue;
              for (i64 c = 0; c < og; ++c) {
                const double w =
                    static_cast<double>(filter[sz(((ky * kw + kx) * og + c) * x.c + ci)]);
                const std::size_t at = sz(((b * e.h + oy) * e.w + ox) * out_c + g * og + c);
                e.value[at] += xv * w;
                magnitude[at] += std::fabs(xv * w);
                ++terms[at];
              }
            }
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < e.size(); ++i) {
    const double bv = bias != nullptr ? static_cast<double>(bias[i % sz(out_c)]) : 0.0;
    const double v = e.value[i] + bv;
    e.value[i] = clamp(v, static_cast<double>(lo), static_cast<double>(hi));
    e.tol[i] = kTolPerTerm * static_cast<double>(terms[i]) * (magnitude[i] + std::fabs(bv));
  }
  return e;
}

}  // namespace ref
