// Fuzz target: the standalone activations (run_clamp, run_leaky_relu). Bytes become a length
// (around the SIMD widths 8 and 16), bounds or alpha (NaN, infinities, lo > hi included) and
// the input floats. Checks: the op rejects exactly NaN bounds and a non-finite alpha (lo > hi
// gives hi everywhere), with an error naming the op; accepted calls match the reference bit for
// bit on the scalar and SIMD tables, out of place and in place; nothing is written past the
// output.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "decode-ops.h"
#include "fuzz-common.h"
#include "ops/ops.h"

namespace {

void check_result(const ref::Expected& want, const std::vector<float>& x, const char* isa,
                  const std::string& ctx,
                  const std::function<condense::Status(const float*, float*)>& run) {
  // Out of place.
  const fuzz::Placed input(x, x.size() % 4);
  fuzz::Output out(x.size());
  condense::Status st = run(input.data(), out.data());
  FUZZ_CHECK(st.ok(), ctx + "\n" + st.message());
  FUZZ_CHECK(out.canaries_intact(), ctx + "\n[" + isa + "] wrote past the output");
  fuzz::check_against_reference(want, out.data(), isa, ctx + " (out of place)");
  // In place (the kernels allow in == out).
  fuzz::Output inplace(x.size());
  if (!x.empty()) std::memcpy(inplace.data(), x.data(), x.size() * sizeof(float));
  st = run(inplace.data(), inplace.data());
  FUZZ_CHECK(st.ok() && inplace.canaries_intact(), ctx + "\n[" + isa + "] in place");
  fuzz::check_against_reference(want, inplace.data(), isa, ctx + " (in place)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  const bool leaky = rd.flag();
  const std::size_t n = static_cast<std::size_t>(rd.range(0, 70));
  float a = rd.value(fuzz::Values::kAny);
  float b = rd.value(fuzz::Values::kAny);
  if ((rd.byte() & 3) != 0 && !(a <= b)) std::swap(a, b);  // mostly valid bounds
  std::vector<float> x(n);
  rd.fill(x, fuzz::Values::kAny);

  for (const condense::KernelTable* table : fuzz::tables()) {
    if (leaky) {
      const std::string ctx = "leakyRelu n=" + std::to_string(n) + " alpha=" + fuzz::fmt(a);
      fuzz::trace(ctx);
      const bool valid = std::isfinite(a);
      std::vector<float> probe(n);
      const condense::Status st =
          condense::run_leaky_relu("fuzzAct", *table, 0, probe.data(), probe.data(), a);
      FUZZ_CHECK(st.ok() == valid, ctx + "\n" + (st.ok() ? "accepted" : st.message()));
      if (!valid) {
        FUZZ_CHECK(st.message().rfind("fuzzAct: ", 0) == 0, ctx + "\n" + st.message());
        continue;
      }
      check_result(ref::leaky_relu(x, a), x, table->isa, ctx, [&](const float* in, float* out) {
        return condense::run_leaky_relu("fuzzAct", *table, n, in, out, a);
      });
    } else {
      const std::string ctx =
          "clamp n=" + std::to_string(n) + " lo=" + fuzz::fmt(a) + " hi=" + fuzz::fmt(b);
      fuzz::trace(ctx);
      // lo > hi is accepted: every non-NaN value becomes hi (ONNX Clip, torch.clamp, numpy.clip).
      const bool valid = !fuzz::is_nan(a) && !fuzz::is_nan(b);
      std::vector<float> probe(n);
      const condense::Status st =
          condense::run_clamp("fuzzAct", *table, 0, probe.data(), probe.data(), a, b);
      FUZZ_CHECK(st.ok() == valid, ctx + "\n" + (st.ok() ? "accepted" : st.message()));
      if (!valid) {
        FUZZ_CHECK(st.message().rfind("fuzzAct: ", 0) == 0, ctx + "\n" + st.message());
        continue;
      }
      check_result(ref::clamp(x, a, b), x, table->isa, ctx, [&](const float* in, float* out) {
        return condense::run_clamp("fuzzAct", *table, n, in, out, a, b);
      });
    }
  }
  return 0;
}
