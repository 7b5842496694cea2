// conv2dGradInput, conv2dGradFilter: the gradients of conv2d.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// n, h, w, c: the forward input's shape; the filter's dims as conv2d; gN..gC: dy's shape.
#define CONV_GRAD_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_SECOND(A) CONDENSE_ARGS_CONV(A)
CONDENSE_ARGS(ConvGradArgs, CONV_GRAD_ARGS);

}  // namespace

// a0: dy; a1: the filter.
CONDENSE_OP_ENTRY(conv2dGradInput, ConvGradArgs) {
  const char* fn = "conv2dGradInput";
  const ConvGradArgs a = read_args<ConvGradArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_conv2d(fn, conv_of(a), false, input_shape(a), filter_shape_of(a), &plan);
  if (status.ok()) status = check_shape(fn, "dy", second_shape(a), plan.out);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.in, plan.in_elements, &out)) return code;
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

// a0: x; a1: dy. The gradient comes back in the filter layout (HWIO or OIHW).
CONDENSE_OP_ENTRY(conv2dGradFilter, ConvGradArgs) {
  const char* fn = "conv2dGradFilter";
  const ConvGradArgs a = read_args<ConvGradArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_conv2d(fn, conv_of(a), false, input_shape(a), filter_shape_of(a), &plan);
  if (status.ok()) status = check_shape(fn, "dy", second_shape(a), plan.out);
  if (!status.ok()) return fail(status);
  const FilterLayout filter_layout =
      to_int(a.filterLayout) == 1 ? FilterLayout::kOihw : FilterLayout::kHwio;
  std::int64_t dims[4];
  filter_dims(filter_layout, plan.filter, dims);
  float* dst = nullptr;
  const Shape4 shape{dims[0], dims[1], dims[2], dims[3]};
  if (int code = emit_output(fn, shape, plan.filter_elements, &dst)) return code;
  FilterOutput out;
  const float* x = nullptr;
  const float* dy = nullptr;
  status =
      filter_output(fn, filter_layout, plan.filter, dst, state().layout_ws, Workspace::kTaps, &out);
  if (status.ok()) status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = layout_input(fn, layout, a1, plan.out, Workspace::kRowA, &dy);
  if (status.ok()) {
    status = run_conv2d_grad_filter(*state().table, plan, x, dy, out.hwio, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
