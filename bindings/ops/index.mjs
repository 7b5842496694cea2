// Every op slice of the JS API, one line each. Each module exports `entries` (the wasm exports it
// calls, which are also its public function names) and `create(ctx)` (those functions).
// C++ counterpart: bindings/ops/op-list.inc; createApi checks at load that the two agree.
import * as activation from './activation.mjs';
import * as adaptivePool2d from './adaptive-pool2d.mjs';
import * as argmaxPool2d from './argmax-pool2d.mjs';
import * as batchNorm from './batch-norm.mjs';
import * as convGrad from './conv-grad.mjs';
import * as convPool2d from './conv-pool2d.mjs';
import * as conv2d from './conv2d.mjs';
import * as conv2dTranspose from './conv2d-transpose.mjs';
import * as conv1d from './conv1d.mjs';
import * as conv3d from './conv3d.mjs';
import * as elementwise from './elementwise.mjs';
import * as fractionalPool2d from './fractional-pool2d.mjs';
import * as globalPool2d from './global-pool2d.mjs';
import * as image from './image.mjs';
import * as matmul from './matmul.mjs';
import * as maxUnpool2d from './max-unpool2d.mjs';
import * as poolGrad from './pool-grad.mjs';
import * as prelu from './prelu.mjs';
import * as pool2d from './pool2d.mjs';
import * as pool3d from './pool3d.mjs';
import * as pool3dGrad from './pool3d-grad.mjs';
import * as reluGrad from './relu-grad.mjs';
import * as windowPool2d from './window-pool2d.mjs';

export const SLICES = [
  pool2d,
  globalPool2d,
  conv2d,
  convPool2d,
  activation,
  reluGrad,
  argmaxPool2d,
  maxUnpool2d,
  adaptivePool2d,
  windowPool2d,
  fractionalPool2d,
  pool3d,
  pool3dGrad,
  poolGrad,
  convGrad,
  conv2dTranspose,
  prelu,
  batchNorm,
  matmul,
  image,
  conv1d,
  conv3d,
  elementwise,
];
