// Argument groups shared by several ops' lists, and their readers. The names are the JS
// runtime's too (bindings/runtime/args.mjs writes them); each op lists only the groups it reads.
#pragma once

#include <cstdint>

#include "core/parallel-elements.h"
#include "core/params.h"
#include "core/shape.h"
#include "ops/layout.h"
#include "ops/ops.h"
#include "runtime/state.h"

namespace condense {
namespace bindings {

// clang-format off
// The input's dims in the caller's order (layout 0: [n, h, w, c], 1: [n, c, h, w]).
#define CONDENSE_ARGS_INPUT(A) A(n) A(h) A(w) A(c) A(layout)
// A second tensor's dims (dy, indices) in the caller's order.
#define CONDENSE_ARGS_SECOND(A) A(gN) A(gH) A(gW) A(gC)
#define CONDENSE_ARGS_WINDOW(A)                                                           \
  A(windowH) A(windowW) A(strideH) A(strideW) A(dilationH) A(dilationW) A(padMode)        \
  A(padTop) A(padBottom) A(padLeft) A(padRight) A(ceilMode)
#define CONDENSE_ARGS_POOL(A)                                                             \
  CONDENSE_ARGS_WINDOW(A) A(countIncludePad) A(divisorOverride)
#define CONDENSE_ARGS_CONV(A)                                                             \
  A(kernelH) A(kernelW) A(filterIn) A(filterOut) A(convStrideH) A(convStrideW)            \
  A(convDilationH) A(convDilationW) A(convPadMode) A(convPadTop) A(convPadBottom)         \
  A(convPadLeft) A(convPadRight) A(hasBias) A(convMin) A(convMax) A(filterLayout)
// clang-format on

template <class A>
Layout layout_of(const A& a) {
  return to_int(a.layout) == 1 ? Layout::kChannelsFirst : Layout::kChannelsLast;
}

// The input shape as NHWC, from dims in the caller's layout.
template <class A>
Shape4 input_shape(const A& a) {
  const std::int64_t dims[4] = {to_int(a.n), to_int(a.h), to_int(a.w), to_int(a.c)};
  return shape_from_layout(layout_of(a), dims);
}

template <class A>
Shape4 second_shape(const A& a) {
  const std::int64_t dims[4] = {to_int(a.gN), to_int(a.gH), to_int(a.gW), to_int(a.gC)};
  return shape_from_layout(layout_of(a), dims);
}

template <class A>
Window2d window_of(const A& a) {
  Window2d w;
  w.window_h = to_int(a.windowH);
  w.window_w = to_int(a.windowW);
  w.stride_h = to_int(a.strideH);
  w.stride_w = to_int(a.strideW);
  w.dilation_h = to_int(a.dilationH);
  w.dilation_w = to_int(a.dilationW);
  w.padding = static_cast<PaddingMode>(to_int(a.padMode));
  w.pad_top = to_int(a.padTop);
  w.pad_bottom = to_int(a.padBottom);
  w.pad_left = to_int(a.padLeft);
  w.pad_right = to_int(a.padRight);
  w.ceil_mode = to_int(a.ceilMode) != 0;
  return w;
}

// Pooling without a fused clamp (the type comes from the op's name, or its poolType argument).
template <class A>
Pool2dParams pool_of(const A& a, PoolType type) {
  Pool2dParams p;
  p.window = window_of(a);
  p.type = type;
  p.count_include_pad = to_int(a.countIncludePad) != 0;
  p.divisor_override = to_int(a.divisorOverride);
  return p;
}

inline PoolType pool_type(double v) { return to_int(v) == 1 ? PoolType::kAvg : PoolType::kMax; }

// An elementwise op's oneThread argument: nonzero keeps the call on the calling thread (the JS
// side sets it for copied-in data, where splitting was measured slower).
inline Split split_of(double one_thread) {
  return to_int(one_thread) != 0 ? Split::kCaller : Split::kPool;
}

template <class A>
Conv2dParams conv_of(const A& a) {
  Conv2dParams p;
  p.stride_h = to_int(a.convStrideH);
  p.stride_w = to_int(a.convStrideW);
  p.dilation_h = to_int(a.convDilationH);
  p.dilation_w = to_int(a.convDilationW);
  p.padding = static_cast<PaddingMode>(to_int(a.convPadMode));
  p.pad_top = to_int(a.convPadTop);
  p.pad_bottom = to_int(a.convPadBottom);
  p.pad_left = to_int(a.convPadLeft);
  p.pad_right = to_int(a.convPadRight);
  p.has_bias = to_int(a.hasBias) != 0;
  p.clamp = Clamp{to_float(a.convMin), to_float(a.convMax)};
  return p;
}

template <class A>
FilterShape filter_shape_of(const A& a) {
  return FilterShape{to_int(a.kernelH), to_int(a.kernelW), to_int(a.filterIn), to_int(a.filterOut)};
}

// ---- channels-first callers: inputs and outputs in the caller's layout (src/ops/layout.h) --

// The input at `in` (NHWC shape `s`) as channels-last: itself, or a transposed copy in scratch.
Status layout_input(const char* fn, Layout layout, std::uintptr_t in, const Shape4& s,
                    Workspace::Slot slot, const float** out);

// emit_output in the caller's layout: the shape recorded in the caller's order; out->nhwc is where
// the op writes (channels-last), out->finish() moves it into the output buffer.
int emit_layout_output(const char* fn, Layout layout, const Shape4& shape, std::size_t elements,
                       LayoutOutput* out);

// The filter as HWIO: itself, or (OIHW) a transposed copy.
Status hwio_filter(const char* fn, bool oihw, std::uintptr_t filter, const FilterShape& f,
                   bool depthwise, const float** out);

}  // namespace bindings
}  // namespace condense
