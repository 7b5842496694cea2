// max-unpool2d: the inverse of argmax pooling (maxUnpool2d): zeros, then each value at its index.
#pragma once

#include <cstdint>

#include "core/params.h"
#include "ops/argmax-pool2d.h"

namespace condense {

struct MaxUnpoolPlan {
  ArgmaxConvention convention = ArgmaxConvention::kTf;
  Shape4 in, out;  // in: the pooled values (and indices); out: the unpooled tensor
  std::size_t in_elements = 0, out_elements = 0;
};

// out.h / out.w: the unpooled size (n and c are the input's).
Status plan_max_unpool2d(const char* fn, ArgmaxConvention convention, const Shape4& in,
                         std::int64_t out_h, std::int64_t out_w, MaxUnpoolPlan* plan);
// Output size from the pooling that produced the indices (PyTorch MaxUnpool2d):
// (in - 1)*stride - pad_before - pad_after + window, per axis.
Status unpool_output_size(const char* fn, const char* axis, std::int64_t in, std::int64_t window,
                          std::int64_t stride, std::int64_t pad_before, std::int64_t pad_after,
                          std::int64_t* out);
// The unpooled size when the caller gives none: unpool_output_size per axis from the pooling
// that produced the indices (window, strides, explicit or 'valid' padding). 'same' padding does
// not determine it: a RangeError asking for outputSize.
Status unpool_output_size2d(const char* fn, const Shape4& in, const Window2d& pool,
                            std::int64_t* out_h, std::int64_t* out_w);
// plan_max_unpool2d for a caller that may omit the size: out_h or out_w <= 0 means "from the
// pooling" (unpool_output_size2d), else the given size.
Status plan_max_unpool2d(const char* fn, ArgmaxConvention convention, const Shape4& in,
                         const Window2d& pool, std::int64_t out_h, std::int64_t out_w,
                         MaxUnpoolPlan* plan);
// Zeros, then every value at its index; fails (RangeError naming the position) on an index
// outside the output. Two values naming one cell: the later one (channels-last order) stays.
Status run_max_unpool2d(const KernelTable& table, const MaxUnpoolPlan& plan, const float* values,
                        const std::int32_t* indices, float* out, Workspace& ws);

}  // namespace condense
