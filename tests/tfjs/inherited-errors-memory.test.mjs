// The 'condense' backend beyond its served calls: calls condense does not cover go to
// tfjs-backend-cpu's kernel (and still give cpu's results), input condense refuses surfaces as a
// tfjs-style Error without breaking the instance, and tf.tidy / dispose leave neither tfjs
// tensors nor condense's wasm memory behind.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadOptions, loadTf } from '../tfjs-helpers/bundle.mjs';
import { data } from '../tfjs-helpers/cases.mjs';

let tf, condense;

before(async () => {
  let register;
  ({ tf, registerCondenseBackend: register } = await loadTf());
  condense = await register(loadOptions());
  tf.findBackend('cpu').firstUse = false; // the reference backend: no advice to install tfjs-node
});

const t = (shape, seed, dtype = 'float32') => {
  const values = data(
    shape.reduce((a, b) => a * b, 1),
    seed,
  );
  return dtype === 'int32'
    ? tf.tensor(
        values.map((v) => Math.round(v * 9)),
        shape,
        'int32',
      )
    : tf.tensor(values, shape);
};

async function counted(fn) {
  await tf.setBackend('condense');
  tf.backend().resetKernelCounts();
  const y = fn();
  const values = await y.data();
  const counts = tf.backend().kernelCounts();
  y.dispose();
  await tf.setBackend('cpu');
  const z = fn();
  const expected = await z.data();
  z.dispose();
  return { values, expected, counts };
}

const inheritedCases = [
  ['Relu', 'int32 data', () => tf.relu(t([3, 4], 1, 'int32'))],
  ['ClipByValue', 'int32 data', () => tf.clipByValue(t([3, 4], 2, 'int32'), -3, 4)],
  [
    'FusedConv2D',
    'an elu activation (condense has none)',
    () =>
      tf.fused.conv2d({
        x: t([1, 5, 5, 2], 3),
        filter: t([2, 2, 2, 3], 4),
        activation: 'elu',
        pad: 'same',
        strides: 1,
      }),
  ],
  [
    'MaxPool',
    "dimRoundingMode 'ceil' sizing the output past condense's",
    () => tf.maxPool(t([1, 5, 5, 1], 5), 2, 2, 1, 'ceil'),
  ],
  ['Mean', 'axes other than the spatial ones', () => tf.mean(t([2, 3, 4, 5], 6), [0, 3])],
  ['Prelu', 'an alpha broadcast over more than the channels', () => tf.prelu(t([2, 3, 4], 7), t([3, 4], 8))],
];

for (const [kernel, why, fn] of inheritedCases) {
  test(`${kernel} with ${why} goes to tfjs-backend-cpu's kernel`, async () => {
    const { values, expected, counts } = await counted(fn);
    assert.equal(counts.inherited[kernel], 1, JSON.stringify(counts));
    assert.equal(counts.served[kernel], undefined, JSON.stringify(counts));
    assert.deepEqual(Array.from(values), Array.from(expected));
  });
}

test("input condense refuses surfaces as tfjs's Error style, and the instance keeps working", async () => {
  await tf.setBackend('condense');
  // conv2dTranspose with a dy that is not the output of a stride-1 'same' conv of the 4x4 input.
  const x = t([1, 8, 8, 2], 9);
  const w = t([3, 3, 2, 2], 10);
  assert.throws(
    () => tf.conv2dTranspose(x, w, [1, 4, 4, 2], 1, 'same'),
    (error) => {
      assert.equal(error.constructor, Error);
      assert.match(error.message, /^Error in conv2DBackpropInput: conv2dGradInput: dy shape \[1, 8, 8, 2\]/);
      assert.ok(error.cause instanceof RangeError);
      return true;
    },
  );
  // tfjs's own validation still comes first, unchanged.
  const wrongDepth = t([1, 4, 4, 3], 11);
  assert.throws(() => tf.conv2d(wrongDepth, w, 1, 'same'), /^Error: Error in conv2d: depth of input \(3\)/);
  const x2 = t([1, 4, 4, 2], 12);
  const y = tf.conv2d(x2, w, 1, 'same');
  assert.deepEqual(y.shape, [1, 4, 4, 2]);
  assert.ok((await y.data()).every(Number.isFinite));
  tf.dispose([x, w, y, wrongDepth, x2]);
});

test('tf.tidy / dispose: tfjs tensors and condense memory stay flat over training steps', async () => {
  await tf.setBackend('condense');
  const residentAtStart = condense.memory().residentBytes;
  const w1 = tf.variable(tf.mul(t([3, 3, 1, 8], 13), 0.3));
  const w2 = tf.variable(tf.mul(t([8 * 7 * 7, 10], 14), 0.05));
  const b2 = tf.variable(tf.zeros([10]));
  const x = t([8, 14, 14, 1], 15);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
  const optimizer = tf.train.sgd(0.05);
  const step = () =>
    optimizer.minimize(() => {
      const h = tf.maxPool(tf.relu(tf.conv2d(x, w1, 1, 'same')), 2, 2, 'same');
      const logits = tf.add(tf.matMul(tf.reshape(h, [8, -1]), w2), b2);
      return tf.losses.softmaxCrossEntropy(labels, logits);
    }, true);
  const run = async (n) => {
    let loss;
    for (let i = 0; i < n; i++) {
      tf.dispose(loss);
      loss = step();
    }
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  };
  tf.backend().resetKernelCounts();
  const first = await run(5);
  const { served } = tf.backend().kernelCounts();
  for (const kernel of ['Conv2D', 'Conv2DBackpropFilter', 'Relu', 'MaxPool', 'MaxPoolGrad', 'BatchMatMul'])
    assert.ok(served[kernel] > 0, `${kernel} served by condense in the training step`);
  const tensors = tf.memory().numTensors;
  const wasm = condense.memory();
  const last = await run(300);
  assert.ok(last < first, `training lowers the loss (${first} -> ${last})`);
  assert.equal(tf.memory().numTensors, tensors, 'tfjs tensors');
  assert.deepEqual(condense.memory(), wasm, "condense's memory()");
  tf.dispose([w1, w2, b2, x, labels]);
  optimizer.dispose();
  assert.equal(condense.memory().residentBytes, residentAtStart, 'disposed tensors leave no resident data');
});

test('a resident result moves to another backend with its values, and its wasm memory is freed', async () => {
  await tf.setBackend('condense');
  const before = condense.memory().residentBytes;
  const x = t([2, 6, 6, 3], 16);
  const filter = t([3, 3, 3, 4], 17);
  const y = tf.tidy(() => tf.relu(tf.conv2d(x, filter, 1, 'same')));
  assert.ok(condense.memory().residentBytes > before, 'the result is resident');
  const expected = await (async () => {
    await tf.setBackend('cpu');
    const z = tf.tidy(() => tf.relu(tf.conv2d(t([2, 6, 6, 3], 16), t([3, 3, 3, 4], 17), 1, 'same')));
    const values = await z.data();
    z.dispose();
    return values;
  })();
  // On 'cpu' now: using y moves its data from 'condense' (read out of wasm memory).
  const doubled = tf.mul(y, 2);
  const values = await doubled.data();
  assert.equal(values.length, expected.length);
  values.forEach((v, i) => assert.ok(Math.abs(v - 2 * expected[i]) <= 1e-5 * (1 + Math.abs(v)), `element ${i}`));
  tf.dispose([x, filter, y, doubled]);
  assert.equal(condense.memory().residentBytes, before, 'moved and disposed tensors leave no resident data');
});
