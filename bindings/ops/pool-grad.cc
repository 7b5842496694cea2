// maxPool2dGrad, avgPool2dGrad: the gradients of 2-D max and average pooling.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// n, h, w, c: the forward input's shape (the gradient's); gN..gC: dy's.
#define POOL_GRAD_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_SECOND(A) CONDENSE_ARGS_POOL(A)
CONDENSE_ARGS(PoolGradArgs, POOL_GRAD_ARGS);

}  // namespace

// a0: x; a1: dy.
CONDENSE_OP_ENTRY(maxPool2dGrad, PoolGradArgs) {
  const char* fn = "maxPool2dGrad";
  const PoolGradArgs a = read_args<PoolGradArgs>();
  const Layout layout = layout_of(a);
  Pool2dPlan plan;
  Status status = plan_pool2d(fn, pool_of(a, PoolType::kMax), input_shape(a), &plan);
  if (status.ok()) status = check_shape(fn, "dy", second_shape(a), plan.out);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.in, plan.in_elements, &out)) return code;
  const float* x = nullptr;
  const float* dy = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = layout_input(fn, layout, a1, plan.out, Workspace::kRowA, &dy);
  if (status.ok()) {
    status = run_max_pool2d_grad(*state().table, plan, x, dy, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

// a0: dy.
CONDENSE_OP_ENTRY(avgPool2dGrad, PoolGradArgs) {
  const char* fn = "avgPool2dGrad";
  const PoolGradArgs a = read_args<PoolGradArgs>();
  const Layout layout = layout_of(a);
  Pool2dPlan plan;
  Status status = plan_pool2d(fn, pool_of(a, PoolType::kAvg), input_shape(a), &plan);
  if (status.ok()) status = check_shape(fn, "dy", second_shape(a), plan.out);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.in, plan.in_elements, &out)) return code;
  const float* dy = nullptr;
  status = layout_input(fn, layout, a0, plan.out, Workspace::kRowA, &dy);
  if (status.ok()) {
    status = run_avg_pool2d_grad(*state().table, plan, dy, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
