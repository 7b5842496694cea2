// conv2dTranspose: transposed 2-D convolution with output padding / output shape, groups, bias
// and a fused clamp (C++: src/ops/conv2d-transpose.cc).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// outPadH/W: -1 when outputPadding is not given; outputH/W: 0 when outputShape is not given.
#define CONV_TRANSPOSE_ARGS(A) \
  CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_CONV(A) A(outPadH) A(outPadW) A(outputH) A(outputW) A(groups)
CONDENSE_ARGS(ConvTransposeArgs, CONV_TRANSPOSE_ARGS);

Conv2dTransposeParams transpose_of(const ConvTransposeArgs& a) {
  const Conv2dParams c = conv_of(a);
  Conv2dTransposeParams p;
  p.stride_h = c.stride_h;
  p.stride_w = c.stride_w;
  p.dilation_h = c.dilation_h;
  p.dilation_w = c.dilation_w;
  p.padding = c.padding;
  p.pad_top = c.pad_top;
  p.pad_bottom = c.pad_bottom;
  p.pad_left = c.pad_left;
  p.pad_right = c.pad_right;
  p.has_bias = c.has_bias;
  p.clamp = c.clamp;
  p.output_padding_h = to_int(a.outPadH);
  p.output_padding_w = to_int(a.outPadW);
  p.output_h = to_int(a.outputH);
  p.output_w = to_int(a.outputW);
  p.groups = to_int(a.groups);
  return p;
}

}  // namespace

// a0: x; a1: the filter (HWOI, or IOHW with filterLayout 1); a2: the bias (or 0).
CONDENSE_OP_ENTRY(conv2dTranspose, ConvTransposeArgs) {
  const char* fn = "conv2dTranspose";
  const ConvTransposeArgs a = read_args<ConvTransposeArgs>();
  const Layout layout = layout_of(a);
  Conv2dTransposePlan plan;
  Status status =
      plan_conv2d_transpose(fn, transpose_of(a), input_shape(a), filter_shape_of(a), &plan);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* x = nullptr;
  const float* w = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kRowA, &x);
  if (status.ok())
    status = hwio_filter(fn, to_int(a.filterLayout) == 1, a1, plan.filter, false, &w);
  if (status.ok()) {
    status = run_conv2d_transpose(*state().table, plan, x, w, as_floats(a2), out.nhwc,
                                  state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
