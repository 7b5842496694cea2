// Where should the 'condense' tfjs backend keep tensor data? Measures, in one process on the same
// inputs (outputs checked before timing), condense's ops on plain JS arrays (copied into wasm
// memory and out for every op, what a MathBackendCPU-based backend does) against the same ops on
// resident tensors (data kept in wasm memory between ops, what a tfjs-wasm-like backend does),
// plus the same chain through the registered tfjs backend. Prints the medians and ratios.
// Usage: node tests/tfjs-helpers/measure-placement.mjs   (CONDENSE_SIMD=false: scalar build)
import { loadOptions, loadTf } from './bundle.mjs';
import { data } from './cases.mjs';

const { tf, registerCondenseBackend, condenseKernelNames } = await loadTf();
const cd = await registerCondenseBackend(loadOptions());
await tf.setBackend('condense');

// The machine may be shared: the variants run interleaved, round after round, and each gets the
// median of its rounds.
function medians(fns, rounds = 41) {
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

const CASES = [
  // Tiny VGG's first block at batch 1 and 16: conv 3x3 3->10 'valid' + relu + maxPool 2.
  { name: 'conv2d+relu+maxPool, Tiny VGG block 1, batch 1', x: [1, 64, 64, 3], w: [3, 3, 3, 10] },
  { name: 'conv2d+relu+maxPool, Tiny VGG block 1, batch 16', x: [16, 64, 64, 3], w: [3, 3, 3, 10] },
  // Tiny VGG's second conv (10 -> 10 on 62x62) at batch 16.
  { name: 'conv2d+relu+maxPool, Tiny VGG conv 2, batch 16', x: [16, 62, 62, 10], w: [3, 3, 10, 10] },
  // The notebook model's first layer at training batch 32.
  { name: 'conv2d+relu+maxPool, notebook conv 1, batch 32', x: [32, 28, 28, 1], w: [3, 3, 1, 32] },
];

const size = (s) => s.reduce((a, b) => a * b, 1);
console.log(`condense ${cd.backend}; medians in ms`);
console.log('case | plain arrays | resident | plain/resident | copy share | via tfjs backend');
for (const c of CASES) {
  const x = { shape: c.x, data: data(size(c.x), 1) };
  const w = { shape: c.w, data: data(size(c.w), 2) };
  const plain = () => cd.maxPool2d(cd.relu(cd.conv2d(x, w)), { poolSize: 2 });
  const resident = () => {
    const xr = cd.upload(x);
    const a = cd.conv2d(xr, w);
    const b = cd.relu(a);
    const y = cd.maxPool2d(b, { poolSize: 2 });
    const out = y.read();
    for (const t of [xr, a, b, y]) t.dispose();
    return out;
  };
  const xt = tf.tensor(x.data, x.shape);
  const wt = tf.tensor(w.data, w.shape);
  const viaTfjs = () => {
    const y = tf.tidy(() => tf.maxPool(tf.relu(tf.conv2d(xt, wt, 1, 'valid')), 2, 2, 'valid'));
    const values = y.dataSync();
    y.dispose();
    return values;
  };
  same(plain().data, resident().data, c.name);
  same(plain().data, viaTfjs(), `${c.name} (tfjs)`);
  const [tp, tr, tt] = medians([plain, resident, viaTfjs], c.x[0] > 8 ? 21 : 61);
  const share = ((tp - tr) / tp) * 100;
  console.log(
    `${c.name} | ${tp.toFixed(3)} | ${tr.toFixed(3)} | ${(tp / tr).toFixed(2)}x | ${share.toFixed(0)}% | ${tt.toFixed(3)}`,
  );
  tf.dispose([xt, wt]);
}

// The other side of the choice: in a resident design every inherited (tfjs-backend-cpu) kernel
// would copy its inputs out of wasm memory and its output back in. tf.profile of one training
// step of the notebook model (batch 32) counts the bytes each side's kernels read and write.
const sizeOf = (shapes) => shapes.reduce((a, s) => a + 4 * size(s ?? []), 0);
const conv = (x, w, b) => tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), b));
const vars = [[3, 3, 1, 32], [32], [3, 3, 32, 32], [32], [7 * 7 * 32, 128], [128], [128, 10], [10]].map((shape, i) =>
  tf.variable(tf.mul(tf.tensor(data(size(shape), 10 + i), shape), 0.1)),
);
const [w1, b1, w2, b2, w3, b3, w4, b4] = vars;
const images = tf.tensor(data(32 * 28 * 28, 30), [32, 28, 28, 1]);
const labels = tf.oneHot(
  tf.tensor1d(
    Array.from({ length: 32 }, (_, i) => i % 10),
    'int32',
  ),
  10,
);
const optimizer = tf.train.sgd(0.01);
const loss = () => {
  const h1 = tf.maxPool(conv(images, w1, b1), 2, 2, 'same');
  const h2 = tf.maxPool(conv(h1, w2, b2), 2, 2, 'same');
  const d = tf.relu(tf.add(tf.matMul(tf.reshape(h2, [32, -1]), w3), b3));
  return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(d, w4), b4));
};
optimizer.minimize(loss, true).dispose();
const profile = await tf.profile(() => optimizer.minimize(loss, true));
const servedNames = new Set(condenseKernelNames);
const bytes = { condense: 0, inherited: 0, condenseCalls: 0, inheritedCalls: 0 };
for (const k of profile.kernels) {
  const b = sizeOf(k.inputShapes) + sizeOf(k.outputShapes);
  const side = servedNames.has(k.name) ? 'condense' : 'inherited';
  bytes[side] += b;
  bytes[`${side}Calls`]++;
}
console.log(
  `notebook training step, batch 32: condense kernels ${bytes.condenseCalls} calls, ` +
    `${(bytes.condense / 1e6).toFixed(2)} MB in + out; inherited kernels ${bytes.inheritedCalls} calls, ` +
    `${(bytes.inherited / 1e6).toFixed(2)} MB in + out`,
);
