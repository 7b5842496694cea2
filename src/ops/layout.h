// Layouts: every op computes in channels-last (NHWC; NWC and NDHWC for 1-D and 3-D). A
// channels-first caller (PyTorch / ONNX NCHW, NCW, NCDHW) passes its tensors as they are: these
// helpers transpose the input into channels-last scratch before the op and the op's output back
// after it, and read or write shapes in the caller's order. Filters: PyTorch/ONNX OIHW
// [out, in, kh, kw] <-> TF HWIO [kh, kw, in, out] (a depthwise OIHW filter [C*M, 1, kh, kw]
// becomes [kh, kw, 1, C*M], which is [kh, kw, C, M] in memory).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/shape.h"
#include "core/status.h"
#include "ops/conv2d.h"
#include "ops/workspace.h"

namespace condense {

enum class Layout : std::int32_t {
  kChannelsLast = 0,   // NHWC, NWC, NDHWC (TF / Keras default)
  kChannelsFirst = 1,  // NCHW, NCW, NCDHW (PyTorch / ONNX)
};

// dims in the caller's order ([n, h, w, c] or [n, c, h, w]) -> the NHWC shape.
Shape4 shape_from_layout(Layout layout, const std::int64_t dims[4]);
// The NHWC shape -> dims in the caller's order.
void shape_to_layout(Layout layout, const Shape4& shape, std::int64_t dims[4]);

// [batch, channels, spatial] -> [batch, spatial, channels] and back (spatial = h*w, d*h*w, ...).
// Elements are copied unchanged (NaN payloads included); the int32 form moves argmax indices.
void transpose_to_channels_last(std::size_t batch, std::size_t channels, std::size_t spatial,
                                const float* in, float* out);
void transpose_to_channels_first(std::size_t batch, std::size_t spatial, std::size_t channels,
                                 const float* in, float* out);
void transpose_to_channels_first(std::size_t batch, std::size_t spatial, std::size_t channels,
                                 const std::int32_t* in, std::int32_t* out);
void transpose_to_channels_last(std::size_t batch, std::size_t channels, std::size_t spatial,
                                const std::int32_t* in, std::int32_t* out);

// OIHW [out_c, in_c, kh, kw] -> HWIO [kh, kw, in_c, out_c], and back.
void filter_oihw_to_hwio(std::size_t kh, std::size_t kw, std::size_t in_c, std::size_t out_c,
                         const float* in, float* out);
void filter_hwio_to_oihw(std::size_t kh, std::size_t kw, std::size_t in_c, std::size_t out_c,
                         const float* in, float* out);

// ---- The channels-first adapter: one call per tensor for a binding --------------------------
// Inputs: `in` itself for channels-last callers, else a channels-last copy in ws `slot`.
// Outputs: the op writes channels-last at out->nhwc (the caller's buffer itself, or scratch in
// ws `slot`); out->finish() then moves it into the caller's buffer in the caller's layout.
// Scratch is sized overflow-checked; failures are statuses naming `fn`.

// shape: the tensor's NHWC shape.
Status to_channels_last(const char* fn, Layout layout, const Shape4& shape, const float* in,
                        Workspace& ws, Workspace::Slot slot, const float** out);
// int32 tensors (argmax indices).
Status to_channels_last(const char* fn, Layout layout, const Shape4& shape, const std::int32_t* in,
                        Workspace& ws, Workspace::Slot slot, const std::int32_t** out);
// [batch, spatial, channels] tensors of any rank (NWC / NDHWC; NCW / NCDHW when channels first).
Status to_channels_last(const char* fn, Layout layout, std::size_t batch, std::size_t spatial,
                        std::size_t channels, const float* in, Workspace& ws, Workspace::Slot slot,
                        const float** out);

template <typename T>
struct LayoutBuffer {
  T* nhwc = nullptr;  // where the op writes, channels-last
  T* dst = nullptr;   // the caller's buffer, in the caller's layout
  std::size_t batch = 0, spatial = 0, channels = 0;
  // Moves nhwc into dst (channels-first callers); nothing for channels-last ones.
  void finish() const {
    if (nhwc != dst) transpose_to_channels_first(batch, spatial, channels, nhwc, dst);
  }
};
using LayoutOutput = LayoutBuffer<float>;
using LayoutIndices = LayoutBuffer<std::int32_t>;

// dst: the caller's output buffer (shape.n * h * w * c elements).
Status layout_output(const char* fn, Layout layout, const Shape4& shape, float* dst, Workspace& ws,
                     Workspace::Slot slot, LayoutOutput* out);
Status layout_output(const char* fn, Layout layout, const Shape4& shape, std::int32_t* dst,
                     Workspace& ws, Workspace::Slot slot, LayoutIndices* out);
Status layout_output(const char* fn, Layout layout, std::size_t batch, std::size_t spatial,
                     std::size_t channels, float* dst, Workspace& ws, Workspace::Slot slot,
                     LayoutOutput* out);

// ---- Filters ----------------------------------------------------------------------------------

enum class FilterLayout : std::int32_t {
  kHwio = 0,  // [kh, kw, in, out] (TF / Keras)
  kOihw = 1,  // [out, in, kh, kw] (PyTorch / ONNX)
};

// The filter as HWIO: `in` itself, or (OIHW) a transposed copy in ws `slot`. filter is the HWIO
// shape (plan.filter); a depthwise OIHW filter [C*M, 1, kh, kw] is an OIHW filter with one input
// channel and C*M outputs.
Status filter_to_hwio(const char* fn, FilterLayout layout, const FilterShape& filter,
                      bool depthwise, const float* in, Workspace& ws, Workspace::Slot slot,
                      const float** out);

// A filter-shaped output (conv2dGradFilter) in the caller's filter layout: the op writes HWIO at
// out->hwio; finish() moves it into dst as OIHW when asked for. dims: the caller-order shape.
struct FilterOutput {
  float* hwio = nullptr;
  float* dst = nullptr;
  FilterShape filter;
  void finish() const;
};
void filter_dims(FilterLayout layout, const FilterShape& filter, std::int64_t dims[4]);
Status filter_output(const char* fn, FilterLayout layout, const FilterShape& filter, float* dst,
                     Workspace& ws, Workspace::Slot slot, FilterOutput* out);

}  // namespace condense
