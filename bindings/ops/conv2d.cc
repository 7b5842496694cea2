// conv2d, depthwiseConv2d: 2-D convolution with bias and a fused clamp (activation), groups
// (conv2d) and PyTorch's padding modes.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// groups: conv2d's channel groups (1 for depthwise); padFill: PadFill (padMode).
#define CONV2D_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_CONV(A) A(groups) A(padFill)
CONDENSE_ARGS(Conv2dArgs, CONV2D_ARGS);

int conv2d(const char* fn, bool depthwise, std::uintptr_t in, std::uintptr_t filter,
           std::uintptr_t bias) {
  const Conv2dArgs a = read_args<Conv2dArgs>();
  const Layout layout = layout_of(a);
  Conv2dParams params = conv_of(a);
  params.groups = to_int(a.groups);
  params.pad_fill = static_cast<PadFill>(to_int(a.padFill));
  Conv2dPlan plan;
  Status status = plan_conv2d(fn, params, depthwise, input_shape(a), filter_shape_of(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  const float* w = nullptr;
  status = layout_input(fn, layout, in, plan.in, Workspace::kPadded, &x);
  if (status.ok()) {
    status = hwio_filter(fn, to_int(a.filterLayout) == 1, filter, plan.filter, depthwise, &w);
  }
  if (status.ok()) {
    status = run_conv2d(*state().table, plan, x, w, as_floats(bias), out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(conv2d, Conv2dArgs) { return conv2d("conv2d", false, a0, a1, a2); }
CONDENSE_OP_ENTRY(depthwiseConv2d, Conv2dArgs) {
  return conv2d("depthwiseConv2d", true, a0, a1, a2);
}

}  // namespace bindings
}  // namespace condense
