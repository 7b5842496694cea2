// The binding runtime: the state every exported op shares, and the protocol with the JS runtime
// (bindings/runtime/*.mjs). Thin: it moves arguments and buffers, and turns a Status into a code
// plus a message. No maths, no shape logic.
//
// Protocol:
//  - Arguments: each op declares its own argument list (CONDENSE_ARGS below); JS learns every
//    op's list at load (opList()), clears the op's block and writes it by name before each call.
//    The op copies the block out (read_args) and clears it, so nothing outlives its call.
//  - Call header: dryRun, outAddress, outCapacity (a dry run validates and records the output
//    shape; a resident result is written straight into outAddress). Consumed by emit_output.
//  - Buffers: reserve(slot, bytes) returns a grow-only buffer for an input (0 when over the
//    memory ceiling); the op writes its output into the kOutput slot (or outAddress).
//  - Results come back by name: the fields of Result, listed by resultNames().
//  - Every op returns 0, kPlanned (dry run) or a StatusCode; lastError() has the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/shape.h"
#include "core/status.h"
#include "kernels/kernel-table.h"
#include "ops/workspace.h"

namespace condense {
namespace bindings {

// kAux: a second input or output of int32s (argmax indices, pooling sequences).
enum IoSlot : int { kInput = 0, kFilter = 1, kBias = 2, kOutput = 3, kAux = 4, kIoSlots = 5 };

// Returned by an op called as a dry run: arguments validated, output shape recorded.
constexpr int kPlanned = 100;

// clang-format off
#define CONDENSE_RESULT_FIELDS(F)                                                     \
  F(address) F(n) F(h) F(w) F(c) F(count) F(auxAddress) F(auxCount)                   \
  F(d0) F(d1) F(d2) F(d3) F(d4) F(rank) F(vmin) F(vmax)
#define CONDENSE_CALL_FIELDS(F) F(dryRun) F(outAddress) F(outCapacity)
// clang-format on

#define CONDENSE_DOUBLE_FIELD(name) double name = 0;
#define CONDENSE_NAME_ITEM(name) #name ","

// What an op returns besides its status: the output's address, shape (in the caller's order:
// d0..d4 with `rank` entries; n, h, w, c for rank 4) and element count, an int32 side output.
struct Result {
  CONDENSE_RESULT_FIELDS(CONDENSE_DOUBLE_FIELD)
};
struct CallHeader {
  CONDENSE_CALL_FIELDS(CONDENSE_DOUBLE_FIELD)
};

constexpr int kMaxArgs = 64;

struct State {
  CallHeader call;
  double args[kMaxArgs] = {};
  Result result;
  std::string error;
  void* io[kIoSlots] = {};
  std::size_t io_size[kIoSlots] = {};
  Workspace workspace;
  Workspace layout_ws;  // channels-first callers: the channels-last copies of inputs and outputs
  const KernelTable* table = &default_kernel_table();
};

State& state();

// An op's argument list: CONDENSE_ARGS(Pool2dArgs, LIST) declares a struct of doubles named by
// LIST (an X-macro) and its comma-separated names, exported to JS through opList().
#define CONDENSE_ARGS(Struct, LIST)                                     \
  struct Struct {                                                       \
    LIST(CONDENSE_DOUBLE_FIELD)                                         \
    static constexpr const char kNames[] = LIST(CONDENSE_NAME_ITEM) ""; \
  }

// The op's arguments, copied out of the block, which is cleared for the next call.
template <class Args>
Args read_args() {
  static_assert(sizeof(Args) <= sizeof(double) * kMaxArgs, "argument list too long");
  Args a;
  std::memcpy(static_cast<void*>(&a), state().args, sizeof(Args));
  std::memset(state().args, 0, sizeof(Args));
  return a;
}

// JS validates every number before writing it; this cast is still guarded so a NaN or huge value
// never reaches a trapping float-to-int conversion: it becomes -1, which every op rejects.
inline std::int64_t to_int(double v) {
  if (!(v >= -4.0e18 && v <= 4.0e18)) return -1;
  return static_cast<std::int64_t>(v);
}
inline float to_float(double v) { return static_cast<float>(v); }
inline const float* as_floats(std::uintptr_t address) {
  return reinterpret_cast<const float*>(address);
}

int fail(const Status& status);
void* reserve_slot(int slot, std::size_t bytes);

// Allocates the output (the kOutput slot, or the caller's resident buffer at call.outAddress) and
// records its shape as NHWC dims n, h, w, c. Returns kPlanned for a dry run.
int emit_output(const char* fn, const Shape4& shape, std::size_t elements, float** out);
// Records the output shape in the caller's order (rank entries) in d0..d4.
void record_shape(const std::int64_t* dims, int rank);
// A second, int32 output of count entries (auxAddress, auxCount).
int emit_aux(const char* fn, std::size_t count, std::int32_t** out);

}  // namespace bindings
}  // namespace condense

// Defines one exported op: its argument list (Args::kNames, listed by opList()) and its entry,
// which takes up to three wasm addresses (inputs, in the JS function's order).
#define CONDENSE_OP_ENTRY(name, Args)                                                   \
  const char* args_##name() { return Args::kNames; }                                    \
  int op_##name([[maybe_unused]] std::uintptr_t a0, [[maybe_unused]] std::uintptr_t a1, \
                [[maybe_unused]] std::uintptr_t a2)
