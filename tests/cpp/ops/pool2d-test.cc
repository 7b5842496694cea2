// max_pool2d / avg_pool2d through plan_pool2d + run_pool2d with both kernel tables: the
// worked examples of SEMANTICS.md section 2 exactly, output sizes and padding against the
// reference formulas, random requests against the reference, errors, NaN / +-0 / inf.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "helpers.h"
#include "ops/op-helpers.h"

namespace {

using optest::iota;
using optest::run_pool;
using ref::Padding;
using test::bits;
using test::i64;
using test::kAllOnesNan;
using test::kInf;
using test::sz;

ref::PoolSpec window(i64 kh, i64 kw, i64 sh, i64 sw, Padding padding = Padding::kValid,
                     i64 pad_h = 0, i64 pad_w = 0) {
  ref::PoolSpec s;
  s.window_h = kh;
  s.window_w = kw;
  s.stride_h = sh;
  s.stride_w = sw;
  s.padding = padding;
  s.pad_top = s.pad_bottom = pad_h;
  s.pad_left = s.pad_right = pad_w;
  return s;
}

// Channel 0 of a [1, h, w, channels] copy of a one-channel image whose other channels are
// random: runs the multi-channel (pixel kernel) path on the same data.
ref::Tensor widen(const ref::Tensor& x, i64 channels, std::mt19937& rng) {
  ref::Tensor t = test::random_tensor(rng, x.n, x.h, x.w, channels, -100.0f, 100.0f);
  for (i64 b = 0; b < x.n; ++b) {
    for (i64 y = 0; y < x.h; ++y) {
      for (i64 xx = 0; xx < x.w; ++xx) t.at(b, y, xx, 0) = x.at(b, y, xx, 0);
    }
  }
  return t;
}

std::vector<float> channel(const std::vector<float>& v, i64 channels, i64 c) {
  std::vector<float> out;
  for (std::size_t i = sz(c); i < v.size(); i += sz(channels)) out.push_back(v[i]);
  return out;
}

// Runs a one-channel example on every table, as a 1-channel image and as channel 0 of a
// 5-channel image; the op must succeed with the given output size and values exactly.
void check_example(const ref::Tensor& x, const ref::PoolSpec& spec, bool is_max, i64 out_h,
                   i64 out_w, const std::vector<float>& want) {
  std::mt19937 rng(77);
  // The reference agrees with the worked example too.
  const ref::Expected r = ref::pool2d(is_max, x, spec);
  REQUIRE(r.ok);
  CHECK(r.h == out_h);
  CHECK(r.w == out_w);
  for (std::size_t i = 0; i < want.size() && i < r.size(); ++i) {
    CAPTURE(i);
    if (is_max) {
      CHECK(r.exact[i] == want[i]);
    } else {
      CHECK(std::fabs(r.value[i] - static_cast<double>(want[i])) <= 1e-6);
    }
  }
  for (const condense::KernelTable* table : test::tables()) {
    for (const i64 channels : {i64{1}, i64{5}}) {
      CAPTURE(table->isa, channels);
      const ref::Tensor input = channels == 1 ? x : widen(x, channels, rng);
      const optest::Result got = run_pool(*table, input, spec, is_max);
      INFO("status: " << got.status.message());
      REQUIRE(got.status.ok());
      CHECK(got.out_shape.h == out_h);
      CHECK(got.out_shape.w == out_w);
      CHECK(got.canaries_ok);
      CHECK(channel(got.out, channels, 0) == want);
    }
  }
}

}  // namespace

TEST_CASE("pool2d: SEMANTICS worked examples on the 4x4 input 0..15", "[pool2d][examples]") {
  const ref::Tensor x = iota(4, 4);
  SECTION("2x2 max, stride 1, valid") {
    check_example(x, window(2, 2, 1, 1), true, 3, 3, {5, 6, 7, 9, 10, 11, 13, 14, 15});
  }
  SECTION("3x3 max, stride 3 (= window), valid") {
    check_example(x, window(3, 3, 3, 3), true, 1, 1, {10});
  }
  SECTION("3x3 max, stride 2, explicit symmetric pad 1 (PyTorch padding=1)") {
    check_example(x, window(3, 3, 2, 2, Padding::kExplicit, 1, 1), true, 2, 2, {5, 7, 13, 15});
  }
  SECTION("3x3 max, stride 2, TF 'same' (pad 0 before, 1 after)") {
    check_example(x, window(3, 3, 2, 2, Padding::kSame), true, 2, 2, {10, 11, 14, 15});
  }
  SECTION("3x3 avg, stride 2, TF 'same': padded cells are not counted") {
    check_example(x, window(3, 3, 2, 2, Padding::kSame), false, 2, 2, {5, 6.5f, 11, 12.5f});
  }
  SECTION("3x3 avg, stride 2, explicit pad 1, pads excluded") {
    check_example(x, window(3, 3, 2, 2, Padding::kExplicit, 1, 1), false, 2, 2,
                  {2.5f, 4, 8.5f, 10});
  }
  SECTION("3x3 avg, stride 2, explicit pad 1, count_include_pad") {
    ref::PoolSpec s = window(3, 3, 2, 2, Padding::kExplicit, 1, 1);
    s.count_include_pad = true;
    check_example(x, s, false, 2, 2, {10.0f / 9.0f, 24.0f / 9.0f, 51.0f / 9.0f, 10});
  }
  SECTION("window 2x3, stride (2, 3), pad (0, 1); a second channel x + 1") {
    check_example(x, window(2, 3, 2, 3, Padding::kExplicit, 0, 1), true, 2, 2, {5, 7, 13, 15});
    ref::Tensor two(1, 4, 4, 2);
    for (i64 i = 0; i < 16; ++i) {
      two.data[sz(2 * i)] = static_cast<float>(i);
      two.data[sz(2 * i + 1)] = static_cast<float>(i + 1);
    }
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      const optest::Result got =
          run_pool(*table, two, window(2, 3, 2, 3, Padding::kExplicit, 0, 1), true);
      REQUIRE(got.status.ok());
      CHECK(got.out == std::vector<float>{5, 6, 7, 8, 13, 14, 15, 16});
    }
  }
}

