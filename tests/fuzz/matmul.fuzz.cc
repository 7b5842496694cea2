// Fuzz target: matMul and dense (plan_matmul + run_matmul). Bytes become the operands' ranks and
// dims (tiny as a rule, wild now and then), transposes, batch broadcasting, a bias (of the right
// length or not) and a fused clamp, then a, b and the bias. Checks:
//   - failures are errors naming the op; with small dims the plan accepts exactly what the
//     shape rules accept (inner dims equal, batches equal or one of them 1, bias length n) and
//     plans the output shape they give;
//   - an accepted small request runs on both tables with the same bits (any NaN matches any
//     NaN), every output equals the in-order float sum from +0 over k, + bias, then the clamp
//     (the documented order of run_matmul), and is within the double reference's bound;
//   - no out-of-bounds access (ASan, canaries after the output).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz-common.h"
#include "ops/ops.h"
#include "run-tables.h"

namespace {

using fuzz::fmt;
using fuzz::i64;

constexpr std::size_t kSmall = 1u << 12;

std::string dims_str(const i64* d, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += (i ? "," : "") + fmt(d[i]);
  return s + "]";
}

float clamp_like_kernel(float v, const condense::Clamp& c) {
  // The clamp of the fused activations: NaN stays NaN.
  if (v != v) return v;
  return v < c.min ? c.min : v > c.max ? c.max : v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader rd(data, size);
  condense::MatMulParams p;
  p.dense = (rd.byte() & 3) == 0;
  p.transpose_a = !p.dense && rd.flag();
  p.transpose_b = rd.flag();
  const bool wild = rd.byte() < 8;
  auto dim = [&](i64 hi) { return wild && rd.byte() < 64 ? rd.wild() : rd.range(1, hi); };
  const i64 m = dim(9), k = dim(20), n = dim(11);
  const i64 batch = rd.range(1, 3);
  if (p.dense) {
    // x [..., k]: leading dims multiply to m (up to 4 of them), the kernel [k, n] or [n, k].
    p.a_rank = static_cast<int>(rd.range(1, 5));
    for (int i = 0; i < p.a_rank - 1; ++i) p.a_dims[i] = i == 0 ? m : rd.range(1, 2);
    p.a_dims[p.a_rank - 1] = k;
  } else {
    p.a_rank = rd.flag() ? 3 : 2;
    const i64 a0 = p.transpose_a ? k : m, a1 = p.transpose_a ? m : k;
    if (p.a_rank == 3) {
      p.a_dims[0] = rd.byte() < 64 ? 1 : batch;
      p.a_dims[1] = a0, p.a_dims[2] = a1;
    } else {
      p.a_dims[0] = a0, p.a_dims[1] = a1;
    }
  }
  // b's inner dim usually matches k.
  const i64 kb = rd.byte() < 16 ? dim(20) : k;
  p.b_rank = !p.dense && rd.flag() ? 3 : 2;
  const i64 b0 = p.transpose_b ? n : kb, b1 = p.transpose_b ? kb : n;
  if (p.b_rank == 3) {
    const std::uint8_t pick = rd.byte();
    p.b_dims[0] = pick < 64 ? 1 : pick < 80 ? rd.range(1, 4) : batch;
    p.b_dims[1] = b0, p.b_dims[2] = b1;
  } else {
    p.b_dims[0] = b0, p.b_dims[1] = b1;
  }
  const std::uint8_t bias_pick = rd.byte();
  p.bias_count = bias_pick < 100 ? -1 : bias_pick < 110 ? rd.range(0, 12) : n;
  fuzz::decode_clamp(rd, &p.clamp.min, &p.clamp.max);
  const std::string ctx =
      std::string(p.dense ? "dense" : "matMul") + " a=" + dims_str(p.a_dims, p.a_rank) +
      " b=" + dims_str(p.b_dims, p.b_rank) + " transpose=" + (p.transpose_a ? "1" : "0") +
      (p.transpose_b ? "1" : "0") + " bias=" + fmt(p.bias_count) + " clamp=[" + fmt(p.clamp.min) +
      ", " + fmt(p.clamp.max) + "]";
  fuzz::trace(ctx);

  condense::MatMulPlan plan;
  const condense::Status st = condense::plan_matmul("fuzzMatMul", p, &plan);
  fuzz::check_error_names(st, "fuzzMatMul", ctx);
  if (wild) return 0;

  // The shape rules, from the decoded dims.
  const i64 a_batch = !p.dense && p.a_rank == 3 ? p.a_dims[0] : 1;
  const i64 b_batch = p.b_rank == 3 ? p.b_dims[0] : 1;
  const bool batches_ok = a_batch == b_batch || a_batch == 1 || b_batch == 1;
  const bool want_ok = kb == k && batches_ok && (p.bias_count == -1 || p.bias_count == n);
  FUZZ_CHECK(st.ok() == want_ok, ctx + "\nplan " +
                                     (st.ok() ? "accepts" : "rejects: " + st.message()) +
                                     ", the shape rules " + (want_ok ? "accept" : "reject"));
  if (!st.ok()) return 0;
  i64 rows = m;
  if (p.dense) {
    rows = 1;
    for (int i = 0; i < p.a_rank - 1; ++i) rows *= p.a_dims[i];
  }
  const i64 nb = std::max(a_batch, b_batch);
  FUZZ_CHECK(
      plan.batch == static_cast<std::size_t>(nb) && plan.m == static_cast<std::size_t>(rows) &&
          plan.k == static_cast<std::size_t>(k) && plan.n == static_cast<std::size_t>(n) &&
          plan.out_elements == static_cast<std::size_t>(nb * rows * n),
      ctx + "\nplan batch/m/k/n " + std::to_string(plan.batch) + "/" + std::to_string(plan.m) +
          "/" + std::to_string(plan.k) + "/" + std::to_string(plan.n));
  const std::size_t a_elems = static_cast<std::size_t>(a_batch * rows * k);
  const std::size_t b_elems = static_cast<std::size_t>(b_batch * k * n);
  if (plan.out_elements > kSmall || a_elems > kSmall || b_elems > kSmall) return 0;

  const std::vector<float> a = fuzz::values(rd, a_elems, fuzz::Values::kSummable);
  const std::vector<float> b = fuzz::values(rd, b_elems, fuzz::Values::kSummable);
  const std::vector<float> bias =
      fuzz::values(rd, p.bias_count < 0 ? 0 : static_cast<std::size_t>(n), fuzz::Values::kSummable);
  condense::Workspace ws;
  const std::vector<float> got =
      fuzz::run_tables(plan.out_elements, ctx, [&](const auto& t, float* y) {
        return condense::run_matmul("fuzzMatMul", t, plan, a.data(), b.data(),
                                    p.bias_count < 0 ? nullptr : bias.data(), y, ws);
      });

  // The naive reference: element (bi, i, j) of op(a) · op(b), in order, as float and as double.
  std::vector<double> want(plan.out_elements), tol(plan.out_elements);
  for (i64 bi = 0; bi < nb; ++bi) {
    const float* ab = a.data() + (a_batch == 1 ? 0 : bi * rows * k);
    const float* bb = b.data() + (b_batch == 1 ? 0 : bi * k * n);
    for (i64 i = 0; i < rows; ++i) {
      for (i64 j = 0; j < n; ++j) {
        float s = 0.0f;
        double sd = 0, mag = 0;
        for (i64 q = 0; q < k; ++q) {
          const float av = p.transpose_a ? ab[q * rows + i] : ab[i * k + q];
          const float bv = p.transpose_b ? bb[j * k + q] : bb[q * n + j];
          const float prod = av * bv;
          s += prod;
          sd += static_cast<double>(av) * static_cast<double>(bv);
          mag += std::fabs(static_cast<double>(av) * static_cast<double>(bv));
        }
        if (p.bias_count >= 0) {
          s += bias[static_cast<std::size_t>(j)];
          sd += static_cast<double>(bias[static_cast<std::size_t>(j)]);
          mag += std::fabs(static_cast<double>(bias[static_cast<std::size_t>(j)]));
        }
        const std::size_t at = static_cast<std::size_t>((bi * rows + i) * n + j);
        const float exact = clamp_like_kernel(s, p.clamp);
        const float g = got[at];
        FUZZ_CHECK(fuzz::bits(g) == fuzz::bits(exact) || (fuzz::is_nan(g) && fuzz::is_nan(exact)),
                   ctx + "\noutput " + std::to_string(at) + " = " + fmt(g) +
                       ", the in-order float sum gives " + fmt(exact));
        want[at] = sd;
        tol[at] = mag * static_cast<double>(k + 2) * 0x1p-24;
      }
    }
  }
  // Against the double reference where the data are finite and no clamp applies.
  if (fuzz::all_finite(a) && fuzz::all_finite(b) && fuzz::all_finite(bias) &&
      p.clamp.min == -fuzz::kInf && p.clamp.max == fuzz::kInf) {
    fuzz::check_close(got, want, tol, ctx);
  }
  return 0;
}
