// Fuzz target: conv2dTranspose. (1) compute_transpose_axis (core/shape.h) with any values at
// all (zero, negative, 2^30 +- 1, INT64_MIN/MAX, every padding mode and invalid ones, output
// padding and output size given or not) against a model in 128-bit arithmetic of Keras
// deconv_output_length, tf.nn.conv2d_transpose, ONNX ConvTranspose and PyTorch
// ConvTranspose2d's rules: success iff the model accepts; failures are RangeErrors naming the op;
// on success the size and padding of the model, and in_bounds_taps of every input index equal
// to counting the taps that land inside the output one by one. (2) Small requests through
// plan_conv2d_transpose + run_conv2d_transpose with both kernel tables against the naive scatter
// reference (tests/cpp/reference/conv2d-transpose.h), scalar == SIMD bits, and no UB (UBSan).
#include "ops/conv2d-transpose.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/shape.h"
#include "fuzz-common.h"
#include "kernels/kernel-table.h"
#include "reference/conv2d-transpose.h"

namespace {

using condense::AxisGeometry;
using condense::kMaxDim;
using condense::PaddingMode;
using condense::TransposeAxisRequest;
using fuzz::i64;
__extension__ typedef __int128 i128;

bool in_range(i128 v, i128 lo, i128 hi) { return v >= lo && v <= hi; }

struct Model {
  bool ok = false;
  i128 out = 0, pad_before = 0;
};

Model model(const TransposeAxisRequest& r) {
  Model m;
  if (!in_range(r.in, 1, kMaxDim) || !in_range(r.window, 1, kMaxDim) ||
      !in_range(r.stride, 1, kMaxDim) || !in_range(r.dilation, 1, kMaxDim)) {
    return m;
  }
  const bool expl = r.mode == PaddingMode::kExplicit;
  if (expl && (!in_range(r.pad_before, 0, kMaxDim) || !in_range(r.pad_after, 0, kMaxDim))) return m;
  if (!expl && r.mode != PaddingMode::kValid && r.mode != PaddingMode::kSame &&
      r.mode != PaddingMode::kSameLower) {
    return m;
  }
  const i128 s = r.stride, d = r.dilation, limit = std::max(s, d);
  const bool has_op = r.output_padding != -1, has_size = r.output_size != 0;
  if (has_op && !in_range(r.output_padding, 0, limit - 1)) return m;
  if (has_size && !in_range(r.output_size, 1, kMaxDim)) return m;
  const i128 k = (static_cast<i128>(r.window) - 1) * d + 1;
  const i128 nat = s * (static_cast<i128>(r.in) - 1) + k;
  const i128 op = has_op ? r.output_padding : 0;
  const bool use_size = has_size && !has_op;
  if (expl) {
    const i128 base = nat - r.pad_before - r.pad_after;
    m.out = base + op;
    if (use_size) {
      if (!in_range(r.output_size - base, 0, limit - 1)) return m;
      m.out = r.output_size;
    }
    m.pad_before = r.pad_before;
  } else if (r.mode == PaddingMode::kValid) {
    m.out = has_op ? nat + op : static_cast<i128>(r.in) * s + std::max<i128>(k - s, 0);
    if (use_size) {
      if (!in_range(r.output_size, nat, nat + s - 1)) return m;
      m.out = r.output_size;
    }
  } else {
    m.out = use_size ? static_cast<i128>(r.output_size)
            : has_op ? nat - 2 * (k / 2) + op
                     : static_cast<i128>(r.in) * s;
    const i128 total = std::max<i128>(0, nat - m.out);
    m.pad_before = r.mode == PaddingMode::kSame ? total / 2 : total - total / 2;
  }
  if (has_op && has_size && m.out != r.output_size) return m;
  m.ok = in_range(m.out, 1, kMaxDim);
  return m;
}

void check_axis(fuzz::Reader& rd) {
  TransposeAxisRequest r;
  r.in = rd.size(1, 40, 24);
  r.window = rd.size(1, 12);
  r.stride = rd.size(1, 6);
  r.dilation = rd.size(1, 4);
  r.mode = fuzz::decode_mode(rd);
  r.pad_before = rd.size(0, 12);
  r.pad_after = rd.size(0, 12);
  r.output_padding = rd.flag() ? rd.size(-1, 6) : -1;
  r.output_size = rd.flag() ? rd.size(0, 200) : 0;
  const std::string ctx =
      "TransposeAxisRequest{in=" + fuzz::fmt(r.in) + ", window=" + fuzz::fmt(r.window) +
      ", stride=" + fuzz::fmt(r.stride) + ", dilation=" + fuzz::fmt(r.dilation) +
      ", mode=" + fuzz::mode_name(r.mode) + ", pad=[" + fuzz::fmt(r.pad_before) + ", " +
      fuzz::fmt(r.pad_after) + "], output_padding=" + fuzz::fmt(r.output_padding) +
      ", output_size=" + fuzz::fmt(r.output_size) + "}";
  fuzz::trace(ctx);
  AxisGeometry g;
  const condense::Status st =
      condense::compute_transpose_axis({"fuzzOp", "filter", "height"}, r, &g);
  const Model m = model(r);
  const std::string both = ctx + "\nlibrary: " + (st.ok() ? "ok" : st.message()) +
                           "\nmodel: " + (m.ok ? "ok" : "invalid");
  FUZZ_CHECK(st.ok() == m.ok, both);
  if (!st.ok()) {
    FUZZ_CHECK(st.code() == condense::StatusCode::kRangeError, both);
    FUZZ_CHECK(st.message().rfind("fuzzOp: ", 0) == 0, both);
    return;
  }
  FUZZ_CHECK(g.in == m.out && g.pad_before == m.pad_before && g.out == r.in, both);
  FUZZ_CHECK(g.window == r.window && g.stride == r.stride && g.dilation == r.dilation, both);
  // Every input index (the first and last 32 when there are many): its taps inside the output.
  std::vector<i64> inputs;
  for (i64 i = 0; i < std::min<i64>(r.in, 32); ++i) inputs.push_back(i);
  for (i64 i = std::max<i64>(32, r.in - 32); i < r.in; ++i) inputs.push_back(i);
  for (i64 i : inputs) {
    i64 first = -1, count = -1;
    g.in_bounds_taps(i, &first, &count);
    i128 want_first = 0, want_count = 0;
    if (r.window <= 4096) {
      for (i128 t = 0; t < r.window; ++t) {
        const i128 o = static_cast<i128>(i) * r.stride - m.pad_before + t * r.dilation;
        if (o >= 0 && o < m.out) {
          if (want_count == 0) want_first = t;
          ++want_count;
        }
      }
      FUZZ_CHECK(count == want_count && (count == 0 || first == want_first),
                 both + "\ninput " + fuzz::fmt(i) + ": first " + fuzz::fmt(first) + " count " +
                     fuzz::fmt(count));
    }
    if (count > 0) {
      const i128 lo = static_cast<i128>(g.start(i)) + static_cast<i128>(first) * g.dilation;
      const i128 hi = lo + (static_cast<i128>(count) - 1) * g.dilation;
      FUZZ_CHECK(lo >= 0 && hi < g.in && first + count <= g.window, both);
    }
  }
}

void check_op(fuzz::Reader& rd) {
  const i64 groups = rd.range(1, 3);
  const i64 ig = rd.range(1, 5), og = rd.range(1, 9);
  const i64 kh = rd.range(1, 4), kw = rd.range(1, 4);
  ref::Tensor x(rd.range(1, 2), rd.range(1, 5), rd.range(1, 5), ig * groups);
  for (float& v : x.data) v = static_cast<float>(rd.range(-64, 64)) / 16.0f;
  std::vector<float> filter(static_cast<std::size_t>(kh * kw * og * x.c));
  for (float& v : filter) v = static_cast<float>(rd.range(-64, 64)) / 16.0f;
  std::vector<float> bias(static_cast<std::size_t>(og * groups));
  for (float& v : bias) v = static_cast<float>(rd.range(-16, 16)) / 16.0f;
  const PaddingMode mode = static_cast<PaddingMode>(rd.range(0, 3));
  auto axis = [&](i64 in, i64 k) {
    ref::TransposeAxis a;
    a.in = in;
    a.kernel = k;
    a.stride = rd.range(1, 3);
    a.dilation = rd.range(1, 3);
    a.padding = mode == PaddingMode::kValid       ? ref::Padding::kValid
                : mode == PaddingMode::kSame      ? ref::Padding::kSame
                : mode == PaddingMode::kSameLower ? ref::Padding::kSameLower
                                                  : ref::Padding::kExplicit;
    a.pad_before = rd.range(0, 3);
    a.pad_after = rd.range(0, 3);
    a.output_padding = rd.flag() ? rd.range(-1, 3) : -1;
    a.output_size = rd.flag() ? rd.range(0, 20) : 0;
    return a;
  };
  const ref::TransposeAxis ay = axis(x.h, kh), ax = axis(x.w, kw);
  const bool has_bias = rd.flag();
  const float lo = rd.flag() ? 0.0f : -fuzz::kInf, hi = rd.flag() ? 0.5f : fuzz::kInf;
  condense::Conv2dTransposeParams p;
  p.stride_h = ay.stride;
  p.stride_w = ax.stride;
  p.dilation_h = ay.dilation;
  p.dilation_w = ax.dilation;
  p.padding = mode;
  p.pad_top = ay.pad_before;
  p.pad_bottom = ay.pad_after;
  p.pad_left = ax.pad_before;
  p.pad_right = ax.pad_after;
  p.output_padding_h = ay.output_padding;
  p.output_padding_w = ax.output_padding;
  p.output_h = ay.output_size;
  p.output_w = ax.output_size;
  p.groups = groups;
  p.has_bias = has_bias;
  p.clamp = condense::Clamp{lo, hi};
  condense::Conv2dTransposePlan plan;
  const condense::Status st =
      condense::plan_conv2d_transpose("conv2dTranspose", p, condense::Shape4{x.n, x.h, x.w, x.c},
                                      condense::FilterShape{kh, kw, og, x.c}, &plan);
  const ref::Expected want = ref::conv2d_transpose(
      x, filter, kh, kw, og, groups, has_bias ? bias.data() : nullptr, ay, ax, lo, hi);
  const std::string ctx = "op: library " + (st.ok() ? std::string("ok") : st.message()) +
                          ", reference " + (want.ok ? "ok" : "rejects");
  FUZZ_CHECK(st.ok() == want.ok, ctx);
  if (!st.ok()) return;
  FUZZ_CHECK(plan.out.h == want.h && plan.out.w == want.w && plan.out.c == want.c, ctx);
  std::vector<std::vector<float>> results;
  condense::Workspace ws;
  std::vector<const condense::KernelTable*> tables{&condense::scalar_kernel_table()};
  if (condense::simd_kernel_table() != nullptr) tables.push_back(condense::simd_kernel_table());
  for (const condense::KernelTable* table : tables) {
    std::vector<float> out(plan.out_elements, -7.0f);
    FUZZ_CHECK(condense::run_conv2d_transpose(*table, plan, x.data.data(), filter.data(),
                                              has_bias ? bias.data() : nullptr, out.data(), ws)
                   .ok(),
               ctx);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const double v = want.value[i];
      FUZZ_CHECK(static_cast<double>(out[i]) - v <= want.tol[i] &&
                     v - static_cast<double>(out[i]) <= want.tol[i],
                 ctx + "\nelement " + std::to_string(i) + ": " + fuzz::fmt(out[i]) + " vs " +
                     fuzz::fmt(v));
    }
    results.push_back(out);
  }
  if (results.size() == 2) {
    FUZZ_CHECK(std::equal(results[0].begin(), results[0].end(), results[1].begin(),
                          [](float a, float b) { return fuzz::bits(a) == fuzz::bits(b); }),
               ctx + "\nscalar and SIMD differ");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  check_axis(rd);
  check_op(rd);
  return 0;
}
