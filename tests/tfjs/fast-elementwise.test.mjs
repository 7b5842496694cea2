// The element-wise kernels the backend serves on its own typed-array loop (Step, Multiply, Add,
// Sub; condense has no such op) are bit for bit tfjs-backend-cpu's, NaN and infinities included,
// count as 'fast', and leave other dtypes and broadcasts to the inherited kernel.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadOptions, loadTf } from '../tfjs-helpers/bundle.mjs';
import { data } from '../tfjs-helpers/cases.mjs';

let tf;

before(async () => {
  let register;
  ({ tf, registerCondenseBackend: register } = await loadTf());
  await register(loadOptions());
  tf.findBackend('cpu').firstUse = false;
});

// Values with the special cases: NaN, ±Infinity, ±0, tiny and huge magnitudes, then random data.
function special(size, seed) {
  const out = data(size, seed);
  const edge = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1, 1e-30];
  edge.forEach((v, i) => {
    if (i < size) out[(i * 7 + seed) % size] = v;
  });
  return out;
}

async function both(fn) {
  const results = [];
  for (const name of ['condense', 'cpu']) {
    await tf.setBackend(name);
    if (name === 'condense') tf.backend().resetKernelCounts();
    const y = fn();
    results.push({ dtype: y.dtype, shape: y.shape, values: Array.from(await y.data()) });
    y.dispose();
    if (name === 'condense') results.push(tf.backend().kernelCounts());
  }
  return results;
}

const same = (actual, expected, what) => {
  assert.equal(actual.dtype, expected.dtype, what);
  assert.deepEqual(actual.shape, expected.shape, what);
  // Object.is: NaN equals NaN, and -0 differs from 0.
  actual.values.forEach((v, i) =>
    assert.ok(Object.is(v, expected.values[i]), `${what}[${i}]: ${v} vs ${expected.values[i]}`),
  );
};

const CASES = [
  ['step', 'Step', () => tf.step(tf.tensor(special(300, 1), [3, 10, 10]))],
  ['step alpha 0.3', 'Step', () => tf.step(tf.tensor(special(64, 2)), 0.3)],
  [
    'mul same shape',
    'Multiply',
    () => tf.mul(tf.tensor(special(120, 3), [4, 30]), tf.tensor(special(120, 4), [4, 30])),
  ],
  ['mul by a scalar', 'Multiply', () => tf.mul(tf.scalar(-0.1), tf.tensor(special(50, 5), [5, 10]))],
  ['mul, scalar second', 'Multiply', () => tf.mul(tf.tensor(special(50, 6), [5, 10]), tf.tensor([3], [1]))],
  ['add same shape', 'Add', () => tf.add(tf.tensor(special(99, 7), [9, 11]), tf.tensor(special(99, 8), [9, 11]))],
  ['add a scalar', 'Add', () => tf.add(tf.tensor(special(40, 9)), tf.scalar(1e-8))],
  ['sub same shape', 'Sub', () => tf.sub(tf.tensor(special(77, 10)), tf.tensor(special(77, 11)))],
  ['sub from a scalar', 'Sub', () => tf.sub(tf.scalar(2), tf.tensor(special(30, 12), [3, 10]))],
];

for (const [name, kernel, fn] of CASES) {
  test(`${name}: bit for bit tfjs-backend-cpu's, on the fast loop`, async () => {
    const [ours, counts, cpu] = await both(fn);
    same(ours, cpu, name);
    assert.equal(counts.fast[kernel], 1, `${kernel} ran the fast loop: ${JSON.stringify(counts)}`);
    assert.equal(counts.served[kernel], undefined);
  });
}

test('a resident input (a condense result) is read once and multiplied exactly', async () => {
  // data() has no -0 (condense's relu gives +0 for it, tfjs-backend-cpu's keeps -0).
  const x = () => tf.relu(tf.tensor(data(200, 13), [2, 10, 10]));
  const [ours, counts, cpu] = await both(() => tf.tidy(() => tf.mul(x(), tf.step(x()))));
  same(ours, cpu, 'relu * step(relu)');
  assert.equal(counts.served.Relu, 2);
  assert.equal(counts.fast.Multiply, 1);
});

test('int32 data and other broadcasts go to the inherited kernel', async () => {
  const cases = [
    ['Multiply', () => tf.mul(tf.tensor([1, 2, 3], [3], 'int32'), tf.tensor([4, 5, 6], [3], 'int32'))],
    ['Sub', () => tf.sub(tf.tensor(data(12, 14), [3, 4]), tf.tensor(data(4, 15), [1, 4]))],
    ['Multiply', () => tf.mul(tf.tensor([2], [1, 1]), tf.tensor(data(5, 16)))],
    ['Step', () => tf.step(tf.tensor([-1, 0, 2], [3], 'int32'))],
  ];
  for (const [kernel, fn] of cases) {
    const [ours, counts, cpu] = await both(fn);
    same(ours, cpu, kernel);
    assert.equal(counts.inherited[kernel], 1, `${kernel}: ${JSON.stringify(counts)}`);
  }
});
