// conv3d, conv3dGradInput, conv3dGradFilter: 3-D convolution (NDHWC / NCDHW, DHWIO / OIDHW
// filters) and its gradients. Channels-first tensors and OIDHW filters are moved to
// NDHWC / DHWIO scratch (state().layout_ws) around the op.
#include <string>

#include "core/format.h"
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// x0..x4: x's dims (conv3dGradInput: the forward input's) in the caller's order; k*: the filter
// as DHWIO; g0..g4: dy's dims in the caller's order (gradients).
// clang-format off
#define CONV3D_ARGS(A)                                                                    \
  A(x0) A(x1) A(x2) A(x3) A(x4) A(layout) A(kernelD) A(kernelH) A(kernelW) A(filterIn)    \
  A(filterOut) A(filterLayout) A(strideD) A(strideH) A(strideW) A(dilationD) A(dilationH) \
  A(dilationW) A(padMode) A(padFront) A(padBack) A(padTop) A(padBottom) A(padLeft)        \
  A(padRight) A(hasBias) A(convMin) A(convMax) A(g0) A(g1) A(g2) A(g3) A(g4)
// clang-format on
CONDENSE_ARGS(Conv3dArgs, CONV3D_ARGS);

Shape5 x_shape(const Conv3dArgs& a) {
  const std::int64_t d[5] = {to_int(a.x0), to_int(a.x1), to_int(a.x2), to_int(a.x3), to_int(a.x4)};
  return shape5_from_layout(layout_of(a), d);
}

Shape5 dy_shape(const Conv3dArgs& a) {
  const std::int64_t d[5] = {to_int(a.g0), to_int(a.g1), to_int(a.g2), to_int(a.g3), to_int(a.g4)};
  return shape5_from_layout(layout_of(a), d);
}

Status plan_of(const char* fn, const Conv3dArgs& a, Conv3dPlan* plan) {
  Conv3dParams p;
  p.conv.stride_h = to_int(a.strideH);
  p.conv.stride_w = to_int(a.strideW);
  p.conv.dilation_h = to_int(a.dilationH);
  p.conv.dilation_w = to_int(a.dilationW);
  p.conv.padding = static_cast<PaddingMode>(to_int(a.padMode));
  p.conv.pad_top = to_int(a.padTop);
  p.conv.pad_bottom = to_int(a.padBottom);
  p.conv.pad_left = to_int(a.padLeft);
  p.conv.pad_right = to_int(a.padRight);
  p.conv.has_bias = to_int(a.hasBias) != 0;
  p.conv.clamp = Clamp{to_float(a.convMin), to_float(a.convMax)};
  p.stride_d = to_int(a.strideD);
  p.dilation_d = to_int(a.dilationD);
  p.pad_front = to_int(a.padFront);
  p.pad_back = to_int(a.padBack);
  const Filter3dShape f{to_int(a.kernelD), to_int(a.kernelH), to_int(a.kernelW), to_int(a.filterIn),
                        to_int(a.filterOut)};
  return plan_conv3d(fn, p, x_shape(a), f, plan);
}

std::string str5(const Shape5& s) {
  return "[" + to_str(s.n) + ", " + to_str(s.d) + ", " + to_str(s.h) + ", " + to_str(s.w) + ", " +
         to_str(s.c) + "]";
}

Status check_dy(const char* fn, const Conv3dArgs& a, const Shape5& want) {
  const Shape5 got = dy_shape(a);
  if (got.n == want.n && got.d == want.d && got.h == want.h && got.w == want.w && got.c == want.c) {
    return Status::Ok();
  }
  return Status::Range(std::string(fn) + ": dy shape " + str5(got) + " must equal " + str5(want) +
                       " (NDHWC order)");
}

std::size_t spatial(const Shape5& s) { return static_cast<std::size_t>(s.d * s.h * s.w); }
std::size_t sz(std::int64_t v) { return static_cast<std::size_t>(v); }

// An NDHWC-shaped output in the caller's layout; records the caller-order shape.
int emit5(const char* fn, Layout layout, const Shape5& s, std::size_t elements, float** dst) {
  const int code = emit_output(fn, Shape4{s.n, s.d, s.h * s.w, s.c}, elements, dst);
  std::int64_t dims[5];
  shape5_to_layout(layout, s, dims);
  record_shape(dims, 5);
  return code;
}

Status input5(const char* fn, Layout layout, std::uintptr_t in, const Shape5& s,
              Workspace::Slot slot, const float** out) {
  return to_channels_last(fn, layout, sz(s.n), spatial(s), sz(s.c), as_floats(in),
                          state().layout_ws, slot, out);
}

