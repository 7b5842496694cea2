// add, sub, mul: elementwise arithmetic of two tensors of one shape, or of a tensor and a
// number (either side); step: tf.step; channelSum: the sum over every axis but the last (a bias
// gradient). The arithmetic is one float operation per element, so results are the bits of
// computing in double and storing into a Float32Array (C++: elementwise.cc).
import { describe, rangeError, typeError } from '../runtime/errors.mjs';
import { bool } from '../runtime/options.mjs';

export const entries = ['add', 'sub', 'mul', 'step', 'channelSum'];

const RANKS = [1, 2, 3, 4, 5];

export function create(ctx) {
  function binary(fn, a, b, options) {
    const o = ctx.options(fn, options, ['out']);
    const aNumber = typeof a === 'number';
    const bNumber = typeof b === 'number';
    if (aNumber && bNumber) throw typeError(fn, 'a', 'or b must be a tensor (both are numbers)', a);
    if (!aNumber) ctx.tensor(fn, 'a', a, RANKS);
    if (!bNumber) ctx.tensor(fn, 'b', b, RANKS);
    if (!aNumber && !bNumber && (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))) {
      throw rangeError(fn, 'b.shape', `must equal a.shape ${describe(a.shape)}`, b.shape);
    }
    // The tensor whose residency decides the result's: a resident operand makes it resident.
    const x = aNumber ? b : bNumber || !ctx.isResident(b) ? a : b;
    const other = x === a ? b : a;
    if (typeof other !== 'number') ctx.refuseForeign(fn, x === a ? 'b' : 'a', other);
    ctx.checkOut(fn, x, o);
    if (ctx.shapeMode) return { shape: x.shape.slice() };
    const aPtr = aNumber ? 0 : ctx.address(fn, ctx.SLOT.input, a, 'a');
    const bPtr = bNumber ? 0 : ctx.address(fn, ctx.SLOT.filter, b, 'b');
    const scalarSide = bNumber ? 1 : aNumber ? 2 : 0;
    const scalar = aNumber ? a : bNumber ? b : 0;
    const count = ctx.size(x);
    ctx.call(fn, x, [{ count, scalarSide, scalar }], aNumber ? bPtr : aPtr, aNumber ? 0 : bPtr);
    return ctx.finish(fn, o, x, x.shape.slice());
  }

  return {
    add(a, b, options) {
      return binary('add', a, b, options);
    },

    sub(a, b, options) {
      return binary('sub', a, b, options);
    },

    mul(a, b, options) {
      return binary('mul', a, b, options);
    },

    // tf.step: 1 where x > 0, NaN where x is NaN, alpha elsewhere.
    step(x, options) {
      const fn = 'step';
      const o = ctx.options(fn, options, ['alpha', 'out']);
      const alpha = o.alpha ?? 0;
      if (typeof alpha !== 'number') throw typeError(fn, 'alpha', 'must be a number', alpha);
      ctx.tensor(fn, 'x', x, RANKS);
      ctx.checkOut(fn, x, o);
      if (ctx.shapeMode) return { shape: x.shape.slice() };
      const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      ctx.call(fn, x, [{ count: ctx.size(x), alpha }], ptr);
      return ctx.finish(fn, o, x, x.shape.slice());
    },

    // Sums over every axis but the last, in double, in index order (tfjs-backend-cpu's Sum):
    // [..., c] -> [c] (or [1, ..., 1, c] with keepDims).
    channelSum(x, options) {
      const fn = 'channelSum';
      const o = ctx.options(fn, options, ['keepDims', 'out']);
      const keepDims = bool(fn, 'keepDims', o.keepDims, false);
      ctx.tensor(fn, 'x', x, RANKS);
      const channels = x.shape[x.shape.length - 1];
      const rows = x.shape.slice(0, -1).reduce((p, d) => p * d, 1);
      if (rows * channels === 0) throw rangeError(fn, 'x.shape', 'must have no zero dimension', x.shape);
      const shape = keepDims ? [...x.shape.slice(0, -1).fill(1), channels] : [channels];
      ctx.checkOut(fn, x, o);
      if (ctx.shapeMode) return { shape };
      const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      ctx.call(fn, x, [{ rows, channels }], ptr);
      return ctx.finish(fn, o, x, shape);
    },
  };
}
