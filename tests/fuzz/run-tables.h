// Shared by the matmul, conv-grad and grad-family targets: run an op on every kernel table
// (scalar, and SIMD when compiled in) into canaried outputs, and compare the tables' bits.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fuzz-common.h"
#include "ops/ops.h"

namespace fuzz {

// A failure is an error whose message starts with "fn: ".
inline void check_error_names(const condense::Status& st, const char* fn, const std::string& ctx) {
  if (st.ok()) return;
  FUZZ_CHECK(st.message().rfind(std::string(fn) + ": ", 0) == 0, ctx + "\n" + st.message());
}

inline std::vector<float> values(Reader& rd, std::size_t n, Values kind) {
  std::vector<float> v(n);
  rd.fill(v, kind);
  return v;
}

inline bool all_finite(const std::vector<float>& v) {
  for (float x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

// run(table, out) on every table: it must succeed, write no canary, and give the same bits on
// both tables (any NaN matching any NaN). Returns the scalar table's output.
template <typename Run>
std::vector<float> run_tables(std::size_t n, const std::string& ctx, Run&& run) {
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : tables()) {
    Output out(n);
    const condense::Status st = run(*table, out.data());
    FUZZ_CHECK(st.ok(), ctx + "\n[" + table->isa + "] run failed on a valid plan: " + st.message());
    FUZZ_CHECK(out.canaries_intact(), ctx + "\n[" + table->isa + "] wrote past the output");
    results.emplace_back(out.data(), out.data() + n);
  }
  if (results.size() == 2) check_same_bits(results[0].data(), results[1].data(), n, true, ctx);
  return results[0];
}

// got within |got - want| <= tol (+ the denormal slack); NaN must be NaN, inf that inf.
inline void check_close(const std::vector<float>& got, const std::vector<double>& want,
                        const std::vector<double>& tol, const std::string& ctx) {
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = want[i];
    const float g = got[i];
    bool good;
    if (w != w) {
      good = is_nan(g);
    } else if (std::isinf(w)) {
      good = static_cast<double>(g) == w;
    } else {
      good = std::isfinite(g) && std::fabs(static_cast<double>(g) - w) <= tol[i] + kDenormSlack;
    }
    FUZZ_CHECK(good, ctx + "\nelement " + std::to_string(i) + ": got " + fmt(g) + ", reference " +
                         fmt(w) + " +- " + fmt(tol[i]));
  }
}

}  // namespace fuzz
