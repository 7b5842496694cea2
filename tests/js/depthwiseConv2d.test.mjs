// depthwiseConv2d: tf.nn.depthwise_conv2d / keras DepthwiseConv2D (filter [kh, kw, inC,
// multiplier], output channel c * multiplier + m).
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
const fn = 'depthwiseConv2d';

const ones = (shape) => tensor(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1));

test('depthwiseConv2d: exact small examples', () => {
  // 1x1, 2 channels, multiplier 2: out = [c0*w00, c0*w01, c1*w10, c1*w11].
  const m = cd.depthwiseConv2d(tensor([1, 1, 1, 2], [3, 5]), tensor([1, 1, 2, 2], [1, 10, 100, 1000]));
  assert.deepEqual(m.shape, [1, 1, 1, 4]);
  assertExact(m.data, [3, 30, 500, 5000], 'channel c * multiplier + m');
  // Each channel convolved with its own 2x2 filter: channel 0 = 0..8 (even), channel 1 = odd.
  const x = iota([1, 3, 3, 2]);
  const f = tensor([2, 2, 2, 1], [1, 0, 0, 0, 0, 0, 0, 1]); // ch0: top-left tap; ch1: bottom-right tap
  assertExact(cd.depthwiseConv2d(x, f).data, [0, 9, 2, 11, 6, 15, 8, 17], 'per-channel filters');
  // Bias per output channel, relu, 'same' padding.
  const b = cd.depthwiseConv2d(tensor([1, 1, 2, 1], [1, 2]), tensor([1, 1, 1, 2], [1, -1]), {
    bias: [0.5, 1],
    activation: 'relu',
  });
  assertExact(b.data, [1.5, 0, 2.5, 0], 'bias + relu');
  const s = cd.depthwiseConv2d(iota([1, 4, 4, 1]), ones([2, 2, 1, 1]), { padding: 'same' });
  assertExact(s.data, [10, 14, 18, 10, 26, 30, 34, 18, 42, 46, 50, 26, 25, 27, 29, 15], "'same', pad at the end");
});

test('depthwiseConv2d: equals conv2d per channel', () => {
  const r = rng(61);
  const x = randomTensor(r, [2, 6, 7, 3]);
  const filter = randomTensor(r, [3, 2, 3, 2]);
  const o = { padding: 'same', strides: [1, 2], dilations: [2, 1] };
  const d = cd.depthwiseConv2d(x, filter, o);
  for (let c = 0; c < 3; c++) {
    const xc = tensor(
      [2, 6, 7, 1],
      x.data.filter((_, i) => i % 3 === c),
    );
    const fc = tensor(
      [3, 2, 1, 2],
      filter.data.filter((_, i) => Math.floor(i / 2) % 3 === c),
    );
    const one = cd.conv2d(xc, fc, o);
    const got = d.data.filter((_, i) => Math.floor(i / 2) % 3 === c);
    assertExact(got, one.data, `channel ${c}`);
  }
});

test('depthwiseConv2d: agrees with the reference on seeded random cases', () => {
  let valid = 0,
    rejected = 0;
  for (let seed = 6001; seed <= 6200; seed++) {
    const r = rng(seed);
    const h = r.int(1, 12),
      w = r.int(1, 12);
    const c = r.chance(0.1) ? 64 : r.int(1, 17);
    const mult = r.pick([1, 1, 1, 2, 3]);
    const shape = r.chance(0.25) ? [h, w, c] : [r.int(1, 3), h, w, c];
    const filterShape = [r.int(1, 4), r.int(1, 4), c, mult];
    const options = {};
    if (r.chance(0.7)) options.strides = randomPair(r, 1, 4);
    if (r.chance(0.35)) options.dilations = randomPair(r, 1, 3);
    if (r.chance(0.9)) options.padding = randomPadding(r, 3);
    if (r.chance(0.4)) options.bias = Float32Array.from({ length: c * mult }, () => r.next() * 2 - 1);
    if (r.chance(0.4)) options.activation = r.pick(['linear', 'relu', 'relu6']);
    const x = randomTensor(r, shape, -2, 2);
    const filter = randomTensor(r, filterShape);
    const want = ref.conv2d(x, filter, { ...options, depthwise: true });
    const context = `seed ${seed} ${describeCase({ shape, filterShape, options })}`;
    if (want === null) {
      assert.throws(() => cd.depthwiseConv2d(x, filter, options), RangeError, context);
      rejected++;
      continue;
    }
    assertAgrees(cd.depthwiseConv2d(x, filter, options), want, context);
    valid++;
  }
  assert.ok(valid >= 150 && rejected >= 3, `${valid} valid, ${rejected} rejected`);
});

