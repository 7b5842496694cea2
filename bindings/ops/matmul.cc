// matMul, dense: matrix products with transposes, batch broadcasting, bias and a fused
// activation (one op: src/ops/matmul.h).
#include "ops/matmul.h"

#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// a0..a4 / b0..b2: the operands' dims (aRank / bRank of them); biasCount: -1 without a bias;
// actMin, actMax: the fused activation as a clamp.
// clang-format off
#define MATMUL_ARGS(A)                                                                         \
  A(a0) A(a1) A(a2) A(a3) A(a4) A(aRank) A(b0) A(b1) A(b2) A(bRank) A(transposeA)             \
  A(transposeB) A(biasCount) A(actMin) A(actMax)
// clang-format on
CONDENSE_ARGS(MatMulArgs, MATMUL_ARGS);

int matmul(const char* fn, bool dense, std::uintptr_t a, std::uintptr_t b, std::uintptr_t bias) {
  const MatMulArgs args = read_args<MatMulArgs>();
  MatMulParams p;
  p.dense = dense;
  p.a_name = dense ? "x" : "a";
  p.b_name = dense ? "kernel" : "b";
  const double ad[kMatMulMaxRank] = {args.a0, args.a1, args.a2, args.a3, args.a4};
  const double bd[3] = {args.b0, args.b1, args.b2};
  for (int i = 0; i < kMatMulMaxRank; ++i) p.a_dims[i] = to_int(ad[i]);
  for (int i = 0; i < 3; ++i) p.b_dims[i] = to_int(bd[i]);
  p.a_rank = static_cast<int>(to_int(args.aRank));
  p.b_rank = static_cast<int>(to_int(args.bRank));
  p.transpose_a = to_int(args.transposeA) != 0;
  p.transpose_b = to_int(args.transposeB) != 0;
  p.bias_count = to_int(args.biasCount);
  p.clamp = Clamp{to_float(args.actMin), to_float(args.actMax)};
  MatMulPlan plan;
  Status status = plan_matmul(fn, p, &plan);
  if (!status.ok()) return fail(status);
  float* y = nullptr;
  const Shape4 flat{static_cast<std::int64_t>(plan.batch), 1, static_cast<std::int64_t>(plan.m),
                    static_cast<std::int64_t>(plan.n)};
  const int code = emit_output(fn, flat, plan.out_elements, &y);
  record_shape(plan.out_dims, plan.out_rank);
  if (code != 0) return code;
  status = run_matmul(fn, *state().table, plan, as_floats(a), as_floats(b),
                      p.bias_count >= 0 ? as_floats(bias) : nullptr, y, state().workspace);
  if (!status.ok()) return fail(status);
  return 0;
}

}  // namespace

// a0: a; a1: b; a2: bias (when biasCount >= 0).
CONDENSE_OP_ENTRY(matMul, MatMulArgs) { return matmul("matMul", false, a0, a1, a2); }

// a0: x; a1: kernel; a2: bias (when biasCount >= 0).
CONDENSE_OP_ENTRY(dense, MatMulArgs) { return matmul("dense", true, a0, a1, a2); }

}  // namespace bindings
}  // namespace condense
