// 3-D convolution (NDHWC, DHWIO) and its gradients. The forward pass zero-pads the volume once
// per batch entry and sums the 2-D conv rows (conv_row) of the kernel's depth taps in a fixed
// order (see conv3d.h); the gradients list each output voxel's in-bounds taps for the
// f32-conv-grad kernels, as the 2-D gradients do.
#include "ops/conv3d.h"

#include <cstring>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "kernels/nan.h"
#include "ops/conv-common.h"

namespace condense {

namespace {

Status check_dims5(const char* fn, const char* param, const std::int64_t dims[5],
                   std::size_t* elements) {
  for (int i = 0; i < 5; ++i) {
    if (dims[i] < 1 || dims[i] > kMaxDim) {
      return Status::Range(std::string(fn) + ": " + param +
                           " dimensions must be integers in [1, 2^30] (got shape [" +
                           to_str(dims[0]) + ", " + to_str(dims[1]) + ", " + to_str(dims[2]) +
                           ", " + to_str(dims[3]) + ", " + to_str(dims[4]) + "])");
    }
  }
  std::size_t bytes = 0;
  if (!checked_product(dims, 5, elements) || !checked_mul(*elements, sizeof(float), &bytes) ||
      bytes > kMaxBufferBytes) {
    return Status::OutOfMemory(std::string(fn) + ": " + param +
                               " is too large (more than 2^31 bytes)");
  }
  return Status::Ok();
}

// Calls visit(out_offset, count) after filling the tap lists for each output voxel, in NDHWC
// order: input_cells[t] = the NDHWC offset of the tap's input voxel, filter_taps[t] =
// (kz * kh + ky) * kw + kx, taps in (kz, ky, kx) order.
template <typename Visit>
void for_each_output(const Conv3dPlan& plan, std::int64_t* input_cells, std::int64_t* filter_taps,
                     Visit&& visit) {
  const Shape5& in = plan.in;
  const Filter3dShape& f = plan.filter;
  for (std::int64_t b = 0; b < in.n; ++b) {
    for (std::int64_t oz = 0; oz < plan.out.d; ++oz) {
      std::int64_t fz = 0, nz = 0;
      plan.z.in_bounds_taps(oz, &fz, &nz);
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        std::int64_t fy = 0, ny = 0;
        plan.y.in_bounds_taps(oy, &fy, &ny);
        for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
          std::int64_t fx = 0, nx = 0;
          plan.x.in_bounds_taps(ox, &fx, &nx);
          std::int64_t count = 0;
          for (std::int64_t kz = fz; kz < fz + nz; ++kz) {
            const std::int64_t iz = plan.z.start(oz) + kz * plan.z.dilation;
            for (std::int64_t ky = fy; ky < fy + ny; ++ky) {
              const std::int64_t iy = plan.y.start(oy) + ky * plan.y.dilation;
              for (std::int64_t kx = fx; kx < fx + nx; ++kx) {
                const std::int64_t ix = plan.x.start(ox) + kx * plan.x.dilation;
                input_cells[count] = (((b * in.d + iz) * in.h + iy) * in.w + ix) * in.c;
                filter_taps[count] = (kz * f.kernel_h + ky) * f.kernel_w + kx;
                ++count;
              }
            }
          }
          visit((((b * plan.out.d + oz) * plan.out.h + oy) * plan.out.w + ox) * plan.out.c, count);
        }
      }
    }
  }
}

}  // namespace

