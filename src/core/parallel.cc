// The thread pool behind parallel_for (see parallel.h). Workers wait on a generation counter: the
// caller publishes a job, bumps the generation and wakes them. A job is a few chunks per thread
// with fixed boundaries; every thread, the caller included, claims the next unclaimed chunk (a
// compare-and-swap on a cursor tagged with the job's generation) until none is left, then the
// caller waits until every chunk is done (spinning: a browser's main thread may not sleep). So a
// thread that is slower -- a worker still waking up (0.1-0.2 ms on a virtual machine), a core
// shared with other work -- runs fewer chunks instead of holding the others up. Chunk boundaries
// never depend on who runs them, so neither do the results.
#include "core/parallel.h"

#include <string>

#include "core/format.h"

#if defined(CONDENSE_THREADS) && CONDENSE_THREADS
#include <pthread.h>

#include <atomic>
#include <ctime>
#endif
#if defined(CONDENSE_THREADS) && CONDENSE_THREADS && defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#include <emscripten/threading.h>
#endif

namespace condense {

#if defined(CONDENSE_THREADS) && CONDENSE_THREADS

namespace {

struct Job {
  ParallelChunkFn fn = nullptr;
  void* context = nullptr;
  std::int64_t count = 0;
  int chunks = 0;
};

// The least work (in work_per_item units) a chunk is cut to.
constexpr std::int64_t kMinChunkWork = kParallelMinWork;

// The claim cursor: the job's generation above kChunkBits, the next unclaimed chunk below.
constexpr int kChunkBits = 8;
constexpr std::uint64_t kChunkMask = (std::uint64_t{1} << kChunkBits) - 1;
static_assert(kMaxThreads * kMaxChunksPerThread <= static_cast<int>(kChunkMask),
              "chunk indices fit under the cursor's generation");

// How long a thread spins before it sleeps (as pthreadpool and OpenMP runtimes do): a burst of
// calls (one op after another, the JS copies between them) then costs no wake-up, which on a
// loaded machine is a scheduler time slice. Workers spin up to 1 ms after their last chunk; the
// caller, waiting for the others, up to 0.2 ms -- except on the main thread (a page's, or Node's:
// Emscripten treats both as the main browser thread), which only spins: there Emscripten's
// futex wait is itself a busy loop, and it noticed the last worker's signal late (Node, 2
// threads, resident [1,398,398,1]: add 310 us through it, 20 us spinning on the count, 39 us on
// one thread; Chromium, a 398x398 conv2d: 0.87 ms through it, 0.075 ms spinning, 0.13 ms on one).
constexpr double kWorkerSpinNs = 1.0e6;
constexpr double kCallerSpinNs = 2.0e5;
constexpr int kSpinsPerClockRead = 256;
// The waiting caller re-checks for a dead worker this often (nanoseconds).
constexpr long kCallerWaitNs = 1000000;

struct Pool {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;  // guards job and generation together
  pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
  pthread_cond_t done = PTHREAD_COND_INITIALIZER;  // the last chunk finished
  pthread_t threads[kMaxThreads] = {};
  int size = 1;  // threads in the pool, the caller included
  Job job;
  // 64 bits: a generation never repeats (2^56 jobs before the cursor's tag wraps), so a claim
  // by a thread that read an older job never matches the current one.
  std::atomic<std::uint64_t> generation{0};
  std::atomic<std::uint64_t> cursor{0};  // (generation << kChunkBits) | next chunk
  std::atomic<int> pending{0};           // chunks of the current job not yet finished
  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};  // workers that died inside a chunk
  bool broken = false;
};

Pool& pool() {
  static Pool p;
  return p;
}

// Emscripten: performance.now() in one call (its clock_gettime is that plus a timespec written
// through the heap views, on every clock read of a spin).
double now_ns() {
#if defined(__EMSCRIPTEN__)
  return emscripten_get_now() * 1.0e6;
#else
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) * 1.0e9 + static_cast<double>(t.tv_nsec);
#endif
}

// Spins until done() or `ns` have passed; returns done().
template <class Done>
bool spin_until(Done done, double ns) {
  const double until = now_ns() + ns;
  for (;;) {
    for (int i = 0; i < kSpinsPerClockRead; ++i) {
      if (done()) return true;
    }
    if (now_ns() >= until) return done();
  }
}

// The main thread (see kCallerSpinNs). A worker that dies marks itself failed in the shared
// memory (parallel_worker_failed, from its own host), so the spin always ends.
bool caller_only_spins() {
#if defined(__EMSCRIPTEN__)
  return emscripten_is_main_browser_thread() != 0;
#else
  return false;
#endif
}

