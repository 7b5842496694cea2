// conv2dTranspose through plan_conv2d_transpose + run_conv2d_transpose with both kernel tables:
// the ONNX ConvTranspose node-test examples as exact expectations, output sizes of Keras /
// ONNX / PyTorch as literals, random requests against the naive scatter reference
// (tests/cpp/reference/conv2d-transpose.h), scalar == SIMD bit for bit, errors.
#include "ops/conv2d-transpose.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "helpers.h"
#include "ops/op-helpers.h"
#include "reference/conv2d-transpose.h"

namespace {

using ref::Padding;
using test::i64;
using test::kInf;
using test::sz;

struct Request {
  ref::Tensor x;
  std::vector<float> filter, bias;  // HWOI
  i64 kh = 1, kw = 1, og = 1;
  ref::TransposeAxis ay, ax;
  i64 groups = 1;
  bool has_bias = false;
  float lo = -kInf, hi = kInf;
};

condense::Conv2dTransposeParams params_of(const Request& r) {
  condense::Conv2dTransposeParams p;
  p.stride_h = r.ay.stride;
  p.stride_w = r.ax.stride;
  p.dilation_h = r.ay.dilation;
  p.dilation_w = r.ax.dilation;
  p.padding = optest::mode(r.ay.padding);
  p.pad_top = r.ay.pad_before;
  p.pad_bottom = r.ay.pad_after;
  p.pad_left = r.ax.pad_before;
  p.pad_right = r.ax.pad_after;
  p.output_padding_h = r.ay.output_padding;
  p.output_padding_w = r.ax.output_padding;
  p.output_h = r.ay.output_size;
  p.output_w = r.ax.output_size;
  p.groups = r.groups;
  p.has_bias = r.has_bias;
  p.clamp = condense::Clamp{r.lo, r.hi};
  return p;
}

condense::Status plan(const Request& r, condense::Conv2dTransposePlan* p) {
  return condense::plan_conv2d_transpose("conv2dTranspose", params_of(r), optest::shape_of(r.x),
                                         condense::FilterShape{r.kh, r.kw, r.og, r.x.c}, p);
}

std::vector<float> run(const condense::KernelTable& table, const Request& r,
                       condense::Conv2dTransposePlan* p) {
  condense::Workspace ws;
  REQUIRE(plan(r, p).ok());
  std::vector<float> out(p->out_elements + 1, test::kPoison);
  const std::uint32_t canary = test::kCanaryBits;
  out.back() = test::from_bits(canary);
  REQUIRE(condense::run_conv2d_transpose(table, *p, r.x.data.data(), r.filter.data(),
                                         r.has_bias ? r.bias.data() : nullptr, out.data(), ws)
              .ok());
  CHECK(test::bits(out.back()) == canary);
  out.pop_back();
  return out;
}

ref::TransposeAxis axis(i64 in, i64 k, i64 s, i64 d, Padding pad, i64 pb = 0, i64 pe = 0,
                        i64 op = -1, i64 size = 0) {
  return ref::TransposeAxis{in, k, s, d, pad, pb, pe, op, size};
}

// The ONNX node tests' input: x = 0..8 as 1x3x3x1, a 3x3 filter of ones with 2 outputs.
Request onnx_request() {
  Request r;
  r.x = ref::Tensor(1, 3, 3, 1);
  for (i64 i = 0; i < 9; ++i) r.x.data[sz(i)] = static_cast<float>(i);
  r.kh = r.kw = 3;
  r.og = 2;
  r.filter.assign(18, 1.0f);
  return r;
}

// One channel of an NHWC result with two equal channels.
std::vector<float> channel(const std::vector<float>& out, i64 c, i64 channels) {
  std::vector<float> v;
  for (std::size_t i = sz(c); i < out.size(); i += sz(channels)) v.push_back(out[i]);
  return v;
}

}  // namespace

