// The thread pool's entry points for JS (the threaded build; a single-thread build answers 1 and
// refuses more): startThreads / stopThreads / threadCount are bound in embind.cc, and
// condense_worker_failed is exported for the pthread worker script, which calls it when its
// thread died inside a chunk so the waiting caller reports an error instead of hanging.
#include "runtime/threads.h"

#include <emscripten/emscripten.h>

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

// A diagnostic for the tests: a parallel loop over `count` items in which thread `trap_thread`
// (if >= 0) traps, as a crash inside a kernel would; returns how many threads ran a chunk, or the
// error. Each thread's first chunk waits (up to two seconds) until every thread has started one, so
// that each runs one (a thread may otherwise take every chunk of a short loop before the others
// wake).
int check_threads(int count, int trap_thread) {
  int ran = 0;  // bit t: thread t ran a chunk
  int started = 0;
  const int threads = parallel_threads();
  const int expected = count < threads ? count : threads;
  const Status status =
      parallel_for(count, kParallelMinWork, [&](std::int64_t, std::int64_t, int thread) {
        const int bit = 1 << thread;
        if ((__atomic_fetch_or(&ran, bit, __ATOMIC_SEQ_CST) & bit) == 0) {
          __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
          const double until = emscripten_get_now() + 2000.0;
          while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < expected &&
                 emscripten_get_now() < until) {
          }
        }
        if (thread == trap_thread) __builtin_trap();
      });
  return status.ok() ? __builtin_popcount(static_cast<unsigned>(ran)) : -fail(status);
}

}  // namespace bindings
}  // namespace condense
