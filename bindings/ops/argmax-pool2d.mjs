// maxPool2dWithArgmax: max pooling plus the index of each maximum (C++: argmax-pool2d.cc).
import { POOL_DEFAULTS, POOL_WINDOW_OPTIONS, indexConvention, inputArgs, windowArgs } from '../runtime/args.mjs';
import { layoutOption } from '../runtime/options.mjs';

export const entries = ['maxPool2dWithArgmax'];

const OPTIONS = [...POOL_WINDOW_OPTIONS, 'indexConvention', 'includeBatchInIndex'];

export function create(ctx) {
  return {
    maxPool2dWithArgmax(x, options) {
      const fn = 'maxPool2dWithArgmax';
      const o = ctx.options(fn, options, OPTIONS);
      ctx.tensor(fn, 'x', x);
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const window = windowArgs(ctx, fn, o, POOL_DEFAULTS);
      const convention = { indexConvention: indexConvention(ctx, fn, o, layout) };
      ctx.checkOut(fn, x, o);
      const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      ctx.call(fn, undefined, [inputArgs(x.shape, layout), window, convention], ptr);
      const indices = ctx.takeAux();
      // The side output forbids a dry run: a resident x gets a resident copy of the values.
      const values = ctx.finish(fn, o, x, ctx.shapeFor(x));
      return { values, indices: { shape: values.shape.slice(), data: indices } };
    },
  };
}
