// adaptiveAvgPool2d, adaptiveMaxPool2d: PyTorch's adaptive pooling (C++: adaptive-pool2d.cc).
import { inputArgs, nhwc } from '../runtime/args.mjs';
import { layoutOption, pair, typeError } from '../runtime/options.mjs';

export const entries = ['adaptiveAvgPool2d', 'adaptiveMaxPool2d'];

const OPTIONS = ['outputSize', 'layout', 'out'];

export function create(ctx) {
  // outputSize: a number, [h, w], or [h, null] / [null, w] (null keeps that input size).
  function adaptive(fn, x, options) {
    const o = ctx.options(fn, options, OPTIONS);
    ctx.tensor(fn, 'x', x);
    const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
    if (o.outputSize === undefined) throw typeError(fn, 'outputSize', 'is required', undefined);
    const dims = nhwc(x.shape);
    const inHW = layout ? [dims[2], dims[3]] : [dims[1], dims[2]];
    const size =
      Array.isArray(o.outputSize) && o.outputSize.length === 2
        ? o.outputSize.map((v, i) => (v === null ? inHW[i] : v))
        : o.outputSize;
    const [outSizeH, outSizeW] = pair(fn, 'outputSize', size, undefined);
    ctx.checkOut(fn, x, o);
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, [inputArgs(x.shape, layout), { outSizeH, outSizeW }], ptr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x));
  }

  return {
    adaptiveAvgPool2d: (x, options) => adaptive('adaptiveAvgPool2d', x, options),
    adaptiveMaxPool2d: (x, options) => adaptive('adaptiveMaxPool2d', x, options),
  };
}
