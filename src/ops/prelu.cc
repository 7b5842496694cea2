// PReLU and its gradient: validation, folding narrow channel counts into wide kernel rows, and
// the deterministic order of the slope gradient's sums.
#include "ops/prelu.h"

#include <string>

#include "core/format.h"
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
  if (fold.rows > 0) table.prelu(fold.rows, fold.period, x, slopes, y);
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
  float* partial = nullptr;
  double* totals = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, fold.period, &partial));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, fold.period, &totals));
  float repeated[kFoldWidth];
  const float* slopes = alpha;
  if (fold.period != fold.channels) {
    repeat_channels(fold, alpha, repeated);
    slopes = repeated;
  }
  for (std::size_t j = 0; j < fold.period; ++j) totals[j] = 0.0;

  // Whole periods, kGradBlockRows kernel rows at a time; then the tail row.
  for (std::size_t row = 0; row < fold.rows; row += kGradBlockRows) {
    const std::size_t rows = fold.rows - row < kGradBlockRows ? fold.rows - row : kGradBlockRows;
    const std::size_t offset = row * fold.period;
    table.prelu_grad(rows, fold.period, dy + offset, x + offset, slopes, dx + offset, partial);
    for (std::size_t j = 0; j < fold.period; ++j) totals[j] += static_cast<double>(partial[j]);
  }
  if (fold.tail > 0) {
    const std::size_t offset = fold.rows * fold.period;
    table.prelu_grad(1, fold.tail, dy + offset, x + offset, slopes, dx + offset, partial);
    for (std::size_t j = 0; j < fold.tail; ++j) totals[j] += static_cast<double>(partial[j]);
  }

  // The copies of each channel in a folded row, in copy order.
  for (std::size_t c = 0; c < fold.channels; ++c) {
    double sum = totals[c];
    for (std::size_t j = c + fold.channels; j < fold.period; j += fold.channels) sum += totals[j];
    dalpha[c] = static_cast<float>(sum);
  }
  return Status::Ok();
}

}  // namespace condense
