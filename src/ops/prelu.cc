// PReLU and its gradient: validation, folding narrow channel counts into wide kernel rows, and
// the deterministic order of the slope gradient's sums. Threads take whole kernel rows (prelu) or
// whole blocks of them with their own partial sums (preluGrad), so the results and the order of
// every sum are those of one thread.
#include "ops/prelu.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/format.h"
#include "core/parallel-elements.h"
#include "core/parallel.h"
#include "ops/channel-fold.h"

namespace condense {

namespace {

// Kernel rows per partial sum of the slope gradient.
constexpr std::size_t kGradBlockRows = 256;

Status check_alpha(const char* fn, const Shape4& shape, std::size_t alpha_count,
                   std::size_t* elements) {
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", shape, elements));
  const std::size_t channels = static_cast<std::size_t>(shape.c);
  if (alpha_count != 1 && alpha_count != channels) {
    return Status::Range(std::string(fn) + ": alpha must have 1 or " + to_str(channels) +
                         " (channels) values (got " + to_str(alpha_count) + ")");
  }
  return Status::Ok();
}

}  // namespace

Status prelu_nhwc_f32(const char* fn, const KernelTable& table, const Shape4& shape, const float* x,
                      const float* alpha, std::size_t alpha_count, float* y) {
  std::size_t elements = 0;
  CONDENSE_RETURN_IF_ERROR(check_alpha(fn, shape, alpha_count, &elements));
  const ChannelFold fold = fold_channels(elements, alpha_count);
  float repeated[kFoldWidth];
  const float* slopes = alpha;
  if (fold.period != fold.channels) {
    repeat_channels(fold, alpha, repeated);
    slopes = repeated;
  }
  // Threads take whole kernel rows (each starts at channel 0); the tail row stays on the caller.
  const Status status =
      parallel_rows(fold.rows, fold.period, [&](std::size_t row, std::size_t rows) {
        const std::size_t offset = row * fold.period;
        table.prelu(rows, fold.period, x + offset, slopes, y + offset);
      });
  if (!status.ok()) return status;
  if (fold.tail > 0) {
    const std::size_t done = fold.rows * fold.period;
    table.prelu(1, fold.tail, x + done, slopes, y + done);
  }
  return Status::Ok();
}

Status prelu_grad_nhwc_f32(const char* fn, const KernelTable& table, const Shape4& shape,
                           const float* dy, const float* x, const float* alpha,
                           std::size_t alpha_count, float* dx, float* dalpha, Workspace& ws) {
  std::size_t elements = 0;
  CONDENSE_RETURN_IF_ERROR(check_alpha(fn, shape, alpha_count, &elements));
  const ChannelFold fold = fold_channels(elements, alpha_count);
  // One partial-sum row per block of kGradBlockRows kernel rows (and one for the tail), each on
  // its own cache lines, so threads can take whole blocks.
  const std::size_t blocks = (fold.rows + kGradBlockRows - 1) / kGradBlockRows;
  if (blocks + 1 > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Status::Range(std::string(fn) + ": x is too large");
  }
  float* partials = nullptr;
  std::size_t stride = 0;
  double* totals = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowA, fold.period,
                                             static_cast<int>(blocks + 1), &partials, &stride));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, fold.period, &totals));
  float repeated[kFoldWidth];
  const float* slopes = alpha;
  if (fold.period != fold.channels) {
    repeat_channels(fold, alpha, repeated);
    slopes = repeated;
  }
  for (std::size_t j = 0; j < fold.period; ++j) totals[j] = 0.0;

  // Whole periods, kGradBlockRows kernel rows at a time (threads take whole blocks, each writing
  // its own partial row); then the tail row. The partial rows are added in block order.
  const std::int64_t work = static_cast<std::int64_t>(kGradBlockRows * fold.period);
  CONDENSE_RETURN_IF_ERROR(parallel_for(
      static_cast<std::int64_t>(blocks), work, [&](std::int64_t begin, std::int64_t end, int) {
        for (std::size_t b = static_cast<std::size_t>(begin); b < static_cast<std::size_t>(end);
             ++b) {
          const std::size_t row = b * kGradBlockRows;
          const std::size_t rows =
              fold.rows - row < kGradBlockRows ? fold.rows - row : kGradBlockRows;
          const std::size_t offset = row * fold.period;
          table.prelu_grad(rows, fold.period, dy + offset, x + offset, slopes, dx + offset,
                           partials + b * stride);
        }
      }));
  for (std::size_t b = 0; b < blocks; ++b) {
    const float* partial = partials + b * stride;
    for (std::size_t j = 0; j < fold.period; ++j) totals[j] += static_cast<double>(partial[j]);
  }
  if (fold.tail > 0) {
    const std::size_t offset = fold.rows * fold.period;
    float* partial = partials + blocks * stride;
    table.prelu_grad(1, fold.tail, dy + offset, x + offset, slopes, dx + offset, partial);
    for (std::size_t j = 0; j < fold.tail; ++j) totals[j] += static_cast<double>(partial[j]);
  }

  // The copies of each channel in a folded row, in copy order.
  for (std::size_t c = 0; c < fold.channels; ++c) {
    double sum = totals[c];
    for (std::size_t j = c + fold.channels; j < fold.period; j += fold.channels) sum += totals[j];
    // A NaN sum is the canonical quiet NaN: which operand's sign and payload an add of two NaNs
    // keeps is up to the engine (x86 keeps the first, and V8 may commute the operands), so they
    // could differ between builds.
    dalpha[c] = std::isnan(sum) ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(sum);
  }
  return Status::Ok();
}

}  // namespace condense
