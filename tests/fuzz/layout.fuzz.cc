// Fuzz target: what the bindings used to do by hand, now in src/ops -- the channels-first
// adapter (to_channels_last, layout_output, filter_to_hwio, filter_output), the 3-D shape order
// (shape5_from_layout / shape5_to_layout) and the unpooled size when outputSize is not given
// (plan_max_unpool2d with a pooling window). Checks against naive index arithmetic, bit for bit;
// round trips restore the caller's tensor; the unpool plan accepts exactly what the formula
// allows and refuses 'same' padding with its message.
#include "ops/layout.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "decode-ops.h"
#include "fuzz-common.h"
#include "ops/max-unpool2d.h"
#include "ops/pool3d.h"

namespace {

using condense::Layout;
using condense::Shape4;
using condense::Status;
using condense::Workspace;
using fuzz::i64;

void check_adapter(fuzz::Reader& rd, Workspace& ws) {
  bool wild = false;
  const Shape4 s = fuzz::decode_shape(rd, 9, 9, 40, &wild);
  const Layout layout = rd.flag() ? Layout::kChannelsFirst : Layout::kChannelsLast;
  std::size_t n = 0;
  if (!condense::validate_shape("fuzzLayout", "x", s, &n).ok() || n > (1u << 14)) return;
  const std::string ctx = "layout adapter x=" + condense::shape_str(s) +
                          (layout == Layout::kChannelsFirst ? " NCHW" : " NHWC");
  fuzz::trace(ctx);
  std::vector<float> caller(n);
  rd.fill(caller, fuzz::Values::kAny);
  const std::size_t b_n = static_cast<std::size_t>(s.n), sp = static_cast<std::size_t>(s.h * s.w),
                    c_n = static_cast<std::size_t>(s.c);
  const float* x = nullptr;
  FUZZ_CHECK(
      condense::to_channels_last("fuzzLayout", layout, s, caller.data(), ws, Workspace::kPadded, &x)
          .ok(),
      ctx);
  for (std::size_t b = 0; b < b_n; ++b)
    for (std::size_t p = 0; p < sp; ++p)
      for (std::size_t c = 0; c < c_n; ++c) {
        const std::size_t from =
            layout == Layout::kChannelsFirst ? (b * c_n + c) * sp + p : (b * sp + p) * c_n + c;
        FUZZ_CHECK(fuzz::bits(x[(b * sp + p) * c_n + c]) == fuzz::bits(caller[from]),
                   ctx + "\nto_channels_last element " + std::to_string(from));
      }
  // The [n, spatial, c] form gives the same bits.
  const float* y = nullptr;
  FUZZ_CHECK(condense::to_channels_last("fuzzLayout", layout, b_n, sp, c_n, caller.data(), ws,
                                        Workspace::kRowA, &y)
                 .ok(),
             ctx);
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(fuzz::bits(x[i]) == fuzz::bits(y[i]), ctx + "\n[n, spatial, c] form");
  }
  // Output: an identity op through layout_output restores the caller's tensor.
  std::vector<float> dst(n + 1, fuzz::from_bits(0x7FC0CAFEu));
  condense::LayoutOutput out;
  FUZZ_CHECK(
      condense::layout_output("fuzzLayout", layout, s, dst.data(), ws, Workspace::kRowB, &out).ok(),
      ctx);
  FUZZ_CHECK((out.nhwc == dst.data()) == (layout == Layout::kChannelsLast), ctx + "\nin place");
  for (std::size_t i = 0; i < n; ++i) out.nhwc[i] = x[i];
  out.finish();
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(fuzz::bits(dst[i]) == fuzz::bits(caller[i]),
               ctx + "\nround trip " + std::to_string(i));
  }
  FUZZ_CHECK(fuzz::bits(dst[n]) == 0x7FC0CAFEu, ctx + "\ncanary after the output");
  // int32 indices: the same permutation.
  std::vector<std::int32_t> idx(n);
  for (std::size_t i = 0; i < n; ++i) idx[i] = static_cast<std::int32_t>(rd.u32());
  const std::int32_t* last = nullptr;
  FUZZ_CHECK(
      condense::to_channels_last("fuzzLayout", layout, s, idx.data(), ws, Workspace::kRing, &last)
          .ok(),
      ctx);
  std::vector<std::int32_t> back(n);
  condense::LayoutIndices out_idx;
  FUZZ_CHECK(
      condense::layout_output("fuzzLayout", layout, s, back.data(), ws, Workspace::kTaps, &out_idx)
          .ok(),
      ctx);
  for (std::size_t i = 0; i < n; ++i) out_idx.nhwc[i] = last[i];
  out_idx.finish();
  FUZZ_CHECK(back == idx, ctx + "\nint32 round trip");
}

