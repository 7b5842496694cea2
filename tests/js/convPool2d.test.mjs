// convPool2d: the condense pipeline fused (conv2d -> activation, ReLU by default -> pooling).
// It must equal the three separate ops bit for bit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { describeCase, iota, randomPadding, randomPair, randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import {
  assertAgrees,
  assertExact,
  badInputTable,
  badOptionsRows,
  badPaddingRows,
  badPairRows,
  badTensorRows,
  freshOutputTests,
} from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'convPool2d';

const ones = (shape) => tensor(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1));

// The unfused pipeline through the public API.
function separate(x, filter, options = {}) {
  const { pool = {}, ...conv } = options;
  const detected = cd.conv2d(x, filter, { ...conv, activation: conv.activation ?? 'relu' });
  const { type = 'max', ...p } = pool;
  return type.toLowerCase() === 'avg' ? cd.avgPool2d(detected, p) : cd.maxPool2d(detected, p);
}

function randomPipeline(r, type) {
  const h = r.int(3, 20),
    w = r.int(3, 20);
  const c = r.chance(0.15) ? 64 : r.int(1, 17);
  const outC = r.pick([1, 1, 2, 3, 4, 5, 8, 16, 17, 32]);
  const shape = r.chance(0.25) ? [h, w, c] : [r.int(1, 3), h, w, c];
  const filterShape = [r.int(1, 3), r.int(1, 3), c, outC];
  const options = {};
  if (r.chance(0.3)) options.strides = randomPair(r, 1, 2);
  if (r.chance(0.2)) options.dilations = randomPair(r, 1, 2);
  if (r.chance(0.7)) options.padding = randomPadding(r, 2);
  if (r.chance(0.5)) options.bias = Array.from({ length: outC }, () => r.next() - 0.5);
  if (r.chance(0.4)) options.activation = r.pick(['relu', 'linear', 'relu6']);
  const pool = { type };
  if (r.chance(0.8)) pool.poolSize = randomPair(r, 1, 3);
  if (r.chance(0.6)) pool.strides = randomPair(r, 1, 4);
  if (r.chance(0.2)) pool.dilations = randomPair(r, 1, 2);
  if (r.chance(0.6)) pool.padding = randomPadding(r, 1);
  const p = pool.padding;
  if ((p === undefined || typeof p !== 'string' || p.toLowerCase() === 'valid') && r.chance(0.3)) pool.ceilMode = true;
  if (type === 'avg' && r.chance(0.4)) pool.countIncludePad = true;
  options.pool = pool;
  return { shape, filterShape, options };
}

test('convPool2d: equals conv2d(relu) then maxPool2d, bit for bit', () => {
  let compared = 0;
  for (let seed = 7001; seed <= 7150; seed++) {
    const r = rng(seed);
    const { shape, filterShape, options } = randomPipeline(r, r.pick(['max', 'MAX', undefined]));
    if (options.pool.type === undefined) delete options.pool.type;
    const x = randomTensor(r, shape);
    const filter = randomTensor(r, filterShape);
    const context = `seed ${seed} ${describeCase({ shape, filterShape, options })}`;
    let want;
    try {
      want = separate(x, filter, options);
    } catch (error) {
      assert.ok(error instanceof RangeError, `${context}: ${error}`);
      assert.throws(() => cd.convPool2d(x, filter, options), RangeError, context);
      continue;
    }
    const got = cd.convPool2d(x, filter, options);
    assert.deepEqual(got.shape, want.shape, context);
    assertExact(got.data, want.data, context, { signedZero: true });
    compared++;
  }
  assert.ok(compared >= 100, `${compared} pipelines compared`);
});

test('convPool2d: with pool.type avg equals conv2d(relu) then avgPool2d, bit for bit', () => {
  let compared = 0;
  for (let seed = 7201; seed <= 7300; seed++) {
    const r = rng(seed);
    const { shape, filterShape, options } = randomPipeline(r, r.pick(['avg', 'AVG']));
    const x = randomTensor(r, shape);
    const filter = randomTensor(r, filterShape);
    const context = `seed ${seed} ${describeCase({ shape, filterShape, options })}`;
    let want;
    try {
      want = separate(x, filter, options);
    } catch (error) {
      assert.ok(error instanceof RangeError, `${context}: ${error}`);
      assert.throws(() => cd.convPool2d(x, filter, options), RangeError, context);
      continue;
    }
    const got = cd.convPool2d(x, filter, options);
    assert.deepEqual(got.shape, want.shape, context);
    assertExact(got.data, want.data, context, { signedZero: true });
    compared++;
  }
  assert.ok(compared >= 60, `${compared} pipelines compared`);
});