TEST_CASE("conv2d-transpose: ONNX ConvTranspose node tests, exact", "[conv2d-transpose]") {
  const std::vector<float> plain = {0,  1,  3, 3,  2,  3,  8,  15, 12, 7,  9,  21, 36,
                                    27, 15, 9, 20, 33, 24, 13, 6,  13, 21, 15, 8};
  const std::vector<float> attributes = {
      0, 0, 1, 1, 3,  2, 2,  0, 0, 0, 1, 1, 3,  2, 2,  0, 0, 0, 1, 1, 3, 2, 2, 0,  3, 3,  7,
      4, 9, 5, 5, 0,  3, 3,  7, 4, 9, 5, 5, 0,  3, 3,  7, 4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8,
      8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 0, 0, 0, 0, 0, 0,  0, 0};
  const std::vector<float> pads = {1, 1, 3, 1, 1,  3, 7,  4,  9, 7, 4,
                                   9, 7, 4, 9, 13, 7, 15, 13, 7, 15};
  struct Case {
    const char* name;
    ref::TransposeAxis ay, ax;
    i64 h, w;
    const std::vector<float>* want;
  };
  const Case cases[] = {
      {"test_convtranspose (pads 0)", axis(3, 3, 1, 1, Padding::kExplicit),
       axis(3, 3, 1, 1, Padding::kExplicit), 5, 5, &plain},
      {"test_convtranspose (valid)", axis(3, 3, 1, 1, Padding::kValid),
       axis(3, 3, 1, 1, Padding::kValid), 5, 5, &plain},
      {"test_convtranspose_output_shape (valid)", axis(3, 3, 3, 1, Padding::kValid, 0, 0, -1, 10),
       axis(3, 3, 2, 1, Padding::kValid, 0, 0, -1, 8), 10, 8, &attributes},
      {"test_convtranspose_output_shape (pads 0)",
       axis(3, 3, 3, 1, Padding::kExplicit, 0, 0, -1, 10),
       axis(3, 3, 2, 1, Padding::kExplicit, 0, 0, -1, 8), 10, 8, &attributes},
      {"test_convtranspose_output_shape (same)", axis(3, 3, 3, 1, Padding::kSame, 0, 0, -1, 10),
       axis(3, 3, 2, 1, Padding::kSame, 0, 0, -1, 8), 10, 8, &attributes},
      {"test_convtranspose_pad", axis(3, 3, 3, 1, Padding::kExplicit, 0, 0, 1),
       axis(3, 3, 2, 1, Padding::kExplicit, 0, 0, 1), 10, 8, &attributes},
      {"test_convtranspose_kernel_shape (both)", axis(3, 3, 3, 1, Padding::kValid, 0, 0, 1, 10),
       axis(3, 3, 2, 1, Padding::kValid, 0, 0, 1, 8), 10, 8, &attributes},
      {"test_convtranspose_pads", axis(3, 3, 3, 1, Padding::kExplicit, 1, 1),
       axis(3, 3, 2, 1, Padding::kExplicit, 2, 2), 7, 3, &pads},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    Request r = onnx_request();
    r.ay = k.ay;
    r.ax = k.ax;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      condense::Conv2dTransposePlan p;
      const std::vector<float> out = run(*table, r, &p);
      CHECK(p.out.h == k.h);
      CHECK(p.out.w == k.w);
      CHECK(p.out.c == 2);
      CHECK(channel(out, 0, 2) == *k.want);
      CHECK(channel(out, 1, 2) == *k.want);
    }
  }
}

