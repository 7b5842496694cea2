// The only EMSCRIPTEN_BINDINGS: the runtime's functions and every op of bindings/ops/op-list.inc.
// The protocol is described in bindings/runtime/state.h.
#include <emscripten/bind.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/checked.h"
#include "core/format.h"
#include "core/params.h"
#include "image/image.h"
#include "ops/layout.h"
#include "ops/ops.h"
#include "runtime/state.h"
#include "runtime/threads.h"

namespace condense {
namespace bindings {

#define CONDENSE_OP(name)    \
  const char* args_##name(); \
  int op_##name(std::uintptr_t, std::uintptr_t, std::uintptr_t);
#include "ops/op-list.inc"
#undef CONDENSE_OP

namespace {

// "name:arg,arg,...;name:..." for every op, in the list's order.
std::string op_list() {
  std::string s;
#define CONDENSE_OP(name) s += std::string(#name ":") + args_##name() + ";";
#include "ops/op-list.inc"
#undef CONDENSE_OP
  return s;
}

std::string result_names() { return CONDENSE_RESULT_FIELDS(CONDENSE_NAME_ITEM) ""; }
std::string call_names() { return CONDENSE_CALL_FIELDS(CONDENSE_NAME_ITEM) ""; }

// Every enum value JS writes, "Type.name=value,...", from the C++ enums themselves.
std::string enums() {
  std::string s;
  auto add = [&s](const char* type, const char* name, auto value) {
    s += std::string(type) + "." + name + "=" + to_str(static_cast<int>(value)) + ",";
  };
  add("PaddingMode", "valid", PaddingMode::kValid);
  add("PaddingMode", "same", PaddingMode::kSame);
  add("PaddingMode", "explicit", PaddingMode::kExplicit);
  add("PaddingMode", "same_lower", PaddingMode::kSameLower);
  add("PoolType", "max", PoolType::kMax);
  add("PoolType", "avg", PoolType::kAvg);
  add("Layout", "channelsLast", Layout::kChannelsLast);
  add("Layout", "channelsFirst", Layout::kChannelsFirst);
  add("FilterLayout", "HWIO", 0);
  add("FilterLayout", "OIHW", 1);
  add("PadFill", "zeros", PadFill::kZeros);
  add("PadFill", "reflect", PadFill::kReflect);
  add("PadFill", "replicate", PadFill::kReplicate);
  add("PadFill", "circular", PadFill::kCircular);
  add("Colormap", "magma", Colormap::kMagma);
  add("Colormap", "viridis", Colormap::kViridis);
  add("Colormap", "gray", Colormap::kGray);
  add("ArgmaxConvention", "tf", ArgmaxConvention::kTf);
  add("ArgmaxConvention", "tfWithBatch", ArgmaxConvention::kTfWithBatch);
  add("ArgmaxConvention", "torch", ArgmaxConvention::kTorch);
  add("ArgmaxConvention", "onnx", ArgmaxConvention::kOnnx);
  add("Status", "typeError", StatusCode::kTypeError);
  add("Status", "planned", kPlanned);
  return s;
}

std::uintptr_t args_address() { return reinterpret_cast<std::uintptr_t>(state().args); }
std::uintptr_t call_address() { return reinterpret_cast<std::uintptr_t>(&state().call); }
std::uintptr_t result_address() { return reinterpret_cast<std::uintptr_t>(&state().result); }
int max_args() { return kMaxArgs; }
std::string last_error() { return state().error; }
std::string kernel_isa() { return state().table->isa; }

// A buffer for input slot `slot`; 0 when `bytes` does not fit under the memory ceiling.
std::uintptr_t reserve(int slot, double bytes) {
  if (slot < 0 || slot >= kIoSlots || !(bytes >= 0) || bytes > double(kMaxBufferBytes)) return 0;
  return reinterpret_cast<std::uintptr_t>(reserve_slot(slot, static_cast<std::size_t>(bytes)));
}

void release_memory() {
  State& s = state();
  for (int i = 0; i < kIoSlots; ++i) {
    std::free(s.io[i]);
    s.io[i] = nullptr;
    s.io_size[i] = 0;
  }
  s.workspace.release();
  s.layout_ws.release();
}

double reserved_bytes() {
  State& s = state();
  std::size_t total = s.workspace.reserved_bytes() + s.layout_ws.reserved_bytes();
  for (std::size_t size : s.io_size) total += size;
  return static_cast<double>(total);
}

// Resident tensors: buffers JS owns by address. 0 when over the memory ceiling.
std::uintptr_t alloc_tensor(double bytes) {
  if (!(bytes >= 0) || bytes > double(kMaxBufferBytes)) return 0;
  const std::size_t n = static_cast<std::size_t>(bytes);
  return reinterpret_cast<std::uintptr_t>(std::malloc(n < 16 ? 16 : n));
}

void free_tensor(std::uintptr_t address) { std::free(reinterpret_cast<void*>(address)); }

}  // namespace
}  // namespace bindings
}  // namespace condense

EMSCRIPTEN_BINDINGS(condense) {
  using namespace emscripten;
  using namespace condense::bindings;
  function("opList", &op_list);
  function("resultNames", &result_names);
  function("callNames", &call_names);
  function("enums", &enums);
  function("argsAddress", &args_address);
  function("callAddress", &call_address);
  function("resultAddress", &result_address);
  function("maxArgs", &max_args);
  function("lastError", &last_error);
  function("kernelIsa", &kernel_isa);
  function("startThreads", &start_threads);
  function("stopThreads", &stop_threads);
  function("threadCount", &thread_count);
  function("checkThreads", &check_threads);
  function("reserve", &reserve);
  function("releaseMemory", &release_memory);
  function("reservedBytes", &reserved_bytes);
  function("allocTensor", &alloc_tensor);
  function("freeTensor", &free_tensor);
#define CONDENSE_OP(name) function(#name, &op_##name);
#include "ops/op-list.inc"
#undef CONDENSE_OP
}
