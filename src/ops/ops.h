// ops: validation, output shapes (through core/shape.h), padding, tiling and kernel choice for
// every operation. Each op is split into plan (validate + shapes, no allocation) and run
// (compute into a caller-owned output), so a binding can size and allocate the output between
// the two, and tests can drive ops with any kernel table.
//
// Every input and output is NHWC float32. `fn` is the public (JavaScript) name of the
// operation, used in error messages.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/params.h"
#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/batch-norm.h"
#include "ops/prelu.h"
#include "ops/workspace.h"

namespace condense {

// ---- 2-D pooling (max, average) ---------------------------------------------------------

struct Pool2dPlan {
  Pool2dParams params;
  Shape4 in, out;
  AxisGeometry y, x;
  std::size_t in_elements = 0, out_elements = 0;
};

// window_name is the window parameter's public name in messages ("poolSize", "windowShape").
Status plan_pool2d(const char* fn, const Pool2dParams& params, const Shape4& in, Pool2dPlan* plan,
                   const char* window_name = "poolSize");
Status run_pool2d(const KernelTable& table, const Pool2dPlan& plan, const float* in, float* out,
                  Workspace& ws);

// ---- global pooling ----------------------------------------------------------------------

struct GlobalPoolPlan {
  PoolType type = PoolType::kAvg;
  Shape4 in;
  std::size_t in_elements = 0, out_elements = 0;  // out: n * c
};

Status plan_global_pool2d(const char* fn, PoolType type, const Shape4& in, GlobalPoolPlan* plan);
void run_global_pool2d(const KernelTable& table, const GlobalPoolPlan& plan, const float* in,
                       float* out);

// ---- convolution (regular and depthwise) -------------------------------------------------

struct FilterShape {  // HWIO for conv2d; [kh, kw, channels, multiplier] for depthwise
  std::int64_t kernel_h = 1, kernel_w = 1, in_c = 1, out_c = 1;
};

struct Conv2dPlan {
  Conv2dParams params;
  bool depthwise = false;
  FilterShape filter;
  Shape4 in, out;
  AxisGeometry y, x;
  std::size_t in_elements = 0, out_elements = 0, filter_elements = 0, bias_elements = 0;
};

// For depthwise, filter.out_c is the channel multiplier and plan->out.c = in.c * multiplier.
Status plan_conv2d(const char* fn, const Conv2dParams& params, bool depthwise, const Shape4& in,
                   const FilterShape& filter, Conv2dPlan* plan);
Status run_conv2d(const KernelTable& table, const Conv2dPlan& plan, const float* in,
                  const float* weights, const float* bias, float* out, Workspace& ws);

// ---- fused conv -> clamp (ReLU) -> pool: the condense pipeline ---------------------------

struct ConvPoolPlan {
  Conv2dPlan conv;  // conv.out is the (never materialised) detected feature map
  Pool2dPlan pool;  // pool.in == conv.out
};

Status plan_conv_pool2d(const char* fn, const Conv2dParams& conv, const Pool2dParams& pool,
                        const Shape4& in, const FilterShape& filter, ConvPoolPlan* plan);
Status run_conv_pool2d(const KernelTable& table, const ConvPoolPlan& plan, const float* in,
                       const float* weights, const float* bias, float* out, Workspace& ws);

// ---- elementwise -------------------------------------------------------------------------

// out = clamp(in, lo, hi); relu is [0, +inf). lo <= hi and neither NaN is validated.
Status run_clamp(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                 float* out, float lo, float hi);
Status run_leaky_relu(const char* fn, const KernelTable& table, std::size_t n, const float* in,
                      float* out, float alpha);

// ==== The pooling family: PyTorch / ONNX / literature variants beside TF's ====================
// (src/ops/pool-family.cc, fractional-pool2d.cc, pool3d.cc, pool-grad.cc, conv-grad.cc). All NHWC;
// channels-first callers go through ops/layout.h.

// ---- max pooling with argmax, and max unpooling ------------------------------------------

// Where an argmax index points. H, W, C are the sizes of the pooled (unpooled) input.
enum class ArgmaxConvention : std::int32_t {
  kTf = 0,           // (y*W + x)*C + c within the image (tf.nn.max_pool_with_argmax)
  kTfWithBatch = 1,  // ((b*H + y)*W + x)*C + c (include_batch_in_index=True)
  kTorch = 2,        // y*W + x within the channel plane (PyTorch return_indices, MaxUnpool2d)
  kOnnx = 3,         // ((b*C + c)*H + y)*W + x, the NCHW flat index (ONNX MaxPool Indices)
};

// plan: plan_pool2d with type kMax (the clamp is ignored). indices: plan.out_elements int32s.
Status run_max_pool2d_argmax(const KernelTable& table, const Pool2dPlan& plan,
                             ArgmaxConvention convention, const float* in, float* out,
                             std::int32_t* indices, Workspace& ws);

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
// Zeros, then every value at its index; fails (RangeError naming the position) on an index
// outside the output. Two values naming one cell: the later one (channels-last order) stays.
Status run_max_unpool2d(const KernelTable& table, const MaxUnpoolPlan& plan, const float* values,
                        const std::int32_t* indices, float* out, Workspace& ws);

// ---- adaptive pooling (PyTorch AdaptiveAvgPool2d / AdaptiveMaxPool2d) --------------------

struct AdaptivePool2dPlan {
  PoolType type = PoolType::kAvg;
  Shape4 in, out;
  std::size_t in_elements = 0, out_elements = 0;
};

// Bin i of an axis covers [floor(i*in/out), ceil((i+1)*in/out)); bins may overlap.
Status plan_adaptive_pool2d(const char* fn, PoolType type, const Shape4& in, std::int64_t out_h,
                            std::int64_t out_w, AdaptivePool2dPlan* plan);
Status run_adaptive_pool2d(const KernelTable& table, const AdaptivePool2dPlan& plan,
                           const float* in, float* out, Workspace& ws);

// ---- min, soft, Lp and stochastic pooling --------------------------------------------------

enum class WindowPoolKind : std::int32_t { kMin = 0, kSoft = 1, kLp = 2, kStochastic = 3 };

struct WindowPoolParams {
  Window2d window;
  WindowPoolKind kind = WindowPoolKind::kMin;
  double p = 2.0;            // Lp: the power, > 0 (+inf: max of f(x))
  bool lp_absolute = false;  // Lp: false = PyTorch LPPool2d (x^p), true = ONNX LpPool (|x|^p)
  bool training = false;     // stochastic: sample (true) or probability-weighted average
  std::uint64_t seed = 0;    // stochastic training: the SplitMix64 seed
};

struct WindowPoolPlan {
  WindowPoolParams params;
  Pool2dPlan geometry;  // windows, padding and shapes, as plan_pool2d computes them
};

// Padded cells are never part of a window (TF's rule). Lp with lp_absolute = false scales the
// sum by window cells / cells inside the padded input, as PyTorch's avg_pool2d-based LPPool2d
// does for ceil-mode partial windows.
Status plan_window_pool2d(const char* fn, const WindowPoolParams& params, const Shape4& in,
                          WindowPoolPlan* plan);
// Stochastic training draws one uniform double per output element, in channels-last output
// order, from SplitMix64(seed): u = (next() >> 11) * 2^-53.
Status run_window_pool2d(const KernelTable& table, const WindowPoolPlan& plan, const float* in,
                         float* out, Workspace& ws);

// The generator of stochastic pooling and fractional max pooling (SplitMix64, Steele et al.
// 2014): state += 0x9E3779B97F4A7C15, then the mix of the new state.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();  // [0, 1), 53 bits
 private:
  std::uint64_t state_;
};