test('convPool2d: agrees with the reference (conv in double, then pool)', () => {
  for (let seed = 7301; seed <= 7360; seed++) {
    const r = rng(seed);
    const type = r.pick(['max', 'avg']);
    const { shape, filterShape, options } = randomPipeline(r, type);
    const x = randomTensor(r, shape);
    const filter = randomTensor(r, filterShape);
    const { pool, ...conv } = options;
    const detected = ref.conv2d(x, filter, { ...conv, activation: conv.activation ?? 'relu' });
    const context = `seed ${seed} ${describeCase({ shape, filterShape, options })}`;
    const window = pool.poolSize ?? 2;
    const want =
      detected &&
      ref.pool2d(
        { shape: detected.shape, data: Float32Array.from(detected.data) },
        { ...pool, window, strides: pool.strides ?? window },
      );
    if (!want) {
      assert.throws(() => cd.convPool2d(x, filter, options), RangeError, context);
      continue;
    }
    // Tolerance: the conv terms dominate; use the conv magnitude of the largest input cell.
    const scale = Math.max(...detected.magnitude);
    const terms = Math.max(...detected.terms);
    assertAgrees(
      cd.convPool2d(x, filter, options),
      {
        ...want,
        magnitude: new Float64Array(want.data.length).fill(scale),
        terms: new Int32Array(want.data.length).fill(terms),
      },
      context,
    );
  }
});

test('convPool2d: defaults are ReLU and a 2x2 / stride 2 / valid max pool', () => {
  const r = rng(71);
  const x = randomTensor(r, [2, 9, 8, 3]);
  const filter = randomTensor(r, [3, 3, 3, 4]);
  const got = cd.convPool2d(x, filter);
  const want = cd.maxPool2d(cd.conv2d(x, filter, { activation: 'relu' }), {
    poolSize: 2,
    strides: 2,
    padding: 'valid',
  });
  assert.deepEqual(got.shape, [2, 3, 3, 4]);
  assertExact(got.data, want.data, 'defaults', { signedZero: true });
  assertExact(cd.convPool2d(x, filter, {}).data, want.data, '{} = defaults');
  assertExact(cd.convPool2d(x, filter, { pool: {} }).data, want.data, 'pool {} = defaults');
  assertExact(
    cd.convPool2d(x, filter, { pool: { poolSize: 2 } }).data,
    cd.convPool2d(x, filter, { pool: { poolSize: [2, 2], strides: [2, 2] } }).data,
    'pool 2 = [2, 2], strides = poolSize',
  );
  // activation 'linear' switches the ReLU off: negative maxima survive.
  const lin = cd.convPool2d(x, filter, { activation: 'linear' });
  assertExact(lin.data, cd.maxPool2d(cd.conv2d(x, filter)).data, 'linear');
  assert.ok(
    lin.data.some((v) => v < 0),
    'some negative maxima without ReLU',
  );
  assert.ok(
    got.data.every((v) => v >= 0),
    'none with ReLU',
  );
});

test('convPool2d: the lesson pipeline, exact (1-channel image, 3x3 edge filter, ReLU, 2x2 max pool)', () => {
  // A vertical edge: left half 0, right half 1; filter [-1, 0, 1] in every row (sum 3 at the edge).
  const img = tensor(
    [1, 6, 6, 1],
    Array.from({ length: 36 }, (_, i) => (i % 6 >= 3 ? 1 : 0)),
  );
  const edge = tensor([3, 3, 1, 1], [-1, 0, 1, -1, 0, 1, -1, 0, 1]);
  const detected = cd.conv2d(img, edge, { padding: 'same', activation: 'relu' });
  assertExact(detected.data.slice(0, 6), [0, 0, 2, 2, 0, 0], 'row 0 of the detected map (zero padding above)');
  assertExact(detected.data.slice(6, 12), [0, 0, 3, 3, 0, 0], 'row 1 of the detected map');
  const condensed = cd.convPool2d(img, edge, { padding: 'same' });
  assert.deepEqual(condensed.shape, [1, 3, 3, 1]);
  assertExact(condensed.data, [0, 3, 0, 0, 3, 0, 0, 3, 0], 'condensed');
  assertExact(
    cd.convPool2d({ shape: [6, 6, 1], data: img.data }, edge, { padding: 'same' }).data,
    condensed.data,
    'rank 3',
  );
  assert.deepEqual(
    cd.convPool2d({ shape: [6, 6, 1], data: img.data }, edge, { padding: 'same' }).shape,
    [3, 3, 1],
    'rank 3 in, rank 3 out',
  );
});

test('convPool2d: numbers (NaN, all-negative)', () => {
  // A NaN pixel: its conv outputs are NaN, ReLU keeps NaN, the max pool propagates it.
  const x = tensor([1, 4, 4, 1], new Float32Array(16).fill(1));
  x.data[0] = NaN;
  const r = cd.convPool2d(x, ones([1, 1, 1, 1]));
  assertExact(r.data, [NaN, 1, 1, 1], 'NaN only in its pool window');
  // All-negative detected map with linear activation: the true maximum.
  const neg = cd.convPool2d(tensor([1, 2, 2, 1], [-3, -4, -5, -6]), ones([1, 1, 1, 1]), { activation: 'linear' });
  assertExact(neg.data, [-3], 'all negative, linear');
  const relu = cd.convPool2d(tensor([1, 2, 2, 1], [-3, -4, -5, -6]), ones([1, 1, 1, 1]));
  assertExact(relu.data, [0], 'all negative, relu', { signedZero: true });
});

