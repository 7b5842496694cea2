// Step, and Multiply / Add / Sub of float32 tensors of one shape (or one of them a single value)
// in a tight typed-array loop of this backend — not condense's ops (condense has no element-wise
// product or step): counted 'fast' in kernelCounts(). A training step spends much of its time in
// them (tfjs's Relu gradient is Multiply(dy, Step(x)); SGD's update is Multiply by a scalar, then
// Add), and tfjs-backend-cpu's generic kernels call a closure per element. Each element is
// computed as tfjs-backend-cpu computes it (in double, rounded once into the Float32Array), so
// results are bit for bit the cpu backend's. Other dtypes and broadcasts go to the inherited kernel.
import { Multiply, Step, Sub, util } from '@tensorflow/tfjs-core';
import { fast, floats, serve } from './kernel.mjs';

// One loop per op (a monomorphic body each, no closure call per element).
const LOOPS = {
  mul: {
    same(a, b, out) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
    },
    scalarA(s, b, out) {
      for (let i = 0; i < out.length; i++) out[i] = s * b[i];
    },
    scalarB(a, s, out) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] * s;
    },
  },
  add: {
    same(a, b, out) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
    },
    scalarA(s, b, out) {
      for (let i = 0; i < out.length; i++) out[i] = s + b[i];
    },
    scalarB(a, s, out) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] + s;
    },
  },
  sub: {
    same(a, b, out) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
    },
    scalarA(s, b, out) {
      for (let i = 0; i < out.length; i++) out[i] = s - b[i];
    },
    scalarB(a, s, out) {
      for (let i = 0; i < out.length; i++) out[i] = a[i] - s;
    },
  },
};

// a op b on the fast loop when both are float32 and of one shape, or one of them holds a single
// value and the other's shape is the result's; undefined otherwise.
export function fastBinary(op, { inputs: { a, b }, backend }) {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const sizeA = util.sizeFromShape(a.shape);
  const sizeB = util.sizeFromShape(b.shape);
  let kind;
  if (util.arraysEqual(a.shape, b.shape)) kind = 'same';
  else if (sizeA === 1 && b.shape.length >= a.shape.length) kind = 'scalarA';
  else if (sizeB === 1 && a.shape.length >= b.shape.length) kind = 'scalarB';
  else return undefined;
  const shape = kind === 'scalarA' ? b.shape : a.shape;
  const out = new Float32Array(kind === 'scalarA' ? sizeB : sizeA);
  const va = floats(backend, a);
  const vb = floats(backend, b);
  LOOPS[op][kind](kind === 'scalarA' ? va[0] : va, kind === 'scalarB' ? vb[0] : vb, out);
  return fast(backend.makeTensorInfo(shape, 'float32', out));
}

// tf.step: NaN stays NaN, x > 0 gives 1, the rest alpha (tfjs-backend-cpu's rule).
function step({ inputs: { x }, backend, attrs }) {
  if (x.dtype !== 'float32') return undefined;
  const v = floats(backend, x);
  const alpha = attrs.alpha ?? 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const xi = v[i];
    out[i] = xi > 0 ? 1 : xi !== xi ? NaN : alpha;
  }
  return fast(backend.makeTensorInfo(x.shape, 'float32', out));
}

export const configs = [
  serve(Step, 'step', step),
  serve(Multiply, 'mul', (args) => fastBinary('mul', args)),
  serve(Sub, 'sub', (args) => fastBinary('sub', args)),
];

// Add: with the per-channel bias add (bias-add.mjs), which tries fastBinary first.
