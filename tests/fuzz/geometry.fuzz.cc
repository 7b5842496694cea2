// Fuzz target: window geometry (core/shape.h), the one function every op sizes its outputs and
// kernel loops with. Bytes become an AxisRequest with any values at all (zero, negative, 2^30
// +- 1, INT64_MIN/MAX, every padding mode and a few invalid ones, ceil mode on and off) and a
// Shape4 for validate_shape. Checked against a model computed independently in 128-bit
// arithmetic from SEMANTICS.md section 1:
//   - success iff the model says the request is valid; failures are RangeErrors naming the op;
//   - on success: the output size and padding of the formula, 1 <= out <= 2^30, and (when
//     required) every window has at least one in-bounds tap;
//   - in_bounds_taps / taps_inside_padding agree with counting taps one by one;
//   - no undefined behaviour anywhere (UBSan).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/shape.h"
#include "fuzz-common.h"

namespace {

using condense::AxisGeometry;
using condense::AxisRequest;
using condense::kMaxDim;
using condense::PaddingMode;
using fuzz::i64;
// 128-bit arithmetic for the model, so it cannot overflow where the library might.
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

std::string str(i128 v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  u128 u = neg ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v);
  std::string s;
  while (u != 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

i128 floor_div(i128 a, i128 b) {  // b > 0
  i128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}
i128 ceil_div(i128 a, i128 b) { return -floor_div(-a, b); }

bool in_range(i64 v, i64 lo, i64 hi) { return v >= lo && v <= hi; }

struct Model {
  enum Verdict { kInvalid, kValid, kUnknown } verdict = kInvalid;
  i128 out = 0, pad_before = 0, pad_after = 0;
  std::string why;
};

// Taps of window o: coordinates start + t*d for t in [0, window).
struct Taps {
  i128 first = 0, count = 0;  // in-bounds: [0, in)
  i128 inside_padding = 0;    // inside [-pad_before, in + pad_after)
};

Taps count_taps(i128 in, i128 window, i128 stride, i128 dilation, i128 pb, i128 pe, i128 o) {
  Taps t;
  const i128 start = o * stride - pb;
  if (window <= 4096) {  // one by one
    bool seen = false;
    for (i128 k = 0; k < window; ++k) {
      const i128 c = start + k * dilation;
      if (c >= 0 && c < in) {
        if (!seen) t.first = k;
        seen = true;
        ++t.count;
      }
      if (c >= -pb && c < in + pe) ++t.inside_padding;
    }
    return t;
  }
  // Closed form: t in [ceil(-start/d), floor((in-1-start)/d)] intersected with [0, window).
  const i128 lo = std::max<i128>(0, ceil_div(-start, dilation));
  const i128 hi = std::min<i128>(window - 1, floor_div(in - 1 - start, dilation));
  t.first = lo;
  t.count = hi >= lo ? hi - lo + 1 : 0;
  const i128 plo = std::max<i128>(0, ceil_div(-pb - start, dilation));
  const i128 phi = std::min<i128>(window - 1, floor_div(in + pe - 1 - start, dilation));
  t.inside_padding = phi >= plo ? phi - plo + 1 : 0;
  return t;
}

Model model(const AxisRequest& r, bool require) {
  Model m;
  if (!in_range(r.window, 1, kMaxDim)) return m.why = "window out of range", m;
  if (!in_range(r.stride, 1, kMaxDim)) return m.why = "stride out of range", m;
  if (!in_range(r.dilation, 1, kMaxDim)) return m.why = "dilation out of range", m;
  const bool pads_ok = in_range(r.pad_before, 0, kMaxDim) && in_range(r.pad_after, 0, kMaxDim);
  if (r.mode == PaddingMode::kExplicit && !pads_ok) return m.why = "padding out of range", m;
  const i128 in = r.in, s = r.stride, d = r.dilation;
  const i128 k_eff = (static_cast<i128>(r.window) - 1) * d + 1;
  switch (r.mode) {
    case PaddingMode::kValid:
    case PaddingMode::kExplicit: {
      const bool expl = r.mode == PaddingMode::kExplicit;
      m.pad_before = expl ? r.pad_before : 0;
      m.pad_after = expl ? r.pad_after : 0;
      const i128 padded = in + m.pad_before + m.pad_after;
      if (r.ceil_mode) {
        // PyTorch pooling_output_shape_pad_lr: a window longer than the padded input still
        // gives one partial window when padded - k_eff > -stride.
        m.out = ceil_div(padded - k_eff, s) + 1;
        if ((m.out - 1) * s >= in + m.pad_before) --m.out;
        if (m.out < 1) return m.why = "window longer than the padded input by a stride", m;
      } else {
        if (padded < k_eff) return m.why = "window larger than the padded input", m;
        m.out = floor_div(padded - k_eff, s) + 1;
      }
      break;
    }
    case PaddingMode::kSame:
    case PaddingMode::kSameLower: {
      m.out = ceil_div(in, s);
      const i128 need = std::max<i128>(0, (m.out - 1) * s + k_eff - in);
      const i128 half = need / 2;
      m.pad_before = r.mode == PaddingMode::kSame ? half : need - half;
      m.pad_after = need - m.pad_before;
      break;
    }
    default:
      return m.why = "invalid padding mode", m;
  }
  if (m.out < 1 || m.out > kMaxDim) return m.why = "output size " + str(m.out) + " out of range", m;
  m.verdict = Model::kValid;
  // Padding values given with a non-explicit mode are not used; the library may still reject
  // them, so the verdict is only "valid if accepted".
  if (!pads_ok) m.verdict = Model::kUnknown;
  if (require) {
    // Empty windows: only the ends can be empty unless in < dilation (then gaps between taps
    // can straddle the whole input); check exhaustively when that is affordable.
    const i128 n = m.out;
    auto empty = [&](i128 o) {
      return count_taps(in, r.window, s, d, m.pad_before, m.pad_after, o).count == 0;
    };
    if (n <= (1 << 14)) {
      for (i128 o = 0; o < n; ++o) {
        if (empty(o)) return m.verdict = Model::kInvalid, m.why = "window " + str(o) + " empty", m;
      }
    } else if (in >= d) {
      if (empty(0) || empty(n - 1)) {
        return m.verdict = Model::kInvalid, m.why = "an end window is empty", m;
      }
    } else {
      if (empty(0) || empty(n - 1)) {
        return m.verdict = Model::kInvalid, m.why = "an end window is empty", m;
      }
      m.verdict = Model::kUnknown;  // too many windows to check one by one
    }
  }
  return m;
}

std::string describe(const AxisRequest& r, bool require) {
  return "AxisRequest{in=" + fuzz::fmt(r.in) + ", window=" + fuzz::fmt(r.window) +
         ", stride=" + fuzz::fmt(r.stride) + ", dilation=" + fuzz::fmt(r.dilation) +
         ", mode=" + fuzz::mode_name(r.mode) + "(" +
         std::to_string(static_cast<std::int32_t>(r.mode)) + "), pad=[" + fuzz::fmt(r.pad_before) +
         ", " + fuzz::fmt(r.pad_after) + "], ceil_mode=" + (r.ceil_mode ? "true" : "false") +
         "}, require_input_in_every_window=" + (require ? "true" : "false");
}

void check_axis(fuzz::Reader& rd) {
  AxisRequest r;
  // The input extent: mostly in [1, 40], now and then wild (zero, negative, past 2^30).
  r.in = rd.size(1, 40, 24);
  r.window = rd.size(1, 12);
  r.stride = rd.size(1, 6);
  r.dilation = rd.size(1, 4);
  r.mode = fuzz::decode_mode(rd);
  r.pad_before = rd.size(0, 12);
  r.pad_after = rd.size(0, 12);
  r.ceil_mode = rd.flag();
  bool require = rd.flag();
  const bool in_ok = in_range(r.in, 1, kMaxDim);

  // FIXED (was a known bug; its input is now tests/fuzz/corpus/geometry/regression-*): compute_axis
  // never checks request.in, and with 'same' padding `(out - 1) * stride + k_eff - in` overflows
  // int64 (UB) for |in| near 2^63; with 'valid'/explicit padding `in + pad_before + pad_after` can
  // overflow too. Every op calls validate_shape on the input first, so no public entry point
  // reaches it today. Once compute_axis rejects in outside [1, 2^30], set this to true and move
  // the crasher into tests/fuzz/corpus/geometry/.
  constexpr bool kComputeAxisChecksIn = true;
  if (!in_ok && !kComputeAxisChecksIn) return;

  // With dilation > 1 the library checks every window one by one (O(out)); keep those calls
  // to outputs of at most 2^20 so one input cannot take seconds.
  if (require && r.dilation > 1 && in_range(r.stride, 1, kMaxDim)) {
    const i128 span = static_cast<i128>(std::max<i64>(0, r.in)) + std::max<i64>(0, r.pad_before) +
                      std::max<i64>(0, r.pad_after);
    if (span / r.stride > (1 << 20)) require = false;
  }

  const std::string ctx = describe(r, require);
  fuzz::trace(ctx);
  AxisGeometry g;
  const condense::Status st =
      condense::compute_axis({"fuzzOp", "poolSize", "height"}, r, require, &g);
  if (!st.ok()) {
    FUZZ_CHECK(st.code() == condense::StatusCode::kRangeError, ctx + "\n" + st.message());
    FUZZ_CHECK(st.message().rfind("fuzzOp: ", 0) == 0, ctx + "\nmessage: " + st.message());
  }
  if (!in_ok) {
    FUZZ_CHECK(!st.ok(), ctx + "\nan input extent outside [1, 2^30] was accepted");
    return;
  }

  const Model m = model(r, require);
  const std::string both = ctx + "\nlibrary: " + (st.ok() ? "ok" : st.message()) + "\nmodel: " +
                           (m.verdict == Model::kValid     ? "valid"
                            : m.verdict == Model::kUnknown ? "unknown"
                                                           : "invalid: " + m.why) +
                           ", out=" + str(m.out) + ", pad=[" + str(m.pad_before) + ", " +
                           str(m.pad_after) + "]";
  if (m.verdict == Model::kInvalid) {
    FUZZ_CHECK(!st.ok(), both);
    return;
  }
  if (m.verdict == Model::kValid) FUZZ_CHECK(st.ok(), both);
  if (!st.ok()) return;

  FUZZ_CHECK(g.out == m.out && g.pad_before == m.pad_before && g.pad_after == m.pad_after,
             both + "\ngeometry: out=" + fuzz::fmt(g.out) + ", pad=[" + fuzz::fmt(g.pad_before) +
                 ", " + fuzz::fmt(g.pad_after) + "]");
  FUZZ_CHECK(g.out >= 1 && g.out <= kMaxDim, both);
  FUZZ_CHECK(
      g.in == r.in && g.window == r.window && g.stride == r.stride && g.dilation == r.dilation,
      both);
  FUZZ_CHECK(g.effective_window() == (r.window - 1) * r.dilation + 1, both);

  // Tap counts of a few windows: both ends, their neighbours and some from the bytes.
  std::vector<i64> outputs = {0, g.out - 1, std::min<i64>(1, g.out - 1),
                              std::max<i64>(0, g.out - 2)};
  for (int i = 0; i < 4; ++i) outputs.push_back(static_cast<i64>(rd.u32() % g.out));
  if (g.out <= 64) {
    outputs.clear();
    for (i64 o = 0; o < g.out; ++o) outputs.push_back(o);
  }
  for (i64 o : outputs) {
    i64 first = -1, count = -1;
    g.in_bounds_taps(o, &first, &count);
    const i64 inside = g.taps_inside_padding(o);
    const Taps t = count_taps(r.in, r.window, r.stride, r.dilation, g.pad_before, g.pad_after, o);
    const std::string at =
        both + "\noutput " + fuzz::fmt(o) + ": in_bounds_taps first=" + fuzz::fmt(first) +
        " count=" + fuzz::fmt(count) + ", taps_inside_padding=" + fuzz::fmt(inside) +
        "; counted first=" + str(t.first) + " count=" + str(t.count) +
        " inside=" + str(t.inside_padding);
    FUZZ_CHECK(count == t.count && (count == 0 || first == t.first), at);
    FUZZ_CHECK(inside == t.inside_padding, at);
    if (require) FUZZ_CHECK(count >= 1, at);
    if (count > 0) {
      // What the kernels will be handed: in-bounds coordinates only.
      const i128 lo = static_cast<i128>(g.start(o)) + static_cast<i128>(first) * g.dilation;
      const i128 hi = lo + (static_cast<i128>(count) - 1) * g.dilation;
      FUZZ_CHECK(lo >= 0 && hi < g.in && first + count <= g.window, at);
    }
  }
}

void check_shape(fuzz::Reader& rd) {
  condense::Shape4 s;
  s.n = rd.size(1, 8, 48);
  s.h = rd.size(1, 1 << 16, 48);
  s.w = rd.size(1, 1 << 16, 48);
  s.c = rd.size(1, 64, 48);
  std::size_t elements = 12345;
  const condense::Status st = condense::validate_shape("fuzzOp", "x", s, &elements);
  const i64 dims[4] = {s.n, s.h, s.w, s.c};
  bool dims_ok = true;
  i128 product = 1;
  for (i64 d : dims) {
    dims_ok = dims_ok && in_range(d, 1, kMaxDim);
    if (dims_ok) product *= d;  // <= 2^120
  }
  const bool ok = dims_ok && product * 4 <= (i128{1} << 31);
  const std::string ctx =
      "validate_shape(" + condense::shape_str(s) + "): " + (st.ok() ? "ok" : st.message());
  FUZZ_CHECK(st.ok() == ok, ctx);
  if (ok) {
    FUZZ_CHECK(static_cast<i128>(elements) == product,
               ctx + ", elements " + std::to_string(elements));
  } else {
    FUZZ_CHECK(st.message().rfind("fuzzOp: x", 0) == 0, ctx);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  check_axis(rd);
  check_shape(rd);
  return 0;
}
