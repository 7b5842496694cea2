// add, sub, mul, step, channelSum: elementwise arithmetic of tensors of one shape (or a tensor
// and a number) and the per-channel sum (a0, a1: the tensors' addresses; resident or copied in).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// scalarSide: 0 = two tensors (a0, a1), 1 = tensor a0 op scalar, 2 = scalar op tensor a0.
#define BINARY_ARGS(A) A(count) A(scalarSide) A(scalar)
#define STEP_ARGS(A) A(count) A(alpha)
#define CHANNEL_SUM_ARGS(A) A(rows) A(channels)
CONDENSE_ARGS(BinaryArgs, BINARY_ARGS);
CONDENSE_ARGS(StepArgs, STEP_ARGS);
CONDENSE_ARGS(ChannelSumArgs, CHANNEL_SUM_ARGS);

// Plans y (count floats); on a dry run returns kPlanned before any data is read.
int flat_output(const char* fn, std::int64_t count, float** y) {
  if (count < 0) return fail(Status::Range(std::string(fn) + ": bad element count"));
  return emit_output(fn, Shape4{1, 1, 1, count}, static_cast<std::size_t>(count), y);
}

int binary(const char* fn, BinaryOp op, std::uintptr_t a, std::uintptr_t b) {
  const BinaryArgs args = read_args<BinaryArgs>();
  const std::int64_t count = to_int(args.count);
  float* y = nullptr;
  if (int code = flat_output(fn, count, &y)) return code;
  const std::size_t n = static_cast<std::size_t>(count);
  const std::int64_t side = to_int(args.scalarSide);
  const Status status = side == 0 ? run_binary(*state().table, op, n, as_floats(a), as_floats(b), y)
                                  : run_binary_scalar(*state().table, op, n, as_floats(a),
                                                      to_float(args.scalar), side == 2, y);
  return status.ok() ? 0 : fail(status);
}

}  // namespace

CONDENSE_OP_ENTRY(add, BinaryArgs) { return binary("add", BinaryOp::kAdd, a0, a1); }
CONDENSE_OP_ENTRY(sub, BinaryArgs) { return binary("sub", BinaryOp::kSub, a0, a1); }
CONDENSE_OP_ENTRY(mul, BinaryArgs) { return binary("mul", BinaryOp::kMul, a0, a1); }

CONDENSE_OP_ENTRY(step, StepArgs) {
  const StepArgs args = read_args<StepArgs>();
  const std::int64_t count = to_int(args.count);
  float* y = nullptr;
  if (int code = flat_output("step", count, &y)) return code;
  const Status status = run_step(*state().table, static_cast<std::size_t>(count), as_floats(a0),
                                 to_float(args.alpha), y);
  return status.ok() ? 0 : fail(status);
}

CONDENSE_OP_ENTRY(channelSum, ChannelSumArgs) {
  const char* fn = "channelSum";
  const ChannelSumArgs args = read_args<ChannelSumArgs>();
  const std::int64_t rows = to_int(args.rows);
  const std::int64_t channels = to_int(args.channels);
  if (rows < 1 || channels < 1) return fail(Status::Range("channelSum: bad shape"));
  float* y = nullptr;
  if (int code = flat_output(fn, channels, &y)) return code;
  const Status status =
      run_channel_sum(fn, *state().table, static_cast<std::size_t>(rows),
                      static_cast<std::size_t>(channels), as_floats(a0), y, state().workspace);
  return status.ok() ? 0 : fail(status);
}

}  // namespace bindings
}  // namespace condense
