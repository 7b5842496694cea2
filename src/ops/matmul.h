// Matrix multiplication (tf.linalg.matmul / tf.matmul with transpose_a / transpose_b, tfjs
// BatchMatMul, torch.matmul, ONNX MatMul / Gemm) with a bias and a fused activation (TF
// _FusedMatMul, Keras Dense, PyTorch nn.Linear), float32, through the f32-gemm kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

constexpr int kMatMulMaxRank = 5;

// The operands as the caller wrote them.
//   matMul (dense = false): a [m, k] or [batch, m, k] ([k, m] / [batch, k, m] with transpose_a),
//     b [k, n] or [batch, k, n] ([n, k] ... with transpose_b). A batch of 1 (or a 2-D operand)
//     broadcasts over the other's batch (tf.matmul's batch broadcasting); the output is
//     [batch, m, n] when either operand is 3-D, else [m, n].
//   dense (dense = true): a is x [..., k] of rank 1 to 5 (leading dims flattened into m), b the
//     kernel [k, n] (transpose_b: [n, k], nn.Linear's weight); the output is [..., n].
struct MatMulParams {
  const char* a_name = "a";
  const char* b_name = "b";
  std::int64_t a_dims[kMatMulMaxRank] = {};
  int a_rank = 2;
  std::int64_t b_dims[kMatMulMaxRank] = {};
  int b_rank = 2;
  bool transpose_a = false;
  bool transpose_b = false;
  bool dense = false;
  std::int64_t bias_count = -1;  // -1: no bias; else must equal n
  Clamp clamp;
};

struct MatMulPlan {
  std::size_t batch = 1, m = 1, k = 1, n = 1;
  bool broadcast_a = false, broadcast_b = false;  // the operand's single matrix serves every batch
  bool transpose_a = false, transpose_b = false;
  Clamp clamp;
  std::int64_t out_dims[kMatMulMaxRank] = {};
  int out_rank = 2;
  std::size_t out_elements = 0;
};

// Validates the shapes (every extent in [1, kMaxDim], ranks, inner dims, batches, the bias
// length: RangeErrors naming fn and the parameter, e.g. "matMul: b.shape ...") and plans.
Status plan_matmul(const char* fn, const MatMulParams& params, MatMulPlan* plan);

// y = clamp(op(a)·op(b) + bias) per batch matrix, op = transpose or not. Each output is the float
// sum from +0 over k in order (see src/kernels/f32-gemm/f32-gemm.h), then + bias[j], then the
// clamp; identical bits on every kernel table. bias: n floats or null. y: out_elements floats,
// not overlapping the inputs. Transposed operands are copied row-major into ws's kRowA / kRowB;
// with 8 or more rows of A, B is packed into 8-column panels in ws's kPadded slot (same sums).
Status run_matmul(const char* fn, const KernelTable& table, const MatMulPlan& plan, const float* a,
                  const float* b, const float* bias, float* y, Workspace& ws);

}  // namespace condense
