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
// (kz * kh + ky) * kw + kx, taps in (kz, ky, kx) order. Only the taps whose input row (b, iz,
// iy), counted (b * d + iz) * h + iy over the batch, lies in [row_begin, row_end) are listed;
// voxels without such taps are skipped.
template <typename Visit>
void for_each_output(const Conv3dPlan& plan, std::int64_t row_begin, std::int64_t row_end,
                     std::int64_t* input_cells, std::int64_t* filter_taps, Visit&& visit) {
  const Shape5& in = plan.in;
  const Filter3dShape& f = plan.filter;
  auto inside = [&](std::int64_t b, std::int64_t iz, std::int64_t iy) {
    const std::int64_t row = (b * in.d + iz) * in.h + iy;
    return row >= row_begin && row < row_end;
  };
  for (std::int64_t b = 0; b < in.n; ++b) {
    if ((b + 1) * in.d * in.h <= row_begin || b * in.d * in.h >= row_end) continue;
    for (std::int64_t oz = 0; oz < plan.out.d; ++oz) {
      std::int64_t fz = 0, nz = 0;
      plan.z.in_bounds_taps(oz, &fz, &nz);
      for (std::int64_t oy = 0; oy < plan.out.h; ++oy) {
        std::int64_t fy = 0, ny = 0;
        plan.y.in_bounds_taps(oy, &fy, &ny);
        bool any = false;
        for (std::int64_t kz = fz; kz < fz + nz && !any; ++kz) {
          for (std::int64_t ky = fy; ky < fy + ny && !any; ++ky) {
            any = inside(b, plan.z.start(oz) + kz * plan.z.dilation,
                         plan.y.start(oy) + ky * plan.y.dilation);
          }
        }
        if (!any) continue;
        for (std::int64_t ox = 0; ox < plan.out.w; ++ox) {
          std::int64_t fx = 0, nx = 0;
          plan.x.in_bounds_taps(ox, &fx, &nx);
          std::int64_t count = 0;
          for (std::int64_t kz = fz; kz < fz + nz; ++kz) {
            const std::int64_t iz = plan.z.start(oz) + kz * plan.z.dilation;
            for (std::int64_t ky = fy; ky < fy + ny; ++ky) {
              const std::int64_t iy = plan.y.start(oy) + ky * plan.y.dilation;
              if (!inside(b, iz, iy)) continue;
              for (std::int64_t kx = fx; kx < fx + nx; ++kx) {
                const std::int64_t ix = plan.x.start(ox) + kx * plan.x.dilation;
                input_cells[count] = (((b * in.d + iz) * in.h + iy) * in.w + ix) * in.c;
                filter_taps[count] = (kz * f.kernel_h + ky) * f.kernel_w + kx;
                ++count;
              }
            }
          }
          if (count > 0) {
            visit((((b * plan.out.d + oz) * plan.out.h + oy) * plan.out.w + ox) * plan.out.c,
                  count);
          }
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
  // Threads split each batch entry's output rows (oz, oy); each has its own row of depth-tap
  // sums, on its own cache lines.
  float* tmp = nullptr;
  std::size_t tmp_stride = 0;
  CONDENSE_RETURN_IF_ERROR(ws.get_per_thread(fn, Workspace::kRowA,
                                             static_cast<std::size_t>(out_row), parallel_threads(),
                                             &tmp, &tmp_stride));
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
    CONDENSE_RETURN_IF_ERROR(parallel_for(
        plan.out.d * plan.out.h, out_row * filter_slice / plan.filter.out_c * plan.filter.kernel_d,
        [&](std::int64_t begin, std::int64_t end, int thread) {
          float* my_tmp = tmp + tmp_stride * static_cast<std::size_t>(thread);
          for (std::int64_t r = begin; r < end; ++r) {
            const std::int64_t oz = r / plan.out.h, oy = r % plan.out.h;
            float* row = image_out + r * out_row;
            for (std::int64_t kz = 0; kz < plan.filter.kernel_d; ++kz) {
              const ConvInput input{base + (oz * z.stride + kz * z.dilation) * padded_slice,
                                    pw * c};
              const float* w = weights + kz * filter_slice;
              if (kz == 0) {
                conv_row(table, plan.slice, input, oy, w, b_ptr, row);
                continue;
              }
              conv_row(table, plan.slice, input, oy, w, nullptr, my_tmp);
              for (std::int64_t i = 0; i < out_row; ++i) row[i] = row[i] + my_tmp[i];
            }
            for (std::int64_t i = 0; i < out_row; ++i) row[i] = clamp_value(row[i], lo, hi);
          }
        }));
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
  TapScratch scratch;
  CONDENSE_RETURN_IF_ERROR(ws.get_array(fn, Workspace::kPadded, plan.filter_elements, &dhwoi));
  CONDENSE_RETURN_IF_ERROR(scratch.get(fn, taps, ws));
  for (std::size_t t = 0; t < taps; ++t) {
    for (std::size_t ci = 0; ci < in_c; ++ci) {
      for (std::size_t co = 0; co < out_c; ++co) {
        dhwoi[(t * out_c + co) * in_c + ci] = weights[(t * in_c + ci) * out_c + co];
      }
    }
  }
  // Threads own rows (b, iz, iy) of dx and add only the taps landing there, walking the output
  // voxels in the single-thread order.
  const std::int64_t rows = plan.in.n * plan.in.d * plan.in.h;
  const std::size_t row_elems = static_cast<std::size_t>(plan.in.w * plan.in.c);
  const std::int64_t row_work =
      work_per(static_cast<double>(plan.out_elements) * static_cast<double>(taps * in_c), rows);
  return parallel_for(rows, row_work, [&](std::int64_t begin, std::int64_t end, int thread) {
    std::memset(dx + static_cast<std::size_t>(begin) * row_elems, 0,
                static_cast<std::size_t>(end - begin) * row_elems * sizeof(float));
    std::int64_t* cells = scratch.cells_of(thread);
    std::int64_t* filter_taps = cells + taps;
    const float** w_taps = scratch.sources_of(thread);
    float** dx_taps = scratch.targets_of(thread);
    for_each_output(plan, begin, end, cells, filter_taps,
                    [&](std::int64_t out_offset, std::int64_t count) {
                      for (std::int64_t t = 0; t < count; ++t) {
                        dx_taps[t] = dx + cells[t];
                        w_taps[t] = dhwoi + static_cast<std::size_t>(filter_taps[t]) * out_c * in_c;
                      }
                      table.conv_grad_input(static_cast<std::size_t>(count), in_c, out_c, w_taps,
                                            dy + out_offset, dx_taps);
                    });
  });
}

Status run_conv3d_grad_filter(const KernelTable& table, const Conv3dPlan& plan, const float* x,
                              const float* dy, float* dw, Workspace& ws) {
  const char* fn = "conv3dGradFilter";
  const std::size_t in_c = static_cast<std::size_t>(plan.filter.in_c);
  const std::size_t out_c = static_cast<std::size_t>(plan.filter.out_c);
  const std::size_t taps =
      static_cast<std::size_t>(plan.filter.kernel_d * plan.filter.kernel_h * plan.filter.kernel_w);
  TapScratch scratch;
  CONDENSE_RETURN_IF_ERROR(scratch.get(fn, taps, ws));
  // Threads split the gradient's rows u = tap * in_c + ci (out_c floats each), each walking
  // every output voxel in order: every element stays one running sum over the voxels.
  const std::int64_t units = static_cast<std::int64_t>(taps * in_c);
  const std::int64_t voxels = static_cast<std::int64_t>(plan.out_elements / out_c);
  const std::int64_t all_rows = plan.in.n * plan.in.d * plan.in.h;
  return parallel_for(
      units, voxels * static_cast<std::int64_t>(out_c),
      [&](std::int64_t begin, std::int64_t end, int thread) {
        const std::size_t u0 = static_cast<std::size_t>(begin), u1 = static_cast<std::size_t>(end);
        std::memset(dw + u0 * out_c, 0, (u1 - u0) * out_c * sizeof(float));
        std::int64_t* cells = scratch.cells_of(thread);
        std::int64_t* filter_taps = cells + taps;
        const float** x_taps = scratch.sources_of(thread);
        float** dw_taps = scratch.targets_of(thread);
        for_each_output(
            plan, 0, all_rows, cells, filter_taps,
            [&](std::int64_t out_offset, std::int64_t count) {
              std::size_t full = 0;
              for (std::int64_t t = 0; t < count; ++t) {
                const std::size_t base = static_cast<std::size_t>(filter_taps[t]) * in_c;
                const std::size_t lo = base > u0 ? base : u0;
                const std::size_t hi = base + in_c < u1 ? base + in_c : u1;
                if (lo >= hi) continue;
                if (hi - lo == in_c) {
                  x_taps[full] = x + cells[t];
                  dw_taps[full] = dw + base * out_c;
                  ++full;
                  continue;
                }
                // A tap split between two threads: this thread's input channels only.
                const float* x_part = x + cells[t] + (lo - base);
                float* dw_part = dw + lo * out_c;
                table.conv_grad_filter(1, hi - lo, out_c, &x_part, dy + out_offset, &dw_part);
              }
              if (full > 0) {
                table.conv_grad_filter(full, in_c, out_c, x_taps, dy + out_offset, dw_taps);
              }
            });
      },
      1);  // every chunk walks every output voxel
}

}  // namespace condense