TEST_CASE("conv2d-transpose: output sizes of Keras, TF, ONNX and PyTorch", "[conv2d-transpose]") {
  struct Case {
    const char* rule;
    ref::TransposeAxis a;
    i64 out, pad_before;
  };
  const Case cases[] = {
      // Keras deconv_output_length, output_padding None: in * s + max(k - s, 0).
      {"keras valid k3 s2", axis(3, 3, 2, 1, Padding::kValid), 7, 0},
      {"keras valid k1 s2", axis(3, 1, 2, 1, Padding::kValid), 6, 0},
      {"keras valid k2 s3", axis(4, 2, 3, 1, Padding::kValid), 12, 0},
      {"keras valid k3 d2 s1", axis(4, 3, 1, 2, Padding::kValid), 8, 0},
      {"keras same s2", axis(3, 3, 2, 1, Padding::kSame), 6, 0},
      {"keras same k4 s2", axis(3, 4, 2, 1, Padding::kSame), 6, 1},
      {"keras same s1 k5", axis(4, 5, 1, 1, Padding::kSame), 4, 2},
      // With output_padding: (in - 1) * s + k - 2 * (k // 2) + op; TF pads for that size.
      {"keras same k3 s2 op1", axis(3, 3, 2, 1, Padding::kSame, 0, 0, 1), 6, 0},
      {"keras same k3 s2 op0", axis(3, 3, 2, 1, Padding::kSame, 0, 0, 0), 5, 1},
      {"keras valid k3 s2 op1", axis(3, 3, 2, 1, Padding::kValid, 0, 0, 1), 8, 0},
      {"onnx same_lower k4 s2", axis(3, 4, 2, 1, Padding::kSameLower), 6, 1},
      {"onnx same_lower k5 s2", axis(3, 5, 2, 1, Padding::kSameLower), 6, 2},
      // PyTorch: (in - 1) * s - 2p + d (k - 1) + op + 1.
      {"torch p1 op1 s2", axis(3, 3, 2, 1, Padding::kExplicit, 1, 1, 1), 6, 1},
      {"torch p2 d2 op1 s1", axis(5, 3, 1, 2, Padding::kExplicit, 2, 2, 1), 6, 2},
      {"torch output_size", axis(3, 3, 2, 1, Padding::kExplicit, 1, 1, -1, 6), 6, 1},
      // tf.nn.conv2d_transpose with output_shape.
      {"tf same output_shape 5", axis(3, 3, 2, 1, Padding::kSame, 0, 0, -1, 5), 5, 1},
      {"tf valid output_shape 8", axis(3, 3, 2, 1, Padding::kValid, 0, 0, -1, 8), 8, 0},
  };
  for (const Case& k : cases) {
    CAPTURE(k.rule);
    const ref::TransposeAxisOut want = ref::transpose_axis(k.a);
    REQUIRE(want.ok);
    CHECK(want.out == k.out);
    CHECK(want.pad_before == k.pad_before);
    condense::TransposeAxisRequest q{k.a.in,
                                     k.a.kernel,
                                     k.a.stride,
                                     k.a.dilation,
                                     optest::mode(k.a.padding),
                                     k.a.pad_before,
                                     k.a.pad_after,
                                     k.a.output_padding,
                                     k.a.output_size};
    condense::AxisGeometry g;
    REQUIRE(condense::compute_transpose_axis({"conv2dTranspose", "filter", "height"}, q, &g).ok());
    CHECK(g.in == k.out);
    CHECK(g.out == k.a.in);
    CHECK(g.pad_before == k.pad_before);
  }
}

TEST_CASE("conv2d-transpose: random requests vs the scatter reference", "[conv2d-transpose]") {
  std::mt19937 rng(1111);
  const Padding modes[] = {Padding::kValid, Padding::kSame, Padding::kSameLower,
                           Padding::kExplicit};
  int checked = 0;
  for (int iter = 0; iter < 300; ++iter) {
    Request r;
    r.groups = test::pick(rng, 0, 3) == 0 ? test::pick(rng, 2, 3) : 1;
    const i64 ig = test::pick_of(rng, std::vector<i64>{1, 2, 3, 4, 5, 8, 9});
    r.og = test::pick_of(rng, std::vector<i64>{1, 2, 3, 4, 7, 8, 9, 16, 17});
    r.kh = test::pick(rng, 1, 4);
    r.kw = test::pick(rng, 1, 4);
    r.x = test::random_tensor(rng, test::pick(rng, 1, 2), test::pick(rng, 1, 6),
                              test::pick(rng, 1, 6), ig * r.groups);
    r.filter.resize(sz(r.kh * r.kw * r.og * r.x.c));
    test::fill(rng, r.filter);
    const Padding mode = modes[test::pick(rng, 0, 3)];
    auto make = [&](i64 in, i64 k) {
      ref::TransposeAxis a = axis(in, k, test::pick(rng, 1, 3), test::pick(rng, 1, 2), mode);
      if (mode == Padding::kExplicit) {
        a.pad_before = test::pick(rng, 0, 2);
        a.pad_after = test::pick(rng, 0, 2);
      }
      const int extra = static_cast<int>(test::pick(rng, 0, 2));
      if (extra == 1) a.output_padding = test::pick(rng, 0, std::max(a.stride, a.dilation) - 1);
      if (extra == 2) {
        a.output_size =
            ref::transpose_axis(a).out + (mode == Padding::kSame ? test::pick(rng, -1, 1) : 0);
        if (a.output_size < 1) a.output_size = 1;
      }
      return a;
    };
    r.ay = make(r.x.h, r.kh);
    r.ax = make(r.x.w, r.kw);
    r.has_bias = test::pick(rng, 0, 1) == 1;
    r.bias.resize(sz(r.og * r.groups));
    test::fill(rng, r.bias);
    if (test::pick(rng, 0, 2) == 0) r.lo = 0.0f;
    if (test::pick(rng, 0, 3) == 0) r.hi = 0.5f;
    const ref::Expected want =
        ref::conv2d_transpose(r.x, r.filter, r.kh, r.kw, r.og, r.groups,
                              r.has_bias ? r.bias.data() : nullptr, r.ay, r.ax, r.lo, r.hi);
    condense::Conv2dTransposePlan p;
    const condense::Status st = plan(r, &p);
    CAPTURE(iter, r.x.n, r.x.h, r.x.w, r.x.c, r.kh, r.kw, r.og, r.groups, r.ay.stride,
            r.ay.dilation, r.ay.output_padding, r.ay.output_size, st.message());
    CHECK(st.ok() == want.ok);
    if (!st.ok() || !want.ok) continue;
    REQUIRE(p.out.h == want.h);
    REQUIRE(p.out.w == want.w);
    REQUIRE(p.out.c == want.c);
    std::vector<std::vector<float>> results;
    for (const condense::KernelTable* table : test::tables()) {
      CAPTURE(table->isa);
      results.push_back(run(*table, r, &p));
      CHECK_REFERENCE(want, results.back().data());
    }
    if (results.size() == 2) CHECK_SAME_BITS(results[0].data(), results[1].data(), p.out_elements);
    ++checked;
  }
  CHECK(checked > 200);
}