Status plan_conv3d(const char* fn, const Conv3dParams& params, const Shape5& in,
                   const Filter3dShape& filter, Conv3dPlan* plan) {
  Conv3dPlan p;
  p.params = params;
  p.filter = filter;
  p.in = in;
  const std::int64_t in_dims[5] = {in.n, in.d, in.h, in.w, in.c};
  CONDENSE_RETURN_IF_ERROR(check_dims5(fn, "x", in_dims, &p.in_elements));
  const std::int64_t f_dims[5] = {filter.kernel_d, filter.kernel_h, filter.kernel_w, filter.in_c,
                                  filter.out_c};
  CONDENSE_RETURN_IF_ERROR(check_dims5(fn, "filter", f_dims, &p.filter_elements));
  if (filter.in_c != in.c) {
    return Status::Range(std::string(fn) + ": filter shape[3] (" + to_str(filter.in_c) +
                         " input channels) must equal the input's channels (" + to_str(in.c) + ")");
  }
  const Conv2dParams& c = params.conv;
  AxisRequest rz{in.d,      filter.kernel_d,  params.stride_d, params.dilation_d,
                 c.padding, params.pad_front, params.pad_back, false};
  CONDENSE_RETURN_IF_ERROR(compute_axis({fn, "filter", "depth"}, rz, false, &p.z));
  Conv2dParams slice = c;
  slice.has_bias = false;
  slice.clamp = Clamp{};
  CONDENSE_RETURN_IF_ERROR(plan_conv2d(
      fn, slice, false, Shape4{1, in.h, in.w, in.c},
      FilterShape{filter.kernel_h, filter.kernel_w, filter.in_c, filter.out_c}, &p.slice));
  p.y = p.slice.y;
  p.x = p.slice.x;
  p.bias_elements = static_cast<std::size_t>(filter.out_c);
  p.out = Shape5{in.n, p.z.out, p.y.out, p.x.out, filter.out_c};
  const std::int64_t out_dims[5] = {p.out.n, p.out.d, p.out.h, p.out.w, p.out.c};
  CONDENSE_RETURN_IF_ERROR(check_dims5(fn, "output", out_dims, &p.out_elements));
  const std::int64_t padded_dims[5] = {1, in.d + p.z.pad_before + p.z.pad_after,
                                       in.h + p.y.pad_before + p.y.pad_after,
                                       in.w + p.x.pad_before + p.x.pad_after, in.c};
  CONDENSE_RETURN_IF_ERROR(check_dims5(fn, "padded input", padded_dims, &p.padded_elements));
  *plan = p;
  return Status::Ok();
}

Status run_conv3d(const KernelTable& table, const Conv3dPlan& plan, const float* in,
                  const float* weights, const float* bias, float* out, Workspace& ws) {
  const char* fn = "conv3d";
  const Shape5& s = plan.in;
  const AxisGeometry &z = plan.z, &y = plan.y, &x = plan.x;
  const std::int64_t c = s.c;
  const std::int64_t pd = s.d + z.pad_before + z.pad_after;
  const std::int64_t ph = s.h + y.pad_before + y.pad_after;
  const std::int64_t pw = s.w + x.pad_before + x.pad_after;
  const bool padded = pd != s.d || ph != s.h || pw != s.w;
  float* volume = nullptr;
  if (padded) {
    CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.padded_elements, &volume));
  }
  const std::int64_t out_row = plan.out.w * plan.out.c;
  float* tmp = nullptr;
  CONDENSE_RETURN_IF_ERROR(
      ws.get_array(fn, Workspace::kRowA, static_cast<std::size_t>(out_row), &tmp));
  const std::int64_t slice_elems = s.h * s.w * c;
  const std::int64_t padded_slice = ph * pw * c;
  const std::int64_t filter_slice =
      plan.filter.kernel_h * plan.filter.kernel_w * plan.filter.in_c * plan.filter.out_c;
  const float* b_ptr = plan.params.conv.has_bias ? bias : nullptr;
  const float lo = plan.params.conv.clamp.min, hi = plan.params.conv.clamp.max;
  for (std::int64_t b = 0; b < s.n; ++b) {
    const float* src = in + b * s.d * slice_elems;
    const float* base = src;
    if (padded) {
      std::memset(volume, 0, plan.padded_elements * sizeof(float));
      for (std::int64_t iz = 0; iz < s.d; ++iz) {
        for (std::int64_t iy = 0; iy < s.h; ++iy) {
          std::memcpy(
              volume + (((iz + z.pad_before) * ph + iy + y.pad_before) * pw + x.pad_before) * c,
              src + (iz * s.h + iy) * s.w * c, static_cast<std::size_t>(s.w * c) * sizeof(float));
        }
      }
      base = volume;
    }
    float* image_out = out + b * plan.out.d * plan.out.h * out_row;
    for (std::int64_t oz = 0; oz < plan.out.d; ++oz) {
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        float* row = image_out + (oz * plan.out.h + oy) * out_row;
        for (std::int64_t kz = 0; kz < plan.filter.kernel_d; ++kz) {
          const ConvInput input{base + (oz * z.stride + kz * z.dilation) * padded_slice, pw * c};
          const float* w = weights + kz * filter_slice;
          if (kz == 0) {
            conv_row(table, plan.slice, input, oy, w, b_ptr, row);
            continue;
          }
          conv_row(table, plan.slice, input, oy, w, nullptr, tmp);
          for (std::int64_t i = 0; i < out_row; ++i) row[i] = row[i] + tmp[i];
        }
        for (std::int64_t i = 0; i < out_row; ++i) row[i] = clamp_value(row[i], lo, hi);
      }
    }
  }
  return Status::Ok();
}