// Claims the next chunk of the job published as `generation`; false when none is left (or, for a
// thread that read an older job, when that job is over).
bool claim(Pool& p, std::uint64_t generation, int chunks, int* chunk) {
  const std::uint64_t tag = generation << kChunkBits;
  std::uint64_t cursor = p.cursor.load(std::memory_order_acquire);
  for (;;) {
    if ((cursor & ~kChunkMask) != tag) return false;
    const int next = static_cast<int>(cursor & kChunkMask);
    if (next >= chunks) return false;
    if (p.cursor.compare_exchange_weak(cursor, cursor + 1, std::memory_order_acq_rel)) {
      *chunk = next;
      return true;
    }
  }
}

// Runs chunks of the job as thread `thread` until none is left; the thread that finishes the
// last one signals `done` (a caller may be sleeping on it).
void run_chunks(Pool& p, const Job& job, std::uint64_t generation, int thread) {
  int chunk = 0;
  while (claim(p, generation, job.chunks, &chunk)) {
    const std::int64_t begin = job.count * chunk / job.chunks;
    const std::int64_t end = job.count * (chunk + 1) / job.chunks;
    if (end > begin) job.fn(job.context, begin, end, thread);
    if (p.pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&p.mutex);
      pthread_cond_signal(&p.done);
      pthread_mutex_unlock(&p.mutex);
    }
  }
}

// What a worker is started with: its index and the generation current when it was created. A
// worker must not read the generation itself when it starts running: the caller may already have
// published the first job (bumped the generation) before the new thread is scheduled, and a
// worker that took that job's generation as already seen would never run it (the caller would
// wait forever).
struct WorkerStart {
  int index;
  std::uint64_t generation;
};

void* worker_main(void* arg) {
  Pool& p = pool();
  const WorkerStart* start = static_cast<const WorkerStart*>(arg);
  const int index = start->index;
  std::uint64_t seen = start->generation;
  for (;;) {
    std::uint64_t now = seen;
    spin_until(
        [&] {
          now = p.generation.load(std::memory_order_acquire);
          return now != seen || p.stop.load(std::memory_order_relaxed);
        },
        kWorkerSpinNs);
    if (now == seen) {
      pthread_mutex_lock(&p.mutex);
      while ((now = p.generation.load(std::memory_order_acquire)) == seen &&
             !p.stop.load(std::memory_order_acquire)) {
        pthread_cond_wait(&p.wake, &p.mutex);
      }
      pthread_mutex_unlock(&p.mutex);
    }
    if (p.stop.load(std::memory_order_acquire)) return nullptr;
    // The newest job and its generation, read together (a worker that woke late may find a
    // later job than the one that woke it; the earlier one is then done).
    pthread_mutex_lock(&p.mutex);
    now = p.generation.load(std::memory_order_acquire);
    const Job job = p.job;
    pthread_mutex_unlock(&p.mutex);
    seen = now;
    run_chunks(p, job, now, index);
  }
}

}  // namespace

int parallel_threads() { return pool().broken ? 1 : pool().size; }

int parallel_chunks(std::int64_t count, std::int64_t work_per_item, int chunks_per_thread) {
  const int threads = parallel_threads();
  const bool split = threads > 1 && count >= 2 && work_per_item > 0 &&
                     count >= (kParallelMinWork + work_per_item - 1) / work_per_item;
  if (!split) return 1;
  // Chunks of about kMinChunkWork or more, between threads and threads * chunks_per_thread (so a
  // split just above kParallelMinWork still gives every thread one), at most count.
  const std::int64_t by_work =
      work_per_item >= kMinChunkWork ? count : count * work_per_item / kMinChunkWork;
  const int per_thread = chunks_per_thread < 1                     ? 1
                         : chunks_per_thread > kMaxChunksPerThread ? kMaxChunksPerThread
                                                                   : chunks_per_thread;
  const std::int64_t most = static_cast<std::int64_t>(threads) * per_thread;
  std::int64_t chunks = by_work < most ? by_work : most;
  if (chunks < threads) chunks = threads;
  return static_cast<int>(chunks < count ? chunks : count);
}

bool parallel_broken() { return pool().broken || pool().failed.load() > 0; }

void parallel_worker_failed() { pool().failed.fetch_add(1, std::memory_order_acq_rel); }

