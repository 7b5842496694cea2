// The pooling notebook's MNIST model (Conv2D 32 → MaxPool 2 → Conv2D 32 → MaxPool 2 → Flatten →
// Dense 128 → Dense 10) trained with tfjs-layers on the 'condense' backend:
// - its parameter counts are the notebook's model.summary() ones;
// - from identical initial weights and identical batches, SGD losses on 'condense' equal those on
//   'cpu' (1e-4 relative) for the first 5 steps;
// - a short model.fit run (60 steps, time-bounded) learns the digits (held-out accuracy reported);
// - memory is flat over 1,000 model.fit steps (tf.memory() and condense's memory()).
// Digits: MNIST (Yann LeCun and Corinna Cortes, CC BY-SA 3.0) from the `mnist` devDependency.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist, mnistBatch } from '../../bench/lib/models-node.mjs';
import { notebookModel } from '../../bench/lib/models.mjs';
import { tf, tfl, setup, argmaxRows, weightValues, setWeightValues, CONDENSE, CPU } from './helpers.mjs';

const LOSS_RTOL = 1e-4;
let condense;
let data;

before(async () => {
  condense = await setup();
  data = loadMnist();
  assert.equal(data.train.n + data.test.n, 10000);
});

test("notebook model: the notebook's parameter counts (211,690; 3,222,250 without pooling)", () => {
  const withPool = notebookModel(tfl);
  const without = notebookModel(tfl, { pooling: false });
  assert.equal(withPool.countParams(), 211690);
  assert.equal(without.countParams(), 3222250);
  withPool.dispose();
  without.dispose();
});

async function sgdLosses(backend, initial, steps, batch) {
  await tf.setBackend(backend);
  const model = notebookModel(tfl);
  setWeightValues(model, initial);
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  const losses = [];
  for (let i = 0; i < steps; i++) {
    const b = mnistBatch(data.train, batch, i);
    const x = tf.tensor4d(b.x, [batch, 28, 28, 1]);
    const y = tf.tensor2d(b.y, [batch, 10]);
    losses.push(await model.trainOnBatch(x, y));
    tf.dispose([x, y]);
  }
  const final = weightValues(model);
  model.optimizer.dispose();
  model.dispose();
  return { losses, final };
}

test('notebook model: SGD losses on condense equal those on cpu for the first 5 steps', async (t) => {
  await tf.setBackend(CPU);
  const seedModel = notebookModel(tfl, { seed: 5 });
  const initial = weightValues(seedModel);
  seedModel.dispose();
  const steps = 5;
  const batch = 8; // tfjs-cpu's convolution gradients take seconds per step at batch 32
  const want = await sgdLosses(CPU, initial, steps, batch);
  const got = await sgdLosses(CONDENSE, initial, steps, batch);
  t.diagnostic(`losses cpu ${want.losses.map((l) => l.toFixed(6)).join(' ')}`);
  t.diagnostic(`losses condense ${got.losses.map((l) => l.toFixed(6)).join(' ')}`);
  for (let i = 0; i < steps; i++) {
    const rel = Math.abs(got.losses[i] - want.losses[i]) / Math.abs(want.losses[i]);
    assert.ok(rel <= LOSS_RTOL, `step ${i + 1}: loss ${got.losses[i]} vs cpu ${want.losses[i]} (relative ${rel})`);
  }
  // The losses moved (training happened), and the trained weights agree as well.
  assert.notEqual(want.losses[0], want.losses[steps - 1]);
  got.final.forEach((w, k) => {
    let worst = 0;
    for (let i = 0; i < w.data.length; i++) worst = Math.max(worst, Math.abs(w.data[i] - want.final[k].data[i]));
    assert.ok(worst <= 1e-4, `weight ${k} after ${steps} steps differs from cpu by ${worst}`);
  });
});

