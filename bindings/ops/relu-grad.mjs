// reluGrad: dx = dy where x > 0, else 0 (C++: relu-grad.cc).
import { describe, rangeError } from '../runtime/options.mjs';

export const entries = ['reluGrad'];

const RANKS = [1, 2, 3, 4, 5];

export function create(ctx) {
  return {
    reluGrad(dy, x, options) {
      const fn = 'reluGrad';
      const o = ctx.options(fn, options, ['out']);
      ctx.tensor(fn, 'dy', dy, RANKS);
      ctx.tensor(fn, 'x', x, RANKS);
      if (dy.shape.length !== x.shape.length || dy.shape.some((d, i) => d !== x.shape[i])) {
        throw rangeError(fn, 'dy.shape', `must equal x.shape ${describe(x.shape)}`, dy.shape);
      }
      ctx.checkOut(fn, dy, o);
      const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
      const xPtr = ctx.address(fn, ctx.SLOT.filter, x, 'x');
      ctx.call(fn, dy, [{ count: ctx.size(dy) }], dyPtr, xPtr);
      return ctx.finish(fn, o, dy, dy.shape.slice());
    },
  };
}
