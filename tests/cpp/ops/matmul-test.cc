// plan_matmul / run_matmul: validation messages, output shapes, transposes and batch
// broadcasting against the references (bit for bit against the float contract), scalar vs SIMD.
#include "ops/matmul.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "helpers.h"
#include "reference/matmul.h"

namespace {

using test::i64;
using test::kInf;

condense::MatMulParams params(std::vector<std::int64_t> a, std::vector<std::int64_t> b,
                              bool ta = false, bool tb = false) {
  condense::MatMulParams p;
  p.a_rank = static_cast<int>(a.size());
  p.b_rank = static_cast<int>(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) p.a_dims[i] = a[i];
  for (std::size_t i = 0; i < b.size(); ++i) p.b_dims[i] = b[i];
  p.transpose_a = ta;
  p.transpose_b = tb;
  return p;
}

std::string plan_error(const condense::MatMulParams& p, const char* fn = "matMul") {
  condense::MatMulPlan plan;
  const condense::Status s = condense::plan_matmul(fn, p, &plan);
  return s.ok() ? std::string("ok") : s.message();
}

// One batch matrix of a batched operand, row-major and untransposed ([rows, cols] of op(x)).
std::vector<float> matrix(const std::vector<float>& x, std::size_t t, i64 rows, i64 cols,
                          bool transpose) {
  const std::size_t size = test::sz(rows * cols);
  std::vector<float> one(x.begin() + static_cast<std::ptrdiff_t>(t * size),
                         x.begin() + static_cast<std::ptrdiff_t>((t + 1) * size));
  return transpose ? ref::transposed(one, cols, rows) : one;
}

}  // namespace

TEST_CASE("matmul: validation names the function and the parameter", "[matmul]") {
  CHECK(plan_error(params({2, 3}, {3, 4})) == "ok");
  CHECK(plan_error(params({2, 3}, {4, 5})) ==
        "matMul: b.shape must have 3 (a's inner dimension) in its rows (dimension -2) (got [4, "
        "5])");
  CHECK(plan_error(params({2, 3}, {5, 4}, false, true)) ==
        "matMul: b.shape must have 3 (a's inner dimension) in its last dimension (got [5, 4])");
  CHECK(plan_error(params({3, 2}, {3, 4}, true)) == "ok");
  CHECK(plan_error(params({2, 2, 3}, {3, 3, 4})) ==
        "matMul: b.shape must have batch 2 (a's) or 1 (got [3, 3, 4])");
  CHECK(plan_error(params({2, 2, 3}, {1, 3, 4})) == "ok");
  CHECK(plan_error(params({1, 2, 3}, {5, 3, 4})) == "ok");
  CHECK(plan_error(params({2}, {2, 3})) == "matMul: a must have rank 2 to 3 (got rank 1)");
  CHECK(plan_error(params({2, 0}, {2, 3})) ==
        "matMul: a.shape must have extents in [1, 1073741824] (got [2, 0])");
  condense::MatMulParams bias = params({2, 3}, {3, 4});
  bias.bias_count = 3;
  CHECK(plan_error(bias) == "matMul: bias.length must equal the output columns 4 (got 3)");
  condense::MatMulParams dense = params({5, 7, 3}, {4, 2});
  dense.dense = true;
  dense.a_name = "x";
  dense.b_name = "kernel";
  CHECK(plan_error(dense, "dense") ==
        "dense: kernel.shape must have 3 (x's inner dimension) in its rows (dimension -2) (got "
        "[4, 2])");
  condense::MatMulParams huge = params({65536, 65536}, {65536, 65536});
  CHECK(plan_error(huge).find("too large") != std::string::npos);
}

TEST_CASE("matmul: output shapes", "[matmul]") {
  condense::MatMulPlan plan;
  REQUIRE(condense::plan_matmul("matMul", params({2, 3}, {3, 4}), &plan).ok());
  CHECK(plan.out_rank == 2);
  CHECK(plan.out_dims[0] == 2);
  CHECK(plan.out_dims[1] == 4);
  REQUIRE(condense::plan_matmul("matMul", params({3, 2}, {5, 4, 3}, true, true), &plan).ok());
  CHECK(plan.out_rank == 3);
  CHECK((plan.out_dims[0] == 5 && plan.out_dims[1] == 2 && plan.out_dims[2] == 4));
  CHECK(plan.broadcast_a);
  condense::MatMulParams dense = params({2, 3, 4, 6}, {6, 7});
  dense.dense = true;
  REQUIRE(condense::plan_matmul("dense", dense, &plan).ok());
  CHECK(plan.out_rank == 4);
  CHECK((plan.m == 24 && plan.k == 6 && plan.n == 7));
  CHECK(plan.out_dims[3] == 7);
}

