// conv2dGradInput, conv2dGradFilter: the gradients of conv2d (any groups);
// depthwiseConv2dGradInput, depthwiseConv2dGradFilter: those of depthwiseConv2d, the grouped
// gradients with groups = channels.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// n, h, w, c: the forward input's shape; the filter's dims as conv2d (depthwise: JS sends
// [kh, kw, 1, C*M] and groups = C); gN..gC: dy's shape.
#define CONV_GRAD_ARGS(A) \
  CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_SECOND(A) CONDENSE_ARGS_CONV(A) A(groups)
CONDENSE_ARGS(ConvGradArgs, CONV_GRAD_ARGS);

Status plan_grad(const char* fn, const ConvGradArgs& a, Conv2dPlan* plan) {
  Conv2dParams params = conv_of(a);
  params.groups = to_int(a.groups);
  CONDENSE_RETURN_IF_ERROR(
      plan_conv2d(fn, params, false, input_shape(a), filter_shape_of(a), plan));
  return check_shape(fn, "dy", second_shape(a), plan->out);
}

// a0: dy; a1: the filter.
int grad_input(const char* fn, std::uintptr_t a0, std::uintptr_t a1) {
  const ConvGradArgs a = read_args<ConvGradArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_grad(fn, a, &plan);
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

// a0: x; a1: dy. The gradient comes back in the filter layout (HWIO or OIHW; depthwise
// [kh, kw, C, M] or [C*M, 1, kh, kw]).
int grad_filter(const char* fn, bool depthwise, std::uintptr_t a0, std::uintptr_t a1) {
  const ConvGradArgs a = read_args<ConvGradArgs>();
  const Layout layout = layout_of(a);
  Conv2dPlan plan;
  Status status = plan_grad(fn, a, &plan);
  if (!status.ok()) return fail(status);
  const FilterLayout filter_layout =
      to_int(a.filterLayout) == 1 ? FilterLayout::kOihw : FilterLayout::kHwio;
  std::int64_t dims[4];
  filter_dims(filter_layout, plan.filter, dims);
  if (depthwise && filter_layout == FilterLayout::kHwio) {  // [kh, kw, C, M], the same memory
    dims[2] = plan.params.groups;
    dims[3] = plan.filter.out_c / plan.params.groups;
  }
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

}  // namespace

CONDENSE_OP_ENTRY(conv2dGradInput, ConvGradArgs) { return grad_input("conv2dGradInput", a0, a1); }
CONDENSE_OP_ENTRY(conv2dGradFilter, ConvGradArgs) {
  return grad_filter("conv2dGradFilter", false, a0, a1);
}
CONDENSE_OP_ENTRY(depthwiseConv2dGradInput, ConvGradArgs) {
  return grad_input("depthwiseConv2dGradInput", a0, a1);
}
CONDENSE_OP_ENTRY(depthwiseConv2dGradFilter, ConvGradArgs) {
  return grad_filter("depthwiseConv2dGradFilter", true, a0, a1);
}

}  // namespace bindings
}  // namespace condense
