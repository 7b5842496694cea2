// maxPool1d, avgPool1d, maxPool3d, avgPool3d: pooling over 1 or 3 spatial axes through the one
// 3-D op (a 1-D tensor is a 3-D one with unit depth and height).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// x0..x4: the input's dims in the caller's order (rank 3 for 1-D: [n, w, c] or [n, c, w]).
// clang-format off
#define POOL3D_ARGS(A)                                                                     \
  A(x0) A(x1) A(x2) A(x3) A(x4) A(rank) A(layout) CONDENSE_ARGS_POOL(A) A(windowD) A(strideD) \
  A(dilationD) A(padFront) A(padBack)
// clang-format on
CONDENSE_ARGS(Pool3dArgs, POOL3D_ARGS);

// The caller's dims as 5-D dims in the caller's order (a 1-D tensor gets unit depth and height).
void dims5(const Pool3dArgs& a, bool first, std::int64_t dims[5]) {
  const std::int64_t x[5] = {to_int(a.x0), to_int(a.x1), to_int(a.x2), to_int(a.x3), to_int(a.x4)};
  if (to_int(a.rank) != 3) {
    for (int i = 0; i < 5; ++i) dims[i] = x[i];
    return;
  }
  // [n, w, c] -> [n, 1, 1, w, c]; [n, c, w] -> [n, c, 1, 1, w].
  const std::int64_t one_d[5] = {x[0], first ? x[1] : 1, 1, first ? 1 : x[1], x[2]};
  for (int i = 0; i < 5; ++i) dims[i] = one_d[i];
}

// The output shape in the caller's order (rank 3 for 1-D).
void record_shape5(const Shape5& o, Layout layout, bool one_d) {
  std::int64_t dims[5];
  shape5_to_layout(layout, o, dims);
  if (!one_d) {
    record_shape(dims, 5);
    return;
  }
  const bool first = layout == Layout::kChannelsFirst;
  const std::int64_t d3[3] = {dims[0], first ? dims[1] : dims[3], dims[4]};
  record_shape(d3, 3);
}

int pool3d(const char* fn, PoolType type, std::uintptr_t in) {
  const Pool3dArgs a = read_args<Pool3dArgs>();
  const bool one_d = to_int(a.rank) == 3;
  const Layout layout = layout_of(a);
  Pool3dParams params;
  params.pool = pool_of(a, type);
  if (one_d) {  // unit depth and height
    Window2d& w = params.pool.window;
    w.window_h = w.stride_h = w.dilation_h = 1;
    w.pad_top = w.pad_bottom = 0;
  } else {
    params.window_d = to_int(a.windowD);
    params.stride_d = to_int(a.strideD);
    params.dilation_d = to_int(a.dilationD);
    params.pad_front = to_int(a.padFront);
    params.pad_back = to_int(a.padBack);
  }
  std::int64_t dims[5];
  dims5(a, layout == Layout::kChannelsFirst, dims);
  const Shape5 shape = shape5_from_layout(layout, dims);
  Pool3dPlan plan;
  Status status = plan_pool3d(fn, params, shape, &plan);
  if (!status.ok()) return fail(status);
  const Shape5& o = plan.out;
  float* dst = nullptr;
  const int code = emit_output(fn, Shape4{o.n, o.d, o.h * o.w, o.c}, plan.out_elements, &dst);
  record_shape5(o, layout, one_d);
  if (code != 0) return code;
  const float* x = nullptr;
  LayoutOutput out;
  status = to_channels_last(fn, layout, static_cast<std::size_t>(shape.n),
                            static_cast<std::size_t>(shape.d * shape.h * shape.w),
                            static_cast<std::size_t>(shape.c), as_floats(in), state().layout_ws,
                            Workspace::kPadded, &x);
  if (status.ok()) {
    status = layout_output(fn, layout, static_cast<std::size_t>(o.n),
                           static_cast<std::size_t>(o.d * o.h * o.w), static_cast<std::size_t>(o.c),
                           dst, state().layout_ws, Workspace::kRowB, &out);
  }
  if (status.ok()) status = run_pool3d(*state().table, plan, x, out.nhwc, state().workspace);
  if (!status.ok()) return fail(status);
  out.finish();
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(maxPool1d, Pool3dArgs) { return pool3d("maxPool1d", PoolType::kMax, a0); }
CONDENSE_OP_ENTRY(avgPool1d, Pool3dArgs) { return pool3d("avgPool1d", PoolType::kAvg, a0); }
CONDENSE_OP_ENTRY(maxPool3d, Pool3dArgs) { return pool3d("maxPool3d", PoolType::kMax, a0); }
CONDENSE_OP_ENTRY(avgPool3d, Pool3dArgs) { return pool3d("avgPool3d", PoolType::kAvg, a0); }

}  // namespace bindings
}  // namespace condense
