// adaptiveAvgPool2d, adaptiveMaxPool2d: PyTorch's adaptive pooling to a given output size.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define ADAPTIVE_POOL2D_ARGS(A) CONDENSE_ARGS_INPUT(A) A(outSizeH) A(outSizeW)
CONDENSE_ARGS(AdaptivePool2dArgs, ADAPTIVE_POOL2D_ARGS);

int adaptive_pool2d(const char* fn, PoolType type, std::uintptr_t in) {
  const AdaptivePool2dArgs a = read_args<AdaptivePool2dArgs>();
  const Layout layout = layout_of(a);
  AdaptivePool2dPlan plan;
  Status status =
      plan_adaptive_pool2d(fn, type, input_shape(a), to_int(a.outSizeH), to_int(a.outSizeW), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, in, plan.in, Workspace::kPadded, &x);
  if (status.ok()) {
    status = run_adaptive_pool2d(*state().table, plan, x, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(adaptiveAvgPool2d, AdaptivePool2dArgs) {
  return adaptive_pool2d("adaptiveAvgPool2d", PoolType::kAvg, a0);
}
CONDENSE_OP_ENTRY(adaptiveMaxPool2d, AdaptivePool2dArgs) {
  return adaptive_pool2d("adaptiveMaxPool2d", PoolType::kMax, a0);
}

}  // namespace bindings
}  // namespace condense
