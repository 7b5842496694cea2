// Workspace: grow-only scratch buffers reused across calls, so repeated calls do not grow the
// heap. Allocation uses malloc and reports failure (never operator new, which aborts a wasm
// instance past its memory ceiling).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/status.h"

namespace condense {

class Workspace {
 public:
  // kFlipped: conv2dGradInput's flipped filter, alive while it runs conv2d (which uses the others).
  enum Slot { kPadded = 0, kRowA, kRowB, kPointers, kRing, kTaps, kAccum, kFlipped, kSlotCount };

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
  // `threads` arrays of at least `count` elements of T each, one after another in `slot`, every
  // one starting on its own cache line (threads writing into one line would pass it back and
  // forth: false sharing). *stride receives the elements from one thread's array to the next.
  template <typename T>
  Status get_per_thread(const char* fn, Slot slot, std::size_t count, int threads, T** out,
                        std::size_t* stride) {
    static_assert(kCacheLine % sizeof(T) == 0, "T must divide a cache line");
    constexpr std::size_t per_line = kCacheLine / sizeof(T);
    const std::size_t padded = (count + per_line - 1) / per_line * per_line;
    const std::size_t n = static_cast<std::size_t>(threads > 1 ? threads : 1);
    if (padded > kMaxCount / sizeof(T) / (n + 1)) return too_large(fn);
    T* p = nullptr;
    CONDENSE_RETURN_IF_ERROR(get_array(fn, slot, padded * n + per_line, &p));
    const std::uintptr_t address = reinterpret_cast<std::uintptr_t>(p);
    *out = reinterpret_cast<T*>((address + kCacheLine - 1) / kCacheLine * kCacheLine);
    *stride = padded;
    return Status::Ok();
  }
  void release();
  std::size_t reserved_bytes() const;

 private:
  static constexpr std::size_t kCacheLine = 64;
  static constexpr std::size_t kMaxCount = std::size_t{1} << 31;
  static Status too_large(const char* fn);
  void* buffers_[kSlotCount] = {};
  std::size_t sizes_[kSlotCount] = {};
};

}  // namespace condense
