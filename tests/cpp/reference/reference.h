// Naive reference implementations of every condense op, written from the definitions in
// the frameworks' documented output-size and padding rules (TF, Keras, PyTorch, ONNX) and the
// kernel contract comments, NOT from the library: nothing here includes or calls anything in src/
// (not even core/shape.h for output sizes). Loops are the plainest possible (one output element at
// a time, every tap in row-major window order) and sums accumulate in double, so this is the third,
// independent implementation the scalar and SIMD kernels meet in the tests (STYLE.md section 5).
//
// Results come back as an Expected: either exact float bits (max, clamp, leaky ReLU: no
// rounding is involved, so the library must match bit for bit) or a double value with an
// error bound (sums: the library sums in float).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace ref {

using i64 = std::int64_t;

inline std::size_t sz(i64 v) { return static_cast<std::size_t>(v); }

constexpr float kInf = std::numeric_limits<float>::infinity();

// The NaN every max reduction returns when its window holds a NaN: all 32 bits set.
inline float all_ones_nan() {
  const std::uint32_t b = 0xFFFFFFFFu;
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

inline bool is_nan(float x) { return x != x; }
inline bool is_nan(double x) { return x != x; }

// Allowed error of a float sum, per term, relative to the sum of the terms' magnitudes
// (divided by the divisor for averages). Sequential float summation of n products is within
// about (n + 1) * 2^-24 * sum|term| of the exact value, so 1e-6 per term is ~16x that bound:
// loose enough never to flake, tight enough that a dropped or doubled term of a 9x9x64 conv
// is caught.
constexpr double kTolPerTerm = 1e-6;

// ---- output size and padding (SEMANTICS.md section 1) -----------------------------------

enum class Padding {
  kValid,      // TF 'valid': no padding
  kSame,       // TF 'same' / ONNX SAME_UPPER: odd extra pad at the END
  kSameLower,  // ONNX SAME_LOWER: odd extra pad at the BEGINNING
  kExplicit,   // [before, after] given
};

struct Axis {
  i64 in = 1, window = 1, stride = 1, dilation = 1;
  Padding padding = Padding::kValid;
  i64 pad_before = 0, pad_after = 0;  // kExplicit only
  bool ceil_mode = false;             // PyTorch / ONNX ceil_mode
};

struct AxisOut {
  bool ok = false;
  i64 out = 0, pad_before = 0, pad_after = 0;
};

// floor(a / b) and ceil(a / b) for b > 0 and any sign of a.
inline i64 floor_div(i64 a, i64 b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
inline i64 ceil_div(i64 a, i64 b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

inline AxisOut output_axis(const Axis& a) {
  AxisOut r;
  if (a.in < 1 || a.window < 1 || a.stride < 1 || a.dilation < 1) return r;
  const i64 k_eff = (a.window - 1) * a.dilation + 1;
  const i64 n = a.in, s = a.stride;
  switch (a.padding) {
    case Padding::kSame:
    case Padding::kSameLower: {
      if (a.ceil_mode) return r;  // ceil mode is defined for valid / explicit padding only
      r.out = ceil_div(n, s);
      const i64 need = std::max<i64>(0, (r.out - 1) * s + k_eff - n);
      r.pad_before = a.padding == Padding::kSame ? need / 2 : (need + 1) / 2;
      r.pad_after = need - r.pad_before;
      break;
    }
    case Padding::kValid:
    case Padding::kExplicit: {
      const bool valid = a.padding == Padding::kValid;
      const i64 pb = valid ? 0 : a.pad_before, pe = valid ? 0 : a.pad_after;
      if (pb < 0 || pe < 0) return r;
      const i64 span = n + pb + pe;
      if (span < k_eff && !a.ceil_mode) return r;
      if (a.ceil_mode) {
        // PyTorch pooling_output_shape_pad_lr: round up, then drop a last window that would
        // start in the right padding (it must start inside the input or the left padding).
        // A window longer than the padded input gives one partial window when
        // span - k_eff > -stride (PyTorch's "Output size is too small" otherwise).
        r.out = ceil_div(span - k_eff, s) + 1;
        if ((r.out - 1) * s >= n + pb) --r.out;
      } else if (valid) {
        r.out = ceil_div(n - k_eff + 1, s);  // TF's form of the 'valid' size
      } else {
        r.out = floor_div(span - k_eff, s) + 1;
      }
      r.pad_before = pb;
      r.pad_after = pe;
      break;
    }
  }
  r.ok = r.out >= 1;
  return r;
}

// Input coordinate of tap t of output o (negative or >= in: padding).
inline i64 tap_coord(const AxisOut& g, i64 stride, i64 dilation, i64 o, i64 t) {
  return o * stride - g.pad_before + t * dilation;
}

// ---- tensors and expectations ------------------------------------------------------------

struct Tensor {  // NHWC float32
  i64 n = 1, h = 1, w = 1, c = 1;
  std::vector<float> data;

  Tensor() = default;
  Tensor(i64 n_, i64 h_, i64 w_, i64 c_)
      : n(n_), h(h_), w(w_), c(c_), data(sz(n_ * h_ * w_ * c_)) {}
  std::size_t size() const { return data.size(); }
  std::size_t index(i64 b, i64 y, i64 x, i64 ch) const {
    return sz(((b * h + y) * w + x) * c + ch);
  }
  float at(i64 b, i64 y, i64 x, i64 ch) const { return data[index(b, y, x, ch)]; }
  float& at(i64 b, i64 y, i64 x, i64 ch) { return data[index(b, y, x, ch)]; }
};

struct Expected {
  bool ok = false;  // false: the library must reject these parameters
  i64 n = 0, h = 0, w = 0, c = 0;
  bool bitwise = false;  // compare exact float bits (exact) ...
  std::vector<float> exact;
  std::vector<double> value;  // ... or |got - value| <= tol (NaN / inf: exactly that class)
  std::vector<double> tol;

  std::size_t size() const { return sz(n * h * w * c); }
  void resize(i64 n_, i64 h_, i64 w_, i64 c_, bool bitwise_) {
    ok = true;
    n = n_, h = h_, w = w_, c = c_;
    bitwise = bitwise_;
    if (bitwise) {
      exact.assign(size(), 0.0f);
    } else {
      value.assign(size(), 0.0);
      tol.assign(size(), 0.0);
    }
  }
};

// Float comparisons and choices are made on bit patterns below, never as `x < c ? c : x`:
// clang 14's WebAssembly backend (emscripten 3.1.6) compiles that shape with a constant c into
// f32.max / f32.min, which turns -0 into +0 and rewrites NaN payloads, so a reference written
// that way is wrong in the wasm test binaries once the bounds are constants.
inline std::uint32_t float_bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
inline float bits_float(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
inline bool nan_bits(std::uint32_t b) { return (b & 0x7FFFFFFFu) > 0x7F800000u; }
// A signed integer with the order of the (non-NaN) float: -0 and +0 both map to 0.
inline i64 order_key(std::uint32_t b) {
  return (b & 0x80000000u) != 0 ? -static_cast<i64>(b & 0x7FFFFFFFu) : static_cast<i64>(b);
}
// a < b as IEEE defines it: false when either is NaN, -0 < +0 is false.
inline bool less(float a, float b) {
  const std::uint32_t ua = float_bits(a), ub = float_bits(b);
  if (nan_bits(ua) || nan_bits(ub)) return false;
  return order_key(ua) < order_key(ub);
}

// clamp(x) to [lo, hi]: x is replaced only when it is strictly below lo or above hi, so NaN
// passes through with its bits, and so does -0 against a bound of +-0.
// min(max(x, lo), hi) in that order, so with lo > hi every non-NaN value becomes hi (ONNX Clip,
// torch.clamp, numpy.clip).
inline float clamp(float x, float lo, float hi) {
  float v = x;
  if (less(v, lo)) v = lo;
  if (less(hi, v)) v = hi;
  return v;
}
// For sums (compared with a tolerance, where the sign of zero does not matter).
inline double clamp(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

// Max of values in order: NaN anywhere gives the all-ones NaN; ties keep the first value
// (so -0 before +0 stays -0).
inline float max_of(const std::vector<float>& values) {
  for (float v : values) {
    if (nan_bits(float_bits(v))) return all_ones_nan();
  }
  std::uint32_t best = float_bits(values.front());
  for (float v : values) {
    if (less(bits_float(best), v)) best = float_bits(v);
  }
  return bits_float(best);
}

// ---- pooling -----------------------------------------------------------------------------

struct PoolSpec {
  i64 window_h = 2, window_w = 2;
  i64 stride_h = 2, stride_w = 2;
  i64 dilation_h = 1, dilation_w = 1;
  Padding padding = Padding::kValid;
  i64 pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  bool ceil_mode = false;
  bool count_include_pad = false;  // average: divisor counts padded cells (not the overhang)
  i64 divisor_override = 0;        // average: > 0 replaces the divisor; < 0 is invalid
  float lo = -kInf, hi = kInf;     // fused clamp
};

inline Axis pool_axis_h(const PoolSpec& p, i64 in) {
  return Axis{in,        p.window_h, p.stride_h,   p.dilation_h,
              p.padding, p.pad_top,  p.pad_bottom, p.ceil_mode};
}
inline Axis pool_axis_w(const PoolSpec& p, i64 in) {
  return Axis{in,        p.window_w, p.stride_w,  p.dilation_w,
              p.padding, p.pad_left, p.pad_right, p.ceil_mode};
}

// Max (is_max) or average pooling. Padded cells are ignored for max and for the default
// average divisor (TF); count_include_pad counts the taps inside [-pad_before, in + pad_after)
// (PyTorch); divisor_override replaces the divisor. A window that sees only padding makes the
// whole request invalid.
inline Expected pool2d(bool is_max, const Tensor& x, const PoolSpec& p) {
  Expected e;
  const AxisOut gy = output_axis(pool_axis_h(p, x.h));
  const AxisOut gx = output_axis(pool_axis_w(p, x.w));
  if (!gy.ok || !gx.ok) return e;
  if (!is_max && p.divisor_override < 0) return e;
  e.resize(x.n, gy.out, gx.out, x.c, is_max);
  std::vector<float> values;
  for (i64 b = 0; b < x.n; ++b) {
    for (i64 oy = 0; oy < gy.out; ++oy) {
      for (i64 ox = 0; ox < gx.out; ++ox) {
        for (i64 ch = 0; ch < x.c; ++ch) {
          values.clear();
          double sum = 0.0, magnitude = 0.0;
          i64 inside_padded = 0;
          for (i64 ky = 0; ky < p.window_h; ++ky) {
            const i64 iy = tap_coord(gy, p.stride_h, p.dilation_h, oy, ky);
            for (i64 kx = 0; kx < p.window_w; ++kx) {
              const i64 ix = tap_coord(gx, p.stride_w, p.dilation_w, ox, kx);
              if (iy >= -gy.pad_before && iy < x.h + gy.pad_after && ix >= -gx.pad_before &&
                  ix < x.w + gx.pad_after) {
                ++inside_padded;
              }
              if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) continue;
              const float v = x.at(b, iy, ix, ch);
              values.push_back(v);
              sum += static_cast<double>(v);
              magnitude += std::fabs(static_cast<double>(v));
            }
          }
          if (values.empty()) return Expected{};  // a window entirely in the padding
          const std::size_t at = sz(((b * e.h + oy) * e.w + ox) * e.c + ch);
          if (is_max) {
            const float m = max_of(values);
            e.exact[at] = is_nan(m) ? m : clamp(m, p.lo, p.hi);
          } else {
            double divisor = static_cast<double>(values.size());
            if (p.divisor_override > 0) {
              divisor = static_cast<double>(p.divisor_override);
            } else if (p.count_include_pad) {
              divisor = static_cast<double>(inside_padded);
            }
            e.value[at] =
                clamp(sum / divisor, static_cast<double>(p.lo), static_cast<double>(p.hi));
            e.tol[at] = kTolPerTerm * static_cast<double>(values.size()) * magnitude / divisor;
          }
        }
      }
    }
  }
  return e;
}

inline Expected max_pool2d(const Tensor& x, const PoolSpec& p) { return pool2d(true, x, p); }
inline Expected avg_pool2d(const Tensor& x, const PoolSpec& p) { return pool2d(false, x, p); }

// ---- global pooling ----------------------------------------------------------------------

enum class Reduce { kMax, kAvg, kSum };

// Output [n, 1, 1, c]: per image and channel, over all pixels in row-major order.
inline Expected global_pool2d(Reduce reduce, const Tensor& x) {
  Expected e;
  if (x.n < 1 || x.h < 1 || x.w < 1 || x.c < 1) return e;
  e.resize(x.n, 1, 1, x.c, reduce == Reduce::kMax);
  std::vector<float> values;
  for (i64 b = 0; b < x.n; ++b) {
    for (i64 ch = 0; ch < x.c; ++ch) {
      values.clear();
      double sum = 0.0, magnitude = 0.0;
      for (i64 y = 0; y < x.h; ++y) {
        for (i64 xx = 0; xx < x.w; ++xx) {
          const float v = x.at(b, y, xx, ch);
          values.push_back(v);
          sum += static_cast<double>(v);
          magnitude += std::fabs(static_cast<double>(v));
        }
      }
      const std::size_t at = sz(b * x.c + ch);
      const double count = static_cast<double>(values.size());
      if (reduce == Reduce::kMax) {
        e.exact[at] = max_of(values);
      } else {
        const double divisor = reduce == Reduce::kAvg ? count : 1.0;
        e.value[at] = sum / divisor;
        e.tol[at] = kTolPerTerm * count * magnitude / divisor;
      }
    }
  }
  return e;
}

// ---- convolution -------------------------------------------------------------------------

struct ConvSpec {
  i64 stride_h = 1, stride_w = 1;
  i64 dilation_h = 1, dilation_w = 1;
  Padding padding = Padding::kValid;
  i64 pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  float lo = -kInf, hi = kInf;  // fused clamp
};

inline Axis conv_axis_h(const ConvSpec& s, i64 in, i64 kernel) {
  return Axis{in, kernel, s.stride_h, s.dilation_h, s.padding, s.pad_top, s.pad_bottom, false};
}
inline Axis conv_axis_w(const ConvSpec& s, i64 in, i64 kernel) {
  return Axis{in, kernel, s.stride_w, s.dilation_w, s.padding, s.pad_left, s.pad_right, false};
}

// Shared by conv2d and depthwise: out(b, oy, ox, oc) = clamp(bias[oc] + sum over (ky, kx, ci)
// of x_padded(...) * w(...)), zero padding taken literally (a padded cell is 0.0 times its
// weight, so an infinite weight on a padded tap gives NaN as IEEE says).
// tap_weight(ky, kx, ci, oc) gives the filter index, or -1 when the tap does not connect
// input channel ci to output channel oc.
template <typename WeightIndex>
Expected conv_generic(const Tensor& x, const std::vector<float>& filter, i64 kh, i64 kw, i64 out_c,
                      const float* bias, const ConvSpec& s, WeightIndex weight_index) {
  Expected e;
  const AxisOut gy = output_axis(conv_axis_h(s, x.h, kh));
  const AxisOut gx = output_axis(conv_axis_w(s, x.w, kw));
  if (!gy.ok || !gx.ok) return e;
  e.resize(x.n, gy.out, gx.out, out_c, false);
  for (i64 b = 0; b < x.n; ++b) {
    for (i64 oy = 0; oy < gy.out; ++oy) {
      for (i64 ox = 0; ox < gx.out; ++ox) {
        for (i64 oc = 0; oc < out_c; ++oc) {
          double acc = bias != nullptr ? static_cast<double>(bias[oc]) : 0.0;
          double magnitude = std::fabs(acc);
          i64 terms = 1;
          for (i64 ky = 0; ky < kh; ++ky) {
            const i64 iy = tap_coord(gy, s.stride_h, s.dilation_h, oy, ky);
            for (i64 kx = 0; kx < kw; ++kx) {
              const i64 ix = tap_coord(gx, s.stride_w, s.dilation_w, ox, kx);
              const bool inside = iy >= 0 && iy < x.h && ix >= 0 && ix < x.w;
              for (i64 ci = 0; ci < x.c; ++ci) {
                const i64 wi = weight_index(ky, kx, ci, oc);
                if (wi < 0) continue;
                const double xv = inside ? static_cast<double>(x.at(b, iy, ix, ci)) : 0.0;
                const double product = xv * static_cast<double>(filter[sz(wi)]);
                acc += product;
                magnitude += std::fabs(product);
                ++terms;
              }
            }
          }
          const std::size_t at = sz(((b * e.h + oy) * e.w + ox) * e.c + oc);
          e.value[at] = clamp(acc, static_cast<double>(s.lo), static_cast<double>(s.hi));
          e.tol[at] = kTolPerTerm * static_cast<double>(terms) * magnitude;
        }
      }
    }
  }
  return e;
}

// Filter HWIO [kh, kw, in_c, out_c] (TF/Keras); bias[out_c] or nullptr.
inline Expected conv2d(const Tensor& x, const std::vector<float>& filter, i64 kh, i64 kw, i64 in_c,
                       i64 out_c, const float* bias, const ConvSpec& s) {
  if (in_c != x.c || kh < 1 || kw < 1 || out_c < 1) return Expected{};
  return conv_generic(x, filter, kh, kw, out_c, bias, s, [&](i64 ky, i64 kx, i64 ci, i64 oc) {
    return ((ky * kw + kx) * in_c + ci) * out_c + oc;
  });
}

// Filter [kh, kw, channels, multiplier]; output channel c * multiplier + m reads input
// channel c; bias[channels * multiplier] or nullptr.
inline Expected depthwise_conv2d(const Tensor& x, const std::vector<float>& filter, i64 kh, i64 kw,
                                 i64 multiplier, const float* bias, const ConvSpec& s) {
  if (kh < 1 || kw < 1 || multiplier < 1) return Expected{};
  const i64 channels = x.c;
  return conv_generic(x, filter, kh, kw, channels * multiplier, bias, s,
                      [&](i64 ky, i64 kx, i64 ci, i64 oc) -> i64 {
                        if (oc / multiplier != ci) return -1;
                        return ((ky * kw + kx) * channels + ci) * multiplier + oc % multiplier;
                      });
}

// ---- elementwise -------------------------------------------------------------------------

inline Expected clamp(const std::vector<float>& x, float lo, float hi) {
  Expected e;
  e.resize(1, 1, static_cast<i64>(x.size()), 1, true);
  for (std::size_t i = 0; i < x.size(); ++i) e.exact[i] = clamp(x[i], lo, hi);
  return e;
}

// TF / PyTorch: x > 0 ? x : alpha * x (so +0 with alpha < 0 gives -0); NaN passes with its
// bits. The product of two floats is exact in double, so rounding it to float once is the
// correctly rounded float product: bit-exact.
inline Expected leaky_relu(const std::vector<float>& x, float alpha) {
  Expected e;
  e.resize(1, 1, static_cast<i64>(x.size()), 1, true);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float v = x[i];
    const bool keep = v != v || less(0.0f, v);
    e.exact[i] = keep ? v : static_cast<float>(static_cast<double>(v) * static_cast<double>(alpha));
  }
  return e;
}

}  // namespace ref
