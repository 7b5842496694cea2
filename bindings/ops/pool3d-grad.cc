// maxPool1dGrad, avgPool1dGrad, maxPool3dGrad, avgPool3dGrad: the gradients of 1-D and 3-D max
// and average pooling through the one 3-D op (a 1-D tensor has unit depth and height).
#include <string>

#include "core/format.h"
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

// x0..x4: the forward input's dims in the caller's order (rank 3 for 1-D: [n, w, c] or
// [n, c, w]); g0..g4: dy's.
// clang-format off
#define POOL3D_GRAD_ARGS(A)                                                            \
  A(x0) A(x1) A(x2) A(x3) A(x4) A(rank) A(layout) CONDENSE_ARGS_POOL(A) A(windowD)     \
  A(strideD) A(dilationD) A(padFront) A(padBack) A(g0) A(g1) A(g2) A(g3) A(g4)
// clang-format on
CONDENSE_ARGS(Pool3dGradArgs, POOL3D_GRAD_ARGS);

// The caller's dims (rank 3 or 5) -> NDHWC.
Shape5 to_shape5(const std::int64_t x[5], bool one_d, bool first) {
  if (one_d) return first ? Shape5{x[0], 1, 1, x[2], x[1]} : Shape5{x[0], 1, 1, x[1], x[2]};
  return first ? Shape5{x[0], x[2], x[3], x[4], x[1]} : Shape5{x[0], x[1], x[2], x[3], x[4]};
}

// NDHWC -> the caller's dims; returns the rank.
int caller_dims(const Shape5& s, bool one_d, bool first, std::int64_t dims[5]) {
  if (one_d) {
    dims[0] = s.n;
    dims[1] = first ? s.c : s.w;
    dims[2] = first ? s.w : s.c;
    return 3;
  }
  shape5_to_layout(first ? Layout::kChannelsFirst : Layout::kChannelsLast, s, dims);
  return 5;
}

std::string dims_str(const std::int64_t* dims, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += (i ? ", " : "") + to_str(dims[i]);
  return s + "]";
}

// a0: x (max) or dy (average); a1: dy (max).
int pool3d_grad(const char* fn, PoolType type, std::uintptr_t x_addr, std::uintptr_t dy_addr) {
  const Pool3dGradArgs a = read_args<Pool3dGradArgs>();
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
  const std::int64_t xd[5] = {to_int(a.x0), to_int(a.x1), to_int(a.x2), to_int(a.x3), to_int(a.x4)};
  const std::int64_t gd[5] = {to_int(a.g0), to_int(a.g1), to_int(a.g2), to_int(a.g3), to_int(a.g4)};
  const Shape5 shape = to_shape5(xd, one_d, first);
  Pool3dPlan plan;
  Status status = plan_pool3d(fn, params, shape, &plan);
  if (!status.ok()) return fail(status);
  std::int64_t want[5] = {0, 0, 0, 0, 0};
  const int rank = caller_dims(plan.out, one_d, first, want);
  for (int i = 0; i < rank; ++i) {
    if (gd[i] != want[i]) {
      return fail(Status::Range(std::string(fn) + ": dy.shape must be " + dims_str(want, rank) +
                                " (the forward output's shape; got " + dims_str(gd, rank) + ")"));
    }
  }
  const Shape5& s = plan.in;
  float* dst = nullptr;
  std::int64_t in_dims[5] = {0, 0, 0, 0, 0};
  caller_dims(s, one_d, first, in_dims);
  const int code = emit_output(fn, Shape4{s.n, s.d, s.h * s.w, s.c}, plan.in_elements, &dst);
  record_shape(in_dims, rank);
  if (code) return code;
  const std::size_t n = static_cast<std::size_t>(s.n), c = static_cast<std::size_t>(s.c);
  const std::size_t in_spatial = static_cast<std::size_t>(s.d * s.h * s.w);
  const std::size_t out_spatial = static_cast<std::size_t>(plan.out.d * plan.out.h * plan.out.w);
  const float* x = type == PoolType::kMax ? as_floats(x_addr) : nullptr;
  const float* dy = as_floats(type == PoolType::kMax ? dy_addr : x_addr);
  float* dx = dst;
  Workspace& lws = state().layout_ws;
  if (first) {  // channels-last copies of x and dy, and of dx before it is transposed back
    float* buffer = nullptr;
    if (x != nullptr) {
      status = lws.get_array(fn, Workspace::kPadded, plan.in_elements, &buffer);
      if (status.ok()) transpose_to_channels_last(n, c, in_spatial, x, buffer);
      x = buffer;
    }
    if (status.ok()) status = lws.get_array(fn, Workspace::kRowA, plan.out_elements, &buffer);
    if (status.ok()) transpose_to_channels_last(n, c, out_spatial, dy, buffer);
    dy = buffer;
    if (status.ok()) status = lws.get_array(fn, Workspace::kRowB, plan.in_elements, &dx);
  }
  if (status.ok()) {
    status = type == PoolType::kMax
                 ? run_max_pool3d_grad(fn, *state().table, plan, x, dy, dx, state().workspace)
                 : run_avg_pool3d_grad(fn, *state().table, plan, dy, dx, state().workspace);
  }
  if (!status.ok()) return fail(status);
  if (first) transpose_to_channels_first(n, in_spatial, c, dx, dst);
  return 0;
}

}  // namespace

CONDENSE_OP_ENTRY(maxPool1dGrad, Pool3dGradArgs) {
  return pool3d_grad("maxPool1dGrad", PoolType::kMax, a0, a1);
}
CONDENSE_OP_ENTRY(avgPool1dGrad, Pool3dGradArgs) {
  return pool3d_grad("avgPool1dGrad", PoolType::kAvg, a0, a1);
}
CONDENSE_OP_ENTRY(maxPool3dGrad, Pool3dGradArgs) {
  return pool3d_grad("maxPool3dGrad", PoolType::kMax, a0, a1);
}
CONDENSE_OP_ENTRY(avgPool3dGrad, Pool3dGradArgs) {
  return pool3d_grad("avgPool3dGrad", PoolType::kAvg, a0, a1);
}

}  // namespace bindings
}  // namespace condense
