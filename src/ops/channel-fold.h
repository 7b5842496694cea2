// Folding narrow channel counts into wider kernel rows, for per-channel elementwise kernels
// (f32-prelu, f32-vaffine-c) that vectorise over channels. Such an op over NHWC data with C
// channels is the same op over rows of `period` = C * k floats whose per-channel parameters are
// repeated k times, so 1- or 3-channel images still fill whole vectors. The flat data splits
// into `rows` whole periods and one `tail` row of the remaining floats (a multiple of C, so it
// starts at channel 0 like every row).
#pragma once

#include <cstddef>

namespace condense {

// Channel counts below kFoldBelow are repeated up to at most kFoldWidth floats per row.
constexpr std::size_t kFoldWidth = 64;
constexpr std::size_t kFoldBelow = 32;

struct ChannelFold {
  std::size_t channels = 1;  // C
  std::size_t period = 1;    // C * k: floats per kernel row
  std::size_t rows = 0;      // whole periods
  std::size_t tail = 0;      // floats in the last, partial row (0: none)
};

inline ChannelFold fold_channels(std::size_t elements, std::size_t channels) {
  ChannelFold f;
  f.channels = channels;
  f.period = channels < kFoldBelow ? channels * (kFoldWidth / channels) : channels;
  f.rows = elements / f.period;
  f.tail = elements % f.period;
  return f;
}

// dst[j] = src[j % channels] for j < period.
inline void repeat_channels(const ChannelFold& f, const float* src, float* dst) {
  for (std::size_t j = 0; j < f.period; ++j) dst[j] = src[j % f.channels];
}

}  // namespace condense
