// conv2d-gemm: run_conv2d_gemm (f32-gemm-acc on the input rows in place) against the direct row
// kernels (conv_row over the same padded input), bit for bit, on both kernel tables: input
// channels 1..16, output channels 4..33 (every column tail), strides below, at and above the
// kernel width (overlapping or disjoint window rows), dilations (x-dilation: one GEMM per tap),
// every padding mode and fill, bias or none, fused clamps, NaN, infinities and signed zeros.
#include "ops/conv2d-gemm.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/conv-common.h"

namespace {

using test::i64;
using test::kInf;

struct GemmCase {
  condense::Shape4 in;
  condense::FilterShape f;
  i64 stride = 1, dilation = 1;
  condense::PaddingMode padding = condense::PaddingMode::kValid;
  condense::PadFill fill = condense::PadFill::kZeros;
  bool bias = false;
  float lo = -kInf, hi = kInf;
  i64 stride_h = 0, dilation_h = 0;  // 0: as the width's
};

// The row kernels' outputs for the plan (what run_conv2d computed before the GEMM path).
std::vector<float> direct(const condense::KernelTable& table, const condense::Conv2dPlan& plan,
                          const std::vector<float>& x, const std::vector<float>& w,
                          const std::vector<float>& bias, condense::Workspace& ws) {
  std::vector<float> y(plan.out_elements);
  const std::size_t image = static_cast<std::size_t>(plan.in.h * plan.in.w * plan.in.c);
  const std::size_t row = static_cast<std::size_t>(plan.out.w * plan.out.c);
  for (i64 b = 0; b < plan.in.n; ++b) {
    condense::ConvInput input;
    REQUIRE(condense::prepare_conv_input("conv2d", plan,
                                         x.data() + static_cast<std::size_t>(b) * image, ws, &input)
                .ok());
    for (i64 oy = 0; oy < plan.out.h; ++oy) {
      condense::conv_row(table, plan, input, oy, w.data(),
                         plan.params.has_bias ? bias.data() : nullptr,
                         y.data() + static_cast<std::size_t>(b * plan.out.h + oy) * row);
    }
  }
  return y;
}

void check_case(std::mt19937& rng, const GemmCase& k, float special = 0.0f) {
  CAPTURE(condense::shape_str(k.in), k.f.kernel_h, k.f.kernel_w, k.f.out_c, k.stride, k.dilation,
          static_cast<int>(k.padding), static_cast<int>(k.fill), k.bias, k.lo, k.hi, special);
  condense::Conv2dParams params;
  params.stride_h = k.stride_h != 0 ? k.stride_h : k.stride;
  params.stride_w = k.stride;
  params.dilation_h = k.dilation_h != 0 ? k.dilation_h : k.dilation;
  params.dilation_w = k.dilation;
  params.padding = k.padding;
  params.pad_top = params.pad_left = 1;
  params.pad_bottom = params.pad_right = 2;
  params.pad_fill = k.fill;
  params.has_bias = k.bias;
  params.clamp.min = k.lo;
  params.clamp.max = k.hi;
  condense::Conv2dPlan plan;
  REQUIRE(condense::plan_conv2d("conv2d", params, false, k.in, k.f, &plan).ok());
  REQUIRE(condense::conv2d_gemm_applies(plan));
  std::vector<float> x(plan.in_elements), w(plan.filter_elements), bias(plan.bias_elements);
  test::fill(rng, x);
  test::fill(rng, w);
  test::fill(rng, bias);
  if (special != 0.0f) {
    x[x.size() / 3] = special;
    w[w.size() / 2] = special;
  }
  condense::Workspace ws;
  std::vector<std::vector<float>> results;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    const std::vector<float> want = direct(*table, plan, x, w, bias, ws);
    test::Output out(plan.out_elements);
    REQUIRE(condense::run_conv2d_gemm(*table, plan, x.data(), w.data(), bias.data(), out.data(), ws)
                .ok());
    CHECK(out.canaries_intact());
    const std::vector<float> got = out.values();
    CHECK_SAME_BITS_OR_BOTH_NAN(want.data(), got.data(), got.size());
    results.push_back(got);
  }
  if (results.size() == 2)
    CHECK_SAME_BITS_OR_BOTH_NAN(results[0].data(), results[1].data(), results[0].size());
}

}  // namespace

TEST_CASE("conv2d-gemm: input channels 1..16, output channels 4..19, bias and clamps",
          "[conv2d][gemm]") {
  const std::uint32_t seed = 0xC06E;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (i64 ci = 1; ci <= 16; ci += (ci < 4 ? 1 : 3)) {
    for (i64 co : {4, 5, 8, 10, 12, 19}) {
      GemmCase k{{2, 9, 8, ci}, {3, 3, ci, co}};
      k.bias = (ci + co) % 2 == 0;
      k.padding = co % 3 == 0 ? condense::PaddingMode::kSame : condense::PaddingMode::kValid;
      if (co == 10) {
        k.lo = 0.0f;
        k.hi = ci % 2 == 0 ? 6.0f : kInf;
      }
      check_case(rng, k);
    }
  }
}

