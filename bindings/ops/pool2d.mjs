// maxPool2d, avgPool2d, pool: 2-D max / average pooling (C++: bindings/ops/pool2d.cc).
import {
  AVG_OPTIONS,
  POOL_DEFAULTS,
  POOL_WINDOW_OPTIONS,
  divisorArgs,
  inputArgs,
  windowArgs,
} from '../runtime/args.mjs';
import { choice, layoutOption, typeError } from '../runtime/options.mjs';

export const entries = ['maxPool2d', 'avgPool2d', 'pool'];

const MAX_OPTIONS = POOL_WINDOW_OPTIONS;
const AVG_POOL_OPTIONS = [...POOL_WINDOW_OPTIONS, ...AVG_OPTIONS];
// tf.nn.pool's names: windowShape (required), poolingType, strides (default 1), padding, dilations.
const POOL_OPTIONS = ['windowShape', 'poolingType', 'strides', 'padding', 'dilations', 'layout', 'out'];

export function create(ctx) {
  function pool2d(fn, x, o, parts, defaults) {
    ctx.tensor(fn, 'x', x);
    const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
    const window = windowArgs(ctx, fn, o, defaults);
    ctx.checkOut(fn, x, o);
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, [inputArgs(x.shape, layout), window, ...parts], ptr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x));
  }

  return {
    maxPool2d(x, options) {
      const o = ctx.options('maxPool2d', options, MAX_OPTIONS);
      return pool2d('maxPool2d', x, o, [], POOL_DEFAULTS);
    },

    avgPool2d(x, options) {
      const fn = 'avgPool2d';
      const o = ctx.options(fn, options, AVG_POOL_OPTIONS);
      return pool2d(fn, x, o, [divisorArgs(fn, o)], POOL_DEFAULTS);
    },

    // Mirrors tf.nn.pool: windowShape required, strides default 1, padding 'VALID'.
    pool(x, options) {
      const fn = 'pool';
      const o = ctx.options(fn, options, POOL_OPTIONS);
      if (o.windowShape === undefined) throw typeError(fn, 'windowShape', 'is required', undefined);
      const { PoolType } = ctx.enums;
      const poolType = choice(fn, 'poolingType', o.poolingType, 'MAX', { MAX: PoolType.max, AVG: PoolType.avg });
      const defaults = { windowName: 'windowShape', window: undefined, strides: 1, padding: 'valid' };
      return pool2d(fn, x, o, [{ poolType }], defaults);
    },
  };
}
