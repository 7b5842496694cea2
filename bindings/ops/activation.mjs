// relu, relu6, clamp, leakyRelu: elementwise activations of any rank (C++: activation.cc).
import { finiteNumber, rangeError } from '../runtime/options.mjs';

export const entries = ['relu', 'relu6', 'clamp', 'leakyRelu'];

const RANKS = [1, 2, 3, 4, 5];

export function create(ctx) {
  // Copied-in data is transformed in place in the input slot; a resident input gets a new
  // resident result that the op writes straight into.
  function elementwise(fn, x, o, args) {
    ctx.tensor(fn, 'x', x, RANKS);
    ctx.checkOut(fn, x, o);
    if (ctx.shapeMode) return { shape: x.shape.slice() };
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, [{ count: ctx.size(x) }, args], ptr);
    return ctx.finish(fn, o, x, x.shape.slice());
  }

  return {
    relu(x, options) {
      return elementwise('relu', x, ctx.options('relu', options, ['out']), {});
    },

    relu6(x, options) {
      return elementwise('relu6', x, ctx.options('relu6', options, ['out']), {});
    },

    clamp(x, options) {
      const fn = 'clamp';
      const o = ctx.options(fn, options, ['min', 'max', 'out']);
      const min = finiteNumber(fn, 'min', o.min, -Infinity);
      const max = finiteNumber(fn, 'max', o.max, Infinity);
      // min > max: every value becomes max (NaN stays NaN), as ONNX Clip, torch.clamp, numpy.clip.
      return elementwise(fn, x, o, { min, max });
    },

    leakyRelu(x, options) {
      const fn = 'leakyRelu';
      const o = ctx.options(fn, options, ['alpha', 'out']);
      const alpha = finiteNumber(fn, 'alpha', o.alpha, 0.2);
      if (!Number.isFinite(alpha)) throw rangeError(fn, 'alpha', 'must be finite', alpha);
      return elementwise(fn, x, o, { alpha });
    },
  };
}
