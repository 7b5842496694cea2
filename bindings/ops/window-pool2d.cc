// minPool2d, softPool2d, lpPool2d, stochasticPool2d: window pools over a function of the window.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define WINDOW_POOL2D_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_WINDOW(A)
#define LP_POOL2D_ARGS(A) WINDOW_POOL2D_ARGS(A) A(p) A(absolute)
#define STOCHASTIC_POOL2D_ARGS(A) WINDOW_POOL2D_ARGS(A) A(training) A(seed)
CONDENSE_ARGS(WindowPool2dArgs, WINDOW_POOL2D_ARGS);
CONDENSE_ARGS(LpPool2dArgs, LP_POOL2D_ARGS);
CONDENSE_ARGS(StochasticPool2dArgs, STOCHASTIC_POOL2D_ARGS);

template <class Args>
int window_pool2d(const char* fn, const Args& a, WindowPoolParams params, std::uintptr_t in) {
  const Layout layout = layout_of(a);
  params.window = window_of(a);
  WindowPoolPlan plan;
  Status status = plan_window_pool2d(fn, params, input_shape(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  const Pool2dPlan& g = plan.geometry;
  if (int code = emit_layout_output(fn, layout, g.out, g.out_elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, in, g.in, Workspace::kPadded, &x);
  if (status.ok()) {
    status = run_window_pool2d(*state().table, plan, x, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

WindowPoolParams kind(WindowPoolKind k) {
  WindowPoolParams p;
  p.kind = k;
  return p;
}

}  // namespace

CONDENSE_OP_ENTRY(minPool2d, WindowPool2dArgs) {
  return window_pool2d("minPool2d", read_args<WindowPool2dArgs>(), kind(WindowPoolKind::kMin), a0);
}
CONDENSE_OP_ENTRY(softPool2d, WindowPool2dArgs) {
  return window_pool2d("softPool2d", read_args<WindowPool2dArgs>(), kind(WindowPoolKind::kSoft),
                       a0);
}
CONDENSE_OP_ENTRY(lpPool2d, LpPool2dArgs) {
  const LpPool2dArgs a = read_args<LpPool2dArgs>();
  WindowPoolParams params = kind(WindowPoolKind::kLp);
  params.p = a.p;
  params.lp_absolute = to_int(a.absolute) != 0;
  return window_pool2d("lpPool2d", a, params, a0);
}
CONDENSE_OP_ENTRY(stochasticPool2d, StochasticPool2dArgs) {
  const StochasticPool2dArgs a = read_args<StochasticPool2dArgs>();
  WindowPoolParams params = kind(WindowPoolKind::kStochastic);
  params.training = to_int(a.training) != 0;
  params.seed = static_cast<std::uint64_t>(to_int(a.seed));
  return window_pool2d("stochasticPool2d", a, params, a0);
}

}  // namespace bindings
}  // namespace condense
