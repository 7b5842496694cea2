// batchNorm: inference-mode batch normalisation, y = (x - mean) / sqrt(variance + epsilon) *
// scale + offset per channel, computed as TF does (C++: batch-norm.cc, src/ops/batch-norm.h).
import { finiteNumber, layoutOption, rangeError, typeError } from '../runtime/options.mjs';
import { RANKS, channelDims, channelValues } from './channel-args.mjs';

export const entries = ['batchNorm'];

const OPTIONS = ['mean', 'variance', 'scale', 'offset', 'epsilon', 'layout', 'out'];

export function create(ctx) {
  return {
    batchNorm(x, options) {
      const fn = 'batchNorm';
      const o = ctx.options(fn, options, OPTIONS);
      ctx.tensor(fn, 'x', x, RANKS);
      const spatialRank = Math.min(3, Math.max(1, x.shape.length - 2));
      const layout = layoutOption(fn, o.layout, spatialRank, ctx.enums.Layout);
      const dims = channelDims(ctx, fn, x.shape, layout);
      const rule = `must equal the channel count ${dims.c}`;
      const param = (name, required) => {
        if (o[name] === undefined) {
          if (required) throw typeError(fn, name, 'is required (one value per channel)', undefined);
          return undefined;
        }
        return channelValues(ctx, fn, name, o[name], { lengths: [dims.c], rule, number: true });
      };
      const parts = [param('mean', true), param('variance', true), param('scale'), param('offset')];
      const epsilon = finiteNumber(fn, 'epsilon', o.epsilon, 0.001);
      if (!(epsilon >= 0) || !Number.isFinite(epsilon))
        throw rangeError(fn, 'epsilon', 'must be a finite number >= 0', epsilon);
      const packed = new Float32Array(dims.c * parts.filter(Boolean).length);
      parts.filter(Boolean).forEach((p, i) => packed.set(p, i * dims.c));
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const pPtr = ctx.shapeMode ? 0 : ctx.heap.put(fn, ctx.SLOT.filter, packed, 'mean');
      const args = { ...dims, hasScale: parts[2] ? 1 : 0, hasOffset: parts[3] ? 1 : 0, epsilon };
      ctx.call(fn, x, [args], xPtr, pPtr);
      return ctx.finish(fn, o, x, x.shape.slice());
    },
  };
}
