// Every kernel config condense serves, one module per family.
import { configs as activation } from './activation.mjs';
import { configs as batchNorm } from './batch-norm.mjs';
import { configs as biasAdd } from './bias-add.mjs';
import { configs as channelSum } from './channel-sum.mjs';
import { configs as conv2d } from './conv2d.mjs';
import { configs as conv2dGrad } from './conv2d-grad.mjs';
import { configs as conv3d } from './conv3d.mjs';
import { configs as elementwise } from './elementwise.mjs';
import { configs as matmul } from './matmul.mjs';
import { configs as pool2d } from './pool2d.mjs';
import { configs as pool3d } from './pool3d.mjs';
import { configs as reduce } from './reduce.mjs';

export const configs = [
  ...conv2d,
  ...conv2dGrad,
  ...conv3d,
  ...pool2d,
  ...pool3d,
  ...activation,
  ...matmul,
  ...batchNorm,
  ...reduce,
  ...channelSum,
  ...biasAdd,
  ...elementwise,
];
