// The thread pool as the bindings export it (see threads.cc).
#pragma once

namespace condense {
namespace bindings {

int start_threads(int threads);
void stop_threads();
int thread_count();
int check_threads(int count, int trap_thread);

}  // namespace bindings
}  // namespace condense
