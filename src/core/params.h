// Parameter structs shared by ops, bindings and tests. Plain data; validation lives in ops.
#pragma once

#include <cstdint>
#include <limits>

#include "core/shape.h"

namespace condense {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Output clamp fused into conv and pooling (XNNPACK "minmax"): ReLU is [0, +inf).
struct Clamp {
  float min = -kInf;
  float max = kInf;
};

struct Window2d {
  std::int64_t window_h = 2, window_w = 2;
  std::int64_t stride_h = 2, stride_w = 2;
  std::int64_t dilation_h = 1, dilation_w = 1;
  PaddingMode padding = PaddingMode::kValid;
  std::int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  bool ceil_mode = false;
};

enum class PoolType : std::int32_t { kMax = 0, kAvg = 1 };

struct Pool2dParams {
  Window2d window;
  PoolType type = PoolType::kMax;
  bool count_include_pad = false;     // average: divisor counts padded cells (PyTorch default)
  std::int64_t divisor_override = 0;  // average: > 0 replaces the divisor
  Clamp clamp;
};

// How a convolution's padded border is filled (PyTorch's padding_mode; F.pad's modes): zeros,
// reflect (mirror without the edge), replicate (repeat the edge), circular (wrap around).
enum class PadFill : std::int32_t { kZeros = 0, kReflect = 1, kReplicate = 2, kCircular = 3 };

struct Conv2dParams {
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t dilation_h = 1, dilation_w = 1;
  PaddingMode padding = PaddingMode::kValid;
  std::int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  bool has_bias = false;
  Clamp clamp;
  std::int64_t groups = 1;  // conv2d: input and output channels split into groups
  PadFill pad_fill = PadFill::kZeros;
};

}  // namespace condense