test('convPool2d: results are fresh arrays', async (t) => {
  const r = rng(72);
  const x = randomTensor(r, [2, 8, 8, 3]);
  const y = randomTensor(r, [2, 8, 8, 3]);
  const filter = randomTensor(r, [3, 3, 3, 4]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x, filter],
    call: (o) => cd.convPool2d(x, filter, { padding: 'same', ...o }),
    other: () => cd.convPool2d(y, filter, { padding: 'same' }),
  });
});

test('convPool2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 4, 4, 2]);
  const filter = ones([1, 1, 2, 1]);
  const img = tensor(
    [1, 6, 6, 1],
    Array.from({ length: 36 }, (_, i) => (i % 6 >= 3 ? 1 : 0)),
  );
  const edge = tensor([3, 3, 1, 1], [-1, 0, 1, -1, 0, 1, -1, 0, 1]);
  const canary = () =>
    assertExact(cd.convPool2d(img, edge, { padding: 'same' }).data, [0, 3, 0, 0, 3, 0, 0, 3, 0], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.convPool2d(x, filter)),
    ...badTensorRows('filter', (f) => cd.convPool2d(good, f), { ranks: [4] }),
    ...badOptionsRows((o) => cd.convPool2d(good, filter, o), { outLength: 4 }),
    ...badPairRows('strides', (v) => cd.convPool2d(good, filter, { strides: v })),
    ...badPaddingRows((v) => cd.convPool2d(good, filter, { padding: v })),
    ...badPairRows('poolSize', (v) => cd.convPool2d(good, filter, { pool: { poolSize: v } })).map((r) => ({
      ...r,
      param: /pool\b.*poolSize/,
    })),
    ...badPairRows('strides', (v) => cd.convPool2d(good, filter, { pool: { strides: v } })).map((r) => ({
      ...r,
      name: `pool.${r.name}`,
      param: /pool\b.*strides/,
    })),
    ...badPaddingRows((v) => cd.convPool2d(good, filter, { pool: { padding: v } })).map((r) => ({
      ...r,
      name: `pool.${r.name}`,
      param: /pool\b.*padding/,
    })),
    {
      name: 'pool is a string',
      call: () => cd.convPool2d(good, filter, { pool: 'max' }),
      error: TypeError,
      param: 'pool',
    },
    { name: 'pool is a number', call: () => cd.convPool2d(good, filter, { pool: 2 }), error: TypeError, param: 'pool' },
    {
      name: "pool.type 'min'",
      call: () => cd.convPool2d(good, filter, { pool: { type: 'min' } }),
      error: RangeError,
      param: 'pool.type',
    },
    {
      name: 'pool.type 1',
      call: () => cd.convPool2d(good, filter, { pool: { type: 1 } }),
      error: TypeError,
      param: 'pool.type',
    },
    {
      name: 'pool.ceilMode a string',
      call: () => cd.convPool2d(good, filter, { pool: { ceilMode: 'no' } }),
      error: TypeError,
      param: /pool\b.*ceilMode/,
    },
    {
      name: 'pool.countIncludePad 1',
      call: () => cd.convPool2d(good, filter, { pool: { type: 'avg', countIncludePad: 1 } }),
      error: TypeError,
      param: /pool\b.*countIncludePad/,
    },
    {
      name: 'channel mismatch',
      call: () => cd.convPool2d(good, ones([1, 1, 3, 1])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'filter larger than the input',
      call: () => cd.convPool2d(good, ones([5, 5, 2, 1])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'pool window larger than the detected map',
      call: () => cd.convPool2d(good, filter, { pool: { poolSize: 5 } }),
      error: RangeError,
      param: 'poolSize',
    },
    {
      name: 'pool window entirely in the padding',
      call: () => cd.convPool2d(good, filter, { pool: { poolSize: 2, padding: 2 } }),
      error: RangeError,
      param: 'padding',
    },
    {
      name: "activation 'gelu'",
      call: () => cd.convPool2d(good, filter, { activation: 'gelu' }),
      error: RangeError,
      param: 'activation',
    },
    {
      name: 'bias of the wrong length',
      call: () => cd.convPool2d(good, filter, { bias: [1, 2] }),
      error: RangeError,
      param: 'bias',
    },
    {
      name: 'conv output over the 2 GiB ceiling',
      call: () => cd.convPool2d(iota([1, 1, 1, 1]), ones([1, 1, 1, 2]), { padding: 20000 }),
      error: RangeError,
      param: 'output',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('convPool2d: the heap stays flat over 1,000 calls', () => {
  const r = rng(73);
  const xs = [randomTensor(r, [1, 16, 16, 1]), randomTensor(r, [2, 9, 7, 6])];
  const fs = [randomTensor(r, [3, 3, 1, 1]), randomTensor(r, [3, 3, 6, 4])];
  assertHeapFlat(cd, (i) =>
    cd.convPool2d(xs[i % 2], fs[i % 2], { padding: 'same', pool: { type: i % 3 ? 'max' : 'avg' } }),
  );
});

// The committed reference fixtures (tests/js-fixtures/, moved from the pooling family's kit).
fixtureTests(cd, 'convPool2d');
