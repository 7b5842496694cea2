// Fuzz target: prelu_nhwc_f32, prelu_grad_nhwc_f32 and batch_norm_nhwc_f32. Bytes become the op,
// a shape (tiny, channels up to 40 so both folded and unfolded channel counts run; wild now and
// then), a slope count (1, C or anything), epsilon (any float) and the tensors' floats. Checks:
// the ops reject exactly the invalid requests (bad shape, slope count not 1 or C, epsilon NaN,
// negative or infinite) with an error naming the op, before touching any data; accepted calls
// match the naive reference (bit for bit for prelu and dx, within the bound for dalpha and batch
// norm) on the scalar and SIMD tables, which agree with each other (any NaN matches any NaN);
// nothing is written past an output.
#include "reference/prelu-batch-norm.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "decode-ops.h"
#include "fuzz-common.h"
#include "ops/batch-norm.h"
#include "ops/prelu.h"

namespace {

constexpr const char* kFn = "fuzzNorm";

bool starts_with_fn(const condense::Status& st) {
  return st.message().rfind(std::string(kFn) + ": ", 0) == 0;
}

// Every element of a bit-exact expectation (NaN payloads aside).
void check_bits(const std::vector<float>& want, const float* got, const char* isa,
                const std::string& ctx) {
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (fuzz::is_nan(want[i]) && fuzz::is_nan(got[i])) continue;
    FUZZ_CHECK(fuzz::bits(want[i]) == fuzz::bits(got[i]),
               ctx + "\n[" + isa + "] element " + std::to_string(i) + ": got " + fuzz::fmt(got[i]) +
                   ", reference " + fuzz::fmt(want[i]));
  }
}

void run_prelu(fuzz::Reader& rd, const condense::Shape4& shape, bool shape_ok, std::size_t elements,
               bool grad) {
  const std::uint8_t pick = rd.byte();
  const std::size_t c = shape_ok ? static_cast<std::size_t>(shape.c) : 1;
  std::size_t count = pick % 4 == 0 ? 1 : c;
  if (pick % 4 == 3) count = static_cast<std::size_t>(rd.size(0, 45));
  const std::string ctx = std::string(grad ? "preluGrad" : "prelu") +
                          " x=" + condense::shape_str(shape) +
                          " alpha_count=" + std::to_string(count);
  fuzz::trace(ctx);
  const bool valid = shape_ok && (count == 1 || count == c);
  condense::Workspace ws;
  if (!valid) {
    // Rejected before any data is read or written, so no buffers at all.
    for (const condense::KernelTable* table : fuzz::tables()) {
      const condense::Status st =
          grad ? condense::prelu_grad_nhwc_f32(kFn, *table, shape, nullptr, nullptr, nullptr, count,
                                               nullptr, nullptr, ws)
               : condense::prelu_nhwc_f32(kFn, *table, shape, nullptr, nullptr, count, nullptr);
      FUZZ_CHECK(!st.ok() && starts_with_fn(st),
                 ctx + "\n" + (st.ok() ? "accepted" : st.message()));
      if (shape_ok) {
        FUZZ_CHECK(st.message().find("alpha") != std::string::npos, ctx + "\n" + st.message());
      }
    }
    return;
  }
  if (elements > (1u << 14)) return;
  std::vector<float> x(elements), dy(elements), alpha(count);
  const fuzz::Values kind = grad ? fuzz::Values::kSummable : fuzz::Values::kAny;
  rd.fill(x, kind);
  rd.fill(dy, kind);
  rd.fill(alpha, kind);
  const fuzz::Placed px(x, rd.byte() % 4), pdy(dy, rd.byte() % 4), palpha(alpha, rd.byte() % 4);
  std::vector<fuzz::Output> ys, dxs, dalphas;
  for (const condense::KernelTable* table : fuzz::tables()) {
    ys.emplace_back(elements);
    dxs.emplace_back(elements);
    dalphas.emplace_back(count);
    condense::Status st;
    if (grad) {
      st = condense::prelu_grad_nhwc_f32(kFn, *table, shape, pdy.data(), px.data(), palpha.data(),
                                         count, dxs.back().data(), dalphas.back().data(), ws);
    } else {
      st = condense::prelu_nhwc_f32(kFn, *table, shape, px.data(), palpha.data(), count,
                                    ys.back().data());
    }
    FUZZ_CHECK(st.ok(), ctx + "\n" + st.message());
    if (grad) {
      const ref::PreluGrad want = ref::prelu_grad(dy, x, shape.c, alpha);
      FUZZ_CHECK(dxs.back().canaries_intact() && dalphas.back().canaries_intact(),
                 ctx + "\n[" + table->isa + "] wrote past an output");
      check_bits(want.dx, dxs.back().data(), table->isa, ctx);
      fuzz::check_against_reference(want.dalpha, dalphas.back().data(), table->isa, ctx);
    } else {
      FUZZ_CHECK(ys.back().canaries_intact(), ctx + "\n[" + table->isa + "] wrote past y");
      check_bits(ref::prelu(x, shape.c, alpha), ys.back().data(), table->isa, ctx);
    }
  }
  if (ys.size() == 2) {
    if (grad) {
      fuzz::check_same_bits(dxs[0].data(), dxs[1].data(), elements, true, ctx);
      fuzz::check_same_bits(dalphas[0].data(), dalphas[1].data(), count, true, ctx);
    } else {
      fuzz::check_same_bits(ys[0].data(), ys[1].data(), elements, true, ctx);
    }
  }
}