TEST_CASE("pool2d: SEMANTICS worked examples on 3x3 inputs", "[pool2d][examples]") {
  SECTION("3x3 input 0..8, 2x2 max, stride 1") {
    check_example(iota(3, 3), window(2, 2, 1, 1), true, 2, 2, {4, 5, 7, 8});
  }
  SECTION("3x3 input 0..8, 2x2 avg, stride 1") {
    check_example(iota(3, 3), window(2, 2, 1, 1), false, 2, 2, {2, 3, 5, 6});
  }
  SECTION("3x3 input 1..9, 2x2 avg, stride 2, 'same'") {
    check_example(iota(3, 3, 1.0f), window(2, 2, 2, 2, Padding::kSame), false, 2, 2,
                  {3, 4.5f, 7.5f, 9});
  }
}

TEST_CASE("pool2d: TF 'same' puts the odd pad at the end, SAME_LOWER at the beginning",
          "[pool2d][padding]") {
  const ref::Tensor x = iota(4, 4);
  // 2x2 max, stride 1: need = 1 on each axis.
  const std::vector<float> pad_end = {5, 6, 7, 7, 9, 10, 11, 11, 13, 14, 15, 15, 13, 14, 15, 15};
  const std::vector<float> pad_begin = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  check_example(x, window(2, 2, 1, 1, Padding::kSame), true, 4, 4, pad_end);
  check_example(x, window(2, 2, 1, 1, Padding::kSameLower), true, 4, 4, pad_begin);
  ref::PoolSpec end = window(2, 2, 1, 1, Padding::kExplicit);
  end.pad_bottom = end.pad_right = 1;
  check_example(x, end, true, 4, 4, pad_end);
  ref::PoolSpec begin = window(2, 2, 1, 1, Padding::kExplicit);
  begin.pad_top = begin.pad_left = 1;
  check_example(x, begin, true, 4, 4, pad_begin);
  SECTION("the planned padding is [0, 1] for 'same' and [1, 0] for SAME_LOWER") {
    condense::Pool2dPlan plan;
    REQUIRE(condense::plan_pool2d("maxPool2d",
                                  optest::pool_params(window(2, 2, 1, 1, Padding::kSame), true),
                                  optest::shape_of(x), &plan)
                .ok());
    CHECK(plan.y.pad_before == 0);
    CHECK(plan.y.pad_after == 1);
    CHECK(plan.x.pad_before == 0);
    CHECK(plan.x.pad_after == 1);
    REQUIRE(condense::plan_pool2d(
                "maxPool2d", optest::pool_params(window(2, 2, 1, 1, Padding::kSameLower), true),
                optest::shape_of(x), &plan)
                .ok());
    CHECK(plan.y.pad_before == 1);
    CHECK(plan.y.pad_after == 0);
  }
  SECTION("'same' average pooling is not zero padding + 'valid' (tensorflow issue 45579)") {
    // 3x3 avg stride 2 'same' vs the same 4x4 input zero-padded to 5x5 then 'valid'.
    ref::Tensor padded(1, 5, 5, 1);
    for (i64 y = 0; y < 4; ++y) {
      for (i64 xx = 0; xx < 4; ++xx) padded.at(0, y, xx, 0) = x.at(0, y, xx, 0);
    }
    for (const condense::KernelTable* table : test::tables()) {
      const optest::Result same = run_pool(*table, x, window(3, 3, 2, 2, Padding::kSame), false);
      const optest::Result zero = run_pool(*table, padded, window(3, 3, 2, 2), false);
      REQUIRE(same.status.ok());
      REQUIRE(zero.status.ok());
      CHECK(same.out == std::vector<float>{5, 6.5f, 11, 12.5f});
      CHECK(zero.out == std::vector<float>{5, 39.0f / 9.0f, 66.0f / 9.0f, 50.0f / 9.0f});
    }
  }
}

TEST_CASE("pool2d: count_include_pad and divisor_override", "[pool2d][avg]") {
  const ref::Tensor x = iota(4, 4);
  SECTION("divisor_override replaces both divisors") {
    for (const bool include : {false, true}) {
      ref::PoolSpec s = window(3, 3, 2, 2, Padding::kExplicit, 1, 1);
      s.count_include_pad = include;
      s.divisor_override = 4;
      check_example(x, s, false, 2, 2, {2.5f, 6, 12.75f, 22.5f});
    }
  }
  SECTION("count_include_pad with TF 'same' counts the end padding") {
    ref::PoolSpec s = window(3, 3, 2, 2, Padding::kSame);
    s.count_include_pad = true;
    check_example(x, s, false, 2, 2, {5, 39.0f / 9.0f, 66.0f / 9.0f, 50.0f / 9.0f});
  }
  SECTION("no padding: count_include_pad changes nothing") {
    ref::PoolSpec s = window(2, 2, 1, 1);
    s.count_include_pad = true;
    check_example(iota(3, 3), s, false, 2, 2, {2, 3, 5, 6});
  }
}

