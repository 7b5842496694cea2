// A fixed pool of threads for splitting an op's output across cores (the threaded wasm build,
// CONDENSE_THREADS=1). parallel_for splits an index range [0, count) into contiguous chunks with
// fixed boundaries, a few per thread, and every thread, the calling one included, takes the next
// chunk until none is left (a slower thread -- still waking up, or on a busy core -- runs fewer);
// the caller then waits for the rest. Which thread computes a chunk never changes its
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

// Chunks a split makes per thread by default: with several, a slower thread (a core shared with
// other work, an efficiency core) runs fewer instead of everyone waiting for its fixed share. On
// this project's 2-vCPU test VM the second vCPU often ran compute 1.3-1.6x slower than the first
// (bench/lib/cores.mjs measures it); there, two threads side by side in one process, 4 chunks per
// thread against 1: conv2d [32,14,14,32] 2.06 vs 2.50 ms, the 56x56x64 conv 3.85 vs 4.30; with
// equal cores, within noise. Ops whose every chunk pays a cost in the size of the whole input (a
// walk over every output pixel) pass 1.
constexpr int kChunksPerThread = 4;
constexpr int kMaxChunksPerThread = 8;

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

// The chunks parallel_for(count, work_per_item, ...) splits into now (1 when it runs on the
// calling thread), for sizing per-thread scratch by the largest chunk.
int parallel_chunks(std::int64_t count, std::int64_t work_per_item,
                    int chunks_per_thread = kChunksPerThread);

using ParallelChunkFn = void (*)(void* context, std::int64_t begin, std::int64_t end, int thread);

// The untyped entry behind parallel_for.
Status parallel_run(std::int64_t count, std::int64_t work_per_item, int chunks_per_thread,
                    ParallelChunkFn fn, void* context);

// Runs f(begin, end, thread) over contiguous chunks covering [0, count), each once; thread <
// parallel_threads() is the thread running the chunk (callers index per-thread scratch with it;
// a chunk must not rely on what an earlier chunk left there). Split only when count *
// work_per_item reaches kParallelMinWork and count >= 2, into at most chunks_per_thread (1 to
// kMaxChunksPerThread) chunks per thread. Returns an error only when a worker thread died.
template <class F>
Status parallel_for(std::int64_t count, std::int64_t work_per_item, F&& f,
                    int chunks_per_thread = kChunksPerThread) {
#if defined(CONDENSE_THREADS) && CONDENSE_THREADS
  using Fn = typename std::remove_reference<F>::type;
  return parallel_run(
      count, work_per_item, chunks_per_thread,
      [](void* c, std::int64_t begin, std::int64_t end, int thread) {
        (*static_cast<Fn*>(c))(begin, end, thread);
      },
      static_cast<void*>(&f));
#else
  (void)work_per_item;
  (void)chunks_per_thread;
  if (count > 0) f(std::int64_t{0}, count, 0);
  return Status::Ok();
#endif
}

}  // namespace condense
