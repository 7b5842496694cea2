// layout: channels first <-> last and OIHW <-> HWIO transpositions, and the channels-first
// adapter a binding calls once per tensor.
#include "ops/layout.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/family-helpers.h"
#include "ops/family-reference.h"

namespace {

using condense::Shape4;
using famref::i64;
using famtest::check_grad;
using famtest::random_floats;
using famtest::to_double;

}  // namespace

TEST_CASE("layout transpositions: channels first <-> last and OIHW <-> HWIO round trip",
          "[layout]") {
  std::mt19937 rng(8004);
  for (std::size_t c : {1u, 3u, 16u, 17u}) {
    for (std::size_t spatial : {1u, 5u, 33u, 100u}) {
      const std::vector<float> x = random_floats(rng, 2 * c * spatial);
      std::vector<float> last(x.size()), first(x.size());
      condense::transpose_to_channels_last(2, c, spatial, x.data(), last.data());
      for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t ch = 0; ch < c; ++ch)
          for (std::size_t s = 0; s < spatial; ++s)
            CHECK(last[(b * spatial + s) * c + ch] == x[(b * c + ch) * spatial + s]);
      condense::transpose_to_channels_first(2, spatial, c, last.data(), first.data());
      CHECK(first == x);
    }
  }
  const std::vector<float> f = random_floats(rng, 3 * 2 * 5 * 4);
  std::vector<float> hwio(f.size()), back(f.size());
  condense::filter_oihw_to_hwio(3, 2, 5, 4, f.data(), hwio.data());
  CHECK(hwio[((1 * 2 + 1) * 5 + 3) * 4 + 2] == f[((2 * 5 + 3) * 3 + 1) * 2 + 1]);
  condense::filter_hwio_to_oihw(3, 2, 5, 4, hwio.data(), back.data());
  CHECK(back == f);
  const std::int64_t dims[4] = {2, 3, 4, 5};
  const Shape4 s = condense::shape_from_layout(condense::Layout::kChannelsFirst, dims);
  CHECK((s.n == 2 && s.h == 4 && s.w == 5 && s.c == 3));
}

TEST_CASE("layout: to_channels_last / layout_output adapt a channels-first caller in one call each",
          "[layout]") {
  std::mt19937 rng(8006);
  condense::Workspace ws;
  const Shape4 s{2, 3, 5, 7};  // NHWC
  const std::size_t n = 2 * 3 * 5 * 7, spatial = 15;
  const std::vector<float> nchw = random_floats(rng, n);
  SECTION("channels last: the input and the output are the caller's own buffers") {
    const float* x = nullptr;
    REQUIRE(condense::to_channels_last("f", condense::Layout::kChannelsLast, s, nchw.data(), ws,
                                       condense::Workspace::kPadded, &x)
                .ok());
    CHECK(x == nchw.data());
    std::vector<float> dst(n);
    condense::LayoutOutput out;
    REQUIRE(condense::layout_output("f", condense::Layout::kChannelsLast, s, dst.data(), ws,
                                    condense::Workspace::kRowB, &out)
                .ok());
    CHECK(out.nhwc == dst.data());
    CHECK(out.dst == dst.data());
    out.finish();  // nothing to move
  }
  SECTION("channels first: transposed into scratch, and back out by finish()") {
    const float* x = nullptr;
    REQUIRE(condense::to_channels_last("f", condense::Layout::kChannelsFirst, s, nchw.data(), ws,
                                       condense::Workspace::kPadded, &x)
                .ok());
    REQUIRE(x != nchw.data());
    for (std::size_t b = 0; b < 2; ++b)
      for (std::size_t c = 0; c < 7; ++c)
        for (std::size_t p = 0; p < spatial; ++p)
          CHECK(test::bits(x[(b * spatial + p) * 7 + c]) ==
                test::bits(nchw[(b * 7 + c) * spatial + p]));
    std::vector<float> dst(n, -1.0f);
    condense::LayoutOutput out;
    REQUIRE(condense::layout_output("f", condense::Layout::kChannelsFirst, s, dst.data(), ws,
                                    condense::Workspace::kRowB, &out)
                .ok());
    REQUIRE(out.nhwc != dst.data());
    std::copy(x, x + n, out.nhwc);  // an identity "op"
    out.finish();
    CHECK(dst == nchw);
    // The [n, spatial, c] form (1-D / 3-D) agrees with the 4-D one.
    const float* y = nullptr;
    REQUIRE(condense::to_channels_last("f", condense::Layout::kChannelsFirst, 2, spatial, 7,
                                       nchw.data(), ws, condense::Workspace::kRowA, &y)
                .ok());
    CHECK(std::equal(x, x + n, y));
  }
  SECTION("int32 indices round trip") {
    std::vector<std::int32_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = static_cast<std::int32_t>(i * 3 + 1);
    const std::int32_t* last = nullptr;
    REQUIRE(condense::to_channels_last("f", condense::Layout::kChannelsFirst, s, idx.data(), ws,
                                       condense::Workspace::kRing, &last)
                .ok());
    std::vector<std::int32_t> back(n);
    condense::LayoutIndices out;
    REQUIRE(condense::layout_output("f", condense::Layout::kChannelsFirst, s, back.data(), ws,
                                    condense::Workspace::kTaps, &out)
                .ok());
    std::copy(last, last + n, out.nhwc);
    out.finish();
    CHECK(back == idx);
  }
}