void check_filter(fuzz::Reader& rd, Workspace& ws) {
  const condense::FilterShape f{rd.range(1, 4), rd.range(1, 4), rd.range(1, 9), rd.range(1, 9)};
  const bool depthwise = rd.flag();
  const condense::FilterLayout layout =
      rd.flag() ? condense::FilterLayout::kOihw : condense::FilterLayout::kHwio;
  const std::string ctx = "filter [" + std::to_string(f.kernel_h) + ", " +
                          std::to_string(f.kernel_w) + ", " + std::to_string(f.in_c) + ", " +
                          std::to_string(f.out_c) + "]" + (depthwise ? " depthwise" : "") +
                          (layout == condense::FilterLayout::kOihw ? " OIHW" : " HWIO");
  fuzz::trace(ctx);
  const i64 kh = f.kernel_h, kw = f.kernel_w;
  // OIHW [O, I, kh, kw] with I = 1, O = C*M for depthwise.
  const i64 in_c = depthwise ? 1 : f.in_c, out_c = depthwise ? f.in_c * f.out_c : f.out_c;
  const std::size_t n = static_cast<std::size_t>(kh * kw * in_c * out_c);
  std::vector<float> caller(n);
  rd.fill(caller, fuzz::Values::kAny);
  const float* hwio = nullptr;
  FUZZ_CHECK(condense::filter_to_hwio("fuzzLayout", layout, f, depthwise, caller.data(), ws,
                                      Workspace::kTaps, &hwio)
                 .ok(),
             ctx);
  for (i64 y = 0; y < kh; ++y)
    for (i64 x = 0; x < kw; ++x)
      for (i64 i = 0; i < in_c; ++i)
        for (i64 o = 0; o < out_c; ++o) {
          const i64 at = ((y * kw + x) * in_c + i) * out_c + o;
          const i64 from =
              layout == condense::FilterLayout::kOihw ? ((o * in_c + i) * kh + y) * kw + x : at;
          FUZZ_CHECK(fuzz::bits(hwio[at]) == fuzz::bits(caller[static_cast<std::size_t>(from)]),
                     ctx + "\nfilter_to_hwio element " + std::to_string(at));
        }
  if (depthwise) return;
  // A filter-shaped output (conv2dGradFilter) comes back in the caller's layout.
  std::vector<float> dst(n);
  condense::FilterOutput out;
  FUZZ_CHECK(
      condense::filter_output("fuzzLayout", layout, f, dst.data(), ws, Workspace::kRowB, &out).ok(),
      ctx);
  for (std::size_t i = 0; i < n; ++i) out.hwio[i] = hwio[i];
  out.finish();
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(fuzz::bits(dst[i]) == fuzz::bits(caller[i]), ctx + "\nfilter round trip");
  }
  std::int64_t dims[4];
  condense::filter_dims(layout, f, dims);
  FUZZ_CHECK(dims[0] * dims[1] * dims[2] * dims[3] == static_cast<i64>(n), ctx + "\nfilter_dims");
}

void check_shape5(fuzz::Reader& rd) {
  std::int64_t dims[5];
  for (std::int64_t& d : dims) d = rd.byte() < 16 ? rd.wild() : rd.range(1, 9);
  for (Layout layout : {Layout::kChannelsLast, Layout::kChannelsFirst}) {
    const condense::Shape5 s = condense::shape5_from_layout(layout, dims);
    FUZZ_CHECK(s.n == dims[0], "shape5 batch");
    FUZZ_CHECK(s.c == (layout == Layout::kChannelsFirst ? dims[1] : dims[4]), "shape5 channels");
    std::int64_t back[5];
    condense::shape5_to_layout(layout, s, back);
    for (int i = 0; i < 5; ++i) FUZZ_CHECK(back[i] == dims[i], "shape5 round trip");
  }
}

void check_unpool_size(fuzz::Reader& rd) {
  bool wild = false;
  const Shape4 in = fuzz::decode_shape(rd, 9, 9, 8, &wild);
  const condense::Window2d w = fuzz::decode_pool(rd).window;
  const i64 out_h = rd.byte() < 200 ? 0 : rd.size(-1, 12, 16);
  const i64 out_w = rd.byte() < 200 ? 0 : rd.size(-1, 12, 16);
  const auto convention = static_cast<condense::ArgmaxConvention>(rd.range(0, 4));
  const std::string ctx = "maxUnpool2d size x=" + condense::shape_str(in) + " window [" +
                          std::to_string(w.window_h) + ", " + std::to_string(w.window_w) +
                          "] strides [" + std::to_string(w.stride_h) + ", " +
                          std::to_string(w.stride_w) + "] padding " + fuzz::mode_name(w.padding) +
                          " out " + std::to_string(out_h) + "x" + std::to_string(out_w);
  fuzz::trace(ctx);
  condense::MaxUnpoolPlan plan;
  const Status st =
      condense::plan_max_unpool2d("fuzzUnpool", convention, in, w, out_h, out_w, &plan);
  if (!st.ok()) {
    FUZZ_CHECK(st.message().rfind("fuzzUnpool: ", 0) == 0, ctx + "\n" + st.message());
    return;
  }
  std::size_t elements = 0;
  FUZZ_CHECK(condense::validate_shape("fuzzUnpool", "values", in, &elements).ok(),
             ctx + "\naccepted an invalid input shape");
  i64 want_h = out_h, want_w = out_w;
  if (out_h <= 0 || out_w <= 0) {
    FUZZ_CHECK(
        w.padding != condense::PaddingMode::kSame && w.padding != condense::PaddingMode::kSameLower,
        ctx + "\nsame padding accepted without outputSize");
    want_h = (in.h - 1) * w.stride_h - w.pad_top - w.pad_bottom + w.window_h;
    want_w = (in.w - 1) * w.stride_w - w.pad_left - w.pad_right + w.window_w;
  }
  FUZZ_CHECK(
      plan.out.n == in.n && plan.out.h == want_h && plan.out.w == want_w && plan.out.c == in.c,
      ctx + "\nplanned " + condense::shape_str(plan.out));
  FUZZ_CHECK(plan.out_elements == static_cast<std::size_t>(in.n * want_h * want_w * in.c),
             ctx + "\nout_elements");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  static Workspace ws;
  switch (rd.byte() % 4) {
    case 0:
      check_adapter(rd, ws);
      break;
    case 1:
      check_filter(rd, ws);
      break;
    case 2:
      check_shape5(rd);
      break;
    default:
      check_unpool_size(rd);
      break;
  }
  return 0;
}
