// PReLU (parametric ReLU, Keras PReLU / tf.keras.layers.PReLU with shared_axes over the spatial
// axes, PyTorch nn.PReLU) and its gradient over NHWC float32 tensors, with one slope per channel
// or one slope for the whole tensor.
#pragma once

#include <cstddef>

#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

// y = x > 0 ? x : alpha[c] * x, elementwise.
//   fn           the public (JavaScript) name of the operation, used in error messages.
//   shape        x's NHWC shape (validated as validate_shape does: every extent in [1, kMaxDim]).
//   x            shape.n * h * w * c floats.
//   alpha        alpha_count slopes; any float (a NaN slope makes that channel's non-positive
//                outputs NaN, as Keras and PyTorch do).
//   alpha_count  1 (one slope for every element) or shape.c (one per channel); anything else
//                is a RangeError naming `alpha`.
//   y            as many floats as x; may be x (in place).
// NaN x gives alpha * NaN (a NaN); -0 gives alpha * -0 (its sign follows alpha).
Status prelu_nhwc_f32(const char* fn, const KernelTable& table, const Shape4& shape, const float* x,
                      const float* alpha, std::size_t alpha_count, float* y);

// The gradient of prelu_nhwc_f32 (PyTorch's prelu backward):
//   dx        = x > 0 ? dy : alpha[c] * dy                   (elementwise; may alias dy or x)
//   dalpha[c] = sum of dy * x over the elements of channel c with !(x > 0), i.e. x <= 0 or NaN
//               (alpha_count == 1: one sum over every element).
//   dy, x     shape's floats each; dalpha: alpha_count floats.
// The sums are deterministic and identical on every kernel table: float partial sums over blocks
// of at most 256 kernel rows in row order (see src/kernels/f32-prelu/f32-prelu.h), added in
// double in block order, the repeated copies of a folded channel (src/ops/channel-fold.h) added
// in double in copy order, then rounded to float once. A NaN x or dy on the negative side makes
// its dalpha NaN; an infinite product makes it infinite (or NaN for inf - inf). A NaN dalpha is
// always the positive quiet NaN (0x7fc00000), whichever NaNs were summed.
// Threads take whole blocks, each block's float partial sums in its own row of ws's kRowA slot
// (a cache-line-padded row per block plus one for the tail: under 1/128 of x), so the sums are
// the same on any thread count. Uses ws's kRowA and kRowB slots (kRowB: period doubles).
Status prelu_grad_nhwc_f32(const char* fn, const KernelTable& table, const Shape4& shape,
                           const float* dy, const float* x, const float* alpha,
                           std::size_t alpha_count, float* dx, float* dalpha, Workspace& ws);

}  // namespace condense
