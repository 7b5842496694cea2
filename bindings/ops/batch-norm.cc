// batchNorm: batch normalisation in inference mode (Keras BatchNormalization, training=False).
#include "ops/batch-norm.h"

#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// n, spatial, c: as prelu; the parameters come packed [mean, variance, scale?, offset?] (c each).
#define BATCH_NORM_ARGS(A) A(n) A(spatial) A(c) A(layout) A(hasScale) A(hasOffset) A(epsilon)
CONDENSE_ARGS(BatchNormArgs, BATCH_NORM_ARGS);

}  // namespace

// a0: x; a1: the packed parameters.
CONDENSE_OP_ENTRY(batchNorm, BatchNormArgs) {
  const char* fn = "batchNorm";
  const BatchNormArgs a = read_args<BatchNormArgs>();
  const Layout layout = layout_of(a);
  const Shape4 s{to_int(a.n), 1, to_int(a.spatial), to_int(a.c)};
  std::size_t elements = 0;
  Status status = validate_shape(fn, "x", s, &elements);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, s, elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, a0, s, Workspace::kPadded, &x);
  const float* p = as_floats(a1);
  const std::size_t c = static_cast<std::size_t>(s.c);
  const float* scale = to_int(a.hasScale) != 0 ? p + 2 * c : nullptr;
  const float* offset = to_int(a.hasOffset) != 0 ? p + (scale ? 3 : 2) * c : nullptr;
  if (status.ok()) {
    status = batch_norm_nhwc_f32(fn, *state().table, s, x, p, p + c, scale, offset,
                                 to_float(a.epsilon), out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
