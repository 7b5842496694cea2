// reluGrad: dx = dy where x > 0, else 0 (dy and x may be resident tensors).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define RELU_GRAD_ARGS(A) A(count)
CONDENSE_ARGS(ReluGradArgs, RELU_GRAD_ARGS);

}  // namespace

CONDENSE_OP_ENTRY(reluGrad, ReluGradArgs) {
  const char* fn = "reluGrad";
  const std::int64_t count = to_int(read_args<ReluGradArgs>().count);
  if (count < 0) return fail(Status::Range("reluGrad: bad element count"));
  float* dx = nullptr;
  const std::size_t elements = static_cast<std::size_t>(count);
  if (int code = emit_output(fn, Shape4{1, 1, 1, count}, elements, &dx)) return code;
  const Status status = run_relu_grad(*state().table, elements, as_floats(a0), as_floats(a1), dx);
  return status.ok() ? 0 : fail(status);
}

}  // namespace bindings
}  // namespace condense
