// minPool2d, softPool2d, lpPool2d, stochasticPool2d: window pools over a function of the window
// (C++: window-pool2d.cc).
import { POOL_DEFAULTS, POOL_WINDOW_OPTIONS, inputArgs, seedOption, windowArgs } from '../runtime/args.mjs';
import { bool, choice, layoutOption, rangeError, typeError } from '../runtime/options.mjs';

export const entries = ['minPool2d', 'softPool2d', 'lpPool2d', 'stochasticPool2d'];

export function create(ctx) {
  function windowPool(fn, x, options, extraOptions, extraArgs = () => ({})) {
    const o = ctx.options(fn, options, [...POOL_WINDOW_OPTIONS, ...extraOptions]);
    ctx.tensor(fn, 'x', x);
    const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
    const parts = [inputArgs(x.shape, layout), windowArgs(ctx, fn, o, POOL_DEFAULTS), extraArgs(o)];
    ctx.checkOut(fn, x, o);
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, parts, ptr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x));
  }

  return {
    minPool2d: (x, options) => windowPool('minPool2d', x, options, []),
    softPool2d: (x, options) => windowPool('softPool2d', x, options, []),

    lpPool2d(x, options) {
      const fn = 'lpPool2d';
      return windowPool(fn, x, options, ['p', 'convention'], (o) => {
        const p = o.p === undefined ? 2 : o.p;
        if (typeof p !== 'number') throw typeError(fn, 'p', 'must be a positive number or Infinity', p);
        if (!(p > 0)) throw rangeError(fn, 'p', 'must be a positive number or Infinity', p);
        return { p, absolute: choice(fn, 'convention', o.convention, 'torch', { torch: 0, onnx: 1 }) };
      });
    },

    stochasticPool2d(x, options) {
      const fn = 'stochasticPool2d';
      return windowPool(fn, x, options, ['training', 'seed'], (o) => ({
        training: bool(fn, 'training', o.training, false) ? 1 : 0,
        seed: seedOption(fn, o.seed),
      }));
    },
  };
}
