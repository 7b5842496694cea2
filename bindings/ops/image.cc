// fromImageData (RGBA bytes -> a float map, TF grayscale and bilinear resize) and toImageData
// (a map -> RGBA bytes through a matplotlib colour map, optionally drawn smaller by max).
#include "image/image.h"

#include <cstring>

#include "ops/to-image-data.h"
#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define FROM_IMAGE_DATA_ARGS(A) A(h) A(w) A(inChannels) A(channels) A(outH) A(outW)
#define TO_IMAGE_DATA_ARGS(A) \
  A(h) A(w) A(outH) A(outW) A(colormap) A(vmin) A(vmax) A(bad) A(infiniteBad)
CONDENSE_ARGS(FromImageDataArgs, FROM_IMAGE_DATA_ARGS);
CONDENSE_ARGS(ToImageDataArgs, TO_IMAGE_DATA_ARGS);

}  // namespace

// a0: 8-bit pixels (w x h, inChannels 1, 3 or 4 samples each) -> float [1, outH, outW, channels].
CONDENSE_OP_ENTRY(fromImageData, FromImageDataArgs) {
  const char* fn = "fromImageData";
  const FromImageDataArgs a = read_args<FromImageDataArgs>();
  const Shape4 src{1, to_int(a.h), to_int(a.w), to_int(a.channels)};
  const Shape4 dst{1, to_int(a.outH), to_int(a.outW), to_int(a.channels)};
  std::size_t src_elements = 0, dst_elements = 0;
  Status status = validate_shape(fn, "imageData", src, &src_elements);
  if (status.ok()) status = validate_shape(fn, "size", dst, &dst_elements);
  if (!status.ok()) return fail(status);
  float* out = nullptr;
  if (int code = emit_output(fn, dst, dst_elements, &out)) return code;
  const std::int64_t in_channels = to_int(a.inChannels);
  if (in_channels != 1 && in_channels != 3 && in_channels != 4) {
    return fail(Status::Range("fromImageData: imageData must have 1, 3 or 4 channels"));
  }
  const auto* pixels = reinterpret_cast<const std::uint8_t*>(a0);
  const auto in_h = static_cast<std::size_t>(src.h), in_w = static_cast<std::size_t>(src.w);
  const auto out_h = static_cast<std::size_t>(dst.h), out_w = static_cast<std::size_t>(dst.w);
  const auto in_c = static_cast<std::size_t>(in_channels), c = static_cast<std::size_t>(src.c);
  if (out_h == in_h && out_w == in_w) {
    pixels_to_float(pixels, in_w, in_h, in_c, c, out);
  } else if (out_h * out_w <= in_h * in_w) {
    // Shrinking: convert only the pixels the resize reads (same values, bit for bit).
    pixels_resize_bilinear(pixels, in_w, in_h, in_c, c, out, out_h, out_w);
  } else {
    float* converted = nullptr;
    status = state().workspace.get_array(fn, Workspace::kPadded, src_elements, &converted);
    if (!status.ok()) return fail(status);
    pixels_to_float(pixels, in_w, in_h, in_c, c, converted);
    resize_bilinear(converted, in_h, in_w, c, out, out_h, out_w);
  }
  return 0;
}

// a0: an h x w map -> outH * outW RGBA pixels in the output slot (ops/to-image-data.h): each
// drawn pixel the maximum of its block. vmin / vmax NaN: autoscale; the scale used comes back as
// vmin, vmax. bad: the bad colour as one uint32 (RGBA in memory order); infiniteBad: 0 or 1.
// Side output (int32 x 7): zeros, positive, NaN, +inf, -inf, the finite min and max (float bits).
CONDENSE_OP_ENTRY(toImageData, ToImageDataArgs) {
  const char* fn = "toImageData";
  const ToImageDataArgs a = read_args<ToImageDataArgs>();
  const std::int64_t h = to_int(a.h), w = to_int(a.w), oh = to_int(a.outH), ow = to_int(a.outW);
  if (h < 1 || w < 1 || oh < 1 || ow < 1 || h > kMaxDim || w > kMaxDim) {
    return fail(Status::Range("toImageData: bad map or drawn size"));
  }
  ToImageDataRequest r;
  r.height = static_cast<std::size_t>(h);
  r.width = static_cast<std::size_t>(w);
  r.out_height = static_cast<std::size_t>(oh);
  r.out_width = static_cast<std::size_t>(ow);
  r.colormap = static_cast<std::int32_t>(to_int(a.colormap));
  r.vmin = to_float(a.vmin);
  r.vmax = to_float(a.vmax);
  r.bad = static_cast<std::uint32_t>(to_int(a.bad));
  r.infinite_bad = to_int(a.infiniteBad) != 0;
  const std::size_t n = r.out_height * r.out_width;
  void* p = reserve_slot(kOutput, n * 4);
  if (p == nullptr) {
    return fail(Status::OutOfMemory(std::string(fn) + ": the image does not fit in memory"));
  }
  std::int32_t* aux = nullptr;
  if (int code = emit_aux(fn, 7, &aux)) return code;
  float vmin = 0.0f, vmax = 0.0f;
  ColormapStats stats;
  const Status status =
      to_image_data_f32(fn, *state().table, r, as_floats(a0), static_cast<std::uint32_t*>(p),
                        state().workspace, &vmin, &vmax, &stats);
  if (!status.ok()) return fail(status);
  // The map's counts, then its finite range as float bits (+inf, -inf when nothing is finite).
  const std::size_t counts[5] = {stats.zeros, stats.positive, stats.nan, stats.pos_inf,
                                 stats.neg_inf};
  for (int k = 0; k < 5; ++k) aux[k] = static_cast<std::int32_t>(counts[k]);
  std::memcpy(aux + 5, &stats.min, sizeof(float));
  std::memcpy(aux + 6, &stats.max, sizeof(float));
  Result& res = state().result;
  res.address = static_cast<double>(reinterpret_cast<std::uintptr_t>(p));
  res.vmin = static_cast<double>(vmin);
  res.vmax = static_cast<double>(vmax);
  res.count = static_cast<double>(n * 4);
  return 0;
}

}  // namespace bindings
}  // namespace condense
