// A fixed pool of threads for splitting an op's output across cores (the threaded wasm build,
// CONDENSE_THREADS=1). parallel_for splits an index range [0, count) into contiguous chunks with
// fixed boundaries (one per thread) and every thread, the calling one included, takes the next
// chunk until none is left (a worker still waking up finds its chunk taken by a thread that was
// ready); the caller then waits for the rest. Which thread computes a chunk never changes its
// arithmetic, and ops split only OUTPUT elements (batch, rows, output channels), never the order
// of a reduction, so results are bit-identical to the single-thread builds. The callback gets the
// index of the thread running it, for per-thread scratch (a thread runs its chunks one after
// another). In a build without CONDENSE_THREADS every call runs f(0, count, 0) inline (a
// compile-time no-op).
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/status.h"

namespace condense {

// Upper bound on the pool (the loader caps its own default lower).
constexpr int kMaxThreads = 16;

// Work below this (in the caller's units: roughly multiply-adds or elements touched) stays on the
// calling thread: waking the pool costs a few microseconds. The native threaded test build sets
// CONDENSE_PARALLEL_MIN_WORK to 1 so that the C++ tests' small shapes split too.
#ifdef CONDENSE_PARALLEL_MIN_WORK
constexpr std::int64_t kParallelMinWork = CONDENSE_PARALLEL_MIN_WORK;
#else
constexpr std::int64_t kParallelMinWork = std::int64_t{1} << 15;
#endif

// Threads the pool runs, the calling thread included (1 when not started or single-thread).
int parallel_threads();

// Starts `threads` - 1 worker threads (threads in [1, kMaxThreads]); a running pool is stopped
// first. A RangeError naming `fn` when the count is out of range or a thread cannot start.
Status parallel_start(const char* fn, int threads);

// Stops and joins the workers; the pool then runs everything on the calling thread.
void parallel_stop();

// Called by a worker thread's host when the thread died inside a chunk (a trap): the waiting
// caller returns an error instead of waiting forever, and later calls run on the calling thread.
void parallel_worker_failed();

// True when a worker failed since the pool started (the pool then runs single-threaded).
bool parallel_broken();

using ParallelChunkFn = void (*)(void* context, std::int64_t begin, std::int64_t end, int thread);

// The untyped entry behind parallel_for.
Status parallel_run(std::int64_t count, std::int64_t work_per_item, ParallelChunkFn fn,
                    void* context);

// Runs f(begin, end, thread) over contiguous chunks covering [0, count), each once; thread <
// parallel_threads() is the thread running the chunk (callers index per-thread scratch with it;
// a chunk must not rely on what an earlier chunk left there). Split only when count *
// work_per_item reaches kParallelMinWork and count >= 2. Returns an error only when a worker
// thread died.
template <class F>
Status parallel_for(std::int64_t count, std::int64_t work_per_item, F&& f) {
#if defined(CONDENSE_THREADS) && CONDENSE_THREADS
  using Fn = typename std::remove_reference<F>::type;
  return parallel_run(
      count, work_per_item,
      [](void* c, std::int64_t begin, std::int64_t end, int thread) {
        (*static_cast<Fn*>(c))(begin, end, thread);
      },
      static_cast<void*>(&f));
#else
  (void)work_per_item;
  if (count > 0) f(std::int64_t{0}, count, 0);
  return Status::Ok();
#endif
}

}  // namespace condense