TEST_CASE("matmul: transposes and batch broadcasting against the reference", "[matmul]") {
  const std::uint32_t seed = 0x6E21u;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  struct Shape {
    i64 batch_a, batch_b, m, k, n;
  };
  // The last three: few rows against a long k; the first two have a B over 1 MB, read (unpacked)
  // in blocks of rows (the sums continue across blocks; the bias and clamp come after the last).
  const Shape shapes[] = {{1, 1, 1, 1, 1},      {3, 3, 5, 7, 9},      {4, 1, 6, 17, 10},
                          {1, 3, 9, 4, 13},     {2, 2, 64, 65, 17},   {1, 1, 65, 64, 65},
                          {1, 1, 1, 3000, 128}, {1, 1, 3, 2100, 130}, {2, 1, 2, 301, 130}};
  for (const Shape& s : shapes) {
    for (int form = 0; form < 4; ++form) {
      const bool ta = (form & 1) != 0, tb = (form & 2) != 0;
      const bool bias = form != 1;
      CAPTURE(s.batch_a, s.batch_b, s.m, s.k, s.n, ta, tb, bias);
      std::vector<std::int64_t> ad = {s.batch_a, ta ? s.k : s.m, ta ? s.m : s.k};
      std::vector<std::int64_t> bd = {s.batch_b, tb ? s.n : s.k, tb ? s.k : s.n};
      if (s.batch_b == 1 && form == 2) bd.erase(bd.begin());  // a 2-D b broadcasts too
      condense::MatMulParams p = params(ad, bd, ta, tb);
      p.bias_count = bias ? s.n : -1;
      p.clamp = form == 3 ? condense::Clamp{0.0f, 6.0f} : condense::Clamp{};
      condense::MatMulPlan plan;
      REQUIRE(condense::plan_matmul("matMul", p, &plan).ok());
      std::vector<float> a(test::sz(s.batch_a * s.m * s.k)), b(test::sz(s.batch_b * s.k * s.n)),
          bv(test::sz(s.n));
      test::fill(rng, a);
      test::fill(rng, b);
      test::fill(rng, bv);
      std::vector<std::vector<float>> results;
      for (const condense::KernelTable* t : test::tables()) {
        CAPTURE(t->isa);
        test::Input in_a(a.size()), in_b(b.size(), 2), in_bias(bv.size(), 3);
        in_a.assign(a);
        in_b.assign(b);
        in_bias.assign(bv);
        test::Output y(plan.out_elements);
        condense::Workspace ws;
        REQUIRE(condense::run_matmul("matMul", *t, plan, in_a.data(), in_b.data(),
                                     bias ? in_bias.data() : nullptr, y.data(), ws)
                    .ok());
        CHECK(y.canaries_intact());
        const std::size_t batch = plan.batch;
        for (std::size_t bt = 0; bt < batch; ++bt) {
          const std::vector<float> am = matrix(a, s.batch_a == 1 ? 0 : bt, s.m, s.k, ta);
          const std::vector<float> bm = matrix(b, s.batch_b == 1 ? 0 : bt, s.k, s.n, tb);
          const std::vector<float> want = ref::matmul_sequential(
              am, bm, s.m, s.k, s.n, bias ? &bv : nullptr, p.clamp.min, p.clamp.max);
          CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), y.data() + bt * want.size(), want.size());
          const ref::Expected e = ref::matmul_double(am, bm, s.m, s.k, s.n, bias ? &bv : nullptr,
                                                     static_cast<double>(p.clamp.min),
                                                     static_cast<double>(p.clamp.max));
          CHECK_REFERENCE(e, y.data() + bt * want.size());
        }
        results.push_back(y.values());
      }
      if (results.size() == 2) {
        CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), results[0].size());
      }
    }
  }
}
