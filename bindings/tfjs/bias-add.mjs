// Add: same-shape and scalar adds on this backend's fast loop (elementwise.mjs); else an add of a
// per-channel bias (x [..., c] + b [c], or b shaped [1, ..., 1, c]; tfjs's unfused
// conv / dense forward adds the bias so when gradients are recorded) on condense's batchNorm with
// mean 0, variance 1 and epsilon 0: batchNorm's inv = 1 / sqrt(1 + 0) * 1 is exactly 1, so
// y = x * 1 + (b - 0 * 1) is x + b bit for bit. Other broadcasts and dtypes go to the
// inherited kernel.
import { Add, util } from '@tensorflow/tfjs-core';
import { channelValues } from './conv2d.mjs';
import { fastBinary } from './elementwise.mjs';
import { allFloat, output, resident, serve } from './kernel.mjs';

function biasAdd(args) {
  const {
    inputs: { a, b },
    backend,
  } = args;
  if (!allFloat(backend, a, b)) return undefined;
  const sum = fastBinary('add', args);
  if (sum !== undefined) return sum;
  // The bias is the operand with one value per channel of the other's last axis.
  const [x, bias] = util.sizeFromShape(a.shape) >= util.sizeFromShape(b.shape) ? [a, b] : [b, a];
  const rank = x.shape.length;
  if (rank < 2 || rank > 5 || bias.shape.length > rank || util.sizeFromShape(x.shape) === 0) return undefined;
  const channels = x.shape[rank - 1];
  if (util.sizeFromShape(bias.shape) !== channels || channels === 1) return undefined;
  const offset = channelValues(backend, bias, channels);
  if (offset === undefined) return undefined;
  const options = {
    mean: new Float32Array(channels),
    variance: new Float32Array(channels).fill(1),
    offset,
    epsilon: 0,
  };
  return output(backend, backend.condense.batchNorm(resident(backend, x), options), x.shape);
}

export const configs = [serve(Add, 'add', biasAdd)];
