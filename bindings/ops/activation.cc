// relu, relu6, clamp, leakyRelu: elementwise activations, in place in the input slot for
// copied-in data, or into the caller's buffer (call.outAddress: a resident result). oneThread != 0
// (the JS side sets it for copied-in inputs, see activation.mjs) keeps the call on the calling
// thread.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define COUNT_ARGS(A) A(count) A(oneThread)
#define CLAMP_ARGS(A) A(count) A(oneThread) A(min) A(max)
#define LEAKY_RELU_ARGS(A) A(count) A(oneThread) A(alpha)
CONDENSE_ARGS(CountArgs, COUNT_ARGS);
CONDENSE_ARGS(ClampArgs, CLAMP_ARGS);
CONDENSE_ARGS(LeakyReluArgs, LEAKY_RELU_ARGS);

int elementwise_output(const char* fn, std::int64_t count, std::uintptr_t in, float** out) {
  if (count < 0) return fail(Status::Range(std::string(fn) + ": bad element count"));
  State& s = state();
  if (s.call.outAddress != 0 || s.call.dryRun != 0) {
    return emit_output(fn, Shape4{1, 1, 1, count}, static_cast<std::size_t>(count), out);
  }
  *out = reinterpret_cast<float*>(in);
  s.result.address = static_cast<double>(in);
  s.result.count = static_cast<double>(count);
  return 0;
}

int clamp(const char* fn, std::int64_t count, double one_thread, std::uintptr_t in, float min,
          float max) {
  float* out = nullptr;
  if (int code = elementwise_output(fn, count, in, &out)) return code;
  const Status status = run_clamp(fn, *state().table, static_cast<std::size_t>(count),
                                  as_floats(in), out, min, max, split_of(one_thread));
  return status.ok() ? 0 : fail(status);
}

}  // namespace

CONDENSE_OP_ENTRY(relu, CountArgs) {
  const CountArgs a = read_args<CountArgs>();
  return clamp("relu", to_int(a.count), a.oneThread, a0, 0.0f, kInf);
}
CONDENSE_OP_ENTRY(relu6, CountArgs) {
  const CountArgs a = read_args<CountArgs>();
  return clamp("relu6", to_int(a.count), a.oneThread, a0, 0.0f, 6.0f);
}
CONDENSE_OP_ENTRY(clamp, ClampArgs) {
  const ClampArgs a = read_args<ClampArgs>();
  return clamp("clamp", to_int(a.count), a.oneThread, a0, to_float(a.min), to_float(a.max));
}
CONDENSE_OP_ENTRY(leakyRelu, LeakyReluArgs) {
  const char* fn = "leakyRelu";
  const LeakyReluArgs a = read_args<LeakyReluArgs>();
  const std::int64_t count = to_int(a.count);
  float* out = nullptr;
  if (int code = elementwise_output(fn, count, a0, &out)) return code;
  const Status status =
      run_leaky_relu(fn, *state().table, static_cast<std::size_t>(count), as_floats(a0), out,
                     to_float(a.alpha), split_of(a.oneThread));
  return status.ok() ? 0 : fail(status);
}

}  // namespace bindings
}  // namespace condense
