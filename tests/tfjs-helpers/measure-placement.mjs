// Where should the 'condense' tfjs backend keep tensor data? Measured in one process on the same
// inputs (outputs compared before timing), variants interleaved round after round (the machine
// may be shared), medians:
//  1. a conv2d -> relu -> maxPool chain: condense's ops on plain JS arrays (copied into wasm
//     memory and out for every op) against resident tensors (upload once, read once), and the same
//     chain through the registered backend with residentResults false (every result copied out:
//     a plain MathBackendCPU-based backend) and true (results stay resident until JS reads them);
//  2. one training step of the pooling notebook's model (batch 32) through the backend in both
//     modes, and the bytes condense's kernels and the inherited kernels read and write in it.
// Usage: node tests/tfjs-helpers/measure-placement.mjs   (CONDENSE_SIMD=false: scalar build)
import { loadOptions, loadTf } from './bundle.mjs';
import { data } from './cases.mjs';

const { tf, registerCondenseBackend, condenseKernelNames } = await loadTf();
const cd = await registerCondenseBackend(loadOptions());
await tf.setBackend('condense');
const backend = tf.backend();

function medians(fns, rounds) {
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      times[i].push(performance.now() - t0);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

function same(a, b, what) {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`${what}: element ${i} differs`);
}

const size = (s) => s.reduce((a, b) => a * b, 1);
const mode = (resident, fn) => () => {
  backend.residentResults = resident;
  return fn();
};

const CHAINS = [
  // Tiny VGG's first block at batch 1 and 16: conv 3x3 3->10 'valid' + relu + maxPool 2.
  { name: 'Tiny VGG block 1 (64x64x3 -> 10), batch 1', x: [1, 64, 64, 3], w: [3, 3, 3, 10] },
  { name: 'Tiny VGG block 1, batch 16', x: [16, 64, 64, 3], w: [3, 3, 3, 10] },
  { name: 'Tiny VGG conv 2 (62x62x10 -> 10), batch 16', x: [16, 62, 62, 10], w: [3, 3, 10, 10] },
  { name: 'notebook conv 1 (28x28x1 -> 32), batch 32', x: [32, 28, 28, 1], w: [3, 3, 1, 32] },
];

console.log(`condense ${cd.backend}; medians in ms`);
console.log('conv2d -> relu -> maxPool | ops on arrays | ops on residents | backend, copies | backend, resident');
for (const c of CHAINS) {
  const x = { shape: c.x, data: data(size(c.x), 1) };
  const w = { shape: c.w, data: data(size(c.w), 2) };
  const plain = () => cd.maxPool2d(cd.relu(cd.conv2d(x, w)), { poolSize: 2 }).data;
  const resident = () => {
    const xr = cd.upload(x);
    const a = cd.conv2d(xr, w);
    const b = cd.relu(a);
    const y = cd.maxPool2d(b, { poolSize: 2 });
    const out = y.read().data;
    for (const t of [xr, a, b, y]) t.dispose();
    return out;
  };
  const viaTfjs = () => {
    const xt = tf.tensor(x.data, x.shape);
    const y = tf.tidy(() => tf.maxPool(tf.relu(tf.conv2d(xt, tf.tensor(w.data, w.shape), 1, 'valid')), 2, 2, 'valid'));
    const values = y.dataSync();
    tf.dispose([xt, y]);
    return values;
  };
  const variants = [plain, resident, mode(false, viaTfjs), mode(true, viaTfjs)];
  const expected = plain();
  variants.forEach((v, i) => same(v(), expected, `${c.name}, variant ${i}`));
  const t = medians(variants, c.x[0] > 8 ? 21 : 61);
  console.log(`${c.name} | ${t.map((v) => v.toFixed(3)).join(' | ')}`);
}

// The notebook model: Conv2D(32, 3, same, relu) -> MaxPool(2, 2, same) -> Conv2D(32, 3, same,
// relu) -> MaxPool(2, 2, same) -> Flatten -> Dense(128, relu) -> Dense(10), softmax cross-entropy,
// SGD; layers' way: fused conv2d / matMul with bias and activation.
const shapes = [[3, 3, 1, 32], [32], [3, 3, 32, 32], [32], [7 * 7 * 32, 128], [128], [128, 10], [10]];
const init = shapes.map((shape, i) => data(size(shape), 10 + i).map((v) => v * 0.1));
const images = tf.tensor(data(32 * 28 * 28, 30), [32, 28, 28, 1]);
const labels = tf.oneHot(
  tf.tensor1d(
    Array.from({ length: 32 }, (_, i) => i % 10),
    'int32',
  ),
  10,
);
const vars = init.map((v, i) => tf.variable(tf.tensor(v, shapes[i])));
const [w1, b1, w2, b2, w3, b3, w4, b4] = vars;
const optimizer = tf.train.sgd(0.01);
const conv = (x, filter, bias) => tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'same', activation: 'relu' });
const loss = () => {
  const h1 = tf.maxPool(conv(images, w1, b1), 2, 2, 'same');
  const h2 = tf.maxPool(conv(h1, w2, b2), 2, 2, 'same');
  const d = tf.fused.matMul({ a: tf.reshape(h2, [32, -1]), b: w3, bias: b3, activation: 'relu' });
  return tf.losses.softmaxCrossEntropy(labels, tf.fused.matMul({ a: d, b: w4, bias: b4 }));
};
const step = () => {
  const cost = optimizer.minimize(loss, true);
  const value = cost.dataSync()[0];
  cost.dispose();
  return value;
};
// Both modes from the same weights: the same losses, then the timing.
const reset = () => vars.forEach((v, i) => v.assign(tf.tensor(init[i], shapes[i])));
const losses = [false, true].map((r) => {
  reset();
  backend.residentResults = r;
  return [step(), step(), step()];
});
if (losses[0].some((l, i) => Math.abs(l - losses[1][i]) > 1e-6 * Math.abs(l)))
  throw new Error(`training losses differ between the modes: ${losses}`);
const [copies, resident] = medians([mode(false, step), mode(true, step)], 15);
console.log(
  `notebook training step, batch 32 | backend, copies ${copies.toFixed(2)} ms | backend, resident ` +
    `${resident.toFixed(2)} ms | ${(copies / resident).toFixed(2)}x`,
);

backend.residentResults = true;
const sizeOf = (list) => list.reduce((a, s) => a + 4 * size(s ?? []), 0);
const profile = await tf.profile(() => optimizer.minimize(loss, true));
const served = new Set(condenseKernelNames);
const bytes = { condense: 0, inherited: 0, condenseCalls: 0, inheritedCalls: 0 };
for (const k of profile.kernels) {
  const side = served.has(k.name) ? 'condense' : 'inherited';
  bytes[side] += sizeOf(k.inputShapes) + sizeOf(k.outputShapes);
  bytes[`${side}Calls`]++;
}
console.log(
  `notebook training step, batch 32: condense kernels ${bytes.condenseCalls} calls, ` +
    `${(bytes.condense / 1e6).toFixed(2)} MB in + out; inherited kernels ${bytes.inheritedCalls} calls, ` +
    `${(bytes.inherited / 1e6).toFixed(2)} MB in + out`,
);
