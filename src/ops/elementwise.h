// elementwise: add, sub, mul (two arrays of one shape, or an array and one number), step
// (tf.step) and channelSum (the sum over every axis but the last: a bias gradient). Shapes are
// the binding's: these ops see flat arrays. Work is split across the thread pool by element
// (or, for channelSum, by channel), so results never depend on the thread count.
#pragma once

#include <cstddef>

#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

enum class BinaryOp { kAdd, kSub, kMul };

// y = a op b, element by element (y may alias a or b).
Status run_binary(const KernelTable& table, BinaryOp op, std::size_t n, const float* a,
                  const float* b, float* y);
// y = a op c, or c op a when `scalar_first` (y may alias a).
Status run_binary_scalar(const KernelTable& table, BinaryOp op, std::size_t n, const float* a,
                         float c, bool scalar_first, float* y);
// y = x > 0 ? 1 : (x is NaN ? NaN : alpha) (tf.step).
Status run_step(const KernelTable& table, std::size_t n, const float* x, float alpha, float* y);
// y[c] = the sum of x[r * channels + c] over r in order, in double, rounded once to float
// (tfjs-backend-cpu's Sum). rows * channels floats in x; channels >= 1.
Status run_channel_sum(const char* fn, const KernelTable& table, std::size_t rows,
                       std::size_t channels, const float* x, float* y, Workspace& ws);

}  // namespace condense
