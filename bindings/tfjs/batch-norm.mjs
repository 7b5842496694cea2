// FusedBatchNorm (tf.batchNorm, Keras BatchNormalization at inference) on condense's batchNorm:
// per channel (the last axis) mean, variance, offset and scale, each one value per channel or one
// for all; other broadcasts go to the inherited kernel.
import { FusedBatchNorm, util } from '@tensorflow/tfjs-core';
import { channelValues } from './conv2d.mjs';
import { allFloat, output, resident, serve } from './kernel.mjs';

function batchNorm({ inputs, backend, attrs }) {
  const { x, mean, variance, offset, scale } = inputs;
  const epsilon = attrs.varianceEpsilon ?? 0.001;
  const rank = x.shape.length;
  if (!allFloat(backend, x, mean, variance, offset, scale) || rank < 1 || rank > 5) return undefined;
  if (!(Number.isFinite(epsilon) && epsilon >= 0) || util.sizeFromShape(x.shape) === 0) return undefined;
  const channels = x.shape[rank - 1];
  const options = { epsilon };
  for (const [name, t] of Object.entries({ mean, variance, offset, scale })) {
    if (t == null) continue;
    if (t.shape.length > rank) return undefined;
    options[name] = channelValues(backend, t, channels);
    if (options[name] === undefined) return undefined;
  }
  return output(backend, backend.condense.batchNorm(resident(backend, x), options), x.shape);
}

export const configs = [serve(FusedBatchNorm, 'batchNorm', batchNorm)];
