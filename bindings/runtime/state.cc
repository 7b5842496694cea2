// The binding runtime's state, output allocation and caller-layout helpers (see state.h).
#include "runtime/state.h"

#include <cstdlib>

#include "core/checked.h"
#include "core/format.h"
#include "ops/layout.h"
#include "runtime/args.h"

namespace condense {
namespace bindings {

State& state() {
  static State s;
  return s;
}

int fail(const Status& status) {
  state().error = status.message();
  return static_cast<int>(status.code());
}

void* reserve_slot(int slot, std::size_t bytes) {
  State& s = state();
  if (bytes <= s.io_size[slot] && s.io[slot] != nullptr) return s.io[slot];
  std::free(s.io[slot]);
  s.io[slot] = nullptr;
  s.io_size[slot] = 0;
  void* p = std::malloc(bytes < 64 ? 64 : bytes);
  if (p == nullptr) return nullptr;
  s.io[slot] = p;
  s.io_size[slot] = bytes < 64 ? 64 : bytes;
  return p;
}

void record_shape(const std::int64_t* dims, int rank) {
  Result& r = state().result;
  double* d[5] = {&r.d0, &r.d1, &r.d2, &r.d3, &r.d4};
  for (int i = 0; i < 5; ++i) *d[i] = i < rank ? static_cast<double>(dims[i]) : 0.0;
  r.rank = rank;
}

// The call header is consumed here; JS resets it after any failure, so none outlives its call.
int emit_output(const char* fn, const Shape4& shape, std::size_t elements, float** out) {
  State& s = state();
  const CallHeader call = s.call;
  s.call = CallHeader{};
  std::size_t bytes = 0;
  if (!checked_mul(elements, sizeof(float), &bytes) || bytes > kMaxBufferBytes) {
    return fail(Status::OutOfMemory(std::string(fn) + ": the output is too large"));
  }
  Result& r = s.result;
  r.n = static_cast<double>(shape.n);
  r.h = static_cast<double>(shape.h);
  r.w = static_cast<double>(shape.w);
  r.c = static_cast<double>(shape.c);
  r.count = static_cast<double>(elements);
  const std::int64_t dims[4] = {shape.n, shape.h, shape.w, shape.c};
  record_shape(dims, 4);
  if (call.dryRun != 0) return kPlanned;
  if (call.outAddress != 0) {
    if (!(static_cast<double>(elements) <= call.outCapacity)) {
      return fail(Status::Range(std::string(fn) + ": the output buffer is too small"));
    }
    r.address = call.outAddress;
    *out = reinterpret_cast<float*>(static_cast<std::uintptr_t>(call.outAddress));
    return 0;
  }
  void* p = reserve_slot(kOutput, bytes);
  if (p == nullptr) {
    return fail(Status::OutOfMemory(std::string(fn) + ": the output (" + to_str(bytes) +
                                    " bytes) does not fit under the wasm memory ceiling"));
  }
  r.address = static_cast<double>(reinterpret_cast<std::uintptr_t>(p));
  *out = static_cast<float*>(p);
  return 0;
}

int emit_aux(const char* fn, std::size_t count, std::int32_t** out) {
  std::size_t bytes = 0;
  void* p = nullptr;
  if (checked_mul(count, sizeof(std::int32_t), &bytes) && bytes <= kMaxBufferBytes) {
    p = reserve_slot(kAux, bytes);
  }
  if (p == nullptr) {
    return fail(Status::OutOfMemory(std::string(fn) + ": the indices do not fit in memory"));
  }
  state().result.auxAddress = static_cast<double>(reinterpret_cast<std::uintptr_t>(p));
  state().result.auxCount = static_cast<double>(count);
  *out = static_cast<std::int32_t*>(p);
  return 0;
}

Status layout_input(const char* fn, Layout layout, std::uintptr_t in, const Shape4& s,
                    Workspace::Slot slot, const float** out) {
  return to_channels_last(fn, layout, s, as_floats(in), state().layout_ws, slot, out);
}

int emit_layout_output(const char* fn, Layout layout, const Shape4& shape, std::size_t elements,
                       LayoutOutput* out) {
  float* dst = nullptr;
  const int code = emit_output(fn, shape, elements, &dst);
  if (code != 0 && code != kPlanned) return code;
  std::int64_t dims[4];
  shape_to_layout(layout, shape, dims);
  record_shape(dims, 4);
  if (code == kPlanned) return code;
  const Status status =
      layout_output(fn, layout, shape, dst, state().layout_ws, Workspace::kRowB, out);
  return status.ok() ? 0 : fail(status);
}

Status hwio_filter(const char* fn, bool oihw, std::uintptr_t filter, const FilterShape& f,
                   bool depthwise, const float** out) {
  return filter_to_hwio(fn, oihw ? FilterLayout::kOihw : FilterLayout::kHwio, f, depthwise,
                        as_floats(filter), state().layout_ws, Workspace::kTaps, out);
}

}  // namespace bindings
}  // namespace condense
