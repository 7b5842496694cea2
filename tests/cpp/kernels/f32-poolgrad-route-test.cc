// f32-poolgrad maxpool_grad_route: each cell of the window gets 0 + g where its tap is the
// channel's maximum, else +0; channels around the SIMD width, windows 1x1 to 3x4, dy with -0,
// NaN and infinities, a column stride wider than the channels (dilated or strided windows),
// canaries around every row; scalar == SIMD bit for bit.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"

namespace {

using test::bits;

}  // namespace

TEST_CASE("f32-poolgrad maxpool_grad_route: the maximum's cell gets 0 + g, the others +0",
          "[f32-poolgrad]") {
  std::mt19937 rng(9301);
  const float specials[] = {-0.0f,      0.0f,        std::numeric_limits<float>::quiet_NaN(),
                            test::kInf, -test::kInf, 1e-45f};
  for (std::size_t channels : {1u, 3u, 4u, 5u, 8u, 11u}) {
    for (std::size_t rows : {1u, 2u, 3u}) {
      for (std::size_t cols : {1u, 2u, 4u}) {
        CAPTURE(channels, rows, cols);
        const std::size_t col_stride = channels + 3;  // cells apart by more than the channels
        const std::size_t row_len = cols * col_stride + 2;
        std::vector<float> g(channels);
        std::vector<std::int32_t> where(channels);
        test::fill(rng, g, -4.0f, 4.0f);
        for (std::size_t c = 0; c < channels; ++c) {
          if (c % 3 == 0) g[c] = specials[c % 6];
          where[c] = static_cast<std::int32_t>(rng() % (rows * cols));
        }
        std::vector<std::vector<float>> results;
        for (const condense::KernelTable* table : test::tables()) {
          CAPTURE(table->isa);
          const float canary = test::from_bits(0x7fc0cafeu);
          std::vector<float> dx(rows * row_len, canary);
          std::vector<float*> ptrs(rows);
          for (std::size_t r = 0; r < rows; ++r) ptrs[r] = dx.data() + r * row_len;
          table->maxpool_grad_route(rows, cols, channels, ptrs.data(), col_stride, where.data(),
                                    g.data());
          for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t i = 0; i < row_len; ++i) {
              const std::size_t j = i / col_stride, c = i % col_stride;
              const float got = dx[r * row_len + i];
              if (j >= cols || c >= channels) {
                CHECK(bits(got) == bits(canary));  // between cells: untouched
                continue;
              }
              const bool hit = where[c] == static_cast<std::int32_t>(r * cols + j);
              const float want = hit ? 0.0f + g[c] : 0.0f;
              CAPTURE(r, j, c, g[c]);
              CHECK((bits(got) == bits(want) || (test::is_nan(got) && test::is_nan(want))));
            }
          }
          results.push_back(dx);
        }
        if (results.size() == 2) {
          CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), results[0].size());
        }
      }
    }
  }
}