TEST_CASE(
    "pool2d: ceil mode (PyTorch: the last window must start inside the input or the "
    "left padding)",
    "[pool2d][ceil]") {
  SECTION("4x4 0..15, 3x3, stride 2: floor gives 1x1, ceil 2x2 (the overhang is not counted)") {
    ref::PoolSpec s = window(3, 3, 2, 2);
    check_example(iota(4, 4), s, true, 1, 1, {10});
    s.ceil_mode = true;
    check_example(iota(4, 4), s, true, 2, 2, {10, 11, 14, 15});
    check_example(iota(4, 4), s, false, 2, 2, {5, 6.5f, 11, 12.5f});
    s.count_include_pad = true;  // no padding: the overhang beyond n + p never counts
    check_example(iota(4, 4), s, false, 2, 2, {5, 6.5f, 11, 12.5f});
  }
  SECTION(
      "5x5 ones, window 2, stride 2, pad 1: 3x3 (a 4th window would start in the right "
      "padding), every value written (tfjs-wasm leaves zeros)") {
    ref::Tensor ones(1, 5, 5, 1);
    for (float& v : ones.data) v = 1.0f;
    ref::PoolSpec s = window(2, 2, 2, 2, Padding::kExplicit, 1, 1);
    s.ceil_mode = true;
    check_example(ones, s, true, 3, 3, std::vector<float>(9, 1.0f));
    check_example(ones, s, false, 3, 3, std::vector<float>(9, 1.0f));
    s.count_include_pad = true;  // PyTorch AvgPool2d(2, 2, 1, ceil_mode=True) on ones(5, 5)
    check_example(ones, s, false, 3, 3, {0.25f, 0.5f, 0.5f, 0.5f, 1, 1, 0.5f, 1, 1});
  }
  SECTION(
      "6x6, window 3, stride 2, pad 1: ceil keeps a window that starts in the input and "
      "hangs over the padding") {
    ref::PoolSpec s = window(3, 3, 2, 2, Padding::kExplicit, 1, 1);
    s.ceil_mode = true;
    // ceil((6 + 2 - 3) / 2) + 1 = 4; the 4th window starts at 6 - 1 = 5 < 6 + 1: kept.
    ref::Tensor x = iota(6, 6);
    const ref::Expected r = ref::max_pool2d(x, s);
    REQUIRE(r.ok);
    CHECK(r.h == 4);
    for (const condense::KernelTable* table : test::tables()) {
      const optest::Result got = run_pool(*table, x, s, true);
      CHECK_OP_MATCHES(got, r);
      CHECK(got.out_shape.h == 4);
      CHECK(got.out_shape.w == 4);
      s.count_include_pad = true;
      CHECK_OP_MATCHES(run_pool(*table, x, s, false), ref::avg_pool2d(x, s));
      s.count_include_pad = false;
    }
  }
}

TEST_CASE(
    "pool2d: ceil mode keeps one partial window longer than the (padded) input, as PyTorch "
    "(issue 11)",
    "[pool2d][ceil]") {
  SECTION("[[1, 2], [3, 4]], window 3, stride 3: max [4], avg [2.5] with and without pads") {
    ref::PoolSpec s = window(3, 3, 3, 3);
    s.ceil_mode = true;
    const ref::Tensor x = iota(2, 2, 1.0f);
    check_example(x, s, true, 1, 1, {4});
    check_example(x, s, false, 1, 1, {2.5f});
    s.count_include_pad = true;  // the overhang past the padded input is never counted
    check_example(x, s, false, 1, 1, {2.5f});
  }
  SECTION("1x1 [5], window 4, stride 4, padding 1: max [5]; avg 5 / 9 with pads counted") {
    ref::PoolSpec s = window(4, 4, 4, 4, Padding::kExplicit, 1, 1);
    s.ceil_mode = true;
    const ref::Tensor x = iota(1, 1, 5.0f);
    check_example(x, s, true, 1, 1, {5});
    check_example(x, s, false, 1, 1, {5});
    s.count_include_pad = true;  // PyTorch: hend = min(-1 + 4, 1 + 1): 3 x 3 cells
    check_example(x, s, false, 1, 1, {5.0f / 9.0f});
  }
  SECTION("GoogLeNet's 3x3 / stride 2 ceil-mode max pool on a 2x2 map: 1x1") {
    ref::PoolSpec s = window(3, 3, 2, 2);
    s.ceil_mode = true;
    check_example(iota(2, 2), s, true, 1, 1, {3});
    check_example(iota(2, 3), s, true, 1, 1, {5});  // width 3: ceil((3 - 3) / 2) + 1 = 1
  }
  SECTION("a window longer than the padded input by a stride or more is a RangeError") {
    for (const i64 stride : {i64{1}, i64{2}}) {
      ref::PoolSpec s = window(4, 4, stride, stride);  // in 2: 4 - 2 >= stride
      s.ceil_mode = true;
      const optest::Result got = run_pool(condense::scalar_kernel_table(), iota(2, 2), s, true);
      CHECK(got.status.code() == condense::StatusCode::kRangeError);
      CHECK(optest::starts_with(got.status.message(),
                                "maxPool2d: poolSize height (4) is larger than the input height"));
    }
    ref::PoolSpec s = window(3, 3, 3, 3);  // floor mode: still refused
    const optest::Result got = run_pool(condense::scalar_kernel_table(), iota(2, 2), s, true);
    CHECK(got.status.code() == condense::StatusCode::kRangeError);
  }
}

