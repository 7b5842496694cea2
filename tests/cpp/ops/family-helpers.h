// Helpers of the pooling-family and gradient op tests: seeded random tensors, double copies,
// and the gradient comparison against central finite differences.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "helpers.h"

namespace famtest {

inline std::vector<float> random_floats(std::mt19937& rng, std::size_t n, float lo = -1.0f,
                                        float hi = 1.0f) {
  std::vector<float> v(n);
  test::fill(rng, v, lo, hi);
  return v;
}

inline std::vector<double> to_double(const std::vector<float>& v) {
  return std::vector<double>(v.begin(), v.end());
}

inline void check_grad(const char* what, const std::vector<float>& got,
                       const std::vector<double>& fd) {
  REQUIRE(got.size() == fd.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < fd.size(); ++i) {
    if (!(std::fabs(static_cast<double>(got[i]) - fd[i]) <=
          1e-4 * std::fmax(1.0, std::fabs(fd[i])))) {
      if (bad++ < 3) INFO(what << " [" << i << "] = " << got[i] << ", finite difference " << fd[i]);
    }
  }
  CHECK(bad == 0);
}

}  // namespace famtest
