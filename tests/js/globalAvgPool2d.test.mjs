// globalAvgPool2d: keras GlobalAveragePooling2D (mean over height and width), keepDims.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { CHANNELS, iota, randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import {
  assertAgrees,
  assertClose,
  assertExact,
  badInputTable,
  badOptionsRows,
  badTensorRows,
  freshOutputTests,
} from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'globalAvgPool2d';

test('globalAvgPool2d: exact small examples and keepDims shapes', () => {
  const x = iota([2, 2, 2, 3]); // image 0: channel c holds c, c+3, c+6, c+9 -> mean c + 4.5
  const r = cd.globalAvgPool2d(x);
  assert.deepEqual(r.shape, [2, 3]);
  assertExact(r.data, [4.5, 5.5, 6.5, 16.5, 17.5, 18.5], 'means');
  const k = cd.globalAvgPool2d(x, { keepDims: true });
  assert.deepEqual(k.shape, [2, 1, 1, 3]);
  assertExact(k.data, r.data, 'keepDims keeps the values');
  const x3 = iota([3, 1, 2], 1); // [h, w, c]: channel 0: 1, 3, 5; channel 1: 2, 4, 6
  assert.deepEqual(cd.globalAvgPool2d(x3).shape, [2], 'rank 3 -> [c]');
  assert.deepEqual(cd.globalAvgPool2d(x3, { keepDims: true }).shape, [1, 1, 2], 'rank 3 keepDims -> [1, 1, c]');
  assertExact(cd.globalAvgPool2d(x3).data, [3, 4], 'rank 3 means');
  assertExact(cd.globalAvgPool2d(tensor([1, 1, 1, 1], [-2.5])).data, [-2.5], '1x1');
});

test('globalAvgPool2d: agrees with the reference on seeded random shapes', () => {
  for (let seed = 3001; seed <= 3080; seed++) {
    const r = rng(seed);
    const h = r.int(1, 40),
      w = r.int(1, 40),
      c = r.pick(CHANNELS);
    const shape = r.chance(0.25) ? [h, w, c] : [r.int(1, 3), h, w, c];
    const keepDims = r.chance(0.5);
    const x = randomTensor(r, shape);
    assertAgrees(
      cd.globalAvgPool2d(x, { keepDims }),
      ref.globalPool2d(x, 'avg', keepDims),
      `seed ${seed} shape [${shape}] keepDims ${keepDims}`,
    );
  }
});

test('globalAvgPool2d: equals avgPool2d over the whole image (within float rounding)', () => {
  const x = randomTensor(rng(31), [2, 13, 11, 17]);
  const a = cd.avgPool2d(x, { poolSize: [13, 11] });
  const g = cd.globalAvgPool2d(x, { keepDims: true });
  assert.deepEqual(g.shape, a.shape);
  assertClose(g.data, ref.globalPool2d(x, 'avg', true), 'global');
  assertClose(a.data, ref.globalPool2d(x, 'avg', true), 'full-window avgPool2d');
});

test('globalAvgPool2d: the mean of a large constant map is accurate (Keras reduces pairwise)', () => {
  // 0.1 in float32 over 256x256 .. 2048x2048 pixels: the true mean is fround(0.1). A running
  // float sum drifts by percent here; a pairwise or blocked sum (and avgPool2d with the full
  // window) stays within 1e-4.
  const want = Math.fround(0.1);
  const errors = [];
  for (const n of [256, 1024, 2048]) {
    const x = tensor([1, n, n, 1], new Float32Array(n * n).fill(0.1));
    const got = cd.globalAvgPool2d(x).data[0];
    const rel = Math.abs(got - want) / want;
    if (!(rel <= 1e-4)) errors.push(`${n}x${n}: ${got} (relative error ${rel.toExponential(2)})`);
  }
  for (const c of [4, 17]) {
    const n = 512;
    const x = tensor([1, n, n, c], new Float32Array(n * n * c).fill(0.1));
    const got = cd.globalAvgPool2d(x).data;
    const worst = Math.max(...Array.from(got, (v) => Math.abs(v - want) / want));
    if (!(worst <= 1e-4)) errors.push(`${n}x${n}x${c}: relative error ${worst.toExponential(2)}`);
  }
  assert.deepEqual(errors, [], 'mean of a constant 0.1 map');
});

test('globalAvgPool2d: numbers (NaN, ±inf, ±0)', () => {
  for (const c of [1, 4, 5, 16, 17]) {
    const run = (values) =>
      cd.globalAvgPool2d(
        tensor(
          [1, 1, values.length, c],
          values.flatMap((v) => new Array(c).fill(v)),
        ),
      ).data;
    assertExact(run([1, NaN, 2]), new Array(c).fill(NaN), `NaN, c=${c}`);
    assertExact(run([1, Infinity, 2]), new Array(c).fill(Infinity), `+inf, c=${c}`);
    assertExact(run([-Infinity, 1]), new Array(c).fill(-Infinity), `-inf, c=${c}`);
    assertExact(run([Infinity, 0, -Infinity]), new Array(c).fill(NaN), `+inf and -inf, c=${c}`);
    assertExact(run([-0, -0, -0]), new Array(c).fill(-0), `all -0, c=${c}`, { signedZero: true });
    assertExact(run([-0, 0]), new Array(c).fill(0), `-0 and +0, c=${c}`, { signedZero: true });
    assertExact(run([-3, -5]), new Array(c).fill(-4), `all negative, c=${c}`);
  }
});

test('globalAvgPool2d: results are fresh arrays', async (t) => {
  const x = randomTensor(rng(32), [2, 5, 5, 6]);
  const y = randomTensor(rng(33), [2, 5, 5, 6]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (o) => cd.globalAvgPool2d(x, o),
    other: () => cd.globalAvgPool2d(y),
  });
});

test('globalAvgPool2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 2, 2, 2]);
  const canary = () => assertExact(cd.globalAvgPool2d(good).data, [3, 4], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.globalAvgPool2d(x)),
    ...badOptionsRows((o) => cd.globalAvgPool2d(good, o), { outLength: 2 }),
    {
      name: 'keepDims is a string',
      call: () => cd.globalAvgPool2d(good, { keepDims: 'true' }),
      error: TypeError,
      param: 'keepDims',
    },
    {
      name: 'keepDims is 1',
      call: () => cd.globalAvgPool2d(good, { keepDims: 1 }),
      error: TypeError,
      param: 'keepDims',
    },
    {
      name: 'keepDims is null',
      call: () => cd.globalAvgPool2d(good, { keepDims: null }),
      error: TypeError,
      param: 'keepDims',
    },
    {
      name: 'out sized for keepDims shape but wrong',
      call: () => cd.globalAvgPool2d(good, { keepDims: true, out: new Float32Array(4) }),
      error: RangeError,
      param: 'options.out',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('globalAvgPool2d: the heap stays flat over 1,000 calls', () => {
  const xs = [randomTensor(rng(1), [1, 16, 16, 1]), randomTensor(rng(2), [2, 9, 7, 20])];
  assertHeapFlat(cd, (i) => cd.globalAvgPool2d(xs[i % 2], { keepDims: i % 3 === 0 }));
});

// The committed reference fixtures (tests/js-fixtures/, moved from the pooling family's kit).
fixtureTests(cd, 'globalAvgPool2d');
