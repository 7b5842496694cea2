// Fuzz target: the elementwise slice (run_binary, run_binary_scalar, run_step, run_channel_sum).
// Bytes become an op, a length or a [rows, channels] shape, a scalar and the floats (any value:
// NaN with payloads, +-inf, +-0, denormals, +-FLT_MAX). Checks: every element equals the
// double computation rounded once to float (NaN matches any NaN), step's NaN is the canonical
// 0x7fc00000, channel sums equal the in-order double sums; out of place and in place (binary
// ops); nothing is written past the output; scalar and SIMD agree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz-common.h"
#include "ops/ops.h"

namespace {

using condense::BinaryOp;

float apply(BinaryOp op, float p, float q) {
  const double a = static_cast<double>(p), b = static_cast<double>(q);
  return static_cast<float>(op == BinaryOp::kAdd ? a + b : op == BinaryOp::kSub ? a - b : a * b);
}

bool same(float got, float want) {
  return fuzz::bits(got) == fuzz::bits(want) || (fuzz::is_nan(got) && fuzz::is_nan(want));
}

void check_binary(const condense::KernelTable& table, BinaryOp op, int form, float c,
                  const std::vector<float>& a, const std::vector<float>& b,
                  const std::string& ctx) {
  const std::size_t n = a.size();
  std::vector<float> want(n);
  for (std::size_t i = 0; i < n; ++i) {
    want[i] = form == 0   ? apply(op, a[i], b[i])
              : form == 1 ? apply(op, a[i], c)
                          : apply(op, c, a[i]);
  }
  const auto run = [&](const float* in, float* out) {
    return form == 0 ? condense::run_binary(table, op, n, in, b.data(), out)
                     : condense::run_binary_scalar(table, op, n, in, c, form == 2, out);
  };
  fuzz::Output out(n);
  FUZZ_CHECK(run(a.data(), out.data()).ok(), ctx);
  FUZZ_CHECK(out.canaries_intact(), ctx + "\n[" + table.isa + "] wrote past the output");
  fuzz::Output inplace(n);
  for (std::size_t i = 0; i < n; ++i) inplace.data()[i] = a[i];
  FUZZ_CHECK(run(inplace.data(), inplace.data()).ok() && inplace.canaries_intact(), ctx);
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(same(out[i], want[i]) && same(inplace[i], want[i]),
               ctx + "\n[" + table.isa + "] element " + std::to_string(i) + ": got " +
                   fuzz::fmt(out[i]) + " / " + fuzz::fmt(inplace[i]) + ", want " +
                   fuzz::fmt(want[i]));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  const int what = static_cast<int>(rd.range(0, 4));  // 0-2 binary ops, 3 step, 4 channelSum
  const int form = static_cast<int>(rd.range(0, 2));  // arrays, a op c, c op a
  const float c = rd.value(fuzz::Values::kAny);

  if (what == 4) {
    const std::size_t rows = static_cast<std::size_t>(rd.range(1, 40));
    const std::size_t channels = static_cast<std::size_t>(rd.range(1, 40));
    std::vector<float> x(rows * channels);
    rd.fill(x, fuzz::Values::kAny);
    const std::string ctx =
        "channelSum rows=" + std::to_string(rows) + " channels=" + std::to_string(channels);
    fuzz::trace(ctx);
    std::vector<float> want(channels);
    for (std::size_t k = 0; k < channels; ++k) {
      double s = 0.0;
      for (std::size_t r = 0; r < rows; ++r) s += static_cast<double>(x[r * channels + k]);
      want[k] = static_cast<float>(s);
    }
    for (const condense::KernelTable* table : fuzz::tables()) {
      condense::Workspace ws;
      fuzz::Output y(channels);
      FUZZ_CHECK(
          condense::run_channel_sum("channelSum", *table, rows, channels, x.data(), y.data(), ws)
              .ok(),
          ctx);
      FUZZ_CHECK(y.canaries_intact(), ctx + "\n[" + table->isa + "] wrote past the output");
      for (std::size_t k = 0; k < channels; ++k) {
        FUZZ_CHECK(same(y[k], want[k]), ctx + "\n[" + table->isa + "] channel " +
                                            std::to_string(k) + ": got " + fuzz::fmt(y[k]) +
                                            ", want " + fuzz::fmt(want[k]));
      }
    }
    return 0;
  }

  const std::size_t n = static_cast<std::size_t>(rd.range(0, 70));
  std::vector<float> a(n), b(n);
  rd.fill(a, fuzz::Values::kAny);
  rd.fill(b, fuzz::Values::kAny);
  if (what == 3) {
    const std::string ctx = "step n=" + std::to_string(n) + " alpha=" + fuzz::fmt(c);
    fuzz::trace(ctx);
    for (const condense::KernelTable* table : fuzz::tables()) {
      fuzz::Output y(n);
      FUZZ_CHECK(condense::run_step(*table, n, a.data(), c, y.data()).ok(), ctx);
      FUZZ_CHECK(y.canaries_intact(), ctx + "\n[" + table->isa + "] wrote past the output");
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t want = a[i] > 0.0f          ? fuzz::bits(1.0f)
                                   : fuzz::is_nan(a[i]) ? 0x7fc00000u
                                                        : fuzz::bits(c);
        FUZZ_CHECK(fuzz::bits(y[i]) == want, ctx + "\n[" + table->isa + "] element " +
                                                 std::to_string(i) + ": got " + fuzz::fmt(y[i]));
      }
    }
    return 0;
  }
  const BinaryOp op = what == 0 ? BinaryOp::kAdd : what == 1 ? BinaryOp::kSub : BinaryOp::kMul;
  const std::string ctx = std::string(what == 0   ? "add"
                                      : what == 1 ? "sub"
                                                  : "mul") +
                          " n=" + std::to_string(n) + " form=" + std::to_string(form) +
                          " c=" + fuzz::fmt(c);
  fuzz::trace(ctx);
  for (const condense::KernelTable* table : fuzz::tables())
    check_binary(*table, op, form, c, a, b, ctx);
  return 0;
}
