#include "ops/layout.h"

#include <algorithm>
#include <cstdint>

namespace condense {

namespace {

// Tiles of kTile x kTile keep both the reads and the writes of a transposition within a few
// cache lines.
constexpr std::size_t kTile = 16;

// out[s*rows + r] = in[r*cols + s] for one [rows, cols] matrix.
template <typename T>
void transpose_matrix(std::size_t rows, std::size_t cols, const T* in, T* out) {
  for (std::size_t r0 = 0; r0 < rows; r0 += kTile) {
    const std::size_t r1 = std::min(rows, r0 + kTile);
    for (std::size_t c0 = 0; c0 < cols; c0 += kTile) {
      const std::size_t c1 = std::min(cols, c0 + kTile);
      for (std::size_t r = r0; r < r1; ++r) {
        for (std::size_t c = c0; c < c1; ++c) out[c * rows + r] = in[r * cols + c];
      }
    }
  }
}

}  // namespace

Shape4 shape_from_layout(Layout layout, const std::int64_t dims[4]) {
  if (layout == Layout::kChannelsFirst) return Shape4{dims[0], dims[2], dims[3], dims[1]};
  return Shape4{dims[0], dims[1], dims[2], dims[3]};
}

void shape_to_layout(Layout layout, const Shape4& s, std::int64_t dims[4]) {
  dims[0] = s.n;
  if (layout == Layout::kChannelsFirst) {
    dims[1] = s.c;
    dims[2] = s.h;
    dims[3] = s.w;
  } else {
    dims[1] = s.h;
    dims[2] = s.w;
    dims[3] = s.c;
  }
}

void transpose_to_channels_last(std::size_t batch, std::size_t channels, std::size_t spatial,
                                const float* in, float* out) {
  const std::size_t image = channels * spatial;
  for (std::size_t b = 0; b < batch; ++b) {
    transpose_matrix(channels, spatial, in + b * image, out + b * image);
  }
}

void transpose_to_channels_first(std::size_t batch, std::size_t spatial, std::size_t channels,
                                 const float* in, float* out) {
  const std::size_t image = channels * spatial;
  for (std::size_t b = 0; b < batch; ++b) {
    transpose_matrix(spatial, channels, in + b * image, out + b * image);
  }
}

void transpose_to_channels_first(std::size_t batch, std::size_t spatial, std::size_t channels,
                                 const std::int32_t* in, std::int32_t* out) {
  const std::size_t image = channels * spatial;
  for (std::size_t b = 0; b < batch; ++b) {
    transpose_matrix(spatial, channels, in + b * image, out + b * image);
  }
}

void transpose_to_channels_last(std::size_t batch, std::size_t channels, std::size_t spatial,
                                const std::int32_t* in, std::int32_t* out) {
  const std::size_t image = channels * spatial;
  for (std::size_t b = 0; b < batch; ++b) {
    transpose_matrix(channels, spatial, in + b * image, out + b * image);
  }
}

void filter_oihw_to_hwio(std::size_t kh, std::size_t kw, std::size_t in_c, std::size_t out_c,
                         const float* in, float* out) {
  // [out_c * in_c, kh * kw] -> [kh * kw, in_c * out_c] with the (o, i) pairs reordered (i, o).
  const std::size_t taps = kh * kw;
  for (std::size_t o = 0; o < out_c; ++o) {
    for (std::size_t i = 0; i < in_c; ++i) {
      const float* src = in + (o * in_c + i) * taps;
      for (std::size_t t = 0; t < taps; ++t) out[(t * in_c + i) * out_c + o] = src[t];
    }
  }
}

void filter_hwio_to_oihw(std::size_t kh, std::size_t kw, std::size_t in_c, std::size_t out_c,
                         const float* in, float* out) {
  const std::size_t taps = kh * kw;
  for (std::size_t o = 0; o < out_c; ++o) {
    for (std::size_t i = 0; i < in_c; ++i) {
      float* dst = out + (o * in_c + i) * taps;
      for (std::size_t t = 0; t < taps; ++t) dst[t] = in[(t * in_c + i) * out_c + o];
    }
  }
}

namespace {

template <typename T>
Status to_channels_last_nsc(const char* fn, Layout layout, std::size_t batch, std::size_t spatial,
                            std::size_t channels, const T* in, Workspace& ws, Workspace::Slot slot,
                            const T** out) {
  if (layout == Layout::kChannelsLast) {
    *out = in;
    return Status::Ok();
  }
  T* buffer = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, slot, batch * spatial * channels, &buffer));
  transpose_to_channels_last(batch, channels, spatial, in, buffer);
  *out = buffer;
  return Status::Ok();
}

