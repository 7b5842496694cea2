// Shared by tests/models/*.test.mjs: tfjs-core with the cpu backend and tfjs-layers, the
// 'condense' backend registered (its condense instance returned, for memory()), and helpers to
// run the same thing on two backends.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerCondenseBackend } from 'condense/tfjs';

export { tf, tfl };

export const CONDENSE = 'condense';
export const CPU = 'cpu';

/**
 * Registers the condense backend (SIMD build unless CONDENSE_SIMD=false, single-threaded unless
 * CONDENSE_THREADS=auto) and returns its condense instance.
 */
export async function setup() {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
  const simd = process.env.CONDENSE_SIMD !== 'false';
  const condense = await registerCondenseBackend({ simd, threads: process.env.CONDENSE_THREADS === 'auto' && 'auto' });
  if (!(await tf.setBackend(CONDENSE))) throw new Error("tf.setBackend('condense') failed");
  return condense;
}

/** Largest |a - b| and largest |a - b| / |b| (b != 0) over two arrays of the same length. */
export function maxDiff(a, b) {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= abs)) abs = d; // NaN propagates
    if (b[i] !== 0 && !(d / Math.abs(b[i]) <= rel)) rel = d / Math.abs(b[i]);
  }
  return { abs, rel };
}

/** Index of the largest value in each row of `data` (rows of `width`). */
export function argmaxRows(data, width) {
  const out = [];
  for (let r = 0; r < data.length / width; r++) {
    let best = 0;
    for (let c = 1; c < width; c++) if (data[r * width + c] > data[r * width + best]) best = c;
    out.push(best);
  }
  return out;
}

/** The weights of a model as plain arrays (read from any backend): [{ shape, data }]. */
export function weightValues(model) {
  return model.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync().slice() }));
}

/** Sets a model's weights (in the active backend) from weightValues(). */
export function setWeightValues(model, values) {
  const ts = values.map((v) => tf.tensor(v.data, v.shape));
  model.setWeights(ts);
  for (const t of ts) t.dispose();
}
