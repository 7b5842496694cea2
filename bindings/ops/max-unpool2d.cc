// maxUnpool2d: scatters pooled values back to the positions their argmax indices name.
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define MAX_UNPOOL2D_ARGS(A)                                                       \
  CONDENSE_ARGS_INPUT(A) CONDENSE_ARGS_SECOND(A) CONDENSE_ARGS_POOL(A) A(outSizeH) \
  A(outSizeW) A(indexConvention)
CONDENSE_ARGS(MaxUnpool2dArgs, MAX_UNPOOL2D_ARGS);

// The unpooled size: outSize when given, else inverted from the pooling window.
Status unpooled_size(const char* fn, const MaxUnpool2dArgs& a, const Shape4& in,
                     std::int64_t* out_h, std::int64_t* out_w) {
  *out_h = to_int(a.outSizeH);
  *out_w = to_int(a.outSizeW);
  if (*out_h > 0 && *out_w > 0) return Status::Ok();
  const Window2d w = window_of(a);
  if (w.padding == PaddingMode::kSame || w.padding == PaddingMode::kSameLower) {
    return Status::Range(std::string(fn) +
                         ": 'same' padding does not determine the unpooled size; pass outputSize");
  }
  CONDENSE_RETURN_IF_ERROR(unpool_output_size(fn, "height", in.h, w.window_h, w.stride_h,
                                              w.pad_top, w.pad_bottom, out_h));
  return unpool_output_size(fn, "width", in.w, w.window_w, w.stride_w, w.pad_left, w.pad_right,
                            out_w);
}

}  // namespace

// a0: the values; a1: the int32 indices.
CONDENSE_OP_ENTRY(maxUnpool2d, MaxUnpool2dArgs) {
  const char* fn = "maxUnpool2d";
  const MaxUnpool2dArgs a = read_args<MaxUnpool2dArgs>();
  const Layout layout = layout_of(a);
  const Shape4 in = input_shape(a);
  std::int64_t out_h = 0, out_w = 0;
  Status status = unpooled_size(fn, a, in, &out_h, &out_w);
  MaxUnpoolPlan plan;
  if (status.ok()) {
    status = plan_max_unpool2d(fn, static_cast<ArgmaxConvention>(to_int(a.indexConvention)), in,
                               out_h, out_w, &plan);
  }
  if (status.ok()) status = check_shape(fn, "indices", second_shape(a), plan.in);
  if (!status.ok()) return fail(status);
  LayoutOutput out;
  if (int code = emit_layout_output(fn, layout, plan.out, plan.out_elements, &out)) return code;
  const float* v = nullptr;
  status = layout_input(fn, layout, a0, plan.in, Workspace::kPadded, &v);
  const std::int32_t* idx = reinterpret_cast<const std::int32_t*>(a1);
  if (status.ok() && layout == Layout::kChannelsFirst) {
    std::int32_t* buffer = nullptr;
    status = state().layout_ws.get_array(fn, Workspace::kRing, plan.in_elements, &buffer);
    if (status.ok()) {
      transpose_to_channels_last(static_cast<std::size_t>(in.n), static_cast<std::size_t>(in.c),
                                 static_cast<std::size_t>(in.h * in.w), idx, buffer);
      idx = buffer;
    }
  }
  if (status.ok()) {
    status = run_max_unpool2d(*state().table, plan, v, idx, out.nhwc, state().workspace);
  }
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace bindings
}  // namespace condense
