// BatchMatMul and _FusedMatMul (Keras Dense) on condense's matMul: the batch dims flattened to
// one, bias and relu / relu6 / linear fused, leakyrelu and prelu by condense's ops on the result.
import { BatchMatMul, _FusedMatMul, backend_util as bu, util } from '@tensorflow/tfjs-core';
import { activate, channelValues, preluSlopes } from './conv2d.mjs';
import { allFloat, dropIntermediate, output, resident, serve, tensor } from './kernel.mjs';

const FUSED_IN_MATMUL = new Set(['linear', 'relu', 'relu6']);
const AFTER_MATMUL = new Set(['leakyrelu', 'prelu']);

// a, b as condense's [m, k] / [batch, m, k] operands and tfjs's output shape, or undefined when
// the batch dims broadcast in a way condense's "batch of 1 broadcasts" does not cover.
function operands(a, b, attrs) {
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = bu.assertAndGetBroadcastShape(outerA, outerB);
  const batchA = util.sizeFromShape(outerA);
  const batchB = util.sizeFromShape(outerB);
  if (!(util.arraysEqual(outerA, outerB) || batchA === 1 || batchB === 1)) return undefined;
  const m = attrs.transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2];
  const n = attrs.transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const as3d = (t, batch) => (outer.length === 0 ? t.shape : [batch, ...t.shape.slice(-2)]);
  return { aShape: as3d(a, batchA), bShape: as3d(b, batchB), outShape: [...outer, m, n], n };
}

function matMul({ inputs, backend, attrs }) {
  const { a, b, bias, preluActivationWeights: alpha } = inputs;
  const activation = attrs.activation ?? 'linear';
  if (!FUSED_IN_MATMUL.has(activation) && !AFTER_MATMUL.has(activation)) return undefined;
  if (!allFloat(backend, a, b, bias, alpha) || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const shapes = operands(a, b, attrs);
  if (shapes === undefined || util.sizeFromShape(shapes.outShape) === 0) return undefined;
  const options = { transposeA: attrs.transposeA, transposeB: attrs.transposeB };
  if (bias != null) {
    options.bias = channelValues(backend, bias, shapes.n);
    if (options.bias === undefined) return undefined;
    if (options.bias.length === 1 && shapes.n !== 1) options.bias = new Float32Array(shapes.n).fill(options.bias[0]);
  }
  const slopes = preluSlopes(backend, attrs, alpha, shapes.n, true);
  if (slopes === null) return undefined;
  if (FUSED_IN_MATMUL.has(activation)) options.activation = activation;
  const { condense } = backend;
  const y = condense.matMul(resident(backend, a, shapes.aShape), tensor(backend, b, shapes.bShape), options);
  const z = activate(condense, y, attrs, slopes);
  dropIntermediate(y, z);
  return output(backend, z, shapes.outShape);
}

export const configs = [serve(BatchMatMul, 'matMul', matMul), serve(_FusedMatMul, 'fused matMul', matMul)];
