// The thread pool's entry points for JS (the threaded build; a single-thread build answers 1 and
// refuses more): startThreads / stopThreads / threadCount are bound in embind.cc, and
// condense_worker_failed is exported for the pthread worker script, which calls it when its
// thread died inside a chunk so the waiting caller reports an error instead of hanging.
#include "runtime/threads.h"

#include "core/parallel.h"
#include "runtime/state.h"

extern "C" __attribute__((used, visibility("default"))) void condense_worker_failed() {
  condense::parallel_worker_failed();
}

namespace condense {
namespace bindings {

int start_threads(int threads) {
  const Status status = parallel_start("loadCondense", threads);
  return status.ok() ? 0 : fail(status);
}

void stop_threads() { parallel_stop(); }

int thread_count() { return parallel_threads(); }

// A diagnostic for the tests: a parallel loop over `count` items whose chunk `trap_chunk` (if
// >= 0) traps, as a crash inside a kernel would; returns the chunk count it saw, or the error.
// The caller's chunk 0 first waits (up to a second) until every other chunk has started, so that
// those run on the workers rather than being taken over by the caller.
int check_threads(int count, int trap_chunk) {
  int chunks = 0;
  int started = 0;
  const int expected = count < parallel_threads() ? count : parallel_threads();
  const Status status =
      parallel_for(count, kParallelMinWork, [&](std::int64_t, std::int64_t, int chunk) {
        if (chunk == 0) {
          for (long spins = 0;
               spins < 400000000L && __atomic_load_n(&started, __ATOMIC_SEQ_CST) < expected - 1;
               ++spins) {
          }
        } else {
          __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
        }
        if (chunk == trap_chunk) __builtin_trap();
        __atomic_fetch_add(&chunks, 1, __ATOMIC_SEQ_CST);
      });
  return status.ok() ? chunks : -fail(status);
}

}  // namespace bindings
}  // namespace condense
