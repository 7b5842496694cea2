// globalMaxPool2d: keras GlobalMaxPooling2D (max over height and width), keepDims.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { CHANNELS, iota, randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import {
  assertAgrees,
  assertExact,
  badInputTable,
  badOptionsRows,
  badTensorRows,
  freshOutputTests,
} from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'globalMaxPool2d';

test('globalMaxPool2d: exact small examples and keepDims shapes', () => {
  const x = iota([2, 2, 2, 3]);
  const r = cd.globalMaxPool2d(x);
  assert.deepEqual(r.shape, [2, 3]);
  assertExact(r.data, [9, 10, 11, 21, 22, 23], 'maxima');
  const k = cd.globalMaxPool2d(x, { keepDims: true });
  assert.deepEqual(k.shape, [2, 1, 1, 3]);
  assertExact(k.data, r.data, 'keepDims keeps the values');
  const x3 = iota([3, 1, 2], 1);
  assert.deepEqual(cd.globalMaxPool2d(x3).shape, [2], 'rank 3 -> [c]');
  assert.deepEqual(cd.globalMaxPool2d(x3, { keepDims: true }).shape, [1, 1, 2], 'rank 3 keepDims -> [1, 1, c]');
  assertExact(cd.globalMaxPool2d(x3).data, [5, 6], 'rank 3 maxima');
});

test('globalMaxPool2d: agrees exactly with the reference on seeded random shapes', () => {
  for (let seed = 4001; seed <= 4080; seed++) {
    const r = rng(seed);
    const h = r.int(1, 40),
      w = r.int(1, 40),
      c = r.pick(CHANNELS);
    const shape = r.chance(0.25) ? [h, w, c] : [r.int(1, 3), h, w, c];
    const keepDims = r.chance(0.5);
    const x = randomTensor(r, shape);
    assertAgrees(
      cd.globalMaxPool2d(x, { keepDims }),
      ref.globalPool2d(x, 'max', keepDims),
      `seed ${seed} shape [${shape}]`,
      { exact: true },
    );
  }
});

test('globalMaxPool2d: equals maxPool2d over the whole image, bit for bit', () => {
  const x = randomTensor(rng(41), [3, 13, 11, 17]);
  const a = cd.maxPool2d(x, { poolSize: [13, 11] });
  const g = cd.globalMaxPool2d(x, { keepDims: true });
  assert.deepEqual(g.shape, a.shape);
  assertExact(g.data, a.data, 'global = full window');
});

test('globalMaxPool2d: numbers (NaN, ±inf, ±0, all negative)', () => {
  for (const c of [1, 4, 5, 16, 17, 33]) {
    const run = (values) =>
      cd.globalMaxPool2d(
        tensor(
          [1, 1, values.length, c],
          values.flatMap((v) => new Array(c).fill(v)),
        ),
      ).data;
    for (let pos = 0; pos < 5; pos++) {
      const values = [1, 2, 3, 4, 5];
      values[pos] = NaN;
      assertExact(run(values), new Array(c).fill(NaN), `NaN at pixel ${pos}, c=${c}`);
    }
    assertExact(run([Infinity, NaN]), new Array(c).fill(NaN), `+inf then NaN, c=${c}`);
    assertExact(run([-Infinity, -Infinity]), new Array(c).fill(-Infinity), `all -inf, c=${c}`);
    assertExact(run([-Infinity, Infinity, 0]), new Array(c).fill(Infinity), `+inf wins, c=${c}`);
    assertExact(run([-3, -4, -5, -6]), new Array(c).fill(-3), `all negative -> true max, c=${c}`);
    assertExact(run([-1e-30, -1]), new Array(c).fill(Math.fround(-1e-30)), `tiny negative max, c=${c}`);
    assertExact(run([-1, -0, 0, -1]), new Array(c).fill(-0), `-0 first, c=${c}`, { signedZero: true });
    assertExact(run([-1, 0, -0, -1]), new Array(c).fill(0), `+0 first, c=${c}`, { signedZero: true });
  }
});

test('globalMaxPool2d: results are fresh arrays', async (t) => {
  const x = randomTensor(rng(42), [2, 5, 5, 6]);
  const y = randomTensor(rng(43), [2, 5, 5, 6]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (o) => cd.globalMaxPool2d(x, o),
    other: () => cd.globalMaxPool2d(y),
  });
});

test('globalMaxPool2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 2, 2, 2]);
  const canary = () => assertExact(cd.globalMaxPool2d(good).data, [6, 7], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.globalMaxPool2d(x)),
    ...badOptionsRows((o) => cd.globalMaxPool2d(good, o), { outLength: 2 }),
    {
      name: 'keepDims is a string',
      call: () => cd.globalMaxPool2d(good, { keepDims: 'false' }),
      error: TypeError,
      param: 'keepDims',
    },
    {
      name: 'keepDims is 0',
      call: () => cd.globalMaxPool2d(good, { keepDims: 0 }),
      error: TypeError,
      param: 'keepDims',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('globalMaxPool2d: the heap stays flat over 1,000 calls', () => {
  const xs = [randomTensor(rng(1), [1, 16, 16, 1]), randomTensor(rng(2), [2, 9, 7, 20])];
  assertHeapFlat(cd, (i) => cd.globalMaxPool2d(xs[i % 2], { keepDims: i % 3 === 0 }));
});

// The committed reference fixtures (tests/js-fixtures/, moved from the pooling family's kit).
fixtureTests(cd, 'globalMaxPool2d');
