// conv1d, conv1dGradInput, conv1dGradFilter: 1-D convolution as the 2-D op with unit height
// (NWC = NHWC with h = 1, NCW = NCHW with h = 1; WIO = HWIO with kh = 1, OIW = OIHW with
// kh = 1), so it has conv2d's kernels, summation order and validation. JS passes the dims as
// the 4-D caller-order shape ([n, 1, w, c] or [n, c, 1, w]); outputs are recorded at rank 3.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define CONV1D_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_SECOND(A) CONDENSE_ARGS_CONV(A)
CONDENSE_ARGS(Conv1dArgs, CONV1D_ARGS);

// An NHWC shape with h = 1 recorded as [n, w, c] (NWC) or [n, c, w] (NCW).
void record3(Layout layout, const Shape4& s) {
  const bool first = layout == Layout::kChannelsFirst;
  const std::int64_t dims[3] = {s.n, first ? s.c : s.w, first ? s.w : s.c};
  record_shape(dims, 3);
}

int emit3(const char* fn, Layout layout, const Shape4& s, std::size_t elements, LayoutOutput* out) {
  const int code = emit_layout_output(fn, layout, s, elements, out);
  record3(layout, s);
  return code;
}

}  // namespace

// a0: x; a1: the filter; a2: the bias (or 0).
CONDENSE_OP_ENTRY(conv1d, Conv1dArgs) {
  const char* fn = "conv1d";
  const Conv1dArgs a = read_args<Conv1dArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_conv2d(fn, conv_of(a), false, input_shape(a), filter_shape_of(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit3(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  const float* w = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok())
    status = hwio_filter(fn, to_int(a.filterLayout) == 1, a1, plan.filter, false, &w);
  if (status.ok()) {
    status = run_conv2d(*state().table, plan, x, w, as_floats(a2), out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

// a0: dy; a1: the filter. n, h, w, c: the forward input's shape.
CONDENSE_OP_ENTRY(conv1dGradInput, Conv1dArgs) {
  const char* fn = "conv1dGradInput";
  const Conv1dArgs a = read_args<Conv1dArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_conv2d(fn, conv_of(a), false, input_shape(a), filter_shape_of(a), &plan);
  if (status.ok()) status = check_shape(fn, "dy", second_shape(a), plan.out);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit3(fn, layout, plan.in, plan.in_elements, &out)) return code;
  const float* dy = nullptr;
  const float* w = nullptr;
  status = layout_input(fn, layout, a0, plan.out, Workspace::kRowA, &dy);
  if (status.ok())
    status = hwio_filter(fn, to_int(a.filterLayout) == 1, a1, plan.filter, false, &w);
  if (status.ok()) {
    status = run_conv2d_grad_input(*state().table, plan, dy, w, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

// a0: x; a1: dy. The gradient comes back in the filter layout (WIO or OIW).
CONDENSE_OP_ENTRY(conv1dGradFilter, Conv1dArgs) {
  const char* fn = "conv1dGradFilter";
  const Conv1dArgs a = read_args<Conv1dArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_conv2d(fn, conv_of(a), false, input_shape(a), filter_shape_of(a), &plan);
  if (status.ok()) status = check_shape(fn, "dy", second_shape(a), plan.out);
  if (!status.ok()) return fail(status);
  const FilterShape& f = plan.filter;
  const bool oiw = to_int(a.filterLayout) == 1;
  float* dst = nullptr;
  const int code =
      emit_output(fn, Shape4{1, f.kernel_w, f.in_c, f.out_c}, plan.filter_elements, &dst);
  const std::int64_t dims[3] = {oiw ? f.out_c : f.kernel_w, f.in_c, oiw ? f.kernel_w : f.out_c};
  record_shape(dims, 3);
  if (code != 0) return code;
  const float* x = nullptr;
  const float* dy = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = layout_input(fn, layout, a1, plan.out, Workspace::kRowA, &dy);
  float* hwio = dst;
  if (status.ok() && oiw) {
    status = state().layout_ws.get_array(fn, Workspace::kTaps, plan.filter_elements, &hwio);
  }
  if (status.ok()) {
    status = run_conv2d_grad_filter(*state().table, plan, x, dy, hwio, state().workspace);
  }
  if (!status.ok()) return fail(status);
  if (oiw) {
    filter_hwio_to_oihw(1, static_cast<std::size_t>(f.kernel_w), static_cast<std::size_t>(f.in_c),
                        static_cast<std::size_t>(f.out_c), hwio, dst);
  }
  return 0;
}

}  // namespace bindings
}  // namespace condense