Status run_conv3d_grad_input(const KernelTable& table, const Conv3dPlan& plan, const float* dy,
                             const float* weights, float* dx, Workspace& ws) {
  const char* fn = "conv3dGradInput";
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t taps =
      static_cast<std::size_t>(plan.filter.kernel_d * plan.filter.kernel_h * plan.filter.kernel_w);
  // The filter as DHWOI: a tap's weights for one output channel contiguous over input channels.
  float* dhwoi = nullptr;
  std::int64_t* cells = nullptr;
  const float** w_taps = nullptr;
  float** dx_taps = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &dhwoi));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kTaps, 2 * taps, &cells));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPointers, taps, &w_taps));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRing, taps, &dx_taps));
  for (std::size_t t = 0; t < taps; ++t) {
    for (std::size_t ci = 0; ci < in_c; ++ci) {
      for (std::size_t co = 0; co < out_c; ++co) {
        dhwoi[(t * out_c + co) * in_c + ci] = weights[(t * in_c + ci) * out_c + co];
      }
    }
  }
  std::memset(dx, 0, plan.in_elements * sizeof(float));
  std::int64_t* filter_taps = cells + taps;
  for_each_output(plan, cells, filter_taps, [&](std::int64_t out_offset, std::int64_t count) {
    for (std::int64_t t = 0; t < count; ++t) {
      dx_taps[t] = dx + cells[t];
      w_taps[t] = dhwoi + static_cast<std::size_t>(filter_taps[t]) * out_c * in_c;
    }
    table.conv_grad_input(static_cast<std::size_t>(count), in_c, out_c, w_taps, dy + out_offset,
                          dx_taps);
  });
  return Status::Ok();
}

Status run_conv3d_grad_filter(const KernelTable& table, const Conv3dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv3dGradFilter";
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t taps =
      static_cast<std::size_t>(plan.filter.kernel_d * plan.filter.kernel_h * plan.filter.kernel_w);
  std::int64_t* cells = nullptr;
  const float** x_taps = nullptr;
  float** dw_taps = nullptr;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kTaps, 2 * taps, &cells));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPointers, taps, &x_taps));
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kRing, taps, &dw_taps));
  std::memset(dw, 0, plan.filter_elements * sizeof(float));
  std::int64_t* filter_taps = cells + taps;
  for_each_output(plan, cells, filter_taps, [&](std::int64_t out_offset, std::int64_t count) {
    for (std::int64_t t = 0; t < count; ++t) {
      x_taps[t] = x + cells[t];
      dw_taps[t] = dw + static_cast<std::size_t>(filter_taps[t]) * in_c * out_c;
    }
    table.conv_grad_filter(static_cast<std::size_t>(count), in_c, out_c, x_taps, dy + out_offset,
                           dw_taps);
  });
  return Status::Ok();
}

}  // namespace condense