TEST_CASE("conv2d-transpose: errors name the function and the parameter", "[conv2d-transpose]") {
  struct Case {
    const char* what;
    Request r;
    const char* part;
  };
  auto base = [] {
    Request r = onnx_request();
    r.ay = axis(3, 3, 2, 1, Padding::kValid);
    r.ax = axis(3, 3, 2, 1, Padding::kValid);
    return r;
  };
  std::vector<Case> cases;
  Request r = base();
  r.ay.output_padding = 2;
  cases.push_back({"outputPadding >= stride", r, "outputPadding must be"});
  r = base();
  r.ay.output_size = 11;
  cases.push_back({"valid outputShape too large", r, "outputShape height (11) must be in [7, 8]"});
  r = base();
  r.ay.output_size = 6;
  cases.push_back({"valid outputShape too small", r, "outputShape height (6)"});
  r = base();
  r.ax.output_padding = 1;
  r.ax.output_size = 9;
  cases.push_back({"both disagree", r, "must equal the size outputPadding gives (8)"});
  r = base();
  r.ay.padding = r.ax.padding = Padding::kExplicit;
  r.ay.pad_before = r.ay.pad_after = 5;
  cases.push_back({"pads eat the output", r, "leaves no output"});
  r = base();
  r.ay.padding = r.ax.padding = Padding::kExplicit;
  r.ay.output_size = 9;
  cases.push_back(
      {"torch output_size out of range", r, "outputShape height (9) must be in [7, 8]"});
  r = base();
  r.groups = 2;
  cases.push_back({"groups does not divide", r, "groups (2) must divide"});
  r = base();
  r.groups = 0;
  cases.push_back({"groups 0", r, "groups must be a positive integer"});
  for (const Case& k : cases) {
    CAPTURE(k.what);
    condense::Conv2dTransposePlan p;
    const condense::Status st = plan(k.r, &p);
    REQUIRE(!st.ok());
    CAPTURE(st.message());
    CHECK(st.code() == condense::StatusCode::kRangeError);
    CHECK(optest::starts_with(st.message(), "conv2dTranspose: "));
    CHECK(optest::contains(st.message(), k.part));
  }
  // The filter's input channels must match x.
  Request bad = base();
  condense::Conv2dTransposePlan p;
  const condense::Status st =
      condense::plan_conv2d_transpose("conv2dTranspose", params_of(bad), optest::shape_of(bad.x),
                                      condense::FilterShape{3, 3, 2, 4}, &p);
  REQUIRE(!st.ok());
  CHECK(optest::contains(st.message(), "filter's input channels (4) must equal"));
}
