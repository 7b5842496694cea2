// The kernel tables against their one list (src/kernels/kernel-list.inc): every slot of both
// tables holds the variant the list names, and the table reports that name. The list also
// drives test::tables() users: a slot added to the list is checked here without a second edit.
#include "kernels/kernel-table.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>
#include <set>
#include <string>

TEST_CASE("kernel-table: every slot holds the variant kernel-list.inc names, in both tables",
          "[kernel-table]") {
  const condense::KernelTable& scalar = condense::scalar_kernel_table();
  CHECK(std::string(scalar.isa) == "scalar");
#define CONDENSE_KERNEL(slot, fn_type, scalar_fn, simd_fn)                  \
  {                                                                         \
    INFO(#slot);                                                            \
    CHECK(scalar.slot == &condense::scalar_fn);                             \
    CHECK(std::string(condense::kernel_name(scalar, #slot)) == #scalar_fn); \
  }
#include "kernels/kernel-list.inc"
#if defined(CONDENSE_HAVE_SIMD_KERNELS)
  const condense::KernelTable* simd = condense::simd_kernel_table();
  REQUIRE(simd != nullptr);
  CHECK(std::string(simd->isa) == "wasmsimd");
  CHECK(&condense::default_kernel_table() == simd);
#define CONDENSE_KERNEL(slot, fn_type, scalar_fn, simd_fn)               \
  {                                                                      \
    INFO(#slot);                                                         \
    CHECK(simd->slot == &condense::simd_fn);                             \
    CHECK(std::string(condense::kernel_name(*simd, #slot)) == #simd_fn); \
  }
#include "kernels/kernel-list.inc"
#else
  CHECK(condense::simd_kernel_table() == nullptr);
  CHECK(&condense::default_kernel_table() == &scalar);
#endif
}

TEST_CASE("kernel-table: the variant list has one entry per slot and no duplicate slot",
          "[kernel-table]") {
  std::size_t count = 0;
  const condense::KernelVariant* variants = condense::kernel_variants(&count);
  std::size_t slots = 0;
#define CONDENSE_KERNEL(slot, fn_type, scalar_fn, simd_fn) ++slots;
#include "kernels/kernel-list.inc"
  CHECK(count == slots);
  std::set<std::string> names;
  for (std::size_t i = 0; i < count; ++i) {
    INFO(variants[i].slot);
    CHECK(names.insert(variants[i].slot).second);
    CHECK(std::strncmp(variants[i].scalar, "f32_", 4) == 0);
    CHECK(std::strncmp(variants[i].simd, "f32_", 4) == 0);
  }
  CHECK(condense::kernel_name(condense::scalar_kernel_table(), "no_such_slot") == nullptr);
}
