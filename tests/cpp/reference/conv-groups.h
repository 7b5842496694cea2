// Naive double references for grouped convolution and PyTorch's padding modes (F.pad 'constant'
// / 'reflect' / 'replicate' / 'circular' applied before a 'valid' convolution), from the
// definitions: nothing here includes src/. NHWC input, HWIO filter [kh, kw, C / groups, out_c];
// output channel oc belongs to group oc / (out_c / groups) and reads that group's input
// channels.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gref {

using i64 = std::int64_t;

enum class Fill { kZeros, kReflect, kReplicate, kCircular };

// The source index of padded coordinate i (relative to the input: may be < 0 or >= n), or -1.
inline i64 fill_index(Fill fill, i64 i, i64 n) {
  if (i >= 0 && i < n) return i;
  switch (fill) {
    case Fill::kReflect:  // mirror without repeating the edge: [1 2 3] -> 3 2 | 1 2 3 | 2 1
      return i < 0 ? -i : 2 * (n - 1) - i;
    case Fill::kReplicate:
      return i < 0 ? 0 : n - 1;
    case Fill::kCircular:
      return ((i % n) + n) % n;
    default:
      return -1;
  }
}

struct GroupedConv {
  i64 n = 1, h = 1, w = 1, c = 1;  // input NHWC
  i64 kh = 1, kw = 1, out_c = 1, groups = 1;
  i64 sh = 1, sw = 1, dh = 1, dw = 1;
  i64 pt = 0, pb = 0, pl = 0, pr = 0;
  Fill fill = Fill::kZeros;
  i64 out_h() const { return (h + pt + pb - ((kh - 1) * dh + 1)) / sh + 1; }
  i64 out_w() const { return (w + pl + pr - ((kw - 1) * dw + 1)) / sw + 1; }
};

// y and, per output, the sum of |products| and the term count (for tolerances).
struct ConvResult {
  std::vector<double> y, magnitude;
  std::vector<i64> terms;
};

inline ConvResult grouped_conv(const GroupedConv& g, const std::vector<double>& x,
                               const std::vector<double>& f, const std::vector<double>* bias) {
  const i64 oh = g.out_h(), ow = g.out_w();
  const i64 cg = g.c / g.groups, og = g.out_c / g.groups;
  ConvResult r;
  const std::size_t total = static_cast<std::size_t>(g.n * oh * ow * g.out_c);
  r.y.assign(total, 0.0);
  r.magnitude.assign(total, 0.0);
  r.terms.assign(total, 0);
  for (i64 b = 0; b < g.n; ++b)
    for (i64 oy = 0; oy < oh; ++oy)
      for (i64 ox = 0; ox < ow; ++ox)
        for (i64 oc = 0; oc < g.out_c; ++oc) {
          const i64 group = oc / og;
          const std::size_t at = static_cast<std::size_t>(((b * oh + oy) * ow + ox) * g.out_c + oc);
          double acc = bias != nullptr ? (*bias)[static_cast<std::size_t>(oc)] : 0.0;
          double mag = std::fabs(acc);
          i64 terms = 1;
          for (i64 ky = 0; ky < g.kh; ++ky) {
            const i64 iy = fill_index(g.fill, oy * g.sh - g.pt + ky * g.dh, g.h);
            for (i64 kx = 0; kx < g.kw; ++kx) {
              const i64 ix = fill_index(g.fill, ox * g.sw - g.pl + kx * g.dw, g.w);
              for (i64 i = 0; i < cg; ++i) {
                const double xv = iy < 0 || ix < 0
                                      ? 0.0
                                      : x[static_cast<std::size_t>(
                                            ((b * g.h + iy) * g.w + ix) * g.c + group * cg + i)];
                const double p =
                    xv * f[static_cast<std::size_t>(((ky * g.kw + kx) * cg + i) * g.out_c + oc)];
                acc += p;
                mag += std::fabs(p);
                ++terms;
              }
            }
          }
          r.y[at] = acc;
          r.magnitude[at] = mag;
          r.terms[at] = terms;
        }
  return r;
}

}  // namespace gref
