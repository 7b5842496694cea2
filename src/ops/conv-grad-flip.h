// conv-grad-flip: conv2dGradInput as a forward conv2d (used by conv-grad.cc).
#pragma once

#include "ops/conv2d.h"

namespace condense {

// The input gradient of a stride-1, undilated, ungrouped convolution is itself a convolution:
// dy (zero-padded by kh - 1 - pad_top ... on each side) correlated with the filter rotated by
// 180 degrees and with its channel axes swapped, [kh, kw, out_c, in_c]. Run as a forward conv2d,
// it takes conv2d's fast kernels (the GEMM path sums each dcol element over the output channels,
// then col2im adds them: about half the speed). Each dx element is then one running sum over
// the taps and output channels (another order than the GEMM path's, as exact in the double
// reference's bound); padded dy cells add 0 * w, so the filter must be finite (else the GEMM path
// serves the call: it never multiplies a padded tap). Returns false when the call does not
// qualify, having touched nothing.
bool grad_input_as_conv(const KernelTable& table, const Conv2dPlan& plan, const float* dy,
                        const float* weights, float* dx, Workspace& ws, Status* status);

}  // namespace condense
