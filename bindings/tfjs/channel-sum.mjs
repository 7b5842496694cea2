// Sum over every axis but the last (a bias gradient: tfjs's Add and fused ops reduce dy that way)
// on condense's conv2dGradFilter: the filter gradient of a 1x1 convolution whose input is ones
// [n, h, w, 1] is, per output channel, the sum of dy over n, h and w (each product 1 * dy is
// exact; condense sums in float32 where tfjs-backend-cpu sums in double). Other axes, ranks and
// dtypes go to the inherited kernel.
import { Sum, util } from '@tensorflow/tfjs-core';
import { allFloat, output, serve, tensor } from './kernel.mjs';

// The ones input [n, h, w, 1] (a JS array: its copy into wasm memory is small next to dy's sum,
// and the [c] result is copied out either way). The last few sizes are kept.
const onesBySize = new Map();
function ones(shape) {
  const size = util.sizeFromShape(shape);
  let data = onesBySize.get(size);
  if (data === undefined) {
    if (onesBySize.size >= 8) onesBySize.delete(onesBySize.keys().next().value);
    data = new Float32Array(size).fill(1);
    onesBySize.set(size, data);
  }
  return { shape, data };
}

function channelSum({ inputs: { x }, backend, attrs }) {
  const rank = x.shape.length;
  if (!allFloat(backend, x) || rank < 2 || util.sizeFromShape(x.shape) === 0) return undefined;
  const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  if (!util.arraysEqual(axes, [...Array(rank - 1).keys()])) return undefined;
  const channels = x.shape[rank - 1];
  // [n, h, w, c] as it is (its resident copy when it has one); other ranks as [1, pixels, 1, c].
  const shape = rank === 4 ? x.shape : [1, util.sizeFromShape(x.shape) / channels, 1, channels];
  const dy = tensor(backend, x, shape);
  const filterShape = [1, 1, 1, channels];
  const sums = backend.condense.conv2dGradFilter(ones([...shape.slice(0, 3), 1]), dy, { filterShape });
  const outShape = attrs.keepDims ? [...Array(rank - 1).fill(1), channels] : [channels];
  return output(backend, sums, outShape);
}

export const configs = [serve(Sum, 'sum', channelSum)];
