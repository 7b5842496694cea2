// f32-conv-grad-filter-c1: the one-channel filter gradient over a run of pixels, against the
// contract's running float sums (the same float operations, so exact bits), scalar == SIMD,
// strides and gaps between the gradient's tap rows untouched, canaries intact.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"

TEST_CASE("f32-conv-grad-filter-c1: taps 1..25, channels 1..33, strides, specials",
          "[f32-conv-grad]") {
  std::mt19937 rng(7011);
  const float specials[] = {0.0f, -0.0f, test::kInf, -test::kInf, 1e-45f, -1e-45f, 3e38f};
  for (std::size_t taps : {1u, 2u, 4u, 8u, 9u, 10u, 17u, 25u}) {
    for (std::size_t channels : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 13u, 32u, 33u}) {
      for (std::size_t pixels : {1u, 3u, 28u}) {
        const std::size_t x_step = 1 + (taps + channels) % 3;
        const std::size_t dy_stride = channels + (pixels % 2) * 3;
        const std::size_t dw_stride = channels + taps % 3;
        CAPTURE(taps, channels, pixels, x_step, dy_stride, dw_stride);
        std::vector<std::size_t> offsets(taps);
        for (std::size_t t = 0; t < taps; ++t) offsets[t] = (t * 7 + t / 3) % 31;
        const std::size_t x_len =
            (pixels - 1) * x_step + *std::max_element(offsets.begin(), offsets.end()) + 1;
        test::Input x(x_len), dy((pixels - 1) * dy_stride + channels);
        test::fill(rng, x.data(), x_len);
        test::fill(rng, dy.data(), dy.size());
        for (std::size_t i = 0; i < x_len; i += 5) x[i] = specials[i % 7];
        for (std::size_t i = 2; i < dy.size(); i += 11) dy[i] = specials[(i + 3) % 7];
        const std::size_t dw_len = (taps - 1) * dw_stride + channels;
        std::vector<float> start(dw_len);
        test::fill(rng, start);
        // The contract: each element one running float sum from its start, pixels in order.
        std::vector<float> want = start;
        for (std::size_t t = 0; t < taps; ++t) {
          for (std::size_t co = 0; co < channels; ++co) {
            float acc = start[t * dw_stride + co];
            for (std::size_t p = 0; p < pixels; ++p) {
              acc += x[p * x_step + offsets[t]] * dy[p * dy_stride + co];
            }
            want[t * dw_stride + co] = acc;
          }
        }
        std::vector<std::vector<float>> results;
        for (const condense::KernelTable* table : test::tables()) {
          CAPTURE(table->isa);
          test::Output dw(dw_len);
          std::copy(start.begin(), start.end(), dw.data());
          table->conv_grad_filter_c1(pixels, taps, channels, x.data(), x_step, offsets.data(),
                                     dy.data(), dy_stride, dw.data(), dw_stride);
          CHECK(dw.canaries_intact());
          CHECK_SAME_BITS_OR_BOTH_NAN(dw.data(), want.data(), dw_len);
          results.push_back(dw.values());
        }
        if (results.size() == 2) {
          CHECK_SAME_BITS(results[0].data(), results[1].data(), dw_len);
        }
      }
    }
  }
}
