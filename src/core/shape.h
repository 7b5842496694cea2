// Shapes and window geometry. This is the ONE place where output sizes and padding are
// computed (TF/Keras 'valid'/'same', explicit padding, PyTorch/ONNX ceil mode); ops use the
// resulting AxisGeometry for both allocation and kernel loop bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace condense {

// Largest accepted extent of any single dimension or window parameter. Keeps every index
// computation comfortably inside int64 and every extent inside int32 for the JS boundary.
constexpr std::int64_t kMaxDim = std::int64_t{1} << 30;

struct Shape4 {  // NHWC
  std::int64_t n = 1, h = 1, w = 1, c = 1;
  std::int64_t pixels() const { return h * w; }
};

// Validates that every extent is in [1, kMaxDim] and that the element count and byte size
// fit in a buffer; writes the element count.
Status validate_shape(const char* fn, const char* param, const Shape4& shape,
                      std::size_t* elements);

std::string shape_str(const Shape4& shape);

// A second tensor (dy, indices) must have the shape the op expects: RangeError naming `param`.
Status check_shape(const char* fn, const char* param, const Shape4& got, const Shape4& want);

enum class PaddingMode : std::int32_t {
  kValid = 0,      // no padding
  kSame = 1,       // TF/Keras/tfjs and ONNX SAME_UPPER: odd extra pad at the end
  kExplicit = 2,   // given [before, after] per axis
  kSameLower = 3,  // ONNX SAME_LOWER: odd extra pad at the beginning
};

// Geometry of one spatial axis of a windowed op.
struct AxisGeometry {
  std::int64_t in = 0;      // input extent
  std::int64_t window = 1;  // taps
  std::int64_t stride = 1;
  std::int64_t dilation = 1;
  std::int64_t pad_before = 0;
  std::int64_t pad_after = 0;
  std::int64_t out = 0;  // output extent

  std::int64_t effective_window() const { return (window - 1) * dilation + 1; }
  // First input coordinate (may be negative: padding) of output o's window.
  std::int64_t start(std::int64_t o) const { return o * stride - pad_before; }
  // In-bounds taps of output o: taps [*first, *first + *count) land inside [0, in).
  void in_bounds_taps(std::int64_t o, std::int64_t* first, std::int64_t* count) const;
  // Taps of output o that land inside [-pad_before, in + pad_after) (PyTorch's
  // count_include_pad divisor: padding counts, the ceil-mode overhang does not).
  std::int64_t taps_inside_padding(std::int64_t o) const;
};

struct AxisRequest {
  std::int64_t in = 0, window = 1, stride = 1, dilation = 1;
  PaddingMode mode = PaddingMode::kValid;
  std::int64_t pad_before = 0, pad_after = 0;  // used with kExplicit
  bool ceil_mode = false;                      // PyTorch/ONNX ceil_mode (explicit/valid only)
};

// Names used in error messages: the JS function and the parameters as the user wrote them.
struct WindowNames {
  const char* fn;      // "maxPool2d"
  const char* window;  // "poolSize" or "filter"
  const char* axis;    // "height" or "width"
};

// Computes one axis: output size and padding. Fails with a RangeError naming the parameter
// when the window does not fit, a size is out of range, or (require_input_in_every_window)
// some window would see only padding.
Status compute_axis(const WindowNames& names, const AxisRequest& request,
                    bool require_input_in_every_window, AxisGeometry* geometry);

// Transposed convolution (conv2dTranspose) along one axis. The transposed conv of an input of
// extent `in` is the input gradient of a forward conv whose input has the transposed output's
// extent; compute_transpose_axis returns that forward geometry: g->in is the transposed output
// extent O, g->out = in, g->pad_before the transposed padding at the beginning, and
// g->pad_after = stride * (in - 1) + effective_window - pad_before - O (negative when cells at
// the end receive no input: output padding). Output extent, with nat = stride * (in - 1) +
// effective_window (k_eff):
//   output_size given: O = output_size; padding from it (kValid: 0, O in [nat, nat + stride - 1]
//     (tf.nn.conv2d_transpose VALID); kSame / kSameLower: total = max(0, nat - O) split as
//     TF / ONNX SAME_UPPER (extra at the end) / SAME_LOWER; kExplicit: the given pads, and
//     O - (nat - pads) in [0, max(stride, dilation)) (PyTorch's output_size rule)).
//   kExplicit: O = nat - pad_before - pad_after + output_padding (PyTorch, ONNX pads).
//   kValid: O = in * stride + max(k_eff - stride, 0) when output_padding is not given, else
//     nat + output_padding (Keras deconv_output_length; padding 0).
//   kSame / kSameLower: O = in * stride when output_padding is not given, else
//     nat - 2 * (k_eff / 2) + output_padding (Keras); padding: total = max(0, nat - O) as TF.
// output_padding (when given) must be < stride or < dilation (PyTorch's rule); when both are
// given, output_size must equal the size output_padding gives (ONNX models may carry both).
// Errors are RangeErrors naming the parameter.
struct TransposeAxisRequest {
  std::int64_t in = 0, window = 1, stride = 1, dilation = 1;
  PaddingMode mode = PaddingMode::kValid;
  std::int64_t pad_before = 0, pad_after = 0;  // used with kExplicit
  std::int64_t output_padding = -1;            // -1: not given
  std::int64_t output_size = 0;                // 0: not given
};

Status compute_transpose_axis(const WindowNames& names, const TransposeAxisRequest& request,
                              AxisGeometry* geometry);

}  // namespace condense