TEST_CASE("conv2d-gemm: strides, dilations, padding modes and fills, odd kernels",
          "[conv2d][gemm]") {
  const std::uint32_t seed = 0xC06F;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const condense::PaddingMode modes[] = {
      condense::PaddingMode::kValid, condense::PaddingMode::kSame,
      condense::PaddingMode::kSameLower, condense::PaddingMode::kExplicit};
  const condense::PadFill fills[] = {condense::PadFill::kZeros, condense::PadFill::kReflect,
                                     condense::PadFill::kReplicate, condense::PadFill::kCircular};
  for (i64 stride : {1, 2, 3}) {
    for (i64 dilation : {1, 2}) {
      for (const condense::PaddingMode mode : modes) {
        for (const condense::PadFill fill : fills) {
          if (fill != condense::PadFill::kZeros && mode != condense::PaddingMode::kExplicit) {
            continue;
          }
          GemmCase k{{1, 11, 10, 3}, {2, 3, 3, 6}, stride, dilation, mode, fill, stride == 2};
          check_case(rng, k);
        }
      }
    }
  }
  // One output pixel; a 1x1 kernel; a 64x64 RGB image (Tiny VGG's first layer, padded).
  check_case(rng, GemmCase{{1, 3, 3, 2}, {3, 3, 2, 4}});
  check_case(rng, GemmCase{{2, 5, 7, 16},
                           {1, 1, 16, 7},
                           1,
                           1,
                           condense::PaddingMode::kValid,
                           condense::PadFill::kZeros,
                           true});
  check_case(rng, GemmCase{{2, 64, 64, 3},
                           {3, 3, 3, 10},
                           1,
                           1,
                           condense::PaddingMode::kSame,
                           condense::PadFill::kZeros,
                           true,
                           0.0f,
                           kInf});
}

TEST_CASE("conv2d-gemm: NaN and infinities in x and the filter", "[conv2d][gemm][nan]") {
  std::mt19937 rng(0xC070);
  for (const float special : {std::numeric_limits<float>::quiet_NaN(), kInf, -kInf}) {
    check_case(rng,
               GemmCase{{1, 6, 7, 3},
                        {3, 3, 3, 10},
                        1,
                        1,
                        condense::PaddingMode::kSame,
                        condense::PadFill::kZeros,
                        true,
                        0.0f,
                        6.0f},
               special);
  }
}

TEST_CASE("conv2d-gemm: column tails, strides apart from dilations, signed zeros",
          "[conv2d][gemm]") {
  std::mt19937 rng(0xC071);
  // Every out_c mod 4 and the 12- / 16-column tail tiles, odd widths (row tails of the tiles).
  for (i64 co : {4, 6, 7, 9, 11, 13, 16, 17, 21, 32, 33}) {
    GemmCase k{{2, 7, 13, 2}, {3, 3, 2, co}};
    k.bias = co % 2 == 1;
    k.lo = 0.0f;
    check_case(rng, k);
  }
  // Width stride 1..4 against a 3-wide kernel (overlapping, touching and gapped windows) with
  // another height stride; x-dilation without y-dilation and the reverse.
  for (i64 sw : {1, 2, 3, 4}) {
    GemmCase k{{1, 9, 17, 3}, {3, 3, 3, 10}, sw};
    k.stride_h = sw == 1 ? 2 : 1;
    k.bias = true;
    check_case(rng, k);
  }
  for (i64 d : {1, 2}) {
    GemmCase k{{1, 9, 11, 4}, {3, 2, 4, 8}, 1, d};
    k.dilation_h = 3 - d;
    k.padding = condense::PaddingMode::kSame;
    check_case(rng, k);
  }
  // Inputs and filter of signed zeros (sums from a -0 bias, +0 and -0 products), then ReLU.
  condense::Conv2dParams params;
  params.has_bias = true;
  params.clamp.min = 0.0f;
  condense::Conv2dPlan plan;
  REQUIRE(condense::plan_conv2d("conv2d", params, false, {1, 5, 6, 3}, {3, 3, 3, 5}, &plan).ok());
  std::vector<float> x(plan.in_elements), w(plan.filter_elements), bias(plan.bias_elements, -0.0f);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = i % 3 == 0 ? -0.0f : (i % 3 == 1 ? 0.0f : -1.0f);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = i % 2 == 0 ? 0.0f : -0.0f;
  condense::Workspace ws;
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    const std::vector<float> want = direct(*table, plan, x, w, bias, ws);
    test::Output out(plan.out_elements);
    REQUIRE(condense::run_conv2d_gemm(*table, plan, x.data(), w.data(), bias.data(), out.data(), ws)
                .ok());
    CHECK(out.canaries_intact());
    const std::vector<float> got = out.values();
    CHECK_SAME_BITS(want.data(), got.data(), got.size());
  }
}