TEST_CASE("pool2d: plan_tf_pool is tf.nn.pool: dilated SAME pooling sees zeros (issue 11)",
          "[pool2d][tf-pool]") {
  condense::Workspace ws;
  // 5x5 of -1 .. -25: tf.pool(x, [2, 2], 'max', 'same', [2, 2], [1, 1]).
  ref::Tensor x = iota(5, 5, 1.0f);
  for (float& v : x.data) v = -v;
  auto params_of = [](condense::PoolType type, i64 k, i64 d, i64 stride) {
    condense::Pool2dParams p;
    p.type = type;
    p.window = condense::Window2d{k, k, stride, stride, d,    d, condense::PaddingMode::kSame,
                                  0, 0, 0,      0,      false};
    return p;
  };
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    condense::TfPoolPlan plan;
    REQUIRE(condense::plan_tf_pool("pool", params_of(condense::PoolType::kMax, 2, 2, 1),
                                   optest::shape_of(x), &plan)
                .ok());
    REQUIRE(plan.zero_padded);
    REQUIRE(plan.out.h == 5);
    REQUIRE(plan.out.w == 5);
    std::vector<float> out(plan.out_elements);
    REQUIRE(condense::run_tf_pool(*table, plan, x.data.data(), out.data(), ws).ok());
    // Dilated window 2 -> 3 taps wide, SAME pads 1 before, 1 after: every window touching the
    // border sees a zero; the centre 3x3 windows see only the input.
    const std::vector<float> want = {0,  0, 0, 0,   0,   0,   -1, -2, -3, 0, 0, -6, -7,
                                     -8, 0, 0, -11, -12, -13, 0,  0,  0,  0, 0, 0};
    CHECK(out == want);
    // AVG: zeros count; the divisor is always 4. Output (0, 0): taps (-1,-1),(-1,1),(1,-1),(1,1)
    // -> -7 / 4; output (1, 1): taps (0,0),(0,2),(2,0),(2,2) -> (-1 - 3 - 11 - 13) / 4 = -7.
    REQUIRE(condense::plan_tf_pool("pool", params_of(condense::PoolType::kAvg, 2, 2, 1),
                                   optest::shape_of(x), &plan)
                .ok());
    REQUIRE(condense::run_tf_pool(*table, plan, x.data.data(), out.data(), ws).ok());
    CHECK(out[0] == -7.0f / 4.0f);
    CHECK(out[6] == -7.0f);
    // maxPool2d keeps its semantics: padding never wins.
    condense::Pool2dPlan max_plan;
    REQUIRE(condense::plan_pool2d("maxPool2d", params_of(condense::PoolType::kMax, 2, 2, 1),
                                  optest::shape_of(x), &max_plan)
                .ok());
    REQUIRE(condense::run_pool2d(*table, max_plan, x.data.data(), out.data(), ws).ok());
    CHECK(out[0] == -7.0f);
  }
  // Undilated SAME, or dilated VALID: the plain plan.
  condense::TfPoolPlan plan;
  REQUIRE(condense::plan_tf_pool("pool", params_of(condense::PoolType::kMax, 2, 1, 2),
                                 optest::shape_of(x), &plan)
              .ok());
  CHECK(!plan.zero_padded);
  // tf.nn.pool requires strides 1 with dilations > 1.
  const condense::Status st = condense::plan_tf_pool(
      "pool", params_of(condense::PoolType::kMax, 2, 2, 2), optest::shape_of(x), &plan);
  CHECK(st.code() == condense::StatusCode::kRangeError);
  CHECK(optest::starts_with(st.message(), "pool: strides must be 1 when dilations > 1"));
}

TEST_CASE(
    "pool2d: output sizes and padding for a grid of (n, k, s, d, padding) match the "
    "reference formulas",
    "[pool2d][shape]") {
  int checked = 0;
  for (i64 n = 1; n <= 9; ++n) {
    for (i64 k = 1; k <= 4; ++k) {
      for (i64 s = 1; s <= 3; ++s) {
        for (i64 d = 1; d <= 2; ++d) {
          std::vector<ref::PoolSpec> specs;
          for (const Padding pad : {Padding::kValid, Padding::kSame, Padding::kSameLower}) {
            for (const bool ceil : {false, true}) {
              ref::PoolSpec p = window(k, k, s, s, pad);
              p.ceil_mode = ceil;
              specs.push_back(p);
            }
          }
          for (i64 pb = 0; pb <= 2; ++pb) {
            for (i64 pe = 0; pe <= 2; ++pe) {
              for (const bool ceil : {false, true}) {
                ref::PoolSpec p = window(k, k, s, s, Padding::kExplicit);
                p.pad_top = p.pad_left = pb;
                p.pad_bottom = p.pad_right = pe;
                p.ceil_mode = ceil;
                specs.push_back(p);
              }
            }
          }
          for (ref::PoolSpec& p : specs) {
            p.dilation_h = p.dilation_w = d;
            // The same axis request on height; a fixed 3-wide, 1-tap width.
            p.window_w = 1;
            p.stride_w = 1;
            p.dilation_w = 1;
            p.pad_left = p.pad_right = 0;
            const ref::Tensor x(1, n, 3, 1);
            const ref::Expected want = ref::max_pool2d(x, p);
            const ref::AxisOut axis = ref::output_axis(ref::pool_axis_h(p, n));
            condense::Pool2dPlan plan;
            const condense::Status st = condense::plan_pool2d(
                "maxPool2d", optest::pool_params(p, true), optest::shape_of(x), &plan);
            CAPTURE(n, k, s, d, optest::padding_name(p.padding), p.pad_top, p.pad_bottom,
                    p.ceil_mode, st.message());
            ++checked;
            CHECK(st.ok() == want.ok);
            if (!st.ok()) {
              CHECK(st.code() == condense::StatusCode::kRangeError);
              CHECK(optest::starts_with(st.message(), "maxPool2d: "));
              continue;
            }
            if (!want.ok) continue;
            CHECK(plan.out.h == axis.out);
            CHECK(plan.out.w == 3);
            CHECK(plan.y.pad_before == axis.pad_before);
            CHECK(plan.y.pad_after == axis.pad_after);
            CHECK(plan.out_elements == sz(axis.out * 3));
          }
        }
      }
    }
  }
  CHECK(checked == 9 * 4 * 3 * 2 * 24);
}

