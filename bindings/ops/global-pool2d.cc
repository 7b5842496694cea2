// globalAvgPool2d, globalMaxPool2d: one value per image and channel.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define GLOBAL_POOL2D_ARGS(A) CONDENSE_ARGS_INPUT(A)
CONDENSE_ARGS(GlobalPool2dArgs, GLOBAL_POOL2D_ARGS);

int global_pool2d(const char* fn, PoolType type, std::uintptr_t in) {
  const GlobalPool2dArgs a = read_args<GlobalPool2dArgs>();
  const Layout layout = layout_of(a);
  GlobalPoolPlan plan;
  Status status = plan_global_pool2d(fn, type, input_shape(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  const Shape4 out_shape{plan.in.n, 1, 1, plan.in.c};
  if (int code = emit_layout_output(fn, layout, out_shape, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, in, plan.in, Workspace::kPadded, &x);
  if (!status.ok()) return fail(status);
  run_global_pool2d(*state().table, plan, x, out.nhwc);
  out.finish();
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(globalAvgPool2d, GlobalPool2dArgs) {
  return global_pool2d("globalAvgPool2d", PoolType::kAvg, a0);
}
CONDENSE_OP_ENTRY(globalMaxPool2d, GlobalPool2dArgs) {
  return global_pool2d("globalMaxPool2d", PoolType::kMax, a0);
}

}  // namespace bindings
}  // namespace condense