Status parallel_start(const char* fn, int threads) {
  if (threads < 1 || threads > kMaxThreads) {
    return Status::Range(std::string(fn) + ": threads must be in [1, " + to_str(kMaxThreads) +
                         "] (got " + to_str(threads) + ")");
  }
  parallel_stop();
  Pool& p = pool();
  p.stop.store(false);
  p.failed.store(0);
  p.broken = false;
  p.pending.store(0);
  static WorkerStart starts[kMaxThreads];
  const std::uint64_t generation = p.generation.load(std::memory_order_acquire);
  for (int i = 1; i < threads; ++i) {
    starts[i] = WorkerStart{i, generation};
    if (pthread_create(&p.threads[i], nullptr, worker_main, &starts[i]) != 0) {
      p.size = i;
      parallel_stop();
      return Status::Range(std::string(fn) + ": could not start thread " + to_str(i) + " of " +
                           to_str(threads));
    }
    p.size = i + 1;
  }
  return Status::Ok();
}

void parallel_stop() {
  Pool& p = pool();
  if (p.size <= 1) return;
  pthread_mutex_lock(&p.mutex);
  p.stop.store(true, std::memory_order_release);
  pthread_cond_broadcast(&p.wake);
  pthread_mutex_unlock(&p.mutex);
  // A worker that died inside a chunk never returns: its host (the JS worker) is terminated by
  // the loader instead of joined here.
  if (!p.broken) {
    for (int i = 1; i < p.size; ++i) pthread_join(p.threads[i], nullptr);
  }
  p.size = 1;
}

Status parallel_run(std::int64_t count, std::int64_t work_per_item, int chunks_per_thread,
                    ParallelChunkFn fn, void* context) {
  Pool& p = pool();
  if (count <= 0) return Status::Ok();
  const int chunks = parallel_chunks(count, work_per_item, chunks_per_thread);
  if (chunks == 1) {
    fn(context, 0, count, 0);
    return Status::Ok();
  }
  Job job;
  job.fn = fn;
  job.context = context;
  job.count = count;
  job.chunks = chunks;
  pthread_mutex_lock(&p.mutex);
  p.job = job;
  p.pending.store(job.chunks, std::memory_order_relaxed);
  const std::uint64_t generation = p.generation.load(std::memory_order_relaxed) + 1;
  p.cursor.store(generation << kChunkBits, std::memory_order_relaxed);
  p.generation.store(generation, std::memory_order_release);
  pthread_cond_broadcast(&p.wake);
  pthread_mutex_unlock(&p.mutex);
  run_chunks(p, job, generation, 0);
  // A worker that died inside its chunk never finishes it: wait for the live ones (they may
  // still be writing the output) and report the failure.
  auto waiting = [&p] {
    return p.pending.load(std::memory_order_acquire) > p.failed.load(std::memory_order_acquire);
  };
  if (caller_only_spins()) {
    while (waiting()) {
    }
  } else if (!spin_until([&] { return !waiting(); }, kCallerSpinNs)) {
    // Sleep (Node's main thread and workers may; a browser's main thread spins inside the wait),
    // waking at least every millisecond to notice a worker that died.
    pthread_mutex_lock(&p.mutex);
    while (waiting()) {
      timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += kCallerWaitNs;
      if (until.tv_nsec >= 1000000000) {
        until.tv_nsec -= 1000000000;
        until.tv_sec += 1;
      }
      pthread_cond_timedwait(&p.done, &p.mutex, &until);
    }
    pthread_mutex_unlock(&p.mutex);
  }
  if (p.failed.load(std::memory_order_acquire) > 0) {
    p.broken = true;
    return Status::Range(
        "a worker thread failed inside a parallel op (its result is incomplete); this instance "
        "now runs on one thread");
  }
  return Status::Ok();
}

#else  // single-thread build: everything runs on the calling thread.

int parallel_threads() { return 1; }
int parallel_chunks(std::int64_t, std::int64_t, int) { return 1; }
bool parallel_broken() { return false; }
void parallel_worker_failed() {}
void parallel_stop() {}

Status parallel_start(const char* fn, int threads) {
  if (threads == 1) return Status::Ok();
  return Status::Range(std::string(fn) + ": this build has no threads (got threads " +
                       to_str(threads) + "); load the threaded build");
}

Status parallel_run(std::int64_t count, std::int64_t, int, ParallelChunkFn fn, void* context) {
  if (count > 0) fn(context, 0, count, 0);
  return Status::Ok();
}

#endif

}  // namespace condense
