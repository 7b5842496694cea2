// The element-wise kernels (Step, Multiply, Add, Sub) and Sum over all but the last axis are bit
// for bit tfjs-backend-cpu's, NaN and infinities included: on the backend's own typed-array loop
// for small or plain (non-resident) tensors (counted 'fast'), on condense's step / mul / add /
// sub / channelSum for resident ones (counted 'served'); other dtypes and broadcasts go to the
// inherited kernel.
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

// A resident copy of special values: ClipByValue over the whole float range runs condense's clamp,
// whose result (every value unchanged, -0 and NaN included) stays in wasm memory.
const residentSpecial = (size, seed, shape) =>
  tf.clipByValue(tf.tensor(special(size, seed), shape), -Infinity, Infinity);

const SERVED = [
  ['step of a resident tensor', 'Step', () => tf.step(residentSpecial(3000, 21, [3, 1000]))],
  ['step alpha -0.5', 'Step', () => tf.step(residentSpecial(2048, 22, [2048]), -0.5)],
  [
    'mul: resident x plain, same shape',
    'Multiply',
    () => tf.mul(residentSpecial(1200, 23, [40, 30]), tf.tensor(special(1200, 24), [40, 30])),
  ],
  [
    'mul: resident x resident of another shape (a reshape shares the data)',
    'Multiply',
    () => tf.mul(residentSpecial(1200, 25, [40, 30]), tf.reshape(residentSpecial(1200, 26, [1200]), [40, 30])),
  ],
  ['mul by a scalar', 'Multiply', () => tf.mul(tf.scalar(-0.01), residentSpecial(4096, 27, [64, 64]))],
  ['add same shape', 'Add', () => tf.add(tf.tensor(special(1500, 28)), residentSpecial(1500, 29, [1500]))],
  ['add a scalar', 'Add', () => tf.add(residentSpecial(1500, 30, [3, 500]), tf.scalar(1e-8))],
  ['sub from a scalar', 'Sub', () => tf.sub(tf.scalar(2), residentSpecial(1030, 31, [1030]))],
  ['sub same shape', 'Sub', () => tf.sub(residentSpecial(1030, 32, [1030]), residentSpecial(1030, 33, [1030]))],
];

for (const [name, kernel, fn] of SERVED) {
  test(`${name}: on condense's op, bit for bit tfjs-backend-cpu's`, async () => {
    const [ours, counts, cpu] = await both(() => tf.tidy(fn));
    same(ours, cpu, name);
    assert.equal(counts.served[kernel], 1, `${kernel} ran condense's op: ${JSON.stringify(counts)}`);
    assert.equal(counts.fast[kernel], undefined);
  });
}

test('Sum over every axis but the last: condense channelSum, bit for bit tfjs-backend-cpu (double sums)', async () => {
  const cases = [
    () => tf.sum(tf.tensor(data(2 * 9 * 9 * 17, 34), [2, 9, 9, 17]), [0, 1, 2]),
    () => tf.sum(tf.abs(residentSpecial(60 * 33, 35, [60, 33])), 0, true),
    () => tf.sum(tf.relu(tf.tensor(data(4 * 5 * 6 * 7 * 8, 36), [4, 5, 6, 7, 8])), [0, 1, 2, 3]),
  ];
  for (const fn of cases) {
    const [ours, counts, cpu] = await both(() => tf.tidy(fn));
    same(ours, cpu, 'sum');
    assert.equal(counts.served.Sum, 1, JSON.stringify(counts));
  }
});

test('a reshaped resident (Flatten, then the Dense gradient) keeps the product and its update resident', async () => {
  // Small integers: every product and sum is exact, so both backends give the same bits.
  const ints = (size, seed) => Float32Array.from({ length: size }, (_, i) => ((i * 7 + seed) % 9) - 4);
  const [ours, counts, cpu] = await both(() =>
    tf.tidy(() => {
      const flat = tf.reshape(tf.relu(tf.tensor(ints(2 * 6 * 6 * 8, 1), [2, 6, 6, 8])), [2, 288]);
      const dw = tf.matMul(flat, tf.tensor(ints(2 * 40, 2), [2, 40]), true, false);
      return tf.mul(tf.scalar(-0.01), dw);
    }),
  );
  same(ours, cpu, 'scaled product of a flattened resident');
  assert.equal(counts.served.BatchMatMul, 1, JSON.stringify(counts));
  // [288, 40] from a resident product: condense's mul, not the fast loop over a copy.
  assert.equal(counts.served.Multiply, 1, JSON.stringify(counts));
  assert.equal(counts.fast.Multiply, undefined, JSON.stringify(counts));
});

test('a reshaped resident is a view of the same wasm buffer: no read-out, no copy, freed with the tensor', async () => {
  // Small integers: every product and sum is exact, so the cpu backend's result has the same bits.
  const ints = (size, seed) => Float32Array.from({ length: size }, (_, k) => ((k * 7 + seed) % 9) - 4);
  await tf.setBackend('condense');
  const backend = tf.backend();
  const { condense } = backend;
  const before = condense.memory();
  const x = tf.tensor(ints(2 * 6 * 6 * 8, 3), [2, 6, 6, 8]);
  const pooled = tf.relu(x); // resident result
  const flat = tf.reshape(pooled, [2, 288]);
  const kernel = tf.tensor(ints(288 * 5, 4), [288, 5]);
  const y = tf.matMul(flat, kernel);
  assert.equal(backend.data.get(pooled.dataId).cached, undefined, 'the pooled map was never read into JS');
  assert.equal(backend.data.get(pooled.dataId).views.get('2,288').size, 576);
  const during = condense.memory();
  // The relu's uploaded input, its result with the [2, 288] view over the same buffer, matMul's result.
  assert.equal(during.residentTensors - before.residentTensors, 4);
  assert.equal(during.residentBytes - before.residentBytes, (576 + 576 + 10) * 4, 'the view is not a copy');
  const values = Array.from(await y.data());
  await tf.setBackend('cpu');
  const expected = tf.matMul(
    tf
      .tensor(ints(2 * 6 * 6 * 8, 3), [2, 6, 6, 8])
      .relu()
      .reshape([2, 288]),
    tf.tensor(ints(288 * 5, 4), [288, 5]),
  );
  assert.deepEqual(values, Array.from(await expected.data()));
  expected.dispose();
  await tf.setBackend('condense');
  for (const t of [x, pooled, flat, kernel, y]) t.dispose();
  const after = condense.memory();
  assert.equal(after.residentTensors, before.residentTensors, 'the view went with its tensor');
  assert.equal(after.residentBytes, before.residentBytes);
});