/** Held-out accuracy of a model on the test digits (predict in batches of 256). */
function accuracy(model, set) {
  let right = 0;
  for (let s = 0; s < set.n; s += 256) {
    const n = Math.min(256, set.n - s);
    const p = tf.tidy(() =>
      model.predict(tf.tensor4d(set.x.subarray(s * 784, (s + n) * 784), [n, 28, 28, 1])).dataSync(),
    );
    argmaxRows(p, 10).forEach((c, i) => (right += c === set.labels[s + i] ? 1 : 0));
  }
  return right / set.n;
}

test('notebook model: a short model.fit run on condense learns the digits', async (t) => {
  await tf.setBackend(CONDENSE);
  const model = notebookModel(tfl);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const before = accuracy(model, data.test);
  const batch = 32;
  const maxSteps = 60; // deterministic: fixed weights, batches and order
  const budgetMs = 120_000; // time-bounded all the same: a stuck backend stops here and fails below
  const n = maxSteps * batch;
  const x = tf.tensor4d(data.train.x.subarray(0, n * 784), [n, 28, 28, 1]);
  const y = tf.tensor2d(data.train.y.subarray(0, n * 10), [n, 10]);
  const start = performance.now();
  let steps = 0;
  await model.fit(x, y, {
    batchSize: batch,
    epochs: 1,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onBatchEnd: () => {
        steps++;
        if (performance.now() - start > budgetMs) model.stopTraining = true;
      },
    },
  });
  const ms = performance.now() - start;
  tf.dispose([x, y]);
  const after = accuracy(model, data.test);
  t.diagnostic(
    `${steps} steps of batch ${batch} (Adam 1e-3) in ${(ms / 1000).toFixed(1)} s: held-out accuracy ` +
      `${(before * 100).toFixed(1)}% → ${(after * 100).toFixed(1)}% on ${data.test.n} digits`,
  );
  model.optimizer.dispose();
  model.dispose();
  assert.equal(steps, maxSteps, `only ${steps} steps in ${budgetMs / 1000} s`);
  assert.ok(before < 0.25, `untrained accuracy ${before} should be near chance`);
  // 36 steps (1,152 digits) reach about 75% held-out, 53 about 82%, one epoch (250) 94%.
  assert.ok(after >= 0.78, `held-out accuracy ${after} after ${steps} steps`);
});

test('notebook model: memory is flat over 1,000 model.fit steps on condense', async (t) => {
  await tf.setBackend(CONDENSE);
  const model = notebookModel(tfl);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const steps = 1000;
  const batch = 1; // small batches keep 1,000 steps within CI time; the kernels and the bookkeeping are the same
  const x = tf.tensor4d(data.train.x.subarray(0, steps * batch * 784), [steps * batch, 28, 28, 1]);
  const y = tf.tensor2d(data.train.y.subarray(0, steps * batch * 10), [steps * batch, 10]);
  const snapshot = () => ({ tf: tf.memory(), cd: condense.memory() });
  const tensorsBefore = tf.memory().numTensors;
  let warm = null;
  let last = null;
  let count = 0;
  await model.fit(x, y, {
    batchSize: batch,
    epochs: 1,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onBatchEnd: async () => {
        count++;
        if (count === 20) warm = snapshot();
        if (count === steps) last = snapshot();
      },
    },
  });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'model.fit left tensors behind');
  const end = last;
  assert.equal(count, steps);
  t.diagnostic(
    `after 20 steps: ${warm.tf.numTensors} tensors, ${warm.tf.numBytes} bytes, condense ${JSON.stringify(warm.cd)}; ` +
      `after ${steps}: ${end.tf.numTensors} tensors, ${end.tf.numBytes} bytes, condense ${JSON.stringify(end.cd)}`,
  );
  assert.equal(end.tf.numTensors, warm.tf.numTensors, 'tf.memory().numTensors grew');
  assert.equal(end.tf.numBytes, warm.tf.numBytes, 'tf.memory().numBytes grew');
  assert.equal(end.cd.residentBytes, warm.cd.residentBytes, "condense's resident bytes grew");
  assert.ok(end.cd.reservedBytes <= warm.cd.reservedBytes, "condense's reserved buffers grew");
  assert.equal(end.cd.heapBytes, warm.cd.heapBytes, "condense's wasm memory grew");
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
});
