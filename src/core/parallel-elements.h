// Splitting flat float arrays across the thread pool for elementwise ops (add, relu, the ReLU
// gradients, ...) and per-channel ones over whole rows (prelu, batchNorm). Threads take
// contiguous ranges in blocks of a few pages of floats, so the split never cuts finer than that,
// and calls below kParallelMinWork elements stay on the calling thread. Each element's arithmetic
// is the same whichever thread computes it, so results are bit-identical to one thread.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/parallel.h"

namespace condense {

// Elements per parallel_for item (16 KB of floats).
constexpr std::size_t kElementBlock = 4096;

// Runs f(first_row, row_count) over contiguous ranges covering rows [0, rows) of row_size
// elements each; every range but the last holds a whole number of blocks of
// max(1, kElementBlock / row_size) rows. A row is never cut, so a per-channel kernel called on
// a range starts at channel 0 as it does on the whole array.
template <typename F>
Status parallel_rows(std::size_t rows, std::size_t row_size, F&& f) {
  const std::size_t per_block = row_size >= kElementBlock ? 1 : kElementBlock / row_size;
  const std::int64_t blocks = static_cast<std::int64_t>((rows + per_block - 1) / per_block);
  const std::int64_t work = static_cast<std::int64_t>(per_block * row_size);
  return parallel_for(blocks, work, [&](std::int64_t begin, std::int64_t end, int) {
    const std::size_t r0 = static_cast<std::size_t>(begin) * per_block;
    const std::size_t r1 = end == blocks ? rows : static_cast<std::size_t>(end) * per_block;
    f(r0, r1 - r0);
  });
}

// Who runs an elementwise call. kCaller: the calling thread alone, for callers whose time goes to
// copying the data in and out around it (the JS API's activations on plain arrays, copied in
// 64 K-float slices: splitting them was measured slower than not).
enum class Split { kPool, kCaller };

// Runs f(first, count) over contiguous ranges covering elements [0, n) (kCaller: f(0, n)).
template <typename F>
Status parallel_elements(std::size_t n, F&& f, Split split = Split::kPool) {
  if (split == Split::kCaller) {
    if (n > 0) f(std::size_t{0}, n);
    return Status::Ok();
  }
  return parallel_rows(n, 1, f);
}

}  // namespace condense