void run_batch_norm(fuzz::Reader& rd, const condense::Shape4& shape, bool shape_ok,
                    std::size_t elements) {
  float epsilon = 0.001f;
  switch (rd.byte() % 4) {
    case 0:
      break;
    case 1:
      epsilon = 0.0f;
      break;
    default:
      epsilon = rd.value(fuzz::Values::kAny);
  }
  const bool with_scale = rd.flag(), with_offset = rd.flag();
  const std::string ctx =
      "batchNorm x=" + condense::shape_str(shape) + " epsilon=" + fuzz::fmt(epsilon) +
      " scale=" + (with_scale ? "yes" : "no") + " offset=" + (with_offset ? "yes" : "no");
  fuzz::trace(ctx);
  const bool valid = shape_ok && epsilon >= 0.0f && std::isfinite(epsilon);
  condense::Workspace ws;
  if (!valid) {
    for (const condense::KernelTable* table : fuzz::tables()) {
      const condense::Status st = condense::batch_norm_nhwc_f32(
          kFn, *table, shape, nullptr, nullptr, nullptr, nullptr, nullptr, epsilon, nullptr, ws);
      FUZZ_CHECK(!st.ok() && starts_with_fn(st),
                 ctx + "\n" + (st.ok() ? "accepted" : st.message()));
      if (shape_ok) {
        FUZZ_CHECK(st.message().find("epsilon") != std::string::npos, ctx + "\n" + st.message());
      }
    }
    return;
  }
  if (elements > (1u << 14)) return;
  const std::size_t c = static_cast<std::size_t>(shape.c);
  std::vector<float> x(elements), mean(c), variance(c), scale(with_scale ? c : 0),
      offset(with_offset ? c : 0);
  rd.fill(x, fuzz::Values::kSummable);
  rd.fill(mean, fuzz::Values::kSummable);
  rd.fill(variance, fuzz::Values::kSummable);
  rd.fill(scale, fuzz::Values::kSummable);
  rd.fill(offset, fuzz::Values::kSummable);
  const ref::Expected want = ref::batch_norm(x, shape.n, shape.h, shape.w, shape.c, mean, variance,
                                             scale, offset, epsilon);
  const fuzz::Placed px(x, rd.byte() % 4);
  std::vector<fuzz::Output> ys;
  for (const condense::KernelTable* table : fuzz::tables()) {
    ys.emplace_back(elements);
    const condense::Status st = condense::batch_norm_nhwc_f32(
        kFn, *table, shape, px.data(), mean.data(), variance.data(),
        with_scale ? scale.data() : nullptr, with_offset ? offset.data() : nullptr, epsilon,
        ys.back().data(), ws);
    FUZZ_CHECK(st.ok(), ctx + "\n" + st.message());
    FUZZ_CHECK(ys.back().canaries_intact(), ctx + "\n[" + table->isa + "] wrote past y");
    // Where float32 intermediates may overflow (the reference's bound is then above ~2^102, for
    // magnitudes near 2^125) only the class is unreliable: skip those elements.
    ref::Expected inside = want;
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (want.tol[i] > 5e30) {
        inside.value[i] = static_cast<double>(ys.back()[i]);
        inside.tol[i] = 0.0;
        if (fuzz::is_nan(ys.back()[i])) inside.value[i] = std::nan("");
      }
    }
    fuzz::check_against_reference(inside, ys.back().data(), table->isa, ctx);
  }
  if (ys.size() == 2) fuzz::check_same_bits(ys[0].data(), ys[1].data(), elements, true, ctx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  const int op = rd.byte() % 3;
  bool wild = false;
  const condense::Shape4 shape = fuzz::decode_shape(rd, 4, 6, 40, &wild);
  std::size_t elements = 0;
  const bool shape_ok = condense::validate_shape(kFn, "x", shape, &elements).ok();
  if (op == 2) {
    run_batch_norm(rd, shape, shape_ok, elements);
  } else {
    run_prelu(rd, shape, shape_ok, elements, op == 1);
  }
  return 0;
}
