// Fractional max pooling (Graham 2014, arXiv:1412.6071) with tf.nn.fractional_max_pool's
// semantics: output size floor(in / ratio); pooling sequences 0 = a[0] < ... < a[out] = in with
// gaps K or K+1 (K = floor(in / out)); window i covers rows a[i] .. a[i+1] - 1, or .. a[i+1]
// (clipped to the input) when overlapping.
#include "ops/fractional-pool2d.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/format.h"
#include "ops/pool-common.h"

namespace condense {

namespace {

std::string num(std::int64_t v) { return format_int(v); }

// The two generators of tensorflow/core/kernels/fractional_pool_common.cc, producing the
// cumulative sequence (out + 1 entries from 0 to in). TF fills the gaps even when out divides in.
void pseudo_random_sequence(std::int64_t in, std::int64_t out, SplitMix64& rng, std::int32_t* seq) {
  const double alpha = static_cast<double>(in) / static_cast<double>(out);
  const std::int64_t k = in / out;
  // u must keep every gap in {K, K+1}, the last one included (TF's u_max1 and u_max2).
  const double u_max1 = static_cast<double>(k + 2) / alpha - 1.0;
  const double u_max2 = static_cast<double>(in + 1 - k) / alpha - static_cast<double>(out - 1);
  const double u = rng.uniform() * std::min(u_max1, u_max2);
  // TF's 1-based boundaries: b[0] = 1, b[out] = in + 1, b[i] = ceil(alpha * (i + u)).
  seq[0] = 0;
  for (std::int64_t i = 1; i < out; ++i) {
    const double boundary = std::ceil(alpha * (static_cast<double>(i) + u));
    seq[i] = static_cast<std::int32_t>(boundary) - 1;
  }
  seq[out] = static_cast<std::int32_t>(in);
}

void random_sequence(std::int64_t in, std::int64_t out, SplitMix64& rng, std::int32_t* seq) {
  const std::int64_t k = in / out;
  const std::int64_t longer = in % out;
  // Gaps: `longer` gaps of K + 1 then K, shuffled as TF's RandomShuffle does (swap i with
  // i + uniform(n - i), i = 0 .. n - 2).
  for (std::int64_t i = 0; i < out; ++i) seq[i + 1] = static_cast<std::int32_t>(k + (i < longer));
  for (std::int64_t i = 0; i + 1 < out; ++i) {
    const std::int64_t j =
        i + static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(out - i));
    std::swap(seq[i + 1], seq[j + 1]);
  }
  seq[0] = 0;
  for (std::int64_t i = 1; i <= out; ++i) seq[i] += seq[i - 1];
}

Status check_sequence(const char* fn, const char* name, const char* axis, const std::int32_t* seq,
                      std::int64_t length, std::int64_t in) {
  if (length < 2) {
    return Status::Range(std::string(fn) + ": " + name + " must have at least 2 entries (got " +
                         num(length) + ")");
  }
  if (seq[0] < 0) {
    return Status::Range(std::string(fn) + ": " + name + "[0] must be >= 0 (got " + num(seq[0]) +
                         ")");
  }
  for (std::int64_t i = 1; i < length; ++i) {
    if (seq[i] <= seq[i - 1]) {
      return Status::Range(std::string(fn) + ": " + name + " must be strictly increasing (" + name +
                           "[" + num(i) + "] = " + num(seq[i]) + " after " + num(seq[i - 1]) + ")");
    }
  }
  if (seq[length - 1] > in) {
    return Status::Range(std::string(fn) + ": " + name + " ends at " + num(seq[length - 1]) +
                         ", past the input " + axis + " (" + num(in) + ")");
  }
  return Status::Ok();
}

Status axis_output(const char* fn, const char* axis, double ratio, std::int64_t in,
                   std::int64_t* out) {
  if (!(ratio >= 1.0) || std::isinf(ratio)) {
    return Status::Range(std::string(fn) + ": poolingRatio " + axis +
                         " must be a finite number >= 1 (got " + to_str(ratio) + ")");
  }
  const double size = std::floor(static_cast<double>(in) / ratio);
  if (size < 1.0) {
    return Status::Range(std::string(fn) + ": poolingRatio " + axis + " (" + to_str(ratio) +
                         ") is larger than the input " + axis + " (" + num(in) + ")");
  }
  *out = static_cast<std::int64_t>(size);
  return Status::Ok();
}

}  // namespace

