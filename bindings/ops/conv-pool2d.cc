// convPool2d: the lesson's pipeline fused in one pass: conv2d -> activation -> pooling.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define CONV_POOL2D_ARGS(A) \
  CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_CONV(A) CONDENSE_ARGS_POOL(A) A(poolType) A(padFill)
CONDENSE_ARGS(ConvPool2dArgs, CONV_POOL2D_ARGS);

}  // namespace

CONDENSE_OP_ENTRY(convPool2d, ConvPool2dArgs) {
  const char* fn = "convPool2d";
  const ConvPool2dArgs a = read_args<ConvPool2dArgs>();
  const Layout layout = layout_of(a);
  ConvPoolPlan plan;
  Conv2dParams conv = conv_of(a);
  conv.pad_fill = static_cast<PadFill>(to_int(a.padFill));
  Status status = plan_conv_pool2d(fn, conv, pool_of(a, pool_type(a.poolType)), input_shape(a),
                                   filter_shape_of(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.pool.out, plan.pool.out_elements, &out)) {
    return code;
  }
  const float* x = nullptr;
  const float* w = nullptr;
  status = layout_input(fn, layout, a0, plan.conv.in, Workspace::kPadded, &x);
  if (status.ok()) {
    status = hwio_filter(fn, to_int(a.filterLayout) == 1, a1, plan.conv.filter, false, &w);
  }
  if (status.ok()) {
    status =
        run_conv_pool2d(*state().table, plan, x, w, as_floats(a2), out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
