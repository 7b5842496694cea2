// Where a model case's time goes, per tfjs kernel (tf.profile), on one backend:
//   node bench/lib/models-profile.mjs [condense|wasm|cpu] [train|predict] [batch] [threads: 1|auto]
// Prints the per-step time, then the kernels by total time with their input shapes, and for the
// 'condense' backend whether condense serves the kernel or tfjs-backend-cpu's is inherited.
// Kernel times are tfjs's own (backend.time), per step, averaged over 10 profiled steps, and
// include the profiler's overhead. threads 'auto': condense's threaded build (the default: 1).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerCondenseBackend, condenseKernelNames } from '../../bindings/tfjs/node.mjs';
import { notebookModel, syntheticImages } from './models.mjs';
import { loadMnist, loadTinyVgg, mnistBatch } from './models-node.mjs';

const [backend = 'condense', what = 'train', batchArg = '32', threads = '1'] = process.argv.slice(2);
const batch = Number(batchArg);
if (
  !['condense', 'wasm', 'cpu'].includes(backend) ||
  !['train', 'predict'].includes(what) ||
  !(batch >= 1) ||
  !['1', 'auto'].includes(threads)
)
  throw new Error('usage: node bench/lib/models-profile.mjs [condense|wasm|cpu] [train|predict] [batch] [1|auto]');
await registerCondenseBackend({ simd: true, threads: threads === 'auto' ? 'auto' : false });
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);

let step;
if (what === 'train') {
  const model = notebookModel(tfl);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const b = mnistBatch(loadMnist().train, batch, 0);
  const x = tf.tensor4d(b.x, [batch, 28, 28, 1]);
  const y = tf.tensor2d(b.y, [batch, 10]);
  step = () => model.trainOnBatch(x, y);
} else {
  const model = await loadTinyVgg(tfl);
  const x = tf.tensor4d(syntheticImages(batch, 3), [batch, 64, 64, 3]);
  step = async () => {
    const p = model.predict(x);
    await p.data();
    p.dispose();
  };
}
for (let i = 0; i < 3; i++) await step();
const steps = 5;
const t0 = performance.now();
for (let i = 0; i < steps; i++) await step();
const stepMs = (performance.now() - t0) / steps;

const PROFILED = 10;
const prof = await tf.profile(async () => {
  for (let i = 0; i < PROFILED; i++) await step();
});
const rows = new Map();
for (const k of prof.kernels) {
  if (k.name.endsWith('__op')) continue; // an op's wrapper around its kernel: counted once, as the kernel
  const ms = await k.kernelTimeMs;
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const r = rows.get(key) ?? { name: k.name, shapes: k.inputShapes, ms: 0, calls: 0 };
  r.ms += typeof ms === 'number' ? ms / PROFILED : 0;
  r.calls += 1 / PROFILED;
  rows.set(key, r);
}
const sorted = [...rows.values()].sort((a, b) => b.ms - a.ms);
const total = sorted.reduce((s, r) => s + r.ms, 0);
const served = new Set(condenseKernelNames);
const who = (name) => (backend !== 'condense' ? '' : served.has(name) ? 'condense ' : 'inherited');
console.log(
  `${backend} ${what} batch ${batch}: ${stepMs.toFixed(1)} ms per step; kernels ${total.toFixed(1)} ms in the profiled step`,
);
const byOwner = { condense: 0, inherited: 0 };
for (const r of sorted) if (backend === 'condense') byOwner[served.has(r.name) ? 'condense' : 'inherited'] += r.ms;
if (backend === 'condense')
  console.log(
    `served by condense ${byOwner.condense.toFixed(1)} ms, inherited from tfjs-backend-cpu ${byOwner.inherited.toFixed(1)} ms`,
  );
for (const r of sorted) {
  if (r.ms < total * 0.005) continue;
  console.log(
    `${r.ms.toFixed(2).padStart(8)} ms ${((100 * r.ms) / total).toFixed(1).padStart(5)}% ${who(r.name)} ${r.name} ${JSON.stringify(r.shapes)}${r.calls > 1.05 ? ` x${Math.round(r.calls)}` : ''}`,
  );
}
