// conv2d: tf.nn.conv2d / keras Conv2D (filter HWIO, zero padding 'valid' / 'same' / explicit,
// strides, dilations, bias, fused activation).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  CHANNELS,
  describeCase,
  iota,
  randomPadding,
  randomPair,
  randomTensor,
  rng,
  tensor,
} from '../js-helpers/random.mjs';
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
const fn = 'conv2d';

const ones = (shape) => tensor(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1));

test('conv2d: exact small examples', () => {
  // d2l corr2d: X = 0..8, K = [[0, 1], [2, 3]] -> [[19, 25], [37, 43]].
  const d2l = cd.conv2d(iota([1, 3, 3, 1]), tensor([2, 2, 1, 1], [0, 1, 2, 3]));
  assert.deepEqual(d2l.shape, [1, 2, 2, 1]);
  assertExact(d2l.data, [19, 25, 37, 43], 'd2l corr2d');
  // TF 'same' with an even filter: the extra pad goes at the bottom/right.
  const same = cd.conv2d(iota([1, 4, 4, 1]), ones([2, 2, 1, 1]), { padding: 'same' });
  assert.deepEqual(same.shape, [1, 4, 4, 1]);
  assertExact(same.data, [10, 14, 18, 10, 26, 30, 34, 18, 42, 46, 50, 26, 25, 27, 29, 15], "'same', pad at the end");
  const lower = cd.conv2d(iota([1, 4, 4, 1]), ones([2, 2, 1, 1]), { padding: 'same_lower' });
  assertExact(
    lower.data,
    [0, 1, 3, 5, 4, 10, 14, 18, 12, 26, 30, 34, 20, 42, 46, 50],
    "'same_lower', pad at the start",
  );
  // Channels: a 1x1 conv is a matrix product per pixel. x: 2 pixels x 2 channels; filter 2 -> 3.
  const mm = cd.conv2d(tensor([1, 1, 2, 2], [1, 2, 3, 4]), tensor([1, 1, 2, 3], [1, 10, 100, -1, -10, -100]));
  assertExact(mm.data, [-1, -10, -100, -1, -10, -100], '1x1 conv over channels');
  // Bias and activations.
  const b = cd.conv2d(tensor([1, 1, 2, 2], [1, 2, 3, 4]), tensor([1, 1, 2, 3], [1, 10, 100, -1, -10, -100]), {
    bias: [2, 5, 200],
  });
  assertExact(b.data, [1, -5, 100, 1, -5, 100], 'bias');
  const br = cd.conv2d(tensor([1, 1, 2, 2], [1, 2, 3, 4]), tensor([1, 1, 2, 3], [1, 10, 100, -1, -10, -100]), {
    bias: [2, 5, 200],
    activation: 'relu',
  });
  assertExact(br.data, [1, 0, 100, 1, 0, 100], 'bias + relu');
  const b6 = cd.conv2d(tensor([1, 1, 2, 2], [1, 2, 3, 4]), tensor([1, 1, 2, 3], [1, 10, 100, -1, -10, -100]), {
    bias: [2, 5, 200],
    activation: 'relu6',
  });
  assertExact(b6.data, [1, 0, 6, 1, 0, 6], 'bias + relu6');
  // Strides and dilations.
  const s = cd.conv2d(iota([1, 5, 5, 1]), ones([1, 1, 1, 1]), { strides: [2, 3] });
  assertExact(s.data, [0, 3, 10, 13, 20, 23], 'strides [2, 3]');
  const d = cd.conv2d(iota([1, 4, 4, 1]), ones([2, 2, 1, 1]), { dilations: 2 });
  assertExact(d.data, [20, 24, 36, 40], 'dilations 2');
  // Explicit padding, asymmetric.
  const p = cd.conv2d(iota([1, 2, 2, 1], 1), ones([2, 2, 1, 1]), {
    padding: [
      [1, 0],
      [0, 1],
    ],
  });
  assert.deepEqual(p.shape, [1, 2, 2, 1]);
  assertExact(p.data, [3, 2, 10, 6], 'padding [[1, 0], [0, 1]]');
  // Batch: each image separately.
  const bt = cd.conv2d(tensor([2, 1, 2, 1], [1, 2, 10, 20]), tensor([1, 2, 1, 1], [1, 1]));
  assertExact(bt.data, [3, 30], 'batch of 2');
});

