// relu, relu6, clamp, leakyRelu: elementwise activations of any rank (C++: activation.cc).
import { finiteNumber, rangeError } from '../runtime/options.mjs';

export const entries = ['relu', 'relu6', 'clamp', 'leakyRelu'];

const RANKS = [1, 2, 3, 4, 5];

// Large copied-in inputs go through in slices of this many floats (256 KB): each slice is copied
// in, transformed in place and copied out while it is still in the cache, instead of three
// passes over the whole array (bench/README.md, "The near-parity cases").
// Up to 2^24 floats (64 MB); larger inputs keep the whole-array path, so one that cannot fit in
// wasm memory still fails up front, naming x, with nothing allocated.
const SLICE = 65536;
const SLICED_MAX = 2 ** 24;

export function create(ctx) {
  // One slice at a time into the result (a fresh array or the caller's `out`): elementwise ops
  // give every float the same result whichever slice it is in.
  function sliced(fn, x, o, args, count) {
    const dst = ctx.outArray(fn, o, count) ?? ctx.heap.fresh(count);
    for (let i = 0; i < count; i += SLICE) {
      const n = Math.min(SLICE, count - i);
      const ptr = ctx.heap.put(fn, ctx.SLOT.input, x.data.subarray(i, i + n), 'x');
      ctx.call(fn, undefined, [{ count: n, oneThread: 1 }, args], ptr);
      ctx.heap.takeInto(ctx.heap.result('address'), n, dst, i);
    }
    return { shape: x.shape.slice(), data: dst };
  }

  // Copied-in data is transformed in place in the input slot; a resident input gets a new
  // resident result that the op writes straight into. On the threaded build, copied-in inputs up
  // to SLICED_MAX run on the calling thread (oneThread): the copies dominate, and splitting was
  // measured slower (relu, 2 threads, min of 50: 40 K floats 30 -> 35-53 µs, 100 K 70 -> 83-96 µs,
  // 112x112x64 in slices 0.81-0.82 -> 0.93-1.05 ms); resident inputs and larger arrays split.
  function elementwise(fn, x, o, args) {
    ctx.tensor(fn, 'x', x, RANKS);
    ctx.checkOut(fn, x, o);
    if (ctx.shapeMode) return { shape: x.shape.slice() };
    const count = ctx.size(x);
    const oneThread = !ctx.isResident(x) && count <= SLICED_MAX ? 1 : 0;
    if (oneThread && count >= 2 * SLICE) return sliced(fn, x, o, args, count);
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, [{ count, oneThread }, args], ptr);
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
