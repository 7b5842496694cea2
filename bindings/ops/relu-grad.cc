// reluGrad, relu6Grad, clampGrad, leakyReluGrad: the activations' gradients, dx from dy and the
// forward input x (dy and x may be resident tensors). oneThread != 0 (the JS side sets it when dx
// is copied out, see relu-grad.mjs) keeps the call on the calling thread.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define RELU_GRAD_ARGS(A) A(count) A(oneThread)
#define CLAMP_GRAD_ARGS(A) A(count) A(oneThread) A(min) A(max)
#define LEAKY_RELU_GRAD_ARGS(A) A(count) A(oneThread) A(alpha)
CONDENSE_ARGS(ReluGradArgs, RELU_GRAD_ARGS);
CONDENSE_ARGS(ClampGradArgs, CLAMP_GRAD_ARGS);
CONDENSE_ARGS(LeakyReluGradArgs, LEAKY_RELU_GRAD_ARGS);

// Plans dx (dy's element count); on a dry run returns kPlanned before any data is read.
int grad_output(const char* fn, std::int64_t count, float** dx) {
  if (count < 0) return fail(Status::Range(std::string(fn) + ": bad element count"));
  return emit_output(fn, Shape4{1, 1, 1, count}, static_cast<std::size_t>(count), dx);
}

}  // namespace

CONDENSE_OP_ENTRY(reluGrad, ReluGradArgs) {
  const ReluGradArgs a = read_args<ReluGradArgs>();
  const std::int64_t count = to_int(a.count);
  float* dx = nullptr;
  if (int code = grad_output("reluGrad", count, &dx)) return code;
  const Status status = run_relu_grad(*state().table, static_cast<std::size_t>(count),
                                      as_floats(a0), as_floats(a1), dx, split_of(a.oneThread));
  return status.ok() ? 0 : fail(status);
}

CONDENSE_OP_ENTRY(relu6Grad, ReluGradArgs) {
  const ReluGradArgs a = read_args<ReluGradArgs>();
  const std::int64_t count = to_int(a.count);
  float* dx = nullptr;
  if (int code = grad_output("relu6Grad", count, &dx)) return code;
  const Status status = run_relu6_grad(*state().table, static_cast<std::size_t>(count),
                                       as_floats(a0), as_floats(a1), dx, split_of(a.oneThread));
  return status.ok() ? 0 : fail(status);
}

CONDENSE_OP_ENTRY(clampGrad, ClampGradArgs) {
  const ClampGradArgs a = read_args<ClampGradArgs>();
  const std::int64_t count = to_int(a.count);
  float* dx = nullptr;
  if (int code = grad_output("clampGrad", count, &dx)) return code;
  const Status status =
      run_clamp_grad(*state().table, static_cast<std::size_t>(count), as_floats(a0), as_floats(a1),
                     to_float(a.min), to_float(a.max), dx, split_of(a.oneThread));
  return status.ok() ? 0 : fail(status);
}

CONDENSE_OP_ENTRY(leakyReluGrad, LeakyReluGradArgs) {
  const LeakyReluGradArgs a = read_args<LeakyReluGradArgs>();
  const std::int64_t count = to_int(a.count);
  float* dx = nullptr;
  if (int code = grad_output("leakyReluGrad", count, &dx)) return code;
  const Status status =
      run_leaky_relu_grad(*state().table, static_cast<std::size_t>(count), as_floats(a0),
                          as_floats(a1), to_float(a.alpha), dx, split_of(a.oneThread));
  return status.ok() ? 0 : fail(status);
}

}  // namespace bindings
}  // namespace condense
