// fractionalMaxPool2d: max pooling over pseudo-random or given boundaries; returns the sequences
// it used (C++: fractional-pool2d.cc).
import { inputArgs, seedOption } from '../runtime/args.mjs';
import { bool, layoutOption, rangeError, typeError } from '../runtime/options.mjs';

export const entries = ['fractionalMaxPool2d'];

const OPTIONS = [
  'poolingRatio',
  'rowPoolingSequence',
  'colPoolingSequence',
  'pseudoRandom',
  'overlapping',
  'seed',
  'layout',
  'out',
];

function ratioOption(fn, o) {
  let ratio = o.poolingRatio;
  if (Array.isArray(ratio) && ratio.length === 4) {
    if (ratio[0] !== 1 || ratio[3] !== 1) {
      throw rangeError(
        fn,
        'poolingRatio',
        'may not pool the batch or channel dimensions (entries 0 and 3 must be 1)',
        ratio,
      );
    }
    ratio = [ratio[1], ratio[2]];
  }
  if (ratio === undefined && (o.rowPoolingSequence === undefined || o.colPoolingSequence === undefined)) {
    throw typeError(fn, 'poolingRatio', 'is required (unless both pooling sequences are given)', undefined);
  }
  const [ratioH, ratioW] =
    ratio === undefined
      ? [1, 1]
      : typeof ratio === 'number'
        ? [ratio, ratio]
        : Array.isArray(ratio) && ratio.length === 2
          ? ratio
          : [NaN, NaN];
  if (![ratioH, ratioW].every((r) => typeof r === 'number' && Number.isFinite(r) && r >= 1)) {
    throw rangeError(fn, 'poolingRatio', 'must be a number >= 1, [height, width] or [1, height, width, 1]', ratio);
  }
  return { ratioH, ratioW };
}

function sequence(fn, name, s) {
  if (s === undefined) return undefined;
  const a =
    s instanceof Int32Array ? s : Array.isArray(s) && s.every((v) => Number.isInteger(v)) ? Int32Array.from(s) : null;
  if (!a) throw typeError(fn, name, 'must be an Int32Array or an array of integers', s);
  // Length 0 would reach C++ as rowSeqLen 0, which means "draw a sequence".
  if (a.length < 2) throw rangeError(fn, name, 'must have at least 2 entries', s);
  return a;
}

export function create(ctx) {
  return {
    fractionalMaxPool2d(x, options) {
      const fn = 'fractionalMaxPool2d';
      const o = ctx.options(fn, options, OPTIONS);
      ctx.tensor(fn, 'x', x);
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const ratio = ratioOption(fn, o);
      const rowSeq = sequence(fn, 'rowPoolingSequence', o.rowPoolingSequence);
      const colSeq = sequence(fn, 'colPoolingSequence', o.colPoolingSequence);
      const args = {
        ...ratio,
        pseudoRandom: bool(fn, 'pseudoRandom', o.pseudoRandom, false) ? 1 : 0,
        overlapping: bool(fn, 'overlapping', o.overlapping, false) ? 1 : 0,
        seed: seedOption(fn, o.seed),
        rowSeqLen: rowSeq ? rowSeq.length : 0,
        colSeqLen: colSeq ? colSeq.length : 0,
      };
      ctx.checkOut(fn, x, o);
      const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const rowPtr = rowSeq ? ctx.heap.put(fn, ctx.SLOT.filter, rowSeq, 'rowPoolingSequence') : 0;
      const colPtr = colSeq ? ctx.heap.put(fn, ctx.SLOT.bias, colSeq, 'colPoolingSequence') : 0;
      ctx.call(fn, undefined, [inputArgs(x.shape, layout), args], ptr, rowPtr, colPtr);
      const seqs = ctx.takeAux();
      const values = ctx.finish(fn, o, x, ctx.shapeFor(x));
      const outH = layout ? values.shape[values.shape.length - 2] : values.shape[values.shape.length - 3];
      return {
        values,
        rowPoolingSequence: seqs.slice(0, outH + 1),
        colPoolingSequence: seqs.slice(outH + 1),
      };
    },
  };
}
