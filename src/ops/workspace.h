// Workspace: grow-only scratch buffers reused across calls, so repeated calls do not grow the
// heap. Allocation uses malloc and reports failure (never operator new, which aborts a wasm
// instance past its memory ceiling).
#pragma once

#include <cstddef>

#include "core/status.h"

namespace condense {

class Workspace {
 public:
  enum Slot { kPadded = 0, kRowA, kRowB, kPointers, kRing, kTaps, kAccum, kSlotCount };

  Workspace() = default;
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  ~Workspace() { release(); }

  // A buffer of at least `bytes` in `slot`, keeping nothing of its old contents. Returns
  // nullptr when the allocation fails.
  void* get(Slot slot, std::size_t bytes);
  // Typed helper: count elements of T, overflow-checked; fails with a status naming `fn`.
  template <typename T>
  Status get_array(const char* fn, Slot slot, std::size_t count, T** out) {
    if (count > kMaxCount / sizeof(T)) return too_large(fn);
    void* p = get(slot, count * sizeof(T) + 16);
    if (p == nullptr) return too_large(fn);
    *out = static_cast<T*>(p);
    return Status::Ok();
  }
  void release();
  std::size_t reserved_bytes() const;

 private:
  static constexpr std::size_t kMaxCount = std::size_t{1} << 31;
  static Status too_large(const char* fn);
  void* buffers_[kSlotCount] = {};
  std::size_t sizes_[kSlotCount] = {};
};

}  // namespace condense
