// parallel_for and parallel_chunks (src/core/parallel.h): every item runs exactly once, in
// contiguous chunks, on a thread index below parallel_threads(); the chunk count stays within
// [threads, threads * chunks_per_thread] and at most count; back-to-back jobs never mix. The
// native threaded build runs these on its pool of 4 threads with every split taken; the other
// builds run them inline (one chunk, thread 0).
#include "core/parallel.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

namespace {

using condense::kParallelMinWork;
using condense::parallel_chunks;
using condense::parallel_for;
using condense::parallel_threads;

}  // namespace

TEST_CASE("parallel: every item runs once, on a valid thread, in contiguous chunks", "[parallel]") {
  const int threads = parallel_threads();
  for (std::int64_t count : {1, 2, 3, 7, 64, 1000, 4099}) {
    for (int per_thread : {0, 1, 4, 8, 100}) {
      std::vector<std::atomic<int>> runs(static_cast<std::size_t>(count));
      std::atomic<int> chunks{0};
      std::atomic<bool> bad_thread{false};
      const condense::Status status = parallel_for(
          count, kParallelMinWork,
          [&](std::int64_t begin, std::int64_t end, int thread) {
            if (thread < 0 || thread >= threads) bad_thread = true;
            chunks.fetch_add(1);
            for (std::int64_t i = begin; i < end; ++i)
              runs[static_cast<std::size_t>(i)].fetch_add(1);
          },
          per_thread);
      CAPTURE(count, per_thread, threads);
      REQUIRE(status.ok());
      CHECK_FALSE(bad_thread.load());
      for (const auto& r : runs) REQUIRE(r.load() == 1);
      CHECK(chunks.load() == parallel_chunks(count, kParallelMinWork, per_thread));
    }
  }
}

TEST_CASE("parallel: the chunk count stays within the thread count and the items", "[parallel]") {
  const int threads = parallel_threads();
  CHECK(parallel_chunks(1, kParallelMinWork) == 1);
  CHECK(parallel_chunks(1000, 0) == 1);  // no work: no split
  for (std::int64_t count : {2, 3, 5, 16, 64, 100000}) {
    for (int per_thread : {0, 1, 2, 4, 8, 9, 1000}) {
      const int chunks = parallel_chunks(count, kParallelMinWork, per_thread);
      CAPTURE(count, per_thread, threads, chunks);
      CHECK(chunks >= 1);
      CHECK(chunks <= count);
      CHECK(chunks <= threads * condense::kMaxChunksPerThread);
      if (threads > 1) CHECK(chunks >= (count < threads ? count : threads));
      if (per_thread >= 1 && per_thread <= condense::kMaxChunksPerThread) {
        CHECK(chunks <= threads * per_thread);
      }
    }
  }
}

TEST_CASE("parallel: many short jobs back to back each see only their own items", "[parallel]") {
  std::vector<std::int64_t> out(64);
  for (std::int64_t job = 0; job < 5000; ++job) {
    const std::int64_t count = 2 + job % 63;
    const condense::Status status =
        parallel_for(count, kParallelMinWork, [&](std::int64_t begin, std::int64_t end, int) {
          for (std::int64_t i = begin; i < end; ++i) out[static_cast<std::size_t>(i)] = job;
        });
    REQUIRE(status.ok());
    for (std::int64_t i = 0; i < count; ++i) REQUIRE(out[static_cast<std::size_t>(i)] == job);
  }
}
