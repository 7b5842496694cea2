// maxPool2dWithArgmax: max pooling plus the index of each maximum (tf / torch / onnx conventions).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define ARGMAX_POOL2D_ARGS(A) CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_POOL(A) A(indexConvention)
CONDENSE_ARGS(ArgmaxPool2dArgs, ARGMAX_POOL2D_ARGS);

}  // namespace

CONDENSE_OP_ENTRY(maxPool2dWithArgmax, ArgmaxPool2dArgs) {
  const char* fn = "maxPool2dWithArgmax";
  const ArgmaxPool2dArgs a = read_args<ArgmaxPool2dArgs>();
  const Layout layout = layout_of(a);
  Pool2dPlan plan;
  Status status = plan_pool2d(fn, pool_of(a, PoolType::kMax), input_shape(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  std::int32_t* indices = nullptr;
  if (int code = emit_aux(fn, plan.out_elements, &indices)) return code;
  LayoutIndices nhwc_indices;
  status = layout_output(fn, layout, plan.out, indices, state().layout_ws, Workspace::kRing,
                         &nhwc_indices);
  const float* x = nullptr;
  if (status.ok()) status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) {
    status = run_max_pool2d_argmax(*state().table, plan,
                                   static_cast<ArgmaxConvention>(to_int(a.indexConvention)), x,
                                   out.nhwc, nhwc_indices.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  nhwc_indices.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