template <typename T>
Status layout_output_nsc(const char* fn, Layout layout, std::size_t batch, std::size_t spatial,
                         std::size_t channels, T* dst, Workspace& ws, Workspace::Slot slot,
                         LayoutBuffer<T>* out) {
  out->dst = dst;
  out->nhwc = dst;
  out->batch = batch;
  out->spatial = spatial;
  out->channels = channels;
  if (layout == Layout::kChannelsLast) return Status::Ok();
  return ws.get_array(fn, slot, batch * spatial * channels, &out->nhwc);
}

std::size_t dim(std::int64_t v) { return static_cast<std::size_t>(v); }

}  // namespace

Status to_channels_last(const char* fn, Layout layout, const Shape4& shape, const float* in,
                        Workspace& ws, Workspace::Slot slot, const float** out) {
  return to_channels_last_nsc(fn, layout, dim(shape.n), dim(shape.h * shape.w), dim(shape.c), in,
                              ws, slot, out);
}

Status to_channels_last(const char* fn, Layout layout, const Shape4& shape, const std::int32_t* in,
                        Workspace& ws, Workspace::Slot slot, const std::int32_t** out) {
  return to_channels_last_nsc(fn, layout, dim(shape.n), dim(shape.h * shape.w), dim(shape.c), in,
                              ws, slot, out);
}

Status to_channels_last(const char* fn, Layout layout, std::size_t batch, std::size_t spatial,
                        std::size_t channels, const float* in, Workspace& ws, Workspace::Slot slot,
                        const float** out) {
  return to_channels_last_nsc(fn, layout, batch, spatial, channels, in, ws, slot, out);
}

Status layout_output(const char* fn, Layout layout, const Shape4& shape, float* dst, Workspace& ws,
                     Workspace::Slot slot, LayoutOutput* out) {
  return layout_output_nsc(fn, layout, dim(shape.n), dim(shape.h * shape.w), dim(shape.c), dst, ws,
                           slot, out);
}

Status layout_output(const char* fn, Layout layout, const Shape4& shape, std::int32_t* dst,
                     Workspace& ws, Workspace::Slot slot, LayoutIndices* out) {
  return layout_output_nsc(fn, layout, dim(shape.n), dim(shape.h * shape.w), dim(shape.c), dst, ws,
                           slot, out);
}

Status layout_output(const char* fn, Layout layout, std::size_t batch, std::size_t spatial,
                     std::size_t channels, float* dst, Workspace& ws, Workspace::Slot slot,
                     LayoutOutput* out) {
  return layout_output_nsc(fn, layout, batch, spatial, channels, dst, ws, slot, out);
}

Status filter_to_hwio(const char* fn, FilterLayout layout, const FilterShape& filter,
                      bool depthwise, const float* in, Workspace& ws, Workspace::Slot slot,
                      const float** out) {
  if (layout != FilterLayout::kOihw) {
    *out = in;
    return Status::Ok();
  }
  const std::size_t in_c = depthwise ? 1 : dim(filter.in_c);
  const std::size_t out_c = dim(depthwise ? filter.in_c * filter.out_c : filter.out_c);
  const std::size_t kh = dim(filter.kernel_h), kw = dim(filter.kernel_w);
  float* buffer = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, slot, kh * kw * in_c * out_c, &buffer));
  filter_oihw_to_hwio(kh, kw, in_c, out_c, in, buffer);
  *out = buffer;
  return Status::Ok();
}

void filter_dims(FilterLayout layout, const FilterShape& f, std::int64_t dims[4]) {
  const bool oihw = layout == FilterLayout::kOihw;
  dims[0] = oihw ? f.out_c : f.kernel_h;
  dims[1] = oihw ? f.in_c : f.kernel_w;
  dims[2] = oihw ? f.kernel_h : f.in_c;
  dims[3] = oihw ? f.kernel_w : f.out_c;
}

Status filter_output(const char* fn, FilterLayout layout, const FilterShape& filter, float* dst,
                     Workspace& ws, Workspace::Slot slot, FilterOutput* out) {
  out->dst = dst;
  out->hwio = dst;
  out->filter = filter;
  if (layout != FilterLayout::kOihw) return Status::Ok();
  const std::size_t elements =
      dim(filter.kernel_h) * dim(filter.kernel_w) * dim(filter.in_c) * dim(filter.out_c);
  return ws.get_array(fn, slot, elements, &out->hwio);
}

void FilterOutput::finish() const {
  if (hwio == dst) return;
  filter_hwio_to_oihw(dim(filter.kernel_h), dim(filter.kernel_w), dim(filter.in_c),
                      dim(filter.out_c), hwio, dst);
}

}  // namespace condense
