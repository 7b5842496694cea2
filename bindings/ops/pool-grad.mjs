// maxPool2dGrad, avgPool2dGrad: gradients of 2-D max and average pooling (C++: pool-grad.cc).
import {
  AVG_OPTIONS,
  POOL_DEFAULTS,
  POOL_WINDOW_OPTIONS,
  divisorArgs,
  inputArgs,
  secondArgs,
  windowArgs,
} from '../runtime/args.mjs';
import { layoutOption, rangeError, shapeOption } from '../runtime/options.mjs';

export const entries = ['maxPool2dGrad', 'avgPool2dGrad'];

const MAX_OPTIONS = POOL_WINDOW_OPTIONS;
const AVG_GRAD_OPTIONS = [...POOL_WINDOW_OPTIONS, ...AVG_OPTIONS, 'inputShape'];

export function create(ctx) {
  return {
    maxPool2dGrad(x, dy, options) {
      const fn = 'maxPool2dGrad';
      const o = ctx.options(fn, options, MAX_OPTIONS);
      ctx.tensor(fn, 'x', x);
      ctx.tensor(fn, 'dy', dy);
      if (dy.shape.length !== x.shape.length) {
        throw rangeError(fn, 'dy.shape', `must have the same rank as x (${x.shape.length})`, dy.shape);
      }
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const window = windowArgs(ctx, fn, o, POOL_DEFAULTS);
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const dyPtr = ctx.address(fn, ctx.SLOT.filter, dy, 'dy');
      ctx.call(fn, undefined, [inputArgs(x.shape, layout), window, secondArgs(dy.shape)], xPtr, dyPtr);
      return ctx.finish(fn, o, x, ctx.shapeFor(x));
    },

    avgPool2dGrad(dy, options) {
      const fn = 'avgPool2dGrad';
      const o = ctx.options(fn, options, AVG_GRAD_OPTIONS);
      ctx.tensor(fn, 'dy', dy);
      const inputShape = shapeOption(fn, 'inputShape', o.inputShape, dy.shape.length);
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const window = windowArgs(ctx, fn, o, POOL_DEFAULTS);
      const parts = [inputArgs(inputShape, layout), window, divisorArgs(fn, o), secondArgs(dy.shape)];
      ctx.checkOut(fn, dy, o);
      const ptr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
      ctx.call(fn, undefined, parts, ptr);
      return ctx.finish(fn, o, dy, ctx.shapeFor(dy));
    },
  };
}
