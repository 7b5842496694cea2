// SplitMix64: the seeded generator of the randomised ops (stochastic pooling, fractional max
// pooling). std only, identical bits natively and in wasm.
#pragma once

#include <cstdint>

namespace condense {

// The generator of stochastic pooling and fractional max pooling (SplitMix64, Steele et al.
// 2014): state += 0x9E3779B97F4A7C15, then the mix of the new state.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

 private:
  std::uint64_t state_;
};

}  // namespace condense