Status plan_fractional_max_pool2d(const char* fn, const FractionalPoolParams& params,
                                  const Shape4& in, FractionalPoolPlan* plan) {
  FractionalPoolPlan p;
  p.params = params;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &p.in_elements));
  std::int64_t out_h = 0, out_w = 0;
  if (params.row_sequence != nullptr) {
    CONDENSE_RETURN_IF_ERROR(check_sequence(fn, "rowPoolingSequence", "height", params.row_sequence,
                                            params.row_sequence_length, in.h));
    out_h = params.row_sequence_length - 1;
  } else {
    CONDENSE_RETURN_IF_ERROR(axis_output(fn, "height", params.ratio_h, in.h, &out_h));
  }
  if (params.col_sequence != nullptr) {
    CONDENSE_RETURN_IF_ERROR(check_sequence(fn, "colPoolingSequence", "width", params.col_sequence,
                                            params.col_sequence_length, in.w));
    out_w = params.col_sequence_length - 1;
  } else {
    CONDENSE_RETURN_IF_ERROR(axis_output(fn, "width", params.ratio_w, in.w, &out_w));
  }
  p.out = Shape4{in.n, out_h, out_w, in.c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "output", p.out, &p.out_elements));
  *plan = p;
  return Status::Ok();
}

Status run_fractional_max_pool2d(const KernelTable& table, const FractionalPoolPlan& plan,
                                 const float* in, float* out, std::int32_t* row_sequence,
                                 std::int32_t* col_sequence, Workspace& ws) {
  const char* fn = "fractionalMaxPool2d";
  const FractionalPoolParams& p = plan.params;
  const Shape4& s = plan.in;
  const Shape4& o = plan.out;
  SplitMix64 rng(p.seed);
  // Rows first, then columns, from one stream.
  if (p.row_sequence != nullptr) {
    std::copy(p.row_sequence, p.row_sequence + o.h + 1, row_sequence);
  } else if (p.pseudo_random) {
    pseudo_random_sequence(s.h, o.h, rng, row_sequence);
  } else {
    random_sequence(s.h, o.h, rng, row_sequence);
  }
  if (p.col_sequence != nullptr) {
    std::copy(p.col_sequence, p.col_sequence + o.w + 1, col_sequence);
  } else if (p.pseudo_random) {
    pseudo_random_sequence(s.w, o.w, rng, col_sequence);
  } else {
    random_sequence(s.w, o.w, rng, col_sequence);
  }
  const std::int64_t extra = p.overlapping ? 1 : 0;
  std::int64_t max_rows = 0;
  for (std::int64_t i = 0; i < o.h; ++i) {
    const std::int64_t rows =
        std::min<std::int64_t>(row_sequence[i + 1] + extra, s.h) - row_sequence[i];
    max_rows = std::max(max_rows, rows);
  }
  const float** rows = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kPointers, static_cast<std::size_t>(max_rows), &rows));
  const std::size_t channels = static_cast<std::size_t>(s.c);
  for (std::int64_t b = 0; b < s.n; ++b) {
    const float* image = in + b * s.h * s.w * s.c;
    for (std::int64_t oy = 0; oy < o.h; ++oy) {
      const std::int64_t y0 = row_sequence[oy];
      const std::int64_t ny = std::min<std::int64_t>(row_sequence[oy + 1] + extra, s.h) - y0;
      for (std::int64_t ox = 0; ox < o.w; ++ox) {
        const std::int64_t x0 = col_sequence[ox];
        const std::int64_t nx = std::min<std::int64_t>(col_sequence[ox + 1] + extra, s.w) - x0;
        window_rows(image, y0, ny, 1, s.w * s.c, x0 * s.c, rows);
        table.maxpool_pixel(static_cast<std::size_t>(ny), static_cast<std::size_t>(nx), channels,
                            rows, channels, out + ((b * o.h + oy) * o.w + ox) * s.c, -kInf, kInf);
      }
    }
  }
  return Status::Ok();
}

}  // namespace condense
