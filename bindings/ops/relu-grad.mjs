// reluGrad, relu6Grad, clampGrad, leakyReluGrad: the activations' gradients, dx from dy and the
// forward input x (C++: relu-grad.cc).
import { describe, finiteNumber, rangeError } from '../runtime/options.mjs';

export const entries = ['reluGrad', 'relu6Grad', 'clampGrad', 'leakyReluGrad'];

const RANKS = [1, 2, 3, 4, 5];

export function create(ctx) {
  function grad(fn, dy, x, o, args) {
    ctx.tensor(fn, 'dy', dy, RANKS);
    ctx.tensor(fn, 'x', x, RANKS);
    if (dy.shape.length !== x.shape.length || dy.shape.some((d, i) => d !== x.shape[i])) {
      throw rangeError(fn, 'dy.shape', `must equal x.shape ${describe(x.shape)}`, dy.shape);
    }
    ctx.checkOut(fn, dy, o);
    const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
    const xPtr = ctx.address(fn, ctx.SLOT.filter, x, 'x');
    // A plain dy (so a plain dx, copied out) up to 2^24 floats stays on the calling thread: the
    // copies dominate, and splitting was measured slower (reluGrad of 112x112x64 floats, 2
    // threads, min of 50: 1.37-1.40 -> 1.48-1.53 ms); a resident dy writes a resident dx, split.
    const count = ctx.size(dy);
    const oneThread = !ctx.isResident(dy) && count <= 2 ** 24 ? 1 : 0;
    ctx.call(fn, dy, [{ count, oneThread }, args], dyPtr, xPtr);
    return ctx.finish(fn, o, dy, dy.shape.slice());
  }

  return {
    reluGrad(dy, x, options) {
      return grad('reluGrad', dy, x, ctx.options('reluGrad', options, ['out']), {});
    },

    relu6Grad(dy, x, options) {
      return grad('relu6Grad', dy, x, ctx.options('relu6Grad', options, ['out']), {});
    },

    // tf.clip_by_value's gradient: dy where min <= x <= max (x = NaN keeps dy); min > max is
    // allowed (the forward gives max everywhere, so dx is 0 for every number).
    clampGrad(dy, x, options) {
      const fn = 'clampGrad';
      const o = ctx.options(fn, options, ['min', 'max', 'out']);
      const min = finiteNumber(fn, 'min', o.min, -Infinity);
      const max = finiteNumber(fn, 'max', o.max, Infinity);
      return grad(fn, dy, x, o, { min, max });
    },

    leakyReluGrad(dy, x, options) {
      const fn = 'leakyReluGrad';
      const o = ctx.options(fn, options, ['alpha', 'out']);
      const alpha = finiteNumber(fn, 'alpha', o.alpha, 0.2);
      if (!Number.isFinite(alpha)) throw rangeError(fn, 'alpha', 'must be finite', alpha);
      return grad(fn, dy, x, o, { alpha });
    },
  };
}
