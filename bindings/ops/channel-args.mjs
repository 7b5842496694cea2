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

// Per-channel float values -- prelu's alpha, batchNorm's mean / variance / scale / offset, the
// bias of the convolutions and of matMul / dense -- as a Float32Array. Accepted: a Float32Array,
// an array of numbers, a tensor { data: Float32Array }, a resident tensor of this instance (read
// back: it is C floats), a number when `number` is set, and in outputShape() a shape-only stand-in.
// A resident of another instance is refused. `ctx` may be null (callers without a context): then
// a resident tensor is refused with an error naming the parameter. `lengths` (optional) are the
// accepted lengths, `rule` the message when another length comes.
export function channelValues(ctx, fn, name, value, { lengths, rule, number = false } = {}) {
  const kinds = `a Float32Array, an array of numbers${number ? ', a tensor or a number' : ' or a tensor'}`;
  let data;
  if (value !== null && typeof value === 'object' && value.resident === true && !ArrayBuffer.isView(value)) {
    if (!ctx) throw typeError(fn, name, `must be ${kinds} (a resident tensor is not accepted here)`, value);
    ctx.refuseForeign(fn, name, value);
    data = ctx.tensor(fn, name, value, RANKS).read().data;
  } else if (typeof value === 'number' && number) data = Float32Array.of(value);
  else if (value instanceof Float32Array) data = value;
  else if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'number'))
      throw typeError(fn, name, 'must be a Float32Array or an array of numbers', value);
    data = Float32Array.from(value);
  } else if (value && typeof value === 'object' && value.data instanceof Float32Array) data = value.data;
  else if (ctx && ctx.shapeMode && value && Array.isArray(value.shape) && value.data === undefined)
    data = new Float32Array(value.shape.reduce((a, b) => a * b, 1));
  else throw typeError(fn, name, `must be ${kinds}`, value);
  if (lengths && !lengths.includes(data.length)) throw rangeError(fn, `${name}.length`, rule, data.length);
  return data;
}