TEST_CASE("layout: filter_to_hwio and filter_output for OIHW callers, depthwise included",
          "[layout]") {
  std::mt19937 rng(8007);
  condense::Workspace ws;
  const condense::FilterShape f{3, 2, 5, 4};  // HWIO [3, 2, 5, 4]
  const std::vector<float> oihw = random_floats(rng, 3 * 2 * 5 * 4);
  const float* hwio = nullptr;
  REQUIRE(condense::filter_to_hwio("f", condense::FilterLayout::kHwio, f, false, oihw.data(), ws,
                                   condense::Workspace::kTaps, &hwio)
              .ok());
  CHECK(hwio == oihw.data());
  REQUIRE(condense::filter_to_hwio("f", condense::FilterLayout::kOihw, f, false, oihw.data(), ws,
                                   condense::Workspace::kTaps, &hwio)
              .ok());
  std::vector<float> want(oihw.size());
  condense::filter_oihw_to_hwio(3, 2, 5, 4, oihw.data(), want.data());
  CHECK(std::equal(want.begin(), want.end(), hwio));
  // Depthwise [kh, kw, C, M] = [3, 2, 5, 4]: OIHW [C*M, 1, kh, kw].
  REQUIRE(condense::filter_to_hwio("f", condense::FilterLayout::kOihw, f, true, oihw.data(), ws,
                                   condense::Workspace::kTaps, &hwio)
              .ok());
  condense::filter_oihw_to_hwio(3, 2, 1, 20, oihw.data(), want.data());
  CHECK(std::equal(want.begin(), want.end(), hwio));
  // A filter-shaped output: HWIO written by the op, OIHW delivered.
  std::int64_t dims[4];
  condense::filter_dims(condense::FilterLayout::kOihw, f, dims);
  CHECK((dims[0] == 4 && dims[1] == 5 && dims[2] == 3 && dims[3] == 2));
  condense::filter_dims(condense::FilterLayout::kHwio, f, dims);
  CHECK((dims[0] == 3 && dims[1] == 2 && dims[2] == 5 && dims[3] == 4));
  std::vector<float> dst(oihw.size());
  condense::FilterOutput out;
  REQUIRE(condense::filter_output("f", condense::FilterLayout::kOihw, f, dst.data(), ws,
                                  condense::Workspace::kTaps, &out)
              .ok());
  REQUIRE(out.hwio != dst.data());
  condense::filter_oihw_to_hwio(3, 2, 5, 4, oihw.data(), out.hwio);
  out.finish();
  CHECK(dst == oihw);
  REQUIRE(condense::filter_output("f", condense::FilterLayout::kHwio, f, dst.data(), ws,
                                  condense::Workspace::kTaps, &out)
              .ok());
  CHECK(out.hwio == dst.data());
}
