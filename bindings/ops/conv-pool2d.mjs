// convPool2d: the condense pipeline fused in one pass: conv2d -> activation (ReLU by default) ->
// pool (C++: conv-pool2d.cc).
import { AVG_OPTIONS, CONV_OPTIONS, POOL_DEFAULTS, divisorArgs, inputArgs, windowArgs } from '../runtime/args.mjs';
import { choice } from '../runtime/options.mjs';
import { convInputs, padModeOption } from './conv-args.mjs';

export const entries = ['convPool2d'];

const OPTIONS = [...CONV_OPTIONS, 'activation', 'bias', 'pool', 'padMode'];
const POOL_OPTIONS = ['type', 'poolSize', 'strides', 'dilations', 'padding', 'ceilMode', ...AVG_OPTIONS];

export function create(ctx) {
  return {
    convPool2d(x, filter, options) {
      const fn = 'convPool2d';
      const o = ctx.options(fn, options, OPTIONS);
      const pool = ctx.options(fn, o.pool, POOL_OPTIONS, 'pool');
      const padFill = padModeOption(ctx, fn, o.padMode);
      const c = convInputs(ctx, fn, x, filter, { ...o, activation: o.activation ?? 'relu' }, false);
      const { PoolType } = ctx.enums;
      const poolType = choice(fn, 'pool.type', pool.type, 'max', { max: PoolType.max, avg: PoolType.avg });
      const poolFn = `${fn}: pool`;
      const window = windowArgs(ctx, poolFn, pool, POOL_DEFAULTS);
      const parts = [inputArgs(x.shape, c.layout), c.args, window, divisorArgs(poolFn, pool), { poolType, padFill }];
      ctx.call(fn, x, parts, c.inPtr, c.filterPtr, c.biasPtr);
      return ctx.finish(fn, o, x, ctx.shapeFor(x));
    },
  };
}