function randomConvCase(r) {
  const h = r.int(1, 12),
    w = r.int(1, 12);
  const c = r.chance(0.1) ? 64 : r.int(1, 17);
  const outC = r.chance(0.1) ? r.pick([32, 64]) : r.pick(CHANNELS.slice(0, 17));
  const shape = r.chance(0.25) ? [h, w, c] : [r.int(1, 3), h, w, c];
  const kh = r.int(1, 4),
    kw = r.int(1, 4);
  const options = {};
  if (r.chance(0.7)) options.strides = randomPair(r, 1, 4);
  if (r.chance(0.35)) options.dilations = randomPair(r, 1, 3);
  if (r.chance(0.9)) options.padding = randomPadding(r, 3);
  if (r.chance(0.4)) options.bias = Array.from({ length: outC }, () => r.next() * 2 - 1);
  if (r.chance(0.4)) options.activation = r.pick(['linear', 'relu', 'relu6', 'RELU']);
  return { shape, filterShape: [kh, kw, c, outC], options };
}

test('conv2d: agrees with the reference on seeded random cases', () => {
  let valid = 0,
    rejected = 0;
  for (let seed = 5001; seed <= 5200; seed++) {
    const r = rng(seed);
    const { shape, filterShape, options } = randomConvCase(r);
    const x = randomTensor(r, shape, -2, 2);
    const filter = randomTensor(r, filterShape);
    const want = ref.conv2d(x, filter, { ...options, activation: options.activation?.toLowerCase() });
    const context = `seed ${seed} ${describeCase({ shape, filterShape, options })}`;
    if (want === null) {
      assert.throws(() => cd.conv2d(x, filter, options), RangeError, context);
      rejected++;
      continue;
    }
    assertAgrees(cd.conv2d(x, filter, options), want, context);
    valid++;
  }
  assert.ok(valid >= 150 && rejected >= 3, `${valid} valid, ${rejected} rejected`);
});

test('conv2d: the one-channel 3x3 fast path and wide rows agree with the reference', () => {
  const r = rng(55);
  for (const [h, w] of [
    [1, 1],
    [3, 3],
    [5, 37],
    [17, 64],
    [40, 41],
  ]) {
    for (const padding of [
      'valid',
      'same',
      2,
      [
        [0, 2],
        [1, 0],
      ],
    ]) {
      for (const strides of [1, 2, [1, 3]]) {
        for (const dilations of [1, 2]) {
          const x = randomTensor(r, [2, h, w, 1]);
          const filter = randomTensor(r, [3, 3, 1, 1]);
          const o = { padding, strides, dilations, bias: [0.25], activation: r.pick(['linear', 'relu']) };
          const want = ref.conv2d(x, filter, o);
          const context = `[${h}, ${w}] ${describeCase(o)}`;
          if (want === null) {
            assert.throws(() => cd.conv2d(x, filter, o), RangeError, context);
            continue;
          }
          assertAgrees(cd.conv2d(x, filter, o), want, context);
        }
      }
    }
  }
});

