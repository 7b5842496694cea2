// Batch normalisation in inference mode over NHWC float32 tensors, with the semantics of Keras
// BatchNormalization (training=False) and tf.nn.batch_normalization.
#pragma once

#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {

// Per channel c, in float32 (TF's float kernels compute in the tensor's dtype; TensorFlow's own
// code: inv = rsqrt(variance + epsilon); inv *= scale; x * inv + (offset - mean * inv)):
//   inv[c] = 1 / sqrt(variance[c] + epsilon)           (two correctly rounded float operations)
//   a[c]   = scale ? inv[c] * scale[c] : inv[c]
//   b[c]   = offset ? offset[c] - mean[c] * a[c] : -(mean[c] * a[c])   (TF's `-mean * inv`)
// then elementwise y = x * a[c] + b[c] (multiply, then add, each rounded to float; no FMA).
// TF's CPU rsqrt may use a hardware estimate plus a Newton step, so its inv can differ from the
// correctly rounded 1 / sqrt in the last bit; this op is the correctly rounded, reproducible one.
//   fn        the public (JavaScript) name of the operation, used in error messages.
//   shape     x's NHWC shape (validated as validate_shape does).
//   x         shape's floats; y: as many floats, may be x (in place).
//   mean, variance                  shape.c floats each (the caller checks the lengths).
//   scale, offset                   shape.c floats each, or nullptr (scale 1, offset absent).
//   epsilon   added to the variance: a finite number >= 0, else a RangeError naming `epsilon`
//             (Keras' default is 0.001; 0 is allowed, as tf.nn.batch_normalization allows it).
// A negative variance + epsilon gives NaN outputs for its channel and a zero one infinities or
// NaN, as in TF; NaN anywhere in a channel's parameters makes that channel NaN.
// Uses ws's kRowA and kRowB slots (two rows of at most max(C, 64) floats).
Status batch_norm_nhwc_f32(const char* fn, const KernelTable& table, const Shape4& shape,
                           const float* x, const float* mean, const float* variance,
                           const float* scale, const float* offset, float epsilon, float* y,
                           Workspace& ws);

}  // namespace condense
