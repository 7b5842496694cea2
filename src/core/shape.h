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

}  // namespace condense