test('conv2d: option normalisation', () => {
  const r = rng(56);
  const x = randomTensor(r, [2, 7, 9, 3]);
  const filter = randomTensor(r, [3, 2, 3, 5]);
  const same = (a, b, what) => {
    const ra = cd.conv2d(x, filter, a),
      rb = cd.conv2d(x, filter, b);
    assert.deepEqual(ra.shape, rb.shape, what);
    assertExact(ra.data, rb.data, what, { signedZero: true });
  };
  same(undefined, { strides: 1, padding: 'valid', dilations: 1, activation: 'linear' }, 'defaults (Keras)');
  same({}, null, '{} = null');
  same({ strides: 2 }, { strides: [2, 2] }, 'strides 2 = [2, 2]');
  same({ dilations: 2 }, { dilations: [2, 2] }, 'dilations 2 = [2, 2]');
  same({ padding: 'SAME' }, { padding: 'same' }, "'SAME' = 'same'");
  same({ padding: 'VALID' }, { padding: 0 }, "'VALID' = 0");
  same(
    { padding: 1 },
    {
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
    'number padding',
  );
  same(
    {
      padding: [
        [1, 2],
        [0, 1],
      ],
    },
    {
      padding: [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ],
    },
    'TF 4-entry form',
  );
  same(
    { padding: 'same' },
    {
      padding: [
        [1, 1],
        [0, 1],
      ],
    },
    "'same' = [[1, 1], [0, 1]] for a 3x2 filter",
  );
  same(
    { padding: 'same', strides: 2 },
    {
      padding: [
        [1, 1],
        [0, 1],
      ],
      strides: 2,
    },
    "'same' with stride 2 = [[1, 1], [0, 1]]",
  );
  same({ activation: 'RELU' }, { activation: 'relu' }, 'activation is case-insensitive');
  const bias = [0.5, -1, 2, 0, 3];
  same({ bias }, { bias: Float32Array.from(bias) }, 'bias: number[] = Float32Array');
  same({ bias }, { bias: { shape: [5], data: Float32Array.from(bias) } }, 'bias: number[] = tensor');
  same({ bias: undefined }, { bias: [0, 0, 0, 0, 0] }, 'no bias = zeros');
  same({ bias: null }, {}, 'bias null = no bias');
  const relu = cd.relu(cd.conv2d(x, filter, { bias }));
  assertExact(cd.conv2d(x, filter, { bias, activation: 'relu' }).data, relu.data, 'fused relu = relu(conv2d)', {
    signedZero: true,
  });
});

test('conv2d: rank-3 input is returned as rank 3', () => {
  const r = rng(57);
  const x = randomTensor(r, [6, 5, 4]);
  const filter = randomTensor(r, [3, 3, 4, 2]);
  const r3 = cd.conv2d(x, filter, { padding: 'same' });
  assert.deepEqual(r3.shape, [6, 5, 2]);
  assertExact(
    r3.data,
    cd.conv2d({ shape: [1, 6, 5, 4], data: x.data }, filter, { padding: 'same' }).data,
    'rank 3 = rank 4',
  );
});

test('conv2d: numbers (NaN, ±inf, ±0)', () => {
  // A NaN input reaches exactly the outputs whose window covers it.
  const x = tensor([1, 4, 4, 1], new Float32Array(16).fill(1));
  x.data[5] = NaN; // (1, 1)
  const r = cd.conv2d(x, ones([2, 2, 1, 1]));
  assertExact(r.data, [NaN, NaN, 4, NaN, NaN, 4, 4, 4, 4], 'NaN at (1, 1), 2x2 filter');
  // Through the SIMD-over-output-channels path and a fused ReLU: still NaN (ReLU keeps NaN).
  const xc = tensor([1, 3, 3, 5], new Float32Array(45).fill(1));
  xc.data[4 * 5 + 2] = NaN; // centre pixel, channel 2
  const rc = cd.conv2d(xc, ones([3, 3, 5, 6]), { activation: 'relu' });
  assertExact(rc.data, new Array(6).fill(NaN), 'NaN through 5 -> 6 channels + relu');
  // inf times a zero weight is NaN (IEEE); inf times a positive weight stays inf.
  assertExact(cd.conv2d(tensor([1, 1, 2, 1], [Infinity, 1]), tensor([1, 2, 1, 1], [0, 1])).data, [NaN], 'inf * 0');
  assertExact(cd.conv2d(tensor([1, 1, 2, 1], [Infinity, 1]), tensor([1, 2, 1, 1], [2, 1])).data, [Infinity], 'inf * 2');
  assertExact(
    cd.conv2d(tensor([1, 1, 2, 1], [Infinity, -Infinity]), tensor([1, 2, 1, 1], [1, 1])).data,
    [NaN],
    'inf + -inf',
  );
  // Padding is made of real zeros: an infinite weight over a padded cell gives NaN.
  assertExact(
    cd.conv2d(tensor([1, 1, 1, 1], [1]), tensor([1, 2, 1, 1], [1, Infinity]), {
      padding: [
        [0, 0],
        [0, 1],
      ],
    }).data,
    [NaN],
    'inf weight over padding',
  );
  // A NaN bias makes every output of that channel NaN; relu keeps it.
  assertExact(
    cd.conv2d(tensor([1, 1, 2, 1], [1, 2]), tensor([1, 1, 1, 2], [1, 1]), { bias: [NaN, 0], activation: 'relu' }).data,
    [NaN, 1, NaN, 2],
    'NaN bias',
  );
  // Signed zeros: sums start from +0 (or the bias), so -0 inputs give +0 without a bias.
  assertExact(
    cd.conv2d(tensor([1, 1, 2, 1], [-0, -0]), tensor([1, 1, 1, 1], [1])).data,
    [0, 0],
    '-0 * 1 summed from +0',
    { signedZero: true },
  );
  assertExact(
    cd.conv2d(tensor([1, 1, 2, 1], [-0, -0]), tensor([1, 1, 1, 1], [1]), { bias: [-0] }).data,
    [-0, -0],
    '-0 bias + -0',
    { signedZero: true },
  );
  // relu of a negative sum is +0, never -0 or a tiny negative.
  assertExact(
    cd.conv2d(tensor([1, 1, 1, 1], [-2]), tensor([1, 1, 1, 1], [1]), { activation: 'relu' }).data,
    [0],
    'relu(-2) = 0',
    { signedZero: true },
  );
});

test('conv2d: results are fresh arrays', async (t) => {
  const r = rng(58);
  const x = randomTensor(r, [2, 6, 6, 3]);
  const y = randomTensor(r, [2, 6, 6, 3]);
  const filter = randomTensor(r, [3, 3, 3, 4]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x, filter],
    call: (o) => cd.conv2d(x, filter, { padding: 'same', bias: [1, 2, 3, 4], ...o }),
    other: () => cd.conv2d(y, filter, { padding: 'same' }),
  });
});

