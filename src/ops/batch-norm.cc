// Batch normalisation (inference): per-channel coefficients in float32, then one f32-vaffine-c
// pass over the tensor.
#include "ops/batch-norm.h"

#include <cmath>
#include <string>

#include "core/format.h"
#include "core/parallel-elements.h"
#include "ops/channel-fold.h"

namespace condense {

Status batch_norm_nhwc_f32(const char* fn, const KernelTable& table, const Shape4& shape,
                           const float* x, const float* mean, const float* variance,
                           const float* scale, const float* offset, float epsilon, float* y,
                           Workspace& ws) {
  std::size_t elements = 0;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", shape, &elements));
  if (!(epsilon >= 0.0f) || !std::isfinite(epsilon)) {
    return Status::Range(std::string(fn) + ": epsilon must be a finite number >= 0 (got " +
                         to_str(epsilon) + ")");
  }
  const ChannelFold fold = fold_channels(elements, static_cast<std::size_t>(shape.c));
  float* a = nullptr;
  float* b = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, fold.period, &a));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowB, fold.period, &b));
  for (std::size_t c = 0; c < fold.channels; ++c) {
    const float root = std::sqrt(variance[c] + epsilon);
    float inv = 1.0f / root;
    if (scale != nullptr) inv = inv * scale[c];
    const float shift = mean[c] * inv;
    a[c] = inv;
    b[c] = offset != nullptr ? offset[c] - shift : -shift;
  }
  for (std::size_t j = fold.channels; j < fold.period; ++j) {
    a[j] = a[j - fold.channels];
    b[j] = b[j - fold.channels];
  }
  // Threads take whole kernel rows (each starts at channel 0); the tail row stays on the caller.
  const Status status =
      parallel_rows(fold.rows, fold.period, [&](std::size_t row, std::size_t rows) {
        const std::size_t first = row * fold.period;
        table.vaffine_c(rows, fold.period, x + first, a, b, y + first);
      });
  if (!status.ok()) return status;
  if (fold.tail > 0) {
    const std::size_t done = fold.rows * fold.period;
    table.vaffine_c(1, fold.tail, x + done, a, b, y + done);
  }
  return Status::Ok();
}

}  // namespace condense
