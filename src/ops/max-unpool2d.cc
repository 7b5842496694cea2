// Max unpooling (PyTorch MaxUnpool2d, ONNX MaxUnpool, TF's scatter of argmax indices): zeros,
// then every value at its index.
#include "ops/max-unpool2d.h"

#include <cstring>
#include <string>

#include "core/format.h"

namespace condense {

namespace {

std::string num(std::int64_t v) { return format_int(v); }

const char* convention_name(ArgmaxConvention convention) {
  switch (convention) {
    case ArgmaxConvention::kTf:
      return "'tf'";
    case ArgmaxConvention::kTfWithBatch:
      return "'tf' with includeBatchInIndex";
    case ArgmaxConvention::kTorch:
      return "'torch'";
    case ArgmaxConvention::kOnnx:
      return "'onnx'";
  }
  return "?";
}

}  // namespace

Status unpool_output_size(const char* fn, const char* axis, std::int64_t in, std::int64_t window,
                          std::int64_t stride, std::int64_t pad_before, std::int64_t pad_after,
                          std::int64_t* out) {
  const std::string f = fn;
  if (window < 1 || window > kMaxDim) {
    return Status::Range(f + ": poolSize " + axis + " must be a positive integer (got " +
                         num(window) + ")");
  }
  if (stride < 1 || stride > kMaxDim) {
    return Status::Range(f + ": strides must be positive integers (got " + num(stride) + " for " +
                         axis + ")");
  }
  if (pad_before < 0 || pad_after < 0 || pad_before > kMaxDim || pad_after > kMaxDim) {
    return Status::Range(f + ": padding must be non-negative integers (got [" + num(pad_before) +
                         ", " + num(pad_after) + "] for " + axis + ")");
  }
  const std::int64_t size = (in - 1) * stride - pad_before - pad_after + window;
  if (size < 1 || size > kMaxDim) {
    return Status::Range(f + ": the unpooled " + axis + " would be " + num(size) +
                         " ((in - 1) * stride - padding + poolSize); pass outputSize");
  }
  *out = size;
  return Status::Ok();
}

Status plan_max_unpool2d(const char* fn, ArgmaxConvention convention, const Shape4& in,
                         std::int64_t out_h, std::int64_t out_w, MaxUnpoolPlan* plan) {
  MaxUnpoolPlan p;
  p.convention = convention;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "values", in, &p.in_elements));
  if (!valid_argmax_convention(convention)) {
    return Status::Range(std::string(fn) + ": indexConvention is not one of tf, torch, onnx");
  }
  p.out = Shape4{in.n, out_h, out_w, in.c};
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "outputSize", p.out, &p.out_elements));
  *plan = p;
  return Status::Ok();
}

Status run_max_unpool2d(const KernelTable& table, const MaxUnpoolPlan& plan, const float* values,
                        const std::int32_t* indices, float* out, Workspace& ws) {
  const char* fn = "maxUnpool2d";
  const Shape4& o = plan.out;
  const std::int64_t image = o.h * o.w * o.c;
  const std::int64_t plane = o.h * o.w;
  std::int64_t limit = 0;  // exclusive bound of a valid index
  switch (plan.convention) {
    case ArgmaxConvention::kTf:
      limit = image;
      break;
    case ArgmaxConvention::kTfWithBatch:
    case ArgmaxConvention::kOnnx:
      limit = o.n * image;
      break;
    case ArgmaxConvention::kTorch:
      limit = plane;
      break;
  }
  std::int32_t* flat = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRowA, plan.in_elements, &flat));
  const std::int64_t per_image = plan.in.h * plan.in.w * plan.in.c;
  for (std::size_t i = 0; i < plan.in_elements; ++i) {
    const std::int64_t idx = indices[i];
    if (idx < 0 || idx >= limit) {
      return Status::Range(std::string(fn) + ": indices[" + to_str(i) + "] = " + num(idx) +
                           " is outside the output (valid " + convention_name(plan.convention) +
                           " indices are 0.." + num(limit - 1) + " for an output of [" + num(o.n) +
                           ", " + num(o.h) + ", " + num(o.w) + ", " + num(o.c) + "])");
    }
    const std::int64_t b = static_cast<std::int64_t>(i) / per_image;
    const std::int64_t c = static_cast<std::int64_t>(i) % plan.in.c;
    std::int64_t target = 0;
    switch (plan.convention) {
      case ArgmaxConvention::kTf:
        target = b * image + idx;
        break;
      case ArgmaxConvention::kTfWithBatch:
        target = idx;
        break;
      case ArgmaxConvention::kTorch:
        target = (b * plane + idx) * o.c + c;
        break;
      case ArgmaxConvention::kOnnx: {
        const std::int64_t x = idx % o.w, y = idx / o.w % o.h, ch = idx / plane % o.c,
                           bb = idx / (plane * o.c);
        target = ((bb * o.h + y) * o.w + x) * o.c + ch;
        break;
      }
    }
    flat[i] = static_cast<std::int32_t>(target);
  }
  std::memset(out, 0, plan.out_elements * sizeof(float));
  table.scatter(plan.in_elements, values, flat, out);
  return Status::Ok();
}

Status unpool_output_size2d(const char* fn, const Shape4& in, const Window2d& pool,
                            std::int64_t* out_h, std::int64_t* out_w) {
  // The input extents first: they enter the size arithmetic.
  std::size_t elements = 0;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "values", in, &elements));
  if (pool.padding == PaddingMode::kSame || pool.padding == PaddingMode::kSameLower) {
    return Status::Range(std::string(fn) +
                         ": 'same' padding does not determine the unpooled size; pass outputSize");
  }
  CONDENSE_RETURN_IF_ERROR(unpool_output_size(fn, "height", in.h, pool.window_h, pool.stride_h,
                                              pool.pad_top, pool.pad_bottom, out_h));
  return unpool_output_size(fn, "width", in.w, pool.window_w, pool.stride_w, pool.pad_left,
                            pool.pad_right, out_w);
}

Status plan_max_unpool2d(const char* fn, ArgmaxConvention convention, const Shape4& in,
                         const Window2d& pool, std::int64_t out_h, std::int64_t out_w,
                         MaxUnpoolPlan* plan) {
  if (out_h <= 0 || out_w <= 0) {
    CONDENSE_RETURN_IF_ERROR(unpool_output_size2d(fn, in, pool, &out_h, &out_w));
  }
  return plan_max_unpool2d(fn, convention, in, out_h, out_w, plan);
}

}  // namespace condense
