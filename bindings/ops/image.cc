// fromImageData (RGBA bytes -> a float map, TF grayscale and bilinear resize) and toImageData
// (a map -> RGBA bytes through a matplotlib colour map).
#include "image/image.h"

#include "runtime/args.h"

namespace condense {
namespace bindings {
namespace {

#define FROM_IMAGE_DATA_ARGS(A) A(h) A(w) A(inChannels) A(channels) A(outH) A(outW)
#define TO_IMAGE_DATA_ARGS(A) A(count) A(colormap) A(vmin) A(vmax)
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

// a0: count floats -> count * 4 RGBA bytes in the output slot. vmin / vmax NaN: autoscale; the
// scale used comes back as vmin, vmax.
CONDENSE_OP_ENTRY(toImageData, ToImageDataArgs) {
  const char* fn = "toImageData";
  const ToImageDataArgs a = read_args<ToImageDataArgs>();
  const std::int64_t count = to_int(a.count);
  if (count < 0) return fail(Status::Range("toImageData: bad element count"));
  const std::size_t n = static_cast<std::size_t>(count);
  const float* data = as_floats(a0);
  float vmin = to_float(a.vmin), vmax = to_float(a.vmax);
  if (vmin != vmin || vmax != vmax) {
    float lo = 0.0f, hi = 0.0f;
    if (!finite_min_max(data, n, &lo, &hi)) lo = hi = 0.0f;
    if (vmin != vmin) vmin = lo;
    if (vmax != vmax) vmax = hi;
  }
  void* p = reserve_slot(kOutput, n * 4);
  if (p == nullptr) {
    return fail(Status::OutOfMemory(std::string(fn) + ": the image does not fit in memory"));
  }
  colormap_f32(data, n, static_cast<Colormap>(to_int(a.colormap)), vmin, vmax,
               static_cast<std::uint8_t*>(p));
  Result& r = state().result;
  r.address = static_cast<double>(reinterpret_cast<std::uintptr_t>(p));
  r.vmin = static_cast<double>(vmin);
  r.vmax = static_cast<double>(vmax);
  r.count = static_cast<double>(n * 4);
  return 0;
}

}  // namespace bindings
}  // namespace condense