TEST_CASE("pool2d: height and width are computed independently (tfjs numeric-pad defect)",
          "[pool2d][shape]") {
  // 1x4x6x1, window [2, 3], stride [2, 3], pad 1: height 3, width 2 (tfjs computes width 4).
  ref::PoolSpec s = window(2, 3, 2, 3, Padding::kExplicit, 1, 1);
  ref::Tensor x = iota(4, 6);
  const ref::Expected want = ref::max_pool2d(x, s);
  REQUIRE(want.ok);
  CHECK(want.h == 3);
  CHECK(want.w == 2);
  for (const condense::KernelTable* table : test::tables()) {
    CAPTURE(table->isa);
    CHECK_OP_MATCHES(run_pool(*table, x, s, true), want);
    CHECK_OP_MATCHES(run_pool(*table, x, s, false), ref::avg_pool2d(x, s));
  }
}

TEST_CASE("pool2d: random shapes and parameters against the reference, both tables agree",
          "[pool2d][random]") {
  const unsigned seed = 7001;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const std::vector<i64> channel_options = {1, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33};
  int valid = 0;
  for (int iteration = 0; iteration < 400; ++iteration) {
    ref::PoolSpec s;
    s.window_h = test::pick(rng, 1, 4);
    s.window_w = test::pick(rng, 1, 4);
    s.stride_h = test::pick(rng, 1, 3);
    s.stride_w = test::pick(rng, 1, 3);
    s.dilation_h = test::pick(rng, 0, 3) == 0 ? 2 : 1;
    s.dilation_w = test::pick(rng, 0, 3) == 0 ? 2 : 1;
    s.padding = test::pick_of<Padding>(
        rng, {Padding::kValid, Padding::kSame, Padding::kSameLower, Padding::kExplicit});
    if (s.padding == Padding::kExplicit) {
      s.pad_top = test::pick(rng, 0, 2);
      s.pad_bottom = test::pick(rng, 0, 2);
      s.pad_left = test::pick(rng, 0, 2);
      s.pad_right = test::pick(rng, 0, 2);
    }
    s.ceil_mode = (s.padding == Padding::kValid || s.padding == Padding::kExplicit) &&
                  test::pick(rng, 0, 2) == 0;
    s.count_include_pad = test::pick(rng, 0, 1) == 1;
    s.divisor_override = test::pick(rng, 0, 5) == 0 ? test::pick(rng, 1, 10) : 0;
    if (test::pick(rng, 0, 2) == 0) {
      s.lo = 0.0f;
      s.hi = test::pick(rng, 0, 1) == 0 ? kInf : 0.5f;
    }
    const ref::Tensor x =
        test::random_tensor(rng, test::pick(rng, 1, 2), test::pick(rng, 1, 12),
                            test::pick(rng, 1, 12), test::pick_of(rng, channel_options));
    const bool is_max = test::pick(rng, 0, 1) == 0;
    CAPTURE(iteration, is_max, x.n, x.h, x.w, x.c, s.window_h, s.window_w, s.stride_h, s.stride_w,
            s.dilation_h, s.dilation_w, optest::padding_name(s.padding), s.pad_top, s.pad_bottom,
            s.pad_left, s.pad_right, s.ceil_mode, s.count_include_pad, s.divisor_override, s.lo,
            s.hi);
    const ref::Expected want = ref::pool2d(is_max, x, s);
    if (want.ok) ++valid;
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      const optest::Result got = run_pool(*table, x, s, is_max);
      CHECK_OP_MATCHES(got, want);
      results.push_back(got.out);
    }
    if (results.size() == 2) {
      REQUIRE(results[0].size() == results[1].size());
      CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
    }
  }
  CHECK(valid > 250);  // most random requests are valid, so the comparison is not vacuous
}

TEST_CASE(
    "pool2d: the common geometries (2x2/s2, 2x2/s1, 3x3/s1, 3x3/s2) under every padding, "
    "1 and 4 channels, odd and even sizes",
    "[pool2d][common]") {
  const unsigned seed = 7006;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const i64 geometries[][2] = {{2, 2}, {2, 1}, {3, 1}, {3, 2}};  // window, stride
  const i64 explicit_pads[][2] = {{1, 0}, {0, 1}, {1, 1}};
  for (const auto& g : geometries) {
    std::vector<ref::PoolSpec> specs;
    for (const Padding pad : {Padding::kValid, Padding::kSame, Padding::kSameLower}) {
      specs.push_back(window(g[0], g[0], g[1], g[1], pad));
    }
    for (const auto& p : explicit_pads) {
      ref::PoolSpec s = window(g[0], g[0], g[1], g[1], Padding::kExplicit);
      s.pad_top = s.pad_left = p[0];
      s.pad_bottom = s.pad_right = p[1];
      specs.push_back(s);
    }
    for (ref::PoolSpec& s : specs) {
      for (const i64 size : {i64{4}, i64{5}, i64{16}, i64{19}}) {
        for (const i64 c : {i64{1}, i64{4}}) {
          for (const bool is_max : {true, false}) {
            s.lo = is_max ? 0.0f : -kInf;  // relu on the max pools
            const ref::Tensor x = test::random_tensor(rng, 2, size, size + 1, c);
            CAPTURE(g[0], g[1], optest::padding_name(s.padding), s.pad_top, s.pad_bottom, size, c,
                    is_max);
            const ref::Expected want = ref::pool2d(is_max, x, s);
            REQUIRE(want.ok);
            std::vector<std::vector<float>> results;
            for (const condense::KernelTable* table : test::tables()) {
              CAPTURE(table->isa);
              const optest::Result got = run_pool(*table, x, s, is_max);
              CHECK_OP_MATCHES(got, want);
              results.push_back(got.out);
            }
            if (results.size() == 2) {
              CHECK_SAME_BITS(results[0].data(), results[1].data(), results[0].size());
            }
          }
        }
      }
    }
  }
}

