// Fuzz target: conv3d (plan_conv3d + run_conv3d, run_conv3d_grad_input / _filter). Bytes become
// an NDHWC shape, a DHWIO filter (input channels usually matching), strides, dilations, padding
// mode and per-axis pads (small, now and then wild), bias and a fused clamp, then the input,
// weights, bias and dy. Checks:
//   - failures are errors naming the op; an invalid padding mode is rejected;
//   - with small parameters: the reference's invalid requests (channel mismatch, a window
//     longer than the padded input) are rejected, and accepted plans have the reference's
//     output shape (SEMANTICS section 3);
//   - an accepted plan on a small input runs with both tables; with finite data the forward
//     pass is within the double reference's bound; scalar and SIMD give the same bits (any NaN
//     matches any NaN) forward and for both gradients;
//   - no out-of-bounds access (ASan, canaries after every output).
#include "reference/conv3d.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz-common.h"
#include "ops/ops.h"

namespace {

using fuzz::i64;

bool same_or_both_nan(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fuzz::is_nan(a[i]) && fuzz::is_nan(b[i])) continue;
    if (fuzz::bits(a[i]) != fuzz::bits(b[i])) return false;
  }
  return true;
}

bool all_finite(const std::vector<float>& v) {
  for (float x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  condense::Shape5 in{rd.size(1, 2, 4), rd.size(1, 5, 4), rd.size(1, 5, 4), rd.size(1, 6, 4),
                      rd.size(1, 9, 4)};
  condense::Filter3dShape f{rd.size(1, 3, 4), rd.size(1, 3, 4), rd.size(1, 3, 4), in.c,
                            rd.size(1, 9, 4)};
  if (rd.byte() < 16) f.in_c = rd.size(1, 9, 16);
  condense::Conv3dParams p;
  const std::uint8_t mode = rd.byte();
  p.conv.padding = static_cast<condense::PaddingMode>(mode < 250 ? mode % 4 : mode);
  p.stride_d = rd.size(1, 3, 4);
  p.conv.stride_h = rd.size(1, 3, 4);
  p.conv.stride_w = rd.size(1, 3, 4);
  p.dilation_d = rd.size(1, 3, 4);
  p.conv.dilation_h = rd.size(1, 3, 4);
  p.conv.dilation_w = rd.size(1, 3, 4);
  p.pad_front = rd.size(0, 3, 4);
  p.pad_back = rd.size(0, 3, 4);
  p.conv.pad_top = rd.size(0, 3, 4);
  p.conv.pad_bottom = rd.size(0, 3, 4);
  p.conv.pad_left = rd.size(0, 3, 4);
  p.conv.pad_right = rd.size(0, 3, 4);
  p.conv.has_bias = rd.flag();
  fuzz::decode_clamp(rd, &p.conv.clamp.min, &p.conv.clamp.max);
  const std::string ctx =
      "conv3d x=[" + fuzz::fmt(in.n) + "," + fuzz::fmt(in.d) + "," + fuzz::fmt(in.h) + "," +
      fuzz::fmt(in.w) + "," + fuzz::fmt(in.c) + "] f=[" + fuzz::fmt(f.kernel_d) + "," +
      fuzz::fmt(f.kernel_h) + "," + fuzz::fmt(f.kernel_w) + "," + fuzz::fmt(f.in_c) + "," +
      fuzz::fmt(f.out_c) + "] mode=" + fuzz::fmt(static_cast<i64>(p.conv.padding)) +
      " s=" + fuzz::fmt(p.stride_d) + "," + fuzz::fmt(p.conv.stride_h) + "," +
      fuzz::fmt(p.conv.stride_w) + " d=" + fuzz::fmt(p.dilation_d) + "," +
      fuzz::fmt(p.conv.dilation_h) + "," + fuzz::fmt(p.conv.dilation_w) +
      " pads=" + fuzz::fmt(p.pad_front) + "," + fuzz::fmt(p.pad_back) + "," +
      fuzz::fmt(p.conv.pad_top) + "," + fuzz::fmt(p.conv.pad_bottom) + "," +
      fuzz::fmt(p.conv.pad_left) + "," + fuzz::fmt(p.conv.pad_right);
  fuzz::trace(ctx);

  condense::Conv3dPlan plan;
  const condense::Status st = condense::plan_conv3d("fuzzConv3d", p, in, f, &plan);
  if (!st.ok()) {
    FUZZ_CHECK(st.message().rfind("fuzzConv3d: ", 0) == 0, ctx + "\n" + st.message());
  }
  if (static_cast<std::uint32_t>(p.conv.padding) > 3) {
    FUZZ_CHECK(!st.ok(), ctx + "\ninvalid padding mode accepted");
    return 0;
  }

  // The reference geometry, when every parameter is small.
  const i64 small[] = {in.n,
                       in.d,
                       in.h,
                       in.w,
                       in.c,
                       f.kernel_d,
                       f.kernel_h,
                       f.kernel_w,
                       f.in_c,
                       f.out_c,
                       p.stride_d,
                       p.conv.stride_h,
                       p.conv.stride_w,
                       p.dilation_d,
                       p.conv.dilation_h,
                       p.conv.dilation_w};
  const i64 pads[] = {p.pad_front,       p.pad_back,      p.conv.pad_top,
                      p.conv.pad_bottom, p.conv.pad_left, p.conv.pad_right};
  bool comparable = true;
  for (i64 v : small) comparable = comparable && v >= 1 && v <= 16;
  for (i64 v : pads) comparable = comparable && v >= 0 && v <= 16;
  ref::Axis3 az, ay, ax;
  if (comparable) {
    const condense::PaddingMode m = p.conv.padding;
    auto axis = [&](i64 n, i64 k, i64 s, i64 d, i64 b, i64 a) {
      if (m == condense::PaddingMode::kSame) return ref::same_axis(n, k, s, d, false);
      if (m == condense::PaddingMode::kSameLower) return ref::same_axis(n, k, s, d, true);
      if (m == condense::PaddingMode::kValid) return ref::Axis3{n, k, s, d, 0, 0};
      return ref::Axis3{n, k, s, d, b, a};
    };
    az = axis(in.d, f.kernel_d, p.stride_d, p.dilation_d, p.pad_front, p.pad_back);
    ay = axis(in.h, f.kernel_h, p.conv.stride_h, p.conv.dilation_h, p.conv.pad_top,
              p.conv.pad_bottom);
    ax = axis(in.w, f.kernel_w, p.conv.stride_w, p.conv.dilation_w, p.conv.pad_left,
              p.conv.pad_right);
    auto fits = [](const ref::Axis3& a) { return a.d * (a.k - 1) + 1 <= a.n + a.before + a.after; };
    const bool want_ok = f.in_c == in.c && fits(az) && fits(ay) && fits(ax);
    if (!want_ok) FUZZ_CHECK(!st.ok(), ctx + "\nthe reference rejects, the plan accepts");
    if (st.ok()) {
      FUZZ_CHECK(plan.out.d == az.out() && plan.out.h == ay.out() && plan.out.w == ax.out() &&
                     plan.out.c == f.out_c && plan.out.n == in.n,
                 ctx + "\nplan output [" + fuzz::fmt(plan.out.d) + "," + fuzz::fmt(plan.out.h) +
                     "," + fuzz::fmt(plan.out.w) + "], reference [" + fuzz::fmt(az.out()) + "," +
                     fuzz::fmt(ay.out()) + "," + fuzz::fmt(ax.out()) + "]");
    }
  }
  const bool runnable = st.ok() && plan.in_elements <= (1u << 12) &&
                        plan.out_elements <= (1u << 12) && plan.filter_elements <= (1u << 12) &&
                        plan.padded_elements <= (1u << 14);
  if (!runnable) return 0;

  std::vector<float> x(plan.in_elements), w(plan.filter_elements), bias(plan.bias_elements),
      dy(plan.out_elements);
  rd.fill(x, fuzz::Values::kSummable);
  rd.fill(w, fuzz::Values::kSummable);
  rd.fill(bias, fuzz::Values::kSummable);
  rd.fill(dy, fuzz::Values::kSummable);
  const float* bias_ptr = p.conv.has_bias ? bias.data() : nullptr;
  const bool finite = all_finite(x) && all_finite(w) && (!p.conv.has_bias || all_finite(bias));
  ref::Conv3dResult want;
  if (comparable && finite) {
    std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end()), bd;
    if (p.conv.has_bias) bd.assign(bias.begin(), bias.end());
    want =
        ref::conv3d(xd, in.n, in.c, wd, f.out_c, az, ay, ax, bd,
                    static_cast<double>(p.conv.clamp.min), static_cast<double>(p.conv.clamp.max));
  }
  const double terms = static_cast<double>(f.kernel_d * f.kernel_h * f.kernel_w * in.c + 1);
  condense::Workspace ws;
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : fuzz::tables()) {
    std::vector<float> out(plan.out_elements + 1, 1234.5f), dx(plan.in_elements + 1, 1234.5f),
        dw(plan.filter_elements + 1, 1234.5f);
    FUZZ_CHECK(
        condense::run_conv3d(*table, plan, x.data(), w.data(), bias_ptr, out.data(), ws).ok(),
        ctx + "\nrun_conv3d failed");
    FUZZ_CHECK(
        condense::run_conv3d_grad_input(*table, plan, dy.data(), w.data(), dx.data(), ws).ok(),
        ctx + "\nrun_conv3d_grad_input failed");
    FUZZ_CHECK(
        condense::run_conv3d_grad_filter(*table, plan, x.data(), dy.data(), dw.data(), ws).ok(),
        ctx + "\nrun_conv3d_grad_filter failed");
    FUZZ_CHECK(out.back() == 1234.5f && dx.back() == 1234.5f && dw.back() == 1234.5f,
               ctx + "\nwrote past an output");
    out.pop_back();
    dx.pop_back();
    dw.pop_back();
    if (!want.value.empty()) {
      for (std::size_t i = 0; i < out.size(); ++i) {
        const double tol = 1.2e-7 * terms * want.magnitude[i] + 1e-37;
        FUZZ_CHECK(std::fabs(static_cast<double>(out[i]) - want.value[i]) <= tol ||
                       (std::isinf(out[i]) && std::fabs(want.value[i]) > 3e38),
                   ctx + "\n[" + fuzz::fmt(static_cast<i64>(i)) + "] = " + fuzz::fmt(out[i]) +
                       ", reference " + fuzz::fmt(want.value[i]));
      }
    }
    out.insert(out.end(), dx.begin(), dx.end());
    out.insert(out.end(), dw.begin(), dw.end());
    results.push_back(out);
  }
  if (results.size() == 2) {
    FUZZ_CHECK(same_or_both_nan(results[0], results[1]), ctx + "\nscalar and SIMD differ");
  }
  return 0;
}
