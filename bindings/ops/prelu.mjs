// prelu, preluGrad: y = x > 0 ? x : alpha[c] * x with one slope per channel (Keras PReLU with
// shared spatial axes, PyTorch nn.PReLU) or one for all, and its gradient (C++: prelu.cc).
import { describe, layoutOption, rangeError } from '../runtime/options.mjs';
import { RANKS, channelDims, channelValues } from './channel-args.mjs';

export const entries = ['prelu', 'preluGrad'];

function spatialRank(shape) {
  return Math.min(3, Math.max(1, shape.length - 2));
}

export function create(ctx) {
  function inputs(fn, x, alpha, o) {
    ctx.tensor(fn, 'x', x, RANKS);
    const layout = layoutOption(fn, o.layout, spatialRank(x.shape), ctx.enums.Layout);
    const dims = channelDims(ctx, fn, x.shape, layout);
    const slopes = channelValues(ctx, fn, 'alpha', alpha, {
      lengths: [1, dims.c],
      rule: `must be 1 or the channel count ${dims.c}`,
      number: true,
    });
    return { ...dims, alphaCount: slopes.length, slopes };
  }

  return {
    prelu(x, alpha, options) {
      const fn = 'prelu';
      const o = ctx.options(fn, options, ['layout', 'out']);
      const { slopes, ...args } = inputs(fn, x, alpha, o);
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const alphaPtr = ctx.shapeMode ? 0 : ctx.heap.put(fn, ctx.SLOT.filter, slopes, 'alpha');
      ctx.call(fn, x, [args], xPtr, alphaPtr);
      return ctx.finish(fn, o, x, x.shape.slice());
    },

    // { dx, dalpha }: dx has x's shape; dalpha one value per slope.
    preluGrad(dy, x, alpha, options) {
      const fn = 'preluGrad';
      const o = ctx.options(fn, options, ['layout']);
      ctx.tensor(fn, 'dy', dy, RANKS);
      const { slopes, ...args } = inputs(fn, x, alpha, o);
      if (dy.shape.length !== x.shape.length || dy.shape.some((d, i) => d !== x.shape[i])) {
        throw rangeError(fn, 'dy.shape', `must equal x.shape ${describe(x.shape)}`, dy.shape);
      }
      const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
      const xPtr = ctx.address(fn, ctx.SLOT.filter, x, 'x');
      const alphaPtr = ctx.shapeMode ? 0 : ctx.heap.put(fn, ctx.SLOT.bias, slopes, 'alpha');
      ctx.call(fn, undefined, [args], dyPtr, xPtr, alphaPtr);
      const dalpha = new Float32Array(ctx.takeAux().buffer);
      const dx = ctx.finish(fn, o, dy, dy.shape.slice());
      return { dx, dalpha: { shape: [dalpha.length], data: dalpha } };
    },
  };
}