TEST_CASE(
    "pool2d: one-channel images (vmax/vsum + hmax/hsum path) give the same bits as "
    "each channel of a multi-channel image (pixel path)",
    "[pool2d][paths]") {
  const unsigned seed = 7002;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (int iteration = 0; iteration < 120; ++iteration) {
    ref::PoolSpec s;
    s.window_h = test::pick(rng, 1, 4);
    s.window_w = test::pick(rng, 1, 5);
    s.stride_h = test::pick(rng, 1, 3);
    s.stride_w = test::pick(rng, 1, 3);
    s.dilation_w = test::pick(rng, 1, 2);
    s.padding = test::pick_of<Padding>(rng, {Padding::kValid, Padding::kSame, Padding::kExplicit});
    if (s.padding == Padding::kExplicit) {
      s.pad_top = s.pad_bottom = test::pick(rng, 0, 1);
      s.pad_left = s.pad_right = test::pick(rng, 0, 2);
    }
    s.count_include_pad = test::pick(rng, 0, 1) == 1;
    const bool is_max = iteration % 2 == 0;
    const ref::Tensor one =
        test::random_tensor(rng, 1, test::pick(rng, 3, 10), test::pick(rng, 5, 20), 1);
    const i64 channels = 6;
    ref::Tensor many(1, one.h, one.w, channels);
    for (std::size_t p = 0; p < one.size(); ++p) {
      for (i64 c = 0; c < channels; ++c) many.data[p * sz(channels) + sz(c)] = one.data[p];
    }
    CAPTURE(iteration, is_max, one.h, one.w, s.window_h, s.window_w, s.stride_h, s.stride_w,
            s.dilation_w, optest::padding_name(s.padding), s.pad_top, s.pad_left);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      const optest::Result a = run_pool(*table, one, s, is_max);
      const optest::Result b = run_pool(*table, many, s, is_max);
      REQUIRE(a.status.ok() == b.status.ok());
      if (!a.status.ok()) continue;
      for (i64 c = 0; c < channels; ++c) {
        const std::vector<float> slice = channel(b.out, channels, c);
        REQUIRE(slice.size() == a.out.size());
        CHECK_SAME_BITS(a.out.data(), slice.data(), slice.size());
      }
    }
  }
}

TEST_CASE("pool2d: batch > 1 pools every image on its own", "[pool2d][batch]") {
  const unsigned seed = 7003;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (const i64 c : {i64{1}, i64{3}, i64{8}}) {
    const ref::Tensor x = test::random_tensor(rng, 3, 7, 6, c);
    ref::PoolSpec s = window(3, 2, 2, 2, Padding::kSame);
    for (const bool is_max : {true, false}) {
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(c, is_max, table->isa);
        const optest::Result all = run_pool(*table, x, s, is_max);
        CHECK_OP_MATCHES(all, ref::pool2d(is_max, x, s));
        REQUIRE(all.status.ok());
        const std::size_t per_out = all.out.size() / 3, per_in = x.size() / 3;
        for (std::size_t b = 0; b < 3; ++b) {
          ref::Tensor one(1, x.h, x.w, c);
          std::copy(x.data.begin() + static_cast<std::ptrdiff_t>(b * per_in),
                    x.data.begin() + static_cast<std::ptrdiff_t>((b + 1) * per_in),
                    one.data.begin());
          const optest::Result single = run_pool(*table, one, s, is_max);
          REQUIRE(single.out.size() == per_out);
          CHECK_SAME_BITS(single.out.data(), all.out.data() + b * per_out, per_out);
        }
      }
    }
  }
}

TEST_CASE("pool2d: one workspace reused across calls of different sizes", "[pool2d]") {
  const unsigned seed = 7004;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (const condense::KernelTable* table : test::tables()) {
    condense::Workspace ws;
    for (int i = 0; i < 12; ++i) {
      const ref::Tensor x = test::random_tensor(rng, 1, test::pick(rng, 2, 30),
                                                test::pick(rng, 2, 30), test::pick(rng, 1, 4));
      ref::PoolSpec s = window(2, 2, 1, 1, i % 2 == 0 ? Padding::kSame : Padding::kValid);
      const bool is_max = i % 3 != 0;
      condense::Pool2dPlan plan;
      REQUIRE(condense::plan_pool2d("maxPool2d", optest::pool_params(s, is_max),
                                    optest::shape_of(x), &plan)
                  .ok());
      test::Input in(x.size());
      in.assign(x.data);
      test::Output out(plan.out_elements);
      REQUIRE(condense::run_pool2d(*table, plan, in.data(), out.data(), ws).ok());
      CAPTURE(table->isa, i, x.h, x.w, x.c);
      CHECK(out.canaries_intact());
      CHECK_REFERENCE(ref::pool2d(is_max, x, s), out.data());
    }
  }
}