// ---- fractional max pooling (Graham 2014; tf.nn.fractional_max_pool) ---------------------

struct FractionalPoolParams {
  double ratio_h = 1.0, ratio_w = 1.0;  // >= 1; output size floor(in / ratio)
  bool pseudo_random = false;           // Graham's pseudo-random sequence, else shuffled K/K+1
  bool overlapping = false;             // windows include the next boundary row/column
  std::uint64_t seed = 0;
  // Given sequences (out + 1 entries each, 0 <= a[0] < ... < a[out] <= in) instead of drawn ones;
  // the output size is then the sequence length - 1 and the ratio is not used.
  const std::int32_t* row_sequence = nullptr;
  std::int64_t row_sequence_length = 0;
  const std::int32_t* col_sequence = nullptr;
  std::int64_t col_sequence_length = 0;
};

struct FractionalPoolPlan {
  FractionalPoolParams params;
  Shape4 in, out;
  std::size_t in_elements = 0, out_elements = 0;
};

Status plan_fractional_max_pool2d(const char* fn, const FractionalPoolParams& params,
                                  const Shape4& in, FractionalPoolPlan* plan);
// Writes the row (out.h + 1) and column (out.w + 1) pooling sequences and the pooled output.
// Drawn sequences follow tensorflow/core/kernels/fractional_pool_common.cc (rows first, then
// columns, from one SplitMix64(seed) stream; TF's own Philox stream is not reproduced: pass
// TF's sequences to get its exact windows).
Status run_fractional_max_pool2d(const KernelTable& table, const FractionalPoolPlan& plan,
                                 const float* in, float* out, std::int32_t* row_sequence,
                                 std::int32_t* col_sequence, Workspace& ws);

