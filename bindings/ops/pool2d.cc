// maxPool2d, avgPool2d and pool (tf.nn.pool's names): 2-D max / average pooling.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define POOL2D_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_POOL(A)
#define POOL_ARGS(A) POOL2D_ARGS(A) A(poolType)
CONDENSE_ARGS(Pool2dArgs, POOL2D_ARGS);
CONDENSE_ARGS(PoolArgs, POOL_ARGS);

// window_name: the option that sets the window, named in errors ('windowShape' for pool()).
template <class Args>
int pool2d(const char* fn, const char* window_name, const Args& a, PoolType type,
           std::uintptr_t in) {
  const Pool2dParams params = pool_of(a, type);
  const Layout layout = layout_of(a);
  Pool2dPlan plan;
  Status status = plan_pool2d(fn, params, input_shape(a), &plan, window_name);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, in, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = run_pool2d(*state().table, plan, x, out.nhwc, state().workspace);
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(maxPool2d, Pool2dArgs) {
  return pool2d("maxPool2d", "poolSize", read_args<Pool2dArgs>(), PoolType::kMax, a0);
}
CONDENSE_OP_ENTRY(avgPool2d, Pool2dArgs) {
  return pool2d("avgPool2d", "poolSize", read_args<Pool2dArgs>(), PoolType::kAvg, a0);
}
// tf.nn.pool: dilated SAME pooling sees the padding as zeros (plan_tf_pool).
CONDENSE_OP_ENTRY(pool, PoolArgs) {
  const PoolArgs a = read_args<PoolArgs>();
  const char* fn = "pool";
  const Pool2dParams params = pool_of(a, pool_type(a.poolType));
  const Layout layout = layout_of(a);
  TfPoolPlan plan;
  Status status = plan_tf_pool(fn, params, input_shape(a), &plan, "windowShape");
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) status = run_tf_pool(*state().table, plan, x, out.nhwc, state().workspace);
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