TEST_CASE("pool2d: invalid requests are RangeErrors naming the function and the parameter",
          "[pool2d][errors]") {
  const ref::Tensor x = iota(4, 4);
  condense::Pool2dPlan plan;
  auto plan_max = [&](const ref::PoolSpec& s, const ref::Tensor& t) {
    return condense::plan_pool2d("maxPool2d", optest::pool_params(s, true), optest::shape_of(t),
                                 &plan);
  };
  SECTION("window larger than the input ('valid')") {
    CHECK_RANGE_ERROR(plan_max(window(5, 2, 1, 1), x), "maxPool2d", "poolSize");
    CHECK_RANGE_ERROR(plan_max(window(2, 5, 1, 1), x), "maxPool2d", "poolSize");
    ref::PoolSpec dilated = window(2, 2, 1, 1);
    dilated.dilation_h = 4;  // 2 taps dilated to 5 > 4
    CHECK_RANGE_ERROR(plan_max(dilated, x), "maxPool2d", "poolSize");
    CHECK_RANGE_ERROR(
        condense::plan_pool2d("avgPool2d", optest::pool_params(window(5, 5, 1, 1), false),
                              optest::shape_of(x), &plan),
        "avgPool2d", "poolSize");
  }
  SECTION("window larger than the explicitly padded input") {
    CHECK_RANGE_ERROR(plan_max(window(7, 2, 1, 1, Padding::kExplicit, 1, 0), x), "maxPool2d",
                      "poolSize");
  }
  SECTION("zero and negative window sizes, strides, dilations; negative padding") {
    CHECK_RANGE_ERROR(plan_max(window(0, 2, 1, 1), x), "maxPool2d", "poolSize");
    CHECK_RANGE_ERROR(plan_max(window(2, -1, 1, 1), x), "maxPool2d", "poolSize");
    CHECK_RANGE_ERROR(plan_max(window(2, 2, 0, 1), x), "maxPool2d", "strides");
    CHECK_RANGE_ERROR(plan_max(window(2, 2, 1, -2), x), "maxPool2d", "strides");
    ref::PoolSpec s = window(2, 2, 1, 1);
    s.dilation_w = 0;
    CHECK_RANGE_ERROR(plan_max(s, x), "maxPool2d", "dilations");
    CHECK_RANGE_ERROR(plan_max(window(2, 2, 1, 1, Padding::kExplicit, -1, 0), x), "maxPool2d",
                      "padding");
  }
  SECTION("windows that see only padding") {
    // Explicit pads >= the window: the first window lies in the top padding.
    CHECK_RANGE_ERROR(plan_max(window(2, 2, 1, 1, Padding::kExplicit, 2, 0), x), "maxPool2d",
                      "padding");
    // 'same' with dilation on a 1x1 input: taps at -1 and +1 both miss the only pixel.
    ref::PoolSpec s = window(2, 2, 1, 1, Padding::kSame);
    s.dilation_h = s.dilation_w = 2;
    const ref::Tensor one = iota(1, 1);
    REQUIRE_FALSE(ref::max_pool2d(one, s).ok);
    CHECK_RANGE_ERROR(plan_max(s, one), "maxPool2d", "padding");
    // Dilation skipping over the input: on a 2-pixel axis with pads [2, 2], taps 3 apart,
    // windows 0 and 2 each catch a pixel but window 1 (taps -1 and 2) sees only padding.
    ref::PoolSpec gap = window(2, 1, 1, 1, Padding::kExplicit, 2, 0);
    gap.dilation_h = 3;
    REQUIRE_FALSE(ref::max_pool2d(iota(2, 1), gap).ok);
    CHECK_RANGE_ERROR(plan_max(gap, iota(2, 1)), "maxPool2d", "padding");
  }
  SECTION("ceil mode with 'same' padding") {
    ref::PoolSpec s = window(2, 2, 2, 2, Padding::kSame);
    s.ceil_mode = true;
    CHECK_RANGE_ERROR(plan_max(s, x), "maxPool2d", "ceilMode");
    s.padding = Padding::kSameLower;
    CHECK_RANGE_ERROR(plan_max(s, x), "maxPool2d", "ceilMode");
  }
  SECTION("negative divisor_override") {
    ref::PoolSpec s = window(2, 2, 2, 2);
    s.divisor_override = -3;
    CHECK_RANGE_ERROR(condense::plan_pool2d("avgPool2d", optest::pool_params(s, false),
                                            optest::shape_of(x), &plan),
                      "avgPool2d", "divisorOverride");
  }
  SECTION("empty input dimensions") {
    condense::Pool2dParams p = optest::pool_params(window(1, 1, 1, 1), true);
    CHECK_RANGE_ERROR(condense::plan_pool2d("maxPool2d", p, condense::Shape4{1, 0, 4, 1}, &plan),
                      "maxPool2d", "x");
    CHECK_RANGE_ERROR(condense::plan_pool2d("maxPool2d", p, condense::Shape4{1, 4, 4, 0}, &plan),
                      "maxPool2d", "x");
    CHECK_RANGE_ERROR(condense::plan_pool2d("maxPool2d", p, condense::Shape4{-1, 4, 4, 1}, &plan),
                      "maxPool2d", "x");
  }
  SECTION("a shape too large for memory is an out-of-memory status, not a crash") {
    condense::Pool2dParams p = optest::pool_params(window(1, 1, 1, 1), true);
    const condense::Status st = condense::plan_pool2d(
        "maxPool2d", p, condense::Shape4{1 << 20, 1 << 20, 1 << 20, 8}, &plan);
    CHECK_FALSE(st.ok());
    CHECK(optest::starts_with(st.message(), "maxPool2d: "));
  }
}

