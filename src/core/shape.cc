#include "core/shape.h"

#include <algorithm>

#include "core/checked.h"
#include "core/format.h"

namespace condense {

namespace {

std::string num(std::int64_t v) { return format_int(v); }

std::int64_t floor_div(std::int64_t a, std::int64_t b) {  // b > 0
  std::int64_t q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {  // b > 0
  return -floor_div(-a, b);
}

}  // namespace

std::string shape_str(const Shape4& s) {
  return "[" + num(s.n) + ", " + num(s.h) + ", " + num(s.w) + ", " + num(s.c) + "]";
}

Status validate_shape(const char* fn, const char* param, const Shape4& s, std::size_t* elements) {
  const std::int64_t dims[4] = {s.n, s.h, s.w, s.c};
  for (std::int64_t d : dims) {
    if (d < 1 || d > kMaxDim) {
      return Status::Range(std::string(fn) + ": " + param +
                           " dimensions must be integers in [1, 2^30] (got shape " + shape_str(s) +
                           ")");
    }
  }
  std::size_t count = 0;
  std::size_t bytes = 0;
  if (!checked_product(dims, 4, &count) || !checked_mul(count, sizeof(float), &bytes) ||
      bytes > kMaxBufferBytes) {
    return Status::OutOfMemory(std::string(fn) + ": " + param + " shape " + shape_str(s) +
                               " is too large (more than 2^31 bytes)");
  }
  *elements = count;
  return Status::Ok();
}

void AxisGeometry::in_bounds_taps(std::int64_t o, std::int64_t* first, std::int64_t* count) const {
  const std::int64_t s = start(o);
  // Smallest t with s + t*d >= 0, largest t with s + t*d <= in - 1.
  std::int64_t lo = s >= 0 ? 0 : ceil_div(-s, dilation);
  std::int64_t hi = std::min(window - 1, floor_div(in - 1 - s, dilation));
  *first = lo;
  *count = hi >= lo ? hi - lo + 1 : 0;
}

std::int64_t AxisGeometry::taps_inside_padding(std::int64_t o) const {
  const std::int64_t s = start(o);
  const std::int64_t limit = in + pad_after;  // exclusive
  if (s >= limit) return 0;
  return std::min(window, floor_div(limit - 1 - s, dilation) + 1);
}

Status compute_axis(const WindowNames& names, const AxisRequest& r,
                    bool require_input_in_every_window, AxisGeometry* g) {
  const std::string fn = names.fn;
  if (r.in < 1 || r.in > kMaxDim) {
    return Status::Range(fn + ": input " + names.axis + " must be in [1, 2^30] (got " + num(r.in) +
                         ")");
  }
  if (r.window < 1 || r.window > kMaxDim) {
    return Status::Range(fn + ": " + names.window + " " + names.axis +
                         " must be a positive integer (got " + num(r.window) + ")");
  }
  if (r.stride < 1 || r.stride > kMaxDim) {
    return Status::Range(fn + ": strides must be positive integers (got " + num(r.stride) +
                         " for " + names.axis + ")");
  }
  if (r.dilation < 1 || r.dilation > kMaxDim) {
    return Status::Range(fn + ": dilations must be positive integers (got " + num(r.dilation) +
                         " for " + names.axis + ")");
  }
  if (r.pad_before < 0 || r.pad_after < 0 || r.pad_before > kMaxDim || r.pad_after > kMaxDim) {
    return Status::Range(fn + ": padding must be non-negative integers (got [" + num(r.pad_before) +
                         ", " + num(r.pad_after) + "] for " + names.axis + ")");
  }
  AxisGeometry out;
  out.in = r.in;
  out.window = r.window;
  out.stride = r.stride;
  out.dilation = r.dilation;
  const std::int64_t k_eff = out.effective_window();  // < 2^60, no overflow
  switch (r.mode) {
    case PaddingMode::kValid:
    case PaddingMode::kExplicit: {
      if (r.mode == PaddingMode::kExplicit) {
        out.pad_before = r.pad_before;
        out.pad_after = r.pad_after;
      }
      const std::int64_t padded = r.in + out.pad_before + out.pad_after;
      if (r.ceil_mode) {
        // PyTorch pooling_output_shape_pad_lr: round up, then drop a last window that would
        // start in the right padding (it must start inside the input or the left padding).
        // A window longer than the padded input still gives one partial window when
        // padded - k_eff > -stride; its overhang past the padded input is neither read nor
        // counted.
        out.out = ceil_div(padded - k_eff, r.stride) + 1;
        if ((out.out - 1) * r.stride >= r.in + out.pad_before) --out.out;
      } else if (padded >= k_eff) {
        out.out = (padded - k_eff) / r.stride + 1;
      }
      if (out.out < 1) {
        return Status::Range(
            fn + ": " + names.window + " " + names.axis + " (" + num(r.window) +
            (r.dilation > 1 ? " dilated to " + num(k_eff) : "") + ") is larger than the " +
            (padded != r.in ? "padded input " : "input ") + names.axis + " (" + num(padded) + ")" +
            (r.ceil_mode ? " by a stride or more (ceilMode keeps a partial window only when "
                           "the overhang is shorter than the stride)"
                         : ""));
      }
      break;
    }
    case PaddingMode::kSame:
    case PaddingMode::kSameLower: {
      out.out = ceil_div(r.in, r.stride);
      const std::int64_t need = std::max<std::int64_t>(0, (out.out - 1) * r.stride + k_eff - r.in);
      const std::int64_t small = need / 2;
      out.pad_before = r.mode == PaddingMode::kSame ? small : need - small;
      out.pad_after = need - out.pad_before;
      break;
    }
    default:
      return Status::Range(fn + ": padding mode is not one of valid, same, explicit");
  }
  if (out.out < 1 || out.out > kMaxDim) {
    return Status::Range(fn + ": output " + names.axis + " would be " + num(out.out));
  }
  if (require_input_in_every_window) {
    // Windows that miss the input can only be at the ends when the input is at least one
    // dilation long (a window overlapping it then has a tap inside); otherwise each window is
    // checked, which the output bound above keeps finite.
    const std::int64_t step = r.in >= r.dilation ? std::max<std::int64_t>(1, out.out - 1) : 1;
    if (step == 1 && out.out > (std::int64_t{1} << 22)) {
      return Status::Range(fn + ": dilations larger than the input " + names.axis +
                           " are limited to 2^22 outputs (got " + num(out.out) + ")");
    }
    for (std::int64_t o = 0; o < out.out; o += step) {
      std::int64_t first = 0, count = 0;
      out.in_bounds_taps(o, &first, &count);
      if (count == 0) {
        return Status::Range(fn + ": padding [" + num(out.pad_before) + ", " + num(out.pad_after) +
                             "] for " + names.axis + " leaves output " + num(o) +
                             "'s window entirely in the padding; use less padding");
      }
    }
  }
  *g = out;
  return Status::Ok();
}

Status check_shape(const char* fn, const char* param, const Shape4& got, const Shape4& want) {
  if (got.n == want.n && got.h == want.h && got.w == want.w && got.c == want.c) {
    return Status::Ok();
  }
  return Status::Range(std::string(fn) + ": " + param + " shape " + shape_str(got) +
                       " must equal " + shape_str(want) + " (NHWC order)");
}

Status compute_transpose_axis(const WindowNames& names, const TransposeAxisRequest& r,
                              AxisGeometry* g) {
  const std::string fn = names.fn;
  const std::string axis = names.axis;
  if (r.in < 1 || r.in > kMaxDim) {
    return Status::Range(fn + ": input " + axis + " must be in [1, 2^30] (got " + num(r.in) + ")");
  }
  if (r.window < 1 || r.window > kMaxDim) {
    return Status::Range(fn + ": " + names.window + " " + axis +
                         " must be a positive integer (got " + num(r.window) + ")");
  }
  if (r.stride < 1 || r.stride > kMaxDim) {
    return Status::Range(fn + ": strides must be positive integers (got " + num(r.stride) +
                         " for " + axis + ")");
  }
  if (r.dilation < 1 || r.dilation > kMaxDim) {
    return Status::Range(fn + ": dilations must be positive integers (got " + num(r.dilation) +
                         " for " + axis + ")");
  }
  const bool explicit_pads = r.mode == PaddingMode::kExplicit;
  if (explicit_pads &&
      (r.pad_before < 0 || r.pad_after < 0 || r.pad_before > kMaxDim || r.pad_after > kMaxDim)) {
    return Status::Range(fn + ": padding must be non-negative integers (got [" + num(r.pad_before) +
                         ", " + num(r.pad_after) + "] for " + axis + ")");
  }
  if (r.mode != PaddingMode::kValid && r.mode != PaddingMode::kSame &&
      r.mode != PaddingMode::kSameLower && !explicit_pads) {
    return Status::Range(fn + ": padding mode is not one of valid, same, same_lower, explicit");
  }
  const bool has_output_padding = r.output_padding != -1;
  const bool has_output_size = r.output_size != 0;
  const std::int64_t limit = std::max(r.stride, r.dilation);
  if (has_output_padding && (r.output_padding < 0 || r.output_padding >= limit)) {
    return Status::Range(fn + ": outputPadding must be a non-negative integer smaller than the " +
                         "stride or the dilation (got " + num(r.output_padding) + " for " + axis +
                         " with strides " + num(r.stride) + " and dilations " + num(r.dilation) +
                         ")");
  }
  if (has_output_size && (r.output_size < 1 || r.output_size > kMaxDim)) {
    return Status::Range(fn + ": outputShape " + axis + " must be in [1, 2^30] (got " +
                         num(r.output_size) + ")");
  }
  AxisGeometry out;
  out.out = r.in;
  out.window = r.window;
  out.stride = r.stride;
  out.dilation = r.dilation;
  const std::int64_t k_eff = out.effective_window();       // < 2^60
  const std::int64_t nat = r.stride * (r.in - 1) + k_eff;  // < 2^61
  const std::int64_t op = has_output_padding ? r.output_padding : 0;
  // With both given, the size comes from outputPadding and outputShape must agree with it.
  const bool use_size = has_output_size && !has_output_padding;
  std::int64_t size = 0;
  switch (r.mode) {
    case PaddingMode::kExplicit: {
      out.pad_before = r.pad_before;
      const std::int64_t base = nat - r.pad_before - r.pad_after;
      if (use_size) {
        const std::int64_t extra = r.output_size - base;
        if (extra < 0 || extra >= limit) {
          return Status::Range(fn + ": outputShape " + axis + " (" + num(r.output_size) +
                               ") must be in [" + num(base) + ", " + num(base + limit - 1) +
                               "] for padding [" + num(r.pad_before) + ", " + num(r.pad_after) +
                               "]");
        }
        size = r.output_size;
      } else {
        size = base + op;
      }
      if (size < 1) {
        return Status::Range(fn + ": padding [" + num(r.pad_before) + ", " + num(r.pad_after) +
                             "] for " + axis + " leaves no output (output " + axis + " would be " +
                             num(size) + ")");
      }
      break;
    }
    case PaddingMode::kValid: {
      if (use_size) {
        if (r.output_size < nat || r.output_size > nat + r.stride - 1) {
          return Status::Range(fn + ": outputShape " + axis + " (" + num(r.output_size) +
                               ") must be in [" + num(nat) + ", " + num(nat + r.stride - 1) +
                               "] for padding 'valid'");
        }
        size = r.output_size;
      } else {
        size = has_output_padding ? nat + op
                                  : r.in * r.stride + std::max<std::int64_t>(k_eff - r.stride, 0);
      }
      break;
    }
    default: {  // kSame, kSameLower
      if (use_size) {
        size = r.output_size;
      } else {
        size = has_output_padding ? nat - 2 * (k_eff / 2) + op : r.in * r.stride;
      }
      const std::int64_t total = std::max<std::int64_t>(0, nat - size);
      out.pad_before = r.mode == PaddingMode::kSame ? total / 2 : total - total / 2;
      break;
    }
  }
  if (has_output_padding && has_output_size && size != r.output_size) {
    return Status::Range(fn + ": outputShape " + axis + " (" + num(r.output_size) +
                         ") must equal the size outputPadding gives (" + num(size) + ")");
  }
  if (size < 1 || size > kMaxDim) {
    return Status::Range(fn + ": output " + axis + " would be " + num(size) +
                         " (must be in [1, 2^30])");
  }
  out.in = size;
  out.pad_after = nat - out.pad_before - size;
  *g = out;
  return Status::Ok();
}

}  // namespace condense
