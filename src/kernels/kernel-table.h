// The kernel table: the only place that names ISA-specific kernels (XNNPACK's "configs").
// Ops call table.maxpool_pixel(...) and never choose an ISA themselves. The default table is
// the SIMD one whenever SIMD kernels are compiled in (wasm with -msimd128, or natively through
// SIMDe); tests run ops against both. The slots and both tables come from one list,
// kernels/kernel-list.inc.
#pragma once

#include <cstddef>

#include "kernels/f32-argmaxpool/f32-argmaxpool.h"
#include "kernels/f32-avgpool/f32-avgpool.h"
#include "kernels/f32-clamp/f32-clamp.h"
#include "kernels/f32-colormap/f32-colormap.h"
#include "kernels/f32-conv-grad/f32-conv-grad.h"
#include "kernels/f32-conv-hwc/f32-conv-hwc.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-gpool/f32-gpool.h"
#include "kernels/f32-lppool/f32-lppool.h"
#include "kernels/f32-maxpool/f32-maxpool.h"
#include "kernels/f32-poolgrad/f32-poolgrad.h"
#include "kernels/f32-prelu/f32-prelu.h"
#include "kernels/f32-relugrad/f32-relugrad.h"
#include "kernels/f32-rsum/f32-rsum.h"
#include "kernels/f32-scatter/f32-scatter.h"
#include "kernels/f32-softpool/f32-softpool.h"
#include "kernels/f32-stochasticpool/f32-stochasticpool.h"
#include "kernels/f32-vaffine-c/f32-vaffine-c.h"
#include "kernels/f32-vbinary/f32-vbinary.h"

namespace condense {

struct KernelTable {
  const char* isa = nullptr;  // "wasmsimd" or "scalar"
#define CONDENSE_KERNEL(slot, fn_type, scalar, simd) fn_type slot = nullptr;
#include "kernels/kernel-list.inc"
};

// One entry of kernels/kernel-list.inc: the slot and the names of its two variants.
struct KernelVariant {
  const char* slot;
  const char* scalar;
  const char* simd;
};

// The list, in its order; *count receives the number of entries.
const KernelVariant* kernel_variants(std::size_t* count);

// The name of the kernel `table` runs for `slot` ("f32_maxpool_pixel__wasmsimd_c4"), or nullptr
// for an unknown slot.
const char* kernel_name(const KernelTable& table, const char* slot);

// The best table of this build.
const KernelTable& default_kernel_table();
// Always available.
const KernelTable& scalar_kernel_table();
// nullptr when this build has no SIMD kernels (the wasm scalar build).
const KernelTable* simd_kernel_table();

}  // namespace condense