TEST_CASE(
    "pool2d: NaN in a window gives the all-ones NaN through the op, with or without "
    "clamp, for 1 and many channels",
    "[pool2d][nan]") {
  const unsigned seed = 7005;
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (const i64 c : {i64{1}, i64{3}, i64{8}}) {
    for (const bool relu : {false, true}) {
      ref::Tensor x = test::random_tensor(rng, 1, 6, 6, c);
      x.at(0, 1, 4, c - 1) = std::numeric_limits<float>::quiet_NaN();
      ref::PoolSpec s = window(2, 2, 2, 2);
      if (relu) s.lo = 0.0f;
      const ref::Expected want = ref::max_pool2d(x, s);
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(c, relu, table->isa);
        const optest::Result got = run_pool(*table, x, s, true);
        CHECK_OP_MATCHES(got, want);
        REQUIRE(got.status.ok());
        // Output (0, 2) channel c-1 holds the NaN; nothing else does.
        for (std::size_t i = 0; i < got.out.size(); ++i) {
          const bool is_target = i == sz((0 * 3 + 2) * c + c - 1);
          CAPTURE(i);
          CHECK((bits(got.out[i]) == kAllOnesNan) == is_target);
        }
      }
    }
  }
}

TEST_CASE("pool2d: an all-negative input returns the true maxima (tfjs-wasm returns FLT_MIN)",
          "[pool2d][inf]") {
  const ref::Tensor base = iota(4, 4);
  ref::Tensor x = base;
  for (float& v : x.data) v = -1.0f - v;  // -1 .. -16
  check_example(x, window(2, 2, 2, 2), true, 2, 2, {-1, -3, -9, -11});
  ref::Tensor inf = base;
  for (float& v : inf.data) v = -kInf;
  check_example(inf, window(2, 2, 2, 2), true, 2, 2, {-kInf, -kInf, -kInf, -kInf});
  check_example(inf, window(2, 2, 2, 2, Padding::kSame), true, 2, 2, {-kInf, -kInf, -kInf, -kInf});
}

TEST_CASE(
    "pool2d: ties keep the first value in row-major window order (-0 before +0), "
    "for 1 and many channels",
    "[pool2d][zero]") {
  // Every window holds -0 at tap (0, 1), +0 at tap (1, 0) and -1 elsewhere: row-major order
  // meets -0 first, so each max is -0; a column-first reduction (vmax down the window, then
  // hmax along it) meets +0 first. One-channel images used to do exactly that for every
  // geometry but 2x2/stride 2 and returned +0.
  struct Geometry {
    i64 kh, kw, sh, sw;
  };
  const Geometry geometries[] = {
      {2, 2, 2, 2}, {2, 2, 1, 1}, {3, 3, 3, 3}, {2, 3, 2, 3}, {3, 2, 1, 2}};
  for (const Geometry& g : geometries) {
    for (const i64 c : {i64{1}, i64{2}, i64{5}}) {
      const ref::PoolSpec s = window(g.kh, g.kw, g.sh, g.sw);
      // Non-overlapping windows only (stride >= window), so the pattern is per window.
      const i64 out_h = 2, out_w = 3;
      ref::Tensor x(1, (out_h - 1) * g.sh + g.kh, (out_w - 1) * g.sw + g.kw, c);
      for (float& v : x.data) v = -1.0f;
      const bool overlapping = g.sh < g.kh || g.sw < g.kw;
      for (i64 oy = 0; oy < out_h; ++oy) {
        for (i64 ox = 0; ox < out_w; ++ox) {
          for (i64 ch = 0; ch < c; ++ch) {
            x.at(0, oy * g.sh, ox * g.sw + 1, ch) = -0.0f;
            x.at(0, oy * g.sh + 1, ox * g.sw, ch) = 0.0f;
          }
        }
      }
      const ref::Expected want = ref::max_pool2d(x, s);
      REQUIRE(want.ok);
      if (!overlapping) {
        for (float v : want.exact) REQUIRE(test::is_neg_zero(v));
      }
      for (const condense::KernelTable* table : test::tables()) {
        CAPTURE(g.kh, g.kw, g.sh, g.sw, c, table->isa);
        const optest::Result got = run_pool(*table, x, s, true);
        CHECK_OP_MATCHES(got, want);
      }
    }
  }
}

TEST_CASE("pool2d: average pooling follows IEEE for infinities and NaN", "[pool2d][nan][inf]") {
  for (const i64 c : {i64{1}, i64{4}}) {
    ref::Tensor x(1, 4, 4, c);
    for (float& v : x.data) v = 1.0f;
    x.at(0, 0, 0, 0) = kInf;
    x.at(0, 1, 1, 0) = -kInf;  // window (0, 0): +inf and -inf -> NaN
    x.at(0, 0, 2, 0) = kInf;   // window (0, 1): +inf
    x.at(0, 3, 3, 0) = std::numeric_limits<float>::quiet_NaN();  // window (1, 1)
    const ref::PoolSpec s = window(2, 2, 2, 2);
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(c, table->isa);
      const optest::Result got = run_pool(*table, x, s, false);
      CHECK_OP_MATCHES(got, ref::avg_pool2d(x, s));
      REQUIRE(got.out.size() == sz(4 * c));
      CHECK(test::is_nan(got.out[0]));
      CHECK(got.out[sz(c)] == kInf);
      CHECK(got.out[sz(2 * c)] == 1.0f);
      CHECK(test::is_nan(got.out[sz(3 * c)]));
    }
  }
}