test('conv2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 4, 4, 2]);
  const filter = ones([2, 2, 2, 1]);
  const canary = () =>
    assertExact(cd.conv2d(iota([1, 3, 3, 1]), tensor([2, 2, 1, 1], [0, 1, 2, 3])).data, [19, 25, 37, 43], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.conv2d(x, filter)),
    ...badTensorRows('filter', (f) => cd.conv2d(good, f), { ranks: [4] }),
    ...badOptionsRows((o) => cd.conv2d(good, filter, o), { outLength: 9 }),
    ...badPairRows('strides', (v) => cd.conv2d(good, filter, { strides: v })),
    ...badPairRows('dilations', (v) => cd.conv2d(good, filter, { dilations: v })),
    ...badPaddingRows((v) => cd.conv2d(good, filter, { padding: v })),
    {
      name: 'filter in-channels 3 vs input channels 2',
      call: () => cd.conv2d(good, ones([2, 2, 3, 1])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'filter in-channels 1 vs input channels 2',
      call: () => cd.conv2d(good, ones([1, 1, 1, 4])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'filter larger than the input',
      call: () => cd.conv2d(good, ones([5, 1, 2, 1])),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'filter larger than the padded input',
      call: () =>
        cd.conv2d(good, ones([1, 7, 2, 1]), {
          padding: [
            [0, 0],
            [1, 1],
          ],
        }),
      error: RangeError,
      param: 'filter',
    },
    {
      name: 'dilated filter larger than the input',
      call: () => cd.conv2d(good, filter, { dilations: [4, 1] }),
      error: RangeError,
      param: /filter|dilations/,
    },
    {
      name: 'bias of the wrong length',
      call: () => cd.conv2d(good, filter, { bias: [1, 2] }),
      error: RangeError,
      param: 'bias',
    },
    { name: 'bias empty', call: () => cd.conv2d(good, filter, { bias: [] }), error: RangeError, param: 'bias' },
    {
      name: 'bias is a string',
      call: () => cd.conv2d(good, filter, { bias: 'zeros' }),
      error: TypeError,
      param: 'bias',
    },
    { name: 'bias is a number', call: () => cd.conv2d(good, filter, { bias: 1 }), error: TypeError, param: 'bias' },
    {
      name: 'bias array holds a string',
      call: () => cd.conv2d(good, filter, { bias: ['1'] }),
      error: TypeError,
      param: 'bias',
    },
    {
      name: 'bias is a Float64Array',
      call: () => cd.conv2d(good, filter, { bias: new Float64Array(1) }),
      error: TypeError,
      param: 'bias',
    },
    {
      name: "activation 'sigmoid'",
      call: () => cd.conv2d(good, filter, { activation: 'sigmoid' }),
      error: RangeError,
      param: 'activation',
    },
    {
      name: 'activation is a function',
      call: () => cd.conv2d(good, filter, { activation: Math.max }),
      error: TypeError,
      param: 'activation',
    },
    {
      name: 'activation null',
      call: () => cd.conv2d(good, filter, { activation: null }),
      error: TypeError,
      param: 'activation',
    },
    {
      name: 'output over the 2 GiB ceiling via padding',
      call: () => cd.conv2d(iota([1, 1, 1, 1]), ones([1, 1, 1, 2]), { padding: 20000 }),
      error: RangeError,
      param: 'output',
    },
    {
      name: 'output over the 2 GiB ceiling via one-sided padding 2^30 - 1',
      call: () =>
        cd.conv2d(iota([1, 1, 1, 1]), ones([1, 1, 1, 1]), {
          padding: [
            [0, 0],
            [0, 2 ** 30 - 1],
          ],
        }),
      error: RangeError,
      param: /output|padding/,
    },
    {
      name: 'padded input over the 2 GiB ceiling via dilation + same',
      call: () => cd.conv2d(iota([1, 2, 2, 1]), ones([2, 2, 1, 1]), { dilations: 40000, padding: 'same' }),
      error: RangeError,
      param: /output|padded input/,
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('conv2d: the heap stays flat over 1,000 calls', () => {
  const r = rng(59);
  const xs = [randomTensor(r, [1, 16, 16, 1]), randomTensor(r, [2, 9, 7, 6])];
  const fs = [randomTensor(r, [3, 3, 1, 1]), randomTensor(r, [3, 3, 6, 4])];
  assertHeapFlat(cd, (i) => cd.conv2d(xs[i % 2], fs[i % 2], { padding: 'same', activation: 'relu' }));
});

// The committed reference fixtures (tests/js-fixtures/, moved from the pooling family's kit).
fixtureTests(cd, 'conv2d');
