// fractionalMaxPool2d: max pooling over pseudo-random or given row/column boundaries; the
// sequences used come back as the int32 side output (rows then columns).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define FRACTIONAL_POOL2D_ARGS(A) \
  CONDENSE_ARGS_INPUT(A)          \
  A(ratioH) A(ratioW) A(pseudoRandom) A(overlapping) A(seed) A(rowSeqLen) A(colSeqLen)
CONDENSE_ARGS(FractionalPool2dArgs, FRACTIONAL_POOL2D_ARGS);

}  // namespace

// a0: the input; a1, a2: given row / column sequences (int32; lengths 0 mean "draw them").
CONDENSE_OP_ENTRY(fractionalMaxPool2d, FractionalPool2dArgs) {
  const char* fn = "fractionalMaxPool2d";
  const FractionalPool2dArgs a = read_args<FractionalPool2dArgs>();
  const Layout layout = layout_of(a);
  FractionalPoolParams params;
  params.ratio_h = a.ratioH;
  params.ratio_w = a.ratioW;
  params.pseudo_random = to_int(a.pseudoRandom) != 0;
  params.overlapping = to_int(a.overlapping) != 0;
  params.seed = static_cast<std::uint64_t>(to_int(a.seed));
  if (to_int(a.rowSeqLen) > 0) {
    params.row_sequence = reinterpret_cast<const std::int32_t*>(a1);
    params.row_sequence_length = to_int(a.rowSeqLen);
  }
  if (to_int(a.colSeqLen) > 0) {
    params.col_sequence = reinterpret_cast<const std::int32_t*>(a2);
    params.col_sequence_length = to_int(a.colSeqLen);
  }
  FractionalPoolPlan plan;
  Status status = plan_fractional_max_pool2d(fn, params, input_shape(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  std::int32_t* sequences = nullptr;
  const std::size_t seq_count = static_cast<std::size_t>(plan.out.h + 1 + plan.out.w + 1);
  if (int code = emit_aux(fn, seq_count, &sequences)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &x);
  if (status.ok()) {
    status = run_fractional_max_pool2d(*state().table, plan, x, out.nhwc, sequences,
                                       sequences + plan.out.h + 1, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