Status filter5(const char* fn, const Conv3dArgs& a, std::uintptr_t filter, const Conv3dPlan& plan,
               const float** out) {
  const Filter3dShape& f = plan.filter;
  const FilterLayout fl = to_int(a.filterLayout) == 1 ? FilterLayout::kOihw : FilterLayout::kHwio;
  // OIDHW is OIHW with one row of kd*kh*kw taps.
  return filter_to_hwio(fn, fl,
                        FilterShape{1, f.kernel_d * f.kernel_h * f.kernel_w, f.in_c, f.out_c},
                        false, as_floats(filter), state().layout_ws, Workspace::kTaps, out);
}

}  // namespace

// a0: x; a1: the filter; a2: the bias (or 0).
CONDENSE_OP_ENTRY(conv3d, Conv3dArgs) {
  const char* fn = "conv3d";
  const Conv3dArgs a = read_args<Conv3dArgs>();
  const Layout layout = layout_of(a);
  Conv3dPlan plan;
  Status status = plan_of(fn, a, &plan);
  if (!status.ok()) return fail(status);
  float* dst = nullptr;
  if (int code = emit5(fn, layout, plan.out, plan.out_elements, &dst)) return code;
  const float* x = nullptr;
  const float* w = nullptr;
  condense::LayoutOutput out;
  status = input5(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = filter5(fn, a, a1, plan, &w);
  if (status.ok()) {
    status = layout_output(fn, layout, sz(plan.out.n), spatial(plan.out), sz(plan.out.c), dst,
                           state().layout_ws, Workspace::kRowB, &out);
  }
  if (status.ok()) {
    status = run_conv3d(*state().table, plan, x, w, as_floats(a2), out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

// a0: dy; a1: the filter. x0..x4: the forward input's shape (inputShape).
CONDENSE_OP_ENTRY(conv3dGradInput, Conv3dArgs) {
  const char* fn = "conv3dGradInput";
  const Conv3dArgs a = read_args<Conv3dArgs>();
  const Layout layout = layout_of(a);
  Conv3dPlan plan;
  Status status = plan_of(fn, a, &plan);
  if (status.ok()) status = check_dy(fn, a, plan.out);
  if (!status.ok()) return fail(status);
  float* dst = nullptr;
  if (int code = emit5(fn, layout, plan.in, plan.in_elements, &dst)) return code;
  const float* dy = nullptr;
  const float* w = nullptr;
  condense::LayoutOutput out;
  status = input5(fn, layout, a0, plan.out, Workspace::kRowA, &dy);
  if (status.ok()) status = filter5(fn, a, a1, plan, &w);
  if (status.ok()) {
    status = layout_output(fn, layout, sz(plan.in.n), spatial(plan.in), sz(plan.in.c), dst,
                           state().layout_ws, Workspace::kRowB, &out);
  }
  if (status.ok()) {
    status = run_conv3d_grad_input(*state().table, plan, dy, w, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

// a0: x; a1: dy. The gradient comes back in the filter layout (DHWIO or OIDHW).
CONDENSE_OP_ENTRY(conv3dGradFilter, Conv3dArgs) {
  const char* fn = "conv3dGradFilter";
  const Conv3dArgs a = read_args<Conv3dArgs>();
  const Layout layout = layout_of(a);
  Conv3dPlan plan;
  Status status = plan_of(fn, a, &plan);
  if (status.ok()) status = check_dy(fn, a, plan.out);
  if (!status.ok()) return fail(status);
  const Filter3dShape& f = plan.filter;
  const bool oidhw = to_int(a.filterLayout) == 1;
  float* dst = nullptr;
  const int code = emit_output(fn, Shape4{f.kernel_d, f.kernel_h, f.kernel_w, f.in_c * f.out_c},
                               plan.filter_elements, &dst);
  const std::int64_t dims[5] = {oidhw ? f.out_c : f.kernel_d, oidhw ? f.in_c : f.kernel_h,
                                oidhw ? f.kernel_d : f.kernel_w, oidhw ? f.kernel_h : f.in_c,
                                oidhw ? f.kernel_w : f.out_c};
  record_shape(dims, 5);
  if (code != 0) return code;
  const float* x = nullptr;
  const float* dy = nullptr;
  status = input5(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = input5(fn, layout, a1, plan.out, Workspace::kRowA, &dy);
  float* dhwio = dst;
  if (status.ok() && oidhw) {
    status = state().layout_ws.get_array(fn, Workspace::kTaps, plan.filter_elements, &dhwio);
  }
  if (status.ok()) {
    status = run_conv3d_grad_filter(*state().table, plan, x, dy, dhwio, state().workspace);
  }
  if (!status.ok()) return fail(status);
  if (oidhw) {
    filter_hwio_to_oihw(1, sz(f.kernel_d * f.kernel_h * f.kernel_w), sz(f.in_c), sz(f.out_c), dhwio,
                        dst);
  }
  return 0;
}

}  // namespace bindings
}  // namespace condense
