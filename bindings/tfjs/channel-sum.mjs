// Sum over every axis but the last (a bias gradient: tfjs's Add and fused ops reduce dy that way)
// on condense's channelSum, which sums each channel in double in index order as
// tfjs-backend-cpu's Sum does, so the result has its bits. Other axes, ranks and dtypes go to the
// inherited kernel.
import { Sum, util } from '@tensorflow/tfjs-core';
import { allFloat, output, serve, tensor } from './kernel.mjs';

function channelSum({ inputs: { x }, backend, attrs }) {
  const rank = x.shape.length;
  if (!allFloat(backend, x) || rank < 2 || rank > 5 || util.sizeFromShape(x.shape) === 0) return undefined;
  const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  if (!util.arraysEqual(axes, [...Array(rank - 1).keys()])) return undefined;
  const channels = x.shape[rank - 1];
  const outShape = attrs.keepDims ? [...Array(rank - 1).fill(1), channels] : [channels];
  return output(backend, backend.condense.channelSum(tensor(backend, x)), outShape);
}

export const configs = [serve(Sum, 'sum', channelSum)];
