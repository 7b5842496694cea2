// maxUnpool2d: scatters pooled values to the positions their argmax indices name
// (C++: max-unpool2d.cc).
import { POOL_DEFAULTS, indexConvention, inputArgs, secondArgs, windowArgs } from '../runtime/args.mjs';
import { describe, layoutOption, pair, rangeError, typeError } from '../runtime/options.mjs';

export const entries = ['maxUnpool2d'];

const OPTIONS = [
  'poolSize',
  'strides',
  'padding',
  'layout',
  'indexConvention',
  'includeBatchInIndex',
  'outputSize',
  'outputShape',
  'out',
];

export function create(ctx) {
  // { shape, data: Int32Array } or a bare Int32Array (then shaped like `like`).
  function indexTensor(fn, name, value, like) {
    if (ctx.shapeMode && value && Array.isArray(value.shape) && value.data === undefined) return null;
    ctx.refuseForeign(fn, name, value);
    if (ctx.isResident(value))
      throw typeError(
        fn,
        name,
        'must be an Int32Array or { shape, data: Int32Array } (resident tensors hold float32)',
        value,
      );
    const data = value instanceof Int32Array ? value : value && value.data;
    const shape = value instanceof Int32Array ? like : value && value.shape;
    if (!(data instanceof Int32Array)) {
      throw typeError(fn, name, 'must be an Int32Array or { shape, data: Int32Array }', value);
    }
    if (!Array.isArray(shape) || shape.length !== like.length || shape.some((d, i) => d !== like[i])) {
      throw rangeError(fn, `${name}.shape`, `must equal the values' shape ${describe(like)}`, shape);
    }
    if (data.length !== like.reduce((a, b) => a * b, 1)) {
      throw rangeError(fn, `${name}.data.length`, 'must equal the number of values', data.length);
    }
    return data;
  }

  // outputSize / outputShape: [h, w], or the whole output shape in the caller's layout.
  function outputSize(fn, o, values, layout) {
    const size = o.outputSize ?? o.outputShape;
    if (size === undefined) return { outSizeH: 0, outSizeW: 0 };
    let hw = size;
    if (Array.isArray(size) && size.length === values.shape.length) {
      const rank4 = values.shape.length === 4;
      hw = rank4 ? (layout ? size.slice(2) : size.slice(1, 3)) : layout ? size.slice(1) : size.slice(0, 2);
    }
    const [outSizeH, outSizeW] = pair(fn, o.outputSize !== undefined ? 'outputSize' : 'outputShape', hw, undefined);
    return { outSizeH, outSizeW };
  }

  return {
    maxUnpool2d(values, indices, options) {
      const fn = 'maxUnpool2d';
      const o = ctx.options(fn, options, OPTIONS);
      ctx.tensor(fn, 'values', values);
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const idx = indexTensor(fn, 'indices', indices, values.shape);
      const convention = indexConvention(ctx, fn, o, layout);
      const size = outputSize(fn, o, values, layout);
      const window = windowArgs(ctx, fn, o, POOL_DEFAULTS);
      ctx.checkOut(fn, values, o);
      const vPtr = ctx.address(fn, ctx.SLOT.input, values, 'values');
      const iPtr = idx ? ctx.heap.put(fn, ctx.SLOT.filter, idx, 'indices') : 0;
      const parts = [
        inputArgs(values.shape, layout),
        window,
        size,
        { indexConvention: convention },
        secondArgs(values.shape),
      ];
      ctx.call(fn, undefined, parts, vPtr, iPtr);
      return ctx.finish(fn, o, values, ctx.shapeFor(values));
    },
  };
}
