// Global average and max pooling: one value per image and channel.
#include "ops/global-pool2d.h"

#include "core/parallel.h"

namespace condense {

Status plan_global_pool2d(const char* fn, PoolType type, const Shape4& in, GlobalPoolPlan* plan) {
  GlobalPoolPlan p;
  p.type = type;
  p.in = in;
  CONDENSE_RETURN_IF_ERROR(validate_shape(fn, "x", in, &p.in_elements));
  p.out_elements = static_cast<std::size_t>(in.n * in.c);
  *plan = p;
  return Status::Ok();
}

void run_global_pool2d(const KernelTable& table, const GlobalPoolPlan& plan, const float* in,
                       float* out) {
  const std::size_t pixels = static_cast<std::size_t>(plan.in.pixels());
  const std::size_t channels = static_cast<std::size_t>(plan.in.c);
  // Threads split the batch (one image's reduction is never split: its order is the kernel's).
  // A worker failure leaves the pool single-threaded; the images it missed are redone here.
  auto images = [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t b = begin; b < end; ++b) {
      const float* image = in + static_cast<std::size_t>(b) * pixels * channels;
      float* o = out + static_cast<std::size_t>(b) * channels;
      if (plan.type == PoolType::kMax) {
        table.gmax(pixels, channels, image, o);
      } else {
        table.gsum(pixels, channels, image, o);
        const float count = static_cast<float>(pixels);
        for (std::size_t c = 0; c < channels; ++c) o[c] /= count;
      }
    }
  };
  const std::int64_t image_work = static_cast<std::int64_t>(pixels * channels);
  if (!parallel_for(plan.in.n, image_work, images).ok()) images(0, plan.in.n, 0);
}

}  // namespace condense
