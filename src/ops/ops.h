// ops: validation, output shapes (through core/shape.h), padding, tiling and kernel choice for
// every operation. Each op is split into plan (validate + shapes, no allocation) and run
// (compute into a caller-owned output), so a binding can size and allocate the output between
// the two, and tests can drive ops with any kernel table.
//
// Every input and output is NHWC float32 (NWC / NDHWC for 1-D / 3-D). `fn` is the public
// (JavaScript) name of the operation, used in error messages. Channels-first callers go through
// ops/layout.h.
//
// One op, one slice: each op lives in src/ops/<slice>.{h,cc} (the slice names of the JS API).
// This umbrella header includes them all.
#pragma once

#include "ops/activation.h"
#include "ops/adaptive-pool2d.h"
#include "ops/argmax-pool2d.h"
#include "ops/batch-norm.h"
#include "ops/conv-grad.h"
#include "ops/conv-pool2d.h"
#include "ops/conv2d-transpose.h"
#include "ops/conv2d.h"
#include "ops/conv3d.h"
#include "ops/elementwise.h"
#include "ops/fractional-pool2d.h"
#include "ops/global-pool2d.h"
#include "ops/layout.h"
#include "ops/matmul.h"
#include "ops/max-unpool2d.h"
#include "ops/pool-grad.h"
#include "ops/pool2d.h"
#include "ops/pool3d-grad.h"
#include "ops/pool3d.h"
#include "ops/prelu.h"
#include "ops/relu-grad.h"
#include "ops/to-image-data.h"
#include "ops/window-pool2d.h"
#include "ops/workspace.h"
