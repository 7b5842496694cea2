#include "kernels/kernel-table.h"

#include <cstring>

namespace condense {

namespace {

KernelTable make_scalar_table() {
  KernelTable t;
  t.isa = "scalar";
#define CONDENSE_KERNEL(slot, fn_type, scalar, simd) t.slot = scalar;
#include "kernels/kernel-list.inc"
  return t;
}

#if defined(CONDENSE_HAVE_SIMD_KERNELS)
KernelTable make_simd_table() {
  KernelTable t;
  t.isa = "wasmsimd";
#define CONDENSE_KERNEL(slot, fn_type, scalar, simd) t.slot = simd;
#include "kernels/kernel-list.inc"
  return t;
}
#endif

const KernelVariant kVariants[] = {
#define CONDENSE_KERNEL(slot, fn_type, scalar, simd) {#slot, #scalar, #simd},
#include "kernels/kernel-list.inc"
};

}  // namespace

const KernelVariant* kernel_variants(std::size_t* count) {
  *count = sizeof kVariants / sizeof kVariants[0];
  return kVariants;
}

const char* kernel_name(const KernelTable& table, const char* slot) {
  const bool simd = std::strcmp(table.isa, "scalar") != 0;
  for (const KernelVariant& v : kVariants) {
    if (std::strcmp(v.slot, slot) == 0) return simd ? v.simd : v.scalar;
  }
  return nullptr;
}

const KernelTable& scalar_kernel_table() {
  static const KernelTable table = make_scalar_table();
  return table;
}

#if defined(CONDENSE_HAVE_SIMD_KERNELS)
const KernelTable* simd_kernel_table() {
  static const KernelTable table = make_simd_table();
  return &table;
}
#else
const KernelTable* simd_kernel_table() { return nullptr; }
#endif

const KernelTable& default_kernel_table() {
  const KernelTable* simd = simd_kernel_table();
  return simd != nullptr ? *simd : scalar_kernel_table();
}

}  // namespace condense
