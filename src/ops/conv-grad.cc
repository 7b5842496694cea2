// Gradients of conv2d with respect to its input and its filter (tf.raw_ops.Conv2DBackpropInput /
// Conv2DBackpropFilter): every output pixel's window, as the forward plan_conv2d computes it,
// sends dy back through the taps that land inside the input (padded taps are zeros in the
// forward pass and receive nothing). Grouped convolutions (plan.params.groups > 1) run the
// kernels once per group over the group's channels; depthwise gradients are the grouped ones
// with groups = channels (filter [kh, kw, 1, C*M] = the depthwise [kh, kw, C, M]).
#include "ops/conv-grad.h"

#include <cstring>

namespace condense {

namespace {

// Calls visit(b, oy, ox, count) after filling the tap lists for output pixel (b, oy, ox):
// input_cells[t] = NHWC offset of the tap's input pixel, filter_taps[t] = ky * kw + kx.
template <typename Visit>
void for_each_output(const Conv2dPlan& plan, std::int64_t* input_cells, std::int64_t* filter_taps,
                     Visit&& visit) {
  const std::int64_t c = plan.in.c;
  for (std::int64_t b = 0; b < plan.in.n; ++b) {
    for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
      std::int64_t fy = 0, ny = 0;
      plan.y.in_bounds_taps(oy, &fy, &ny);
      for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
        std::int64_t fx = 0, nx = 0;
        plan.x.in_bounds_taps(ox, &fx, &nx);
        std::int64_t count = 0;
        for (std::int64_t ky = fy; ky < fy + ny; ++ky) {
          const std::int64_t iy = plan.y.start(oy) + ky * plan.y.dilation;
          for (std::int64_t kx = fx; kx < fx + nx; ++kx) {
            const std::int64_t ix = plan.x.start(ox) + kx * plan.x.dilation;
            input_cells[count] = ((b * plan.in.h + iy) * plan.in.w + ix) * c;
            filter_taps[count] = ky * plan.filter.kernel_w + kx;
            ++count;
          }
        }
        visit(b, oy, ox, count);
      }
    }
  }
}

}  // namespace

Status run_conv2d_grad_input(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                             const float* weights, float* dx, Workspace& ws) {
  const char* fn = "conv2dGradInput";
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);  // per group
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t block = taps * group_out * in_c;
  // The filter as HWOI per group ([groups][kh][kw][out_c / groups][in_c]), so that a tap's
  // weights for one output channel are contiguous over the group's input channels (SIMD over
  // input channels).
  float* hwoi = nullptr;
  std::int64_t* cells = nullptr;
  const float** w_taps = nullptr;
  float** dx_taps = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &hwoi));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kTaps, 2 * taps, &cells));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPointers, taps, &w_taps));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRing, taps, &dx_taps));
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t t = 0; t < taps; ++t) {
      for (std::size_t ci = 0; ci < in_c; ++ci) {
        for (std::size_t co = 0; co < group_out; ++co) {
          hwoi[g * block + (t * group_out + co) * in_c + ci] =
              weights[(t * in_c + ci) * out_c + g * group_out + co];
        }
      }
    }
  }
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  std::int64_t* filter_taps = cells + taps;
  for_each_output(plan, cells, filter_taps,
                  [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t count) {
                    const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * plan.out.c;
                    for (std::size_t g = 0; g < groups; ++g) {
                      for (std::int64_t t = 0; t < count; ++t) {
                        dx_taps[t] = dx + cells[t] + g * in_c;
                        w_taps[t] = hwoi + g * block +
                                    static_cast<std::size_t>(filter_taps[t]) * group_out * in_c;
                      }
                      table.conv_grad_input(static_cast<std::size_t>(count), in_c, group_out,
                                            w_taps, d + g * group_out, dx_taps);
                    }
                  });
  return Status::Ok();
}

Status run_conv2d_grad_filter(const KernelTable& table, const Conv2dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv2dGradFilter";
  const std::size_t groups = static_cast<std::size_t>(plan.params.groups);
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);  // per group
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t group_out = out_c / groups;
  const std::size_t taps = static_cast<std::size_t>(plan.filter.kernel_h * plan.filter.kernel_w);
  const std::size_t block = taps * in_c * group_out;
  std::int64_t* cells = nullptr;
  const float** x_taps = nullptr;
  float** dw_taps = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kTaps, 2 * taps, &cells));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPointers, taps, &x_taps));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRing, taps, &dw_taps));
  // Grouped: the gradient per group as HWIO blocks [groups][kh][kw][in_c][out_c / groups],
  // scattered into dw at the end (the same sums in the same order).
  float* blocks = dw;
  if (groups > 1) {
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &blocks));
  }
  std::memset(blocks, 0, plan.filter_elements * sizeof(float));
  std::int64_t* filter_taps = cells + taps;
  for_each_output(plan, cells, filter_taps,
                  [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t count) {
                    const float* d = dy + ((b * plan.out.h + oy) * plan.out.w + ox) * plan.out.c;
                    for (std::size_t g = 0; g < groups; ++g) {
                      for (std::int64_t t = 0; t < count; ++t) {
                        x_taps[t] = x + cells[t] + g * in_c;
                        dw_taps[t] = blocks + g * block +
                                     static_cast<std::size_t>(filter_taps[t]) * in_c * group_out;
                      }
                      table.conv_grad_filter(static_cast<std::size_t>(count), in_c, group_out,
                                             x_taps, d + g * group_out, dw_taps);
                    }
                  });
  if (groups > 1) {
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::size_t t = 0; t < taps * in_c; ++t) {
        std::memcpy(dw + t * out_c + g * group_out, blocks + g * block + t * group_out,
                    group_out * sizeof(float));
      }
    }
  }
  return Status::Ok();
}

}  // namespace condense
