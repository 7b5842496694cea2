// Catch2's main for the native threaded test build (CMake option CONDENSE_NATIVE_THREADS): the
// thread pool runs 4 threads for the whole session, so every op test goes through the ops' split
// paths (that build splits every parallel_for, however small) against its naive reference.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/parallel.h"

int main(int argc, char* argv[]) {
  if (!condense::parallel_start("tests", 4).ok()) return 2;
  const int result = Catch::Session().run(argc, argv);
  condense::parallel_stop();
  return result;
}
