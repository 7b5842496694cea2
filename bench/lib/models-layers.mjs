// Tiny VGG's four convolutions (fused conv + bias + ReLU, 'valid', 3x3 → 10 channels) one at a
// time on 'condense' and on tfjs-wasm (XNNPACK), in one process on the same tensors, after
// checking that both agree with tfjs-cpu:
//   node bench/lib/models-layers.mjs [batch] [condense-simd.wasm of another build]
// (the second argument runs 'condense' on that SIMD .wasm, built from the same bindings: alternate
// two builds' runs to compare them, each against tfjs-wasm in its own process).
// Prints per layer the median milliseconds (a call = the fused conv and dataSync() of its
// result), GFLOP/s from the shapes, and condense ÷ wasm (> 1: condense is faster).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerCondenseBackend } from '../../bindings/tfjs/node.mjs';

const batch = Number(process.argv[2] ?? 16);
if (!(batch >= 1)) throw new Error('usage: node bench/lib/models-layers.mjs [batch]');
const wasmFile = process.argv[3];
await registerCondenseBackend({
  simd: true,
  threads: false,
  ...(wasmFile ? { wasmBinary: readFileSync(wasmFile) } : {}),
});
const layers = [
  [64, 64, 3],
  [62, 62, 10],
  [30, 30, 10],
  [28, 28, 10],
];
let seed = 1;
const random = (n) =>
  Float32Array.from({ length: n }, () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1);

async function run(backend, [h, w, c], x, filter, bias) {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
  const xt = tf.tensor4d(x, [batch, h, w, c]);
  const ft = tf.tensor4d(filter, [3, 3, c, 10]);
  const bt = tf.tensor1d(bias);
  // The result is disposed after its read: an undisposed result per call keeps its memory (a
  // resident wasm copy, a JS array) alive and slows every later call.
  const call = () => {
    const y = tf.fused.conv2d({ x: xt, filter: ft, bias: bt, strides: 1, pad: 'valid', activation: 'relu' });
    const values = y.dataSync();
    y.dispose();
    return values;
  };
  const out = call();
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    call();
    times.push(performance.now() - t0);
  }
  tf.dispose([xt, ft, bt]);
  times.sort((a, b) => a - b);
  return { out, ms: times[7] };
}

// Every layer runs once on both backends before any is timed: wasm engines compile a function
// with a quick baseline compiler first and swap in optimised code later, in the background, so
// the first layer of a cold process would time the baseline code.
const inputs = layers.map(([h, w, c]) => ({
  x: random(batch * h * w * c),
  filter: random(9 * c * 10),
  bias: random(10),
}));
for (const [i, shape] of layers.entries()) {
  for (const backend of ['wasm', 'condense']) {
    await run(backend, shape, inputs[i].x, inputs[i].filter, inputs[i].bias);
  }
}

for (const [i, shape] of layers.entries()) {
  const [h, w, c] = shape;
  const { x, filter, bias } = inputs[i];
  const want = (await run('cpu', shape, x, filter, bias)).out;
  const results = {};
  for (const backend of ['wasm', 'condense']) {
    results[backend] = await run(backend, shape, x, filter, bias);
    const worst = results[backend].out.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
    if (!(worst <= 1e-4)) throw new Error(`${backend} differs from tfjs-cpu by ${worst} on ${shape}`);
  }
  const flop = 2 * batch * (h - 2) * (w - 2) * 10 * 9 * c;
  const line = ['condense', 'wasm'].map(
    (b) => `${b} ${results[b].ms.toFixed(2)} ms ${(flop / results[b].ms / 1e6).toFixed(2)} GFLOP/s`,
  );
  console.log(
    `${batch}x${h}x${w}x${c} → 10: ${line.join(' | ')} | condense ÷ wasm ${(results.wasm.ms / results.condense.ms).toFixed(2)}x`,
  );
}
