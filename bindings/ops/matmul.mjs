// matMul, dense: a·b with transposes and batch broadcasting (tf.matmul, torch.matmul, ONNX
// MatMul / Gemm), and Keras Dense's x·kernel over the last axis; both with a bias added after the
// product and a fused activation (C++: matmul.cc). Shapes are checked and computed in C++.
import { bool } from '../runtime/options.mjs';
import { activation } from './conv-args.mjs';
import { channelValues } from './channel-args.mjs';

export const entries = ['matMul', 'dense'];

const OPTIONS = ['transposeA', 'transposeB', 'bias', 'activation', 'out'];
const DENSE_OPTIONS = ['bias', 'activation', 'transposeB', 'out'];

// The bias as a Float32Array (its length is checked against n in C++), or undefined.
function biasValues(ctx, fn, bias) {
  if (bias === undefined || bias === null) return undefined;
  return channelValues(ctx, fn, 'bias', bias);
}

const A_DIMS = ['a0', 'a1', 'a2', 'a3', 'a4'];
const B_DIMS = ['b0', 'b1', 'b2'];

// Writes shape's extents into args under names (0 past the rank).
function dims(args, names, shape) {
  for (let i = 0; i < names.length; i++) args[names[i]] = shape[i] ?? 0;
}

export function create(ctx) {
  function run(fn, a, b, o, transposeA, names) {
    const [lo, hi] = activation(fn, o.activation);
    const transposeB = bool(fn, 'transposeB', o.transposeB, false);
    const bias = biasValues(ctx, fn, o.bias);
    ctx.checkOut(fn, a, o);
    const args = {
      aRank: a.shape.length,
      bRank: b.shape.length,
      transposeA: transposeA ? 1 : 0,
      transposeB: transposeB ? 1 : 0,
      biasCount: bias ? bias.length : -1,
      actMin: lo,
      actMax: hi,
    };
    dims(args, A_DIMS, a.shape);
    dims(args, B_DIMS, b.shape);
    const aPtr = ctx.address(fn, ctx.SLOT.input, a, names[0]);
    const bPtr = ctx.address(fn, ctx.SLOT.filter, b, names[1]);
    const biasPtr = bias && !ctx.shapeMode && bias.length > 0 ? ctx.heap.put(fn, ctx.SLOT.bias, bias, 'bias') : 0;
    ctx.call(fn, a, [args], aPtr, bPtr, biasPtr);
    return ctx.finish(fn, o, a, ctx.heap.shape());
  }

  return {
    // a [m, k] or [batch, m, k], b [k, n] or [batch, k, n] (a batch of 1 or a 2-D operand
    // broadcasts); transposeA / transposeB read the operand's last two dims swapped.
    matMul(a, b, options) {
      const fn = 'matMul';
      const o = ctx.options(fn, options, OPTIONS);
      ctx.tensor(fn, 'a', a, [2, 3]);
      ctx.tensor(fn, 'b', b, [2, 3]);
      ctx.refuseForeign(fn, 'b', b);
      const transposeA = bool(fn, 'transposeA', o.transposeA, false);
      return run(fn, a, b, o, transposeA, ['a', 'b']);
    },

    // x [..., inFeatures] (rank 1 to 5), kernel [inFeatures, outFeatures] (Keras Dense; with
    // transposeB: [outFeatures, inFeatures], PyTorch nn.Linear's weight) -> [..., outFeatures].
    dense(x, kernel, options) {
      const fn = 'dense';
      const o = ctx.options(fn, options, DENSE_OPTIONS);
      ctx.tensor(fn, 'x', x, [1, 2, 3, 4, 5]);
      ctx.tensor(fn, 'kernel', kernel, [2]);
      ctx.refuseForeign(fn, 'kernel', kernel);
      return run(fn, x, kernel, o, false, ['x', 'kernel']);
    },
  };
}
