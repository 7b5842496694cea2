// Row-level convolution shared by the conv ops and the fused conv -> pool op.
#pragma once

#include <cstdint>

#include "ops/conv2d.h"

namespace condense {

// One image ready for the row kernels: the input itself when there is no padding, else a
// zero-padded copy in the workspace.
struct ConvInput {
  const float* data = nullptr;
  std::int64_t row_stride = 0;  // floats between rows
};

Status prepare_conv_input(const char* fn, const Conv2dPlan& plan, const float* image, Workspace& ws,
                          ConvInput* input);

// Computes output row oy of one image into out_row (plan.out.w * plan.out.c floats).
void conv_row(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
              std::int64_t oy, const float* weights, const float* bias, float* out_row);

// Whether conv_row_pair computes two rows in one pass (one channel, 3x3, stride 1, dilation 1).
bool conv_pairs_rows(const Conv2dPlan& plan);

// Computes output rows oy and oy + 1 (oy + 1 < plan.out.h) into out0 and out1.
void conv_row_pair(const KernelTable& table, const Conv2dPlan& plan, const ConvInput& input,
                   std::int64_t oy, const float* weights, const float* bias, float* out0,
                   float* out1);

}  // namespace condense
