// Shared by the per-channel ops (prelu, batchNorm): a tensor of any rank seen as [n, spatial, c]
// with its channel axis given by the layout, and per-channel parameter arrays.
import { rangeError, typeError } from '../runtime/options.mjs';

export const RANKS = [1, 2, 3, 4, 5];

// Channels last: the last dim; channels first (rank >= 2): dim 1, the batch dim 0.
export function channelDims(ctx, fn, shape, layout) {
  const first = layout === ctx.enums.Layout.channelsFirst;
  if (first && shape.length < 2)
    throw rangeError(fn, 'x.shape', 'must have rank >= 2 for a channels-first layout', shape);
  const c = first ? shape[1] : shape[shape.length - 1];
  const n = first ? shape[0] : 1;
  const spatial = shape.reduce((a, b) => a * b, 1) / (n * c);
  return { n, spatial, c, layout };
}

// A Float32Array, an array of numbers, a tensor { data } or a number -> a Float32Array whose
// length is one of `lengths` (named by `rule`).
export function floatsOption(fn, name, value, lengths, rule) {
  let data;
  if (typeof value === 'number') data = Float32Array.of(value);
  else if (value instanceof Float32Array) data = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === 'number')) data = Float32Array.from(value);
  else if (value && typeof value === 'object' && value.data instanceof Float32Array) data = value.data;
  else throw typeError(fn, name, 'must be a Float32Array, an array of numbers, a tensor or a number', value);
  if (!lengths.includes(data.length)) throw rangeError(fn, `${name}.length`, rule, data.length);
  return data;
}
