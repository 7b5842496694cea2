// maxPool1d, avgPool1d, maxPool3d, avgPool3d: pooling over 1 or 3 spatial axes through the one
// 3-D op (a 1-D tensor is a 3-D one with unit depth and height).
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// x0..x4: the input's dims in the caller's order (rank 3 for 1-D: [n, w, c] or [n, c, w]).
#define POOL3D_ARGS(A)                                                                 \
  A(x0) A(x1) A(x2) A(x3) A(x4) A(rank) A(layout) CONDENSE_ARGS_POOL(A) A(windowD) \
  A(strideD) A(dilationD) A(padFront) A(padBack)
CONDENSE_ARGS(Pool3dArgs, POOL3D_ARGS);

// The caller's dims -> [n, d, h, w, c], and the output back in the caller's order.
Shape5 shape5(const Pool3dArgs& a, bool first) {
  const std::int64_t x[5] = {to_int(a.x0), to_int(a.x1), to_int(a.x2), to_int(a.x3), to_int(a.x4)};
  if (to_int(a.rank) == 3) return first ? Shape5{x[0], 1, 1, x[2], x[1]} : Shape5{x[0], 1, 1, x[1], x[2]};
  return first ? Shape5{x[0], x[2], x[3], x[4], x[1]} : Shape5{x[0], x[1], x[2], x[3], x[4]};
}

void record_shape5(const Shape5& o, bool first, bool one_d) {
  if (one_d) {
    const std::int64_t dims[3] = {o.n, first ? o.c : o.w, first ? o.w : o.c};
    record_shape(dims, 3);
    return;
  }
  const std::int64_t dims[5] = {o.n, first ? o.c : o.d, first ? o.d : o.h, first ? o.h : o.w,
                                first ? o.w : o.c};
  record_shape(dims, 5);
}

int pool3d(const char* fn, PoolType type, std::uintptr_t in) {
  const Pool3dArgs a = read_args<Pool3dArgs>();
  const bool one_d = to_int(a.rank) == 3;
  const bool first = layout_of(a) == Layout::kChannelsFirst;
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
  const Shape5 shape = shape5(a, first);
  Pool3dPlan plan;
  Status status = plan_pool3d(fn, params, shape, &plan);
  if (!status.ok()) return fail(status);
  const Shape5& o = plan.out;
  float* dst = nullptr;
  if (int code = emit_output(fn, Shape4{o.n, o.d, o.h * o.w, o.c}, plan.out_elements, &dst)) {
    record_shape5(o, first, one_d);
    return code;
  }
  record_shape5(o, first, one_d);
  const std::size_t n = static_cast<std::size_t>(shape.n);
  const std::size_t c = static_cast<std::size_t>(shape.c);
  const float* x = as_floats(in);
  float* nhwc = dst;
  if (first) {
    const std::size_t spatial = static_cast<std::size_t>(shape.d * shape.h * shape.w);
    float* buffer = nullptr;
    status = state().layout_ws.get_array(fn, Workspace::kPadded, n * spatial * c, &buffer);
    if (status.ok()) transpose_to_channels_last(n, c, spatial, x, buffer);
    x = buffer;
    if (status.ok()) status = state().layout_ws.get_array(fn, Workspace::kRowB, plan.out_elements, &nhwc);
  }
  if (status.ok()) status = run_pool3d(*state().table, plan, x, nhwc, state().workspace);
  if (!status.ok()) return fail(status);
  if (first) {
    transpose_to_channels_first(n, static_cast<std::size_t>(o.d * o.h * o.w),
                                static_cast<std::size_t>(o.c), nhwc, dst);
  }
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(maxPool1d, Pool3dArgs) { return pool3d("maxPool1d", PoolType::kMax, a0); }
CONDENSE_OP_ENTRY(avgPool1d, Pool3dArgs) { return pool3d("avgPool1d", PoolType::kAvg, a0); }
CONDENSE_OP_ENTRY(maxPool3d, Pool3dArgs) { return pool3d("maxPool3d", PoolType::kMax, a0); }
CONDENSE_OP_ENTRY(avgPool3d, Pool3dArgs) { return pool3d("avgPool3d", PoolType::kAvg, a0); }

}  // namespace bindings
}  // namespace condense
