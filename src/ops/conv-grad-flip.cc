// conv-grad-flip: the input gradient of a stride-1 convolution as a forward conv2d.
#include "ops/conv-grad-flip.h"

#include <cstdint>

#include "ops/conv-common.h"

namespace condense {

bool grad_input_as_conv(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                        const float* weights, float* dx, Workspace& ws, Status* status) {
  const Conv2dParams& p = plan.params;
  const FilterShape& f = plan.filter;
  if (plan.depthwise || p.groups != 1 || p.stride_h != 1 || p.stride_w != 1 || p.dilation_h != 1 ||
      p.dilation_w != 1 || p.pad_fill != PadFill::kZeros) {
    return false;
  }
  const std::int64_t pads[4] = {
      f.kernel_h - 1 - plan.y.pad_before, f.kernel_h - 1 - plan.y.pad_after,
      f.kernel_w - 1 - plan.x.pad_before, f.kernel_w - 1 - plan.x.pad_after};
  for (const std::int64_t pad : pads) {
    if (pad < 0) return false;
  }
  if (!all_finite_f32(weights, plan.filter_elements)) return false;
  Conv2dParams back;
  back.padding = PaddingMode::kExplicit;
  back.pad_top = pads[0];
  back.pad_bottom = pads[1];
  back.pad_left = pads[2];
  back.pad_right = pads[3];
  const FilterShape flipped_shape{f.kernel_h, f.kernel_w, f.out_c, f.in_c};
  Conv2dPlan back_plan;
  if (!plan_conv2d("conv2dGradInput", back, false, plan.out, flipped_shape, &back_plan).ok() ||
      back_plan.out.n != plan.in.n || back_plan.out.h != plan.in.h ||
      back_plan.out.w != plan.in.w || back_plan.out.c != plan.in.c) {
    return false;
  }
  float* flipped = nullptr;
  *status = ws.get_array("conv2dGradInput", Workspace::kFlipped, plan.filter_elements, &flipped);
  if (!status->ok()) return true;
  const std::int64_t kh = f.kernel_h, kw = f.kernel_w, ci = f.in_c, co = f.out_c;
  for (std::int64_t ky = 0; ky < kh; ++ky) {
    for (std::int64_t kx = 0; kx < kw; ++kx) {
      const float* src = weights + ((kh - 1 - ky) * kw + (kw - 1 - kx)) * ci * co;
      float* dst = flipped + (ky * kw + kx) * co * ci;
      for (std::int64_t o = 0; o < co; ++o) {
        for (std::int64_t i = 0; i < ci; ++i) dst[o * ci + i] = src[i * co + o];
      }
    }
  }
  *status = run_conv2d(table, back_plan, dy, flipped, nullptr, dx, ws);
  return true;
}

}  // namespace condense
