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
  // Grouped conv (groups > 1, more than one input channel per group): the filter as one
  // contiguous HWIO block per group, and a row buffer of out.w * (out_c / groups) floats.
  const float* group_weights = nullptr;
  float* group_row = nullptr;
};

// Fills input->group_weights / group_row for a grouped plan (nothing otherwise).
Status prepare_grouped_filter(const char* fn, const Conv2dPlan& plan, const float* weights,
                              Workspace& ws, ConvInput* input);

// A grouped conv with one input channel per group (groups = channels): the depthwise kernel.
bool conv_is_depthwise_grouped(const Conv2dPlan& plan);

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