test('depthwiseConv2d: option normalisation', () => {
  const r = rng(62);
  const x = randomTensor(r, [2, 7, 9, 5]);
  const filter = randomTensor(r, [3, 3, 5, 1]);
  const same = (a, b, what) => {
    const ra = cd.depthwiseConv2d(x, filter, a),
      rb = cd.depthwiseConv2d(x, filter, b);
    assert.deepEqual(ra.shape, rb.shape, what);
    assertExact(ra.data, rb.data, what, { signedZero: true });
  };
  same(undefined, { strides: 1, padding: 'valid', dilations: 1, activation: 'linear' }, 'defaults');
  same({ strides: 2 }, { strides: [2, 2] }, 'strides');
  same({ dilations: 2 }, { dilations: [2, 2] }, 'dilations');
  same({ padding: 'SAME' }, { padding: 'same' }, "'SAME' = 'same'");
  same({ padding: 'same' }, { padding: 1 }, "'same' = 1 for a 3x3 filter, stride 1");
  same(
    { padding: 2 },
    {
      padding: [
        [0, 0],
        [2, 2],
        [2, 2],
        [0, 0],
      ],
    },
    'TF 4-entry form',
  );
});

test('depthwiseConv2d: rank-3 input is returned as rank 3', () => {
  const r = rng(63);
  const x = randomTensor(r, [6, 5, 4]);
  const filter = randomTensor(r, [2, 2, 4, 2]);
  const r3 = cd.depthwiseConv2d(x, filter);
  assert.deepEqual(r3.shape, [5, 4, 8]);
  assertExact(r3.data, cd.depthwiseConv2d({ shape: [1, 6, 5, 4], data: x.data }, filter).data, 'rank 3 = rank 4');
});

test('depthwiseConv2d: numbers (NaN, ±inf, ±0)', () => {
  // A NaN in channel 1 only affects channel 1's outputs whose window covers it.
  const x = tensor([1, 3, 3, 2], new Float32Array(18).fill(1));
  x.data[4 * 2 + 1] = NaN; // centre, channel 1
  const r = cd.depthwiseConv2d(x, ones([2, 2, 2, 1]));
  assertExact(r.data, [4, NaN, 4, NaN, 4, NaN, 4, NaN], 'NaN stays in its channel');
  assertExact(
    cd.depthwiseConv2d(tensor([1, 1, 2, 1], [Infinity, 1]), tensor([1, 2, 1, 1], [0, 1])).data,
    [NaN],
    'inf * 0',
  );
  assertExact(
    cd.depthwiseConv2d(tensor([1, 1, 1, 1], [-0]), tensor([1, 1, 1, 1], [1])).data,
    [0],
    '-0 summed from +0',
    { signedZero: true },
  );
});

test('depthwiseConv2d: results are fresh arrays', async (t) => {
  const r = rng(64);
  const x = randomTensor(r, [2, 6, 6, 3]);
  const y = randomTensor(r, [2, 6, 6, 3]);
  const filter = randomTensor(r, [3, 3, 3, 2]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x, filter],
    call: (o) => cd.depthwiseConv2d(x, filter, { padding: 'same', ...o }),
    other: () => cd.depthwiseConv2d(y, filter, { padding: 'same' }),
  });
});

test('depthwiseConv2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 4, 4, 2]);
  const filter = ones([2, 2, 2, 1]);
  const canary = () =>
    assertExact(
      cd.depthwiseConv2d(tensor([1, 1, 1, 2], [3, 5]), tensor([1, 1, 2, 2], [1, 10, 100, 1000])).data,
      [3, 30, 500, 5000],
      'canary',
    );
  const rows = [
    ...badTensorRows('x', (x) => cd.depthwiseConv2d(x, filter)),
    ...badTensorRows('filter', (f) => cd.depthwiseConv2d(good, f), { ranks: [4] }),
    ...badOptionsRows((o) => cd.depthwiseConv2d(good, filter, o), { outLength: 18 }),
    ...badPairRows('strides', (v) => cd.depthwiseConv2d(good, filter, { strides: v })),
    ...badPairRows('dilations', (v) => cd.depthwiseConv2d(good, filter, { dilations: v })),
    ...badPaddingRows((v) => cd.depthwiseConv2d(good, filter, { padding: v })),
    {
      name: 'filter channels 3 vs input channels 2',
      call: () => cd.depthwiseConv2d(good, ones([2, 2, 3, 1])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'filter larger than the input',
      call: () => cd.depthwiseConv2d(good, ones([1, 5, 2, 1])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'bias sized for the multiplier-less channels',
      call: () => cd.depthwiseConv2d(good, ones([1, 1, 2, 2]), { bias: [1, 2] }),
      error: RangeError,
      param: 'bias',
    },
    {
      name: "activation 'tanh'",
      call: () => cd.depthwiseConv2d(good, filter, { activation: 'tanh' }),
      error: RangeError,
      param: 'activation',
    },
    {
      name: 'output over the 2 GiB ceiling via padding',
      call: () => cd.depthwiseConv2d(iota([1, 1, 1, 1]), ones([1, 1, 1, 2]), { padding: 20000 }),
      error: RangeError,
      param: 'output',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('depthwiseConv2d: the heap stays flat over 1,000 calls', () => {
  const r = rng(65);
  const xs = [randomTensor(r, [1, 16, 16, 1]), randomTensor(r, [2, 9, 7, 6])];
  const fs = [randomTensor(r, [3, 3, 1, 2]), randomTensor(r, [3, 3, 6, 1])];
  assertHeapFlat(cd, (i) => cd.depthwiseConv2d(xs[i % 2], fs[i % 2], { padding: 'same' }));
});

// The committed reference fixtures (tests/js-fixtures/, moved from the pooling family's kit).
fixtureTests(cd, 'depthwiseConv2d');
