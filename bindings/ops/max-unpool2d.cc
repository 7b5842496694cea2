// maxUnpool2d: scatters pooled values back to the positions their argmax indices name.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define MAX_UNPOOL2D_ARGS(A) \
  CONDENSE_ARGS_INPUT(A)     \
  CONDENSE_ARGS_SECOND(A) CONDENSE_ARGS_POOL(A) A(outSizeH) A(outSizeW) A(indexConvention)
CONDENSE_ARGS(MaxUnpool2dArgs, MAX_UNPOOL2D_ARGS);

}  // namespace

// a0: the values; a1: the int32 indices.
CONDENSE_OP_ENTRY(maxUnpool2d, MaxUnpool2dArgs) {
  const char* fn = "maxUnpool2d";
  const MaxUnpool2dArgs a = read_args<MaxUnpool2dArgs>();
  const Layout layout = layout_of(a);
  const Shape4 in = input_shape(a);
  MaxUnpoolPlan plan;
  Status status =
      plan_max_unpool2d(fn, static_cast<ArgmaxConvention>(to_int(a.indexConvention)), in,
                        window_of(a), to_int(a.outSizeH), to_int(a.outSizeW), &plan);
  if (status.ok()) status = check_shape(fn, "indices", second_shape(a), plan.in);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* v = nullptr;
  const std::int32_t* idx = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &v);
  if (status.ok()) {
    status = to_channels_last(fn, layout, plan.in, reinterpret_cast<const std::int32_t*>(a1),
                              state().layout_ws, Workspace::kRing, &idx);
  }
  if (status.ok()) {
    status = run_max_unpool2d(*state().table, plan, v, idx, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
