// prelu, preluGrad: parametric ReLU with one slope per channel (or one for all), and its gradient.
#include "ops/prelu.h"

#include "core/format.h"
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// n: the batch (every dim before the channels, channels-first: dim 0); spatial: the elements of
// one channel in one batch entry; c: the channels; alphaCount: 1 or c.
#define PRELU_ARGS(A) A(n) A(spatial) A(c) A(layout) A(alphaCount)
CONDENSE_ARGS(PreluArgs, PRELU_ARGS);

Shape4 shape_of(const PreluArgs& a) {
  return Shape4{to_int(a.n), 1, to_int(a.spatial), to_int(a.c)};
}

Status check_alpha(const char* fn, const PreluArgs& a, const Shape4& s) {
  const std::int64_t count = to_int(a.alphaCount);
  if (count != 1 && count != s.c) {
    return Status::Range(std::string(fn) + ": alpha must hold 1 or " + to_str(s.c) +
                         " (channels) slopes (got " + to_str(count) + ")");
  }
  return Status::Ok();
}

}  // namespace

// a0: x; a1: alpha. The output is x's shape in x's layout.
CONDENSE_OP_ENTRY(prelu, PreluArgs) {
  const char* fn = "prelu";
  const PreluArgs a = read_args<PreluArgs>();
  const Layout layout = layout_of(a);
  const Shape4 s = shape_of(a);
  std::size_t elements = 0;
  Status status = validate_shape(fn, "x", s, &elements);
  if (status.ok()) status = check_alpha(fn, a, s);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, s, elements, &out)) return code;
  const float* x = nullptr;
  status = layout_input(fn, layout, a0, s, Workspace::kPadded, &x);
  if (status.ok()) {
    status = prelu_nhwc_f32(fn, *state().table, s, x, as_floats(a1),
                            static_cast<std::size_t>(to_int(a.alphaCount)), out.nhwc);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

// a0: dy; a1: x; a2: alpha. dx is the output; dalpha (alphaCount floats) the side output.
CONDENSE_OP_ENTRY(preluGrad, PreluArgs) {
  const char* fn = "preluGrad";
  const PreluArgs a = read_args<PreluArgs>();
  const Layout layout = layout_of(a);
  const Shape4 s = shape_of(a);
  std::size_t elements = 0;
  Status status = validate_shape(fn, "x", s, &elements);
  if (status.ok()) status = check_alpha(fn, a, s);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, s, elements, &out)) return code;
  const std::size_t alpha_count = static_cast<std::size_t>(to_int(a.alphaCount));
  std::int32_t* aux = nullptr;
  if (int code = emit_aux(fn, alpha_count, &aux)) return code;
  const float* dy = nullptr;
  const float* x = nullptr;
  status = layout_input(fn, layout, a0, s, Workspace::kPadded, &dy);
  if (status.ok()) status = layout_input(fn, layout, a1, s, Workspace::kTaps, &x);
  if (status.ok()) {
    status = prelu_grad_nhwc_f32(fn, *state().table, s, dy, x, as_floats(a2), alpha_count, out.nhwc,
                                 reinterpret_cast<float*>(aux), state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
