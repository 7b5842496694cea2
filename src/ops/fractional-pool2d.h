// fractional-pool2d: fractional max pooling (Graham 2014; tf.nn.fractional_max_pool;
// fractionalMaxPool2d).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/random.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

struct FractionalPoolParams {
  double ratio_h = 1.0, ratio_w = 1.0;  // >= 1; output size floor(in / ratio)
  bool pseudo_random = false;           // Graham's pseudo-random sequence, else shuffled K/K+1
  bool overlapping = false;             // windows include the next boundary row/column
  std::uint64_t seed = 0;
  // Given sequences (out + 1 entries each, 0 <= a[0] < ... < a[out] <= in) instead of drawn ones;
  // the output size is then the sequence length - 1 and the ratio is not used.
  const std::int32_t* row_sequence = nullptr;
  std::int64_t row_sequence_length = 0;
  const std::int32_t* col_sequence = nullptr;
  std::int64_t col_sequence_length = 0;
};

struct FractionalPoolPlan {
  FractionalPoolParams params;
  Shape4 in, out;
  std::size_t in_elements = 0, out_elements = 0;
};

Status plan_fractional_max_pool2d(const char* fn, const FractionalPoolParams& params,
                                  const Shape4& in, FractionalPoolPlan* plan);
// Writes the row (out.h + 1) and column (out.w + 1) pooling sequences and the pooled output.
// Drawn sequences follow tensorflow/core/kernels/fractional_pool_common.cc (rows first, then
// columns, from one SplitMix64(seed) stream; TF's own Philox stream is not reproduced: pass
// TF's sequences to get its exact windows).
Status run_fractional_max_pool2d(const KernelTable& table, const FractionalPoolPlan& plan,
                                 const float* in, float* out, std::int32_t* row_sequence,
                                 std::int32_t* col_sequence, Workspace& ws);

}  // namespace condense
