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