// ---- 1-D and 3-D pooling -------------------------------------------------------------------

struct Shape5 {  // NDHWC
  std::int64_t n = 1, d = 1, h = 1, w = 1, c = 1;
};

struct Pool3dParams {
  Pool2dParams pool;  // type, divisor rules, clamp, and the height / width axes
  std::int64_t window_d = 1, stride_d = 1, dilation_d = 1;
  std::int64_t pad_front = 0, pad_back = 0;  // with pool.window.padding == kExplicit
};

struct Pool3dPlan {
  Pool3dParams params;
  Shape5 in, out;
  AxisGeometry z;
  Pool2dPlan rows;  // the height/width geometry of one depth slice
  std::size_t in_elements = 0, out_elements = 0;
};

// 1-D pooling is this with d = h = 1 and unit depth / height windows.
Status plan_pool3d(const char* fn, const Pool3dParams& params, const Shape5& in, Pool3dPlan* plan);
Status run_pool3d(const KernelTable& table, const Pool3dPlan& plan, const float* in, float* out,
                  Workspace& ws);

// ---- gradients ------------------------------------------------------------------------------

// dx for max pooling: dy routed to each window's argmax (first maximum, first NaN, as
// run_max_pool2d_argmax), summed where windows overlap. plan: plan_pool2d over x.
Status run_max_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* x,
                           const float* dy, float* dx, Workspace& ws);
// dx for average pooling: dy / divisor (the forward pass's divisor rules) added to every
// in-bounds cell of the window. plan: plan_pool2d over the input shape.
Status run_avg_pool2d_grad(const KernelTable& table, const Pool2dPlan& plan, const float* dy,
                           float* dx, Workspace& ws);
// A second tensor (dy, indices) must have the shape the op expects.
Status check_shape(const char* fn, const char* param, const Shape4& got, const Shape4& want);
// dx = x > 0 ? dy : 0.
Status run_relu_grad(const KernelTable& table, std::size_t n, const float* dy, const float* x,
                     float* dx);
// plan: plan_conv2d (not depthwise) over the input shape and filter shape; dy has plan.out's
// shape. Bias and activation are not part of these gradients.
Status run_conv2d_grad_input(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                             const float* weights, float* dx, Workspace& ws);
Status run_conv2d_grad_filter(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws);

}  // namespace condense
