// maxPool2d: keras MaxPooling2D / tf.nn.max_pool2d semantics, with PyTorch's ceil mode and
// dilation as options. Runs once per build (CONDENSE_SIMD=true / false).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBothLayouts, numericPad } from '../js-helpers/family.mjs';
import { iota, randomTensor, rng, tensor, describeCase } from '../js-helpers/random.mjs';
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
import { assertHeapFlat, randomPoolCase } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'maxPool2d';

const x4 = iota([1, 4, 4, 1]); // 0..15
const x3 = iota([1, 3, 3, 1]); // 0..8

function maxRef(x, o) {
  const poolSize = o.poolSize ?? 2;
  return ref.pool2d(x, { ...o, type: 'max', window: poolSize, strides: o.strides ?? poolSize });
}

test('maxPool2d: SEMANTICS §2 worked examples, exact', () => {
  const cases = [
    ['2x2, stride 1, valid (d2l)', x4, { poolSize: 2, strides: 1 }, [1, 3, 3, 1], [5, 6, 7, 9, 10, 11, 13, 14, 15]],
    ['3x3 input 0..8, 2x2, stride 1', x3, { poolSize: 2, strides: 1 }, [1, 2, 2, 1], [4, 5, 7, 8]],
    ['3x3, stride = window (default), valid', x4, { poolSize: 3 }, [1, 1, 1, 1], [10]],
    [
      '3x3, stride 2, explicit symmetric pad 1 (PyTorch padding=1)',
      x4,
      { poolSize: 3, strides: 2, padding: 1 },
      [1, 2, 2, 1],
      [5, 7, 13, 15],
    ],
    [
      "3x3, stride 2, TF 'same' (pad 0 before, 1 after)",
      x4,
      { poolSize: 3, strides: 2, padding: 'same' },
      [1, 2, 2, 1],
      [10, 11, 14, 15],
    ],
    [
      'window 2x3, stride (2,3), pad (0,1)',
      x4,
      {
        poolSize: [2, 3],
        strides: [2, 3],
        padding: [
          [0, 0],
          [1, 1],
        ],
      },
      [1, 2, 2, 1],
      [5, 7, 13, 15],
    ],
  ];
  for (const [name, x, options, shape, want] of cases) {
    const r = cd.maxPool2d(x, options);
    assert.deepEqual(r.shape, shape, name);
    assertExact(r.data, want, name);
  }
  // A second channel x + 1 (interleaved NHWC): [[6, 8], [14, 16]].
  const two = tensor(
    [1, 4, 4, 2],
    Array.from({ length: 32 }, (_, i) => (i >> 1) + (i & 1)),
  );
  const r = cd.maxPool2d(two, {
    poolSize: [2, 3],
    strides: [2, 3],
    padding: [
      [0, 0],
      [1, 1],
    ],
  });
  assert.deepEqual(r.shape, [1, 2, 2, 2]);
  assertExact(r.data, [5, 6, 7, 8, 13, 14, 15, 16], 'two channels');
});

test("maxPool2d: TF 'same' puts the odd pad at the end, 'same_lower' at the beginning", () => {
  // 4x4 0..15, 2x2 window, stride 1: need = 1 per axis.
  const same = cd.maxPool2d(x4, { poolSize: 2, strides: 1, padding: 'same' });
  assert.deepEqual(same.shape, [1, 4, 4, 1]);
  assertExact(same.data, [5, 6, 7, 7, 9, 10, 11, 11, 13, 14, 15, 15, 13, 14, 15, 15], 'same');
  const lower = cd.maxPool2d(x4, { poolSize: 2, strides: 1, padding: 'same_lower' });
  assertExact(lower.data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 'same_lower');
  // 'same' with a window larger than the input (TF allows it): 3x3 input, 5x5 window, stride 1.
  const big = cd.maxPool2d(x3, { poolSize: 5, strides: 1, padding: 'same' });
  assert.deepEqual(big.shape, [1, 3, 3, 1]);
  assertExact(big.data, [8, 8, 8, 8, 8, 8, 8, 8, 8], 'window 5 over 3x3, same');
  // 'same' with stride 3 on 4 -> ceil(4/3) = 2 outputs, need = 3 + 2 - 4 = 1 -> [0, 1].
  const s3 = cd.maxPool2d(x4, { poolSize: 2, strides: 3, padding: 'same' });
  assertExact(s3.data, [5, 7, 13, 15], 'stride 3, same');
});

test('maxPool2d: ceilMode follows the PyTorch rule', () => {
  const x5 = iota([1, 5, 5, 1]);
  // floor: 2 outputs; ceil: 3 (the last window holds only row/column 4).
  assert.deepEqual(cd.maxPool2d(x5, { poolSize: 2 }).shape, [1, 2, 2, 1]);
  const c = cd.maxPool2d(x5, { poolSize: 2, ceilMode: true });
  assert.deepEqual(c.shape, [1, 3, 3, 1]);
  assertExact(c.data, [6, 8, 9, 16, 18, 19, 21, 23, 24], 'ceil, valid');
  // n=5, k=2, s=2, pad 1: ceil gives 4, but window 3 would start at 6 >= 5 + 1 -> dropped: 3.
  const p = cd.maxPool2d(x5, { poolSize: 2, strides: 2, padding: 1, ceilMode: true });
  assert.deepEqual(p.shape, [1, 3, 3, 1]);
  assertExact(p.data, [0, 2, 4, 10, 12, 14, 20, 22, 24], 'ceil, pad 1');
  // 4x4, k=3, s=2, no pad: floor 1, ceil 2 (second window 2..4 overhangs by one).
  const o = cd.maxPool2d(x4, { poolSize: 3, strides: 2, ceilMode: true });
  assertExact(o.data, [10, 11, 14, 15], 'ceil overhang');
  // ceilMode with 'same' has no meaning: RangeError naming ceilMode.
  assert.throws(
    () => cd.maxPool2d(x4, { padding: 'same', ceilMode: true }),
    (e) => e instanceof RangeError && /^maxPool2d: .*ceilMode/.test(e.message),
  );
});

test('maxPool2d: agrees exactly with the reference on seeded random cases', () => {
  let valid = 0,
    rejected = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const r = rng(seed);
    const { shape, options } = randomPoolCase(r);
    const x = randomTensor(r, shape);
    const want = maxRef(x, options);
    const context = `seed ${seed} ${describeCase({ shape, options })}`;
    if (want === null) {
      assert.throws(() => cd.maxPool2d(x, options), RangeError, context);
      rejected++;
      continue;
    }
    assertAgrees(cd.maxPool2d(x, options), want, context, { exact: true });
    valid++;
  }
  assert.ok(valid >= 250, `${valid} valid cases`);
  assert.ok(rejected >= 5, `${rejected} rejected cases`);
});

test('maxPool2d: fast paths (2x2/s2, 3x3/s2) and wide one-channel rows agree with the reference', () => {
  const r = rng(77);
  for (const c of [1, 3, 4, 8, 16, 17, 64]) {
    for (const [k, s] of [
      [2, 2],
      [3, 2],
      [3, 1],
      [2, 1],
      [5, 3],
    ]) {
      for (const padding of ['valid', 'same', 1]) {
        const x = randomTensor(r, [2, 23, 37, c]);
        const o = { poolSize: k, strides: s, padding };
        assertAgrees(cd.maxPool2d(x, o), maxRef(x, o), `c=${c} ${describeCase(o)}`, { exact: true });
      }
    }
  }
});

test('maxPool2d: option normalisation', () => {
  const x = randomTensor(rng(5), [2, 7, 9, 3]);
  const same = (a, b, what) => {
    const ra = cd.maxPool2d(x, a),
      rb = cd.maxPool2d(x, b);
    assert.deepEqual(ra.shape, rb.shape, what);
    assertExact(ra.data, rb.data, what, { signedZero: true });
  };
  same({ poolSize: 2 }, { poolSize: [2, 2] }, '2 = [2, 2]');
  same({ poolSize: 3, strides: 2 }, { poolSize: [3, 3], strides: [2, 2] }, 'strides 2 = [2, 2]');
  same(
    { poolSize: 2, dilations: 2, strides: 1 },
    { poolSize: 2, dilations: [2, 2], strides: 1 },
    'dilations 2 = [2, 2]',
  );
  same(undefined, { poolSize: 2, strides: 2, padding: 'valid', dilations: 1, ceilMode: false }, 'defaults (Keras)');
  same({}, null, '{} = null');
  same({}, undefined, '{} = undefined');
  same({ poolSize: [2, 3] }, { poolSize: [2, 3], strides: [2, 3] }, 'strides default to poolSize');
  same({ poolSize: 3 }, { poolSize: 3, strides: 3 }, 'strides default to poolSize (number)');
  for (const s of ['SAME', 'Same', 'SAME_UPPER', 'same_upper'])
    same({ poolSize: 3, padding: s }, { poolSize: 3, padding: 'same' }, `padding ${s} = 'same'`);
  for (const s of ['VALID', 'Valid', 0])
    same({ poolSize: 3, padding: s }, { poolSize: 3, padding: 'valid' }, `padding ${s} = 'valid'`);
  same({ poolSize: 3, padding: 'SAME_LOWER' }, { poolSize: 3, padding: 'same_lower' }, 'SAME_LOWER = same_lower');
  same(
    { poolSize: 3, strides: 1, padding: 1 },
    {
      poolSize: 3,
      strides: 1,
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
    'number padding = [[p, p], [p, p]]',
  );
  same(
    {
      poolSize: 3,
      strides: 1,
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
    {
      poolSize: 3,
      strides: 1,
      padding: [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    },
    'TF 4-entry form',
  );
  same(
    { poolSize: 2, strides: 1, padding: 'same' },
    {
      poolSize: 2,
      strides: 1,
      padding: [
        [0, 1],
        [0, 1],
      ],
    },
    "'same' = pad at the end",
  );
  same(
    { poolSize: 2, strides: 1, padding: 'same_lower' },
    {
      poolSize: 2,
      strides: 1,
      padding: [
        [1, 0],
        [1, 0],
      ],
    },
    "'same_lower' = pad at the start",
  );
  same({ poolSize: 3, strides: 2, ceilMode: false }, { poolSize: 3, strides: 2 }, 'ceilMode false is the default');
});

test('maxPool2d: rank-3 input is returned as rank 3, same values as the rank-4 form', () => {
  const x = randomTensor(rng(9), [6, 5, 4]);
  const r3 = cd.maxPool2d(x, { poolSize: 2, strides: 1 });
  const r4 = cd.maxPool2d({ shape: [1, 6, 5, 4], data: x.data }, { poolSize: 2, strides: 1 });
  assert.deepEqual(r3.shape, [5, 4, 4]);
  assert.deepEqual(r4.shape, [1, 5, 4, 4]);
  assertExact(r3.data, r4.data, 'rank 3 = rank 4');
});

test('maxPool2d: numbers (NaN, ±inf, ±0)', () => {
  // A NaN anywhere in a window gives NaN, for every position of the NaN and every kernel path
  // (one channel: column pass; several: SIMD over channels with a tail).
  for (const c of [1, 2, 4, 5, 17]) {
    for (let pos = 0; pos < 9; pos++) {
      const x = tensor([1, 3, 3, c], new Float32Array(9 * c).fill(-2));
      for (let ch = 0; ch < c; ch++) x.data[pos * c + ch] = ch % 2 ? NaN : 1;
      const r = cd.maxPool2d(x, { poolSize: 3 });
      const want = Array.from({ length: c }, (_, ch) => (ch % 2 ? NaN : 1));
      assertExact(r.data, want, `3x3 window, value at ${pos}, c=${c}`);
    }
  }
  // NaN only in windows that contain it (wide one-channel row: interior and border windows).
  const row = tensor(
    [1, 1, 20, 1],
    Array.from({ length: 20 }, (_, i) => i),
  );
  row.data[9] = NaN;
  const rr = cd.maxPool2d(row, {
    poolSize: [1, 3],
    strides: [1, 2],
    padding: [
      [0, 0],
      [1, 1],
    ],
  });
  assertExact(rr.data, [1, 3, 5, 7, NaN, NaN, 13, 15, 17, 19], 'NaN reaches only its windows');
  // NaN next to +inf still gives NaN, in either order.
  assertExact(cd.maxPool2d(tensor([1, 1, 2, 1], [Infinity, NaN]), { poolSize: [1, 2] }).data, [NaN], 'inf then NaN');
  assertExact(cd.maxPool2d(tensor([1, 1, 2, 1], [NaN, Infinity]), { poolSize: [1, 2] }).data, [NaN], 'NaN then inf');
  // Infinities.
  assertExact(
    cd.maxPool2d(tensor([1, 2, 2, 1], [-Infinity, -Infinity, -Infinity, -Infinity])).data,
    [-Infinity],
    'all -inf',
  );
  assertExact(cd.maxPool2d(tensor([1, 2, 2, 1], [-Infinity, 3, Infinity, -1])).data, [Infinity], '+inf wins');
  // Padded cells are ignored, never a 0 or -inf that could win: all -inf with padding stays -inf.
  assertExact(
    cd.maxPool2d(tensor([1, 1, 1, 1], [-Infinity]), { poolSize: 3, strides: 1, padding: 1 }).data,
    [-Infinity],
    'padding is not a value',
  );
  assertExact(
    cd.maxPool2d(tensor([1, 1, 1, 1], [-5]), { poolSize: 3, strides: 1, padding: 'same' }).data,
    [-5],
    'padding is not 0',
  );
});

test('maxPool2d: ±0 ties keep the first value in row-major window order', () => {
  // [a, b; c, d] windows. The max is a zero; the first zero in row-major order wins.
  const cases = [
    [[-0, 0, 0, 0], -0],
    [[0, -0, -0, -0], 0],
    [[-1, -0, 0, -1], -0],
    [[-1, 0, -0, -1], 0],
    [[-1, -1, -0, 0], -0],
    [[-1, -1, 0, -0], 0],
  ];
  for (const c of [1, 2, 5]) {
    for (const [window, want] of cases) {
      const x = tensor(
        [1, 2, 2, c],
        window.flatMap((v) => new Array(c).fill(v)),
      );
      const r = cd.maxPool2d(x, { poolSize: 2 });
      assertExact(
        r.data,
        new Array(c).fill(want),
        `window [${window.map((v) => (Object.is(v, -0) ? '-0' : v))}], c=${c}`,
        { signedZero: true },
      );
    }
  }
  // Also through the wide one-channel path (interior windows of a long row pair).
  const w = 16;
  const data = new Float32Array(2 * w).fill(-1);
  for (let i = 0; i < w; i += 2) {
    data[i + 1] = -0;
    data[w + i] = 0;
  } // top: [-1, -0], bottom: [0, -1]
  const r = cd.maxPool2d(tensor([1, 2, w, 1], data), { poolSize: 2 });
  assertExact(r.data, new Array(w / 2).fill(-0), 'wide one-channel rows: [-1, -0; 0, -1] -> -0', { signedZero: true });
});

test('maxPool2d: peer defect regressions (SEMANTICS §4)', () => {
  // tfjs-wasm FLT_MIN: an all-negative window returns its true maximum, not 1.17e-38 or 0.
  for (const c of [1, 3, 4, 8, 17]) {
    const x = tensor(
      [1, 4, 4, c],
      Array.from({ length: 16 * c }, (_, i) => -3 - i),
    );
    const r = cd.maxPool2d(x, { poolSize: 2, strides: 2 });
    const want = ref.pool2d(x, { type: 'max', window: 2, strides: 2 }).data;
    assertExact(r.data, want, `all-negative, c=${c}`);
    assert.ok(
      r.data.every((v) => v <= -3),
      'every max is negative',
    );
  }
  const neg = cd.maxPool2d(tensor([1, 2, 2, 1], [-3, -4, -5, -6]));
  assertExact(neg.data, [-3], 'window of -3..-6 gives -3');
  const tiny = cd.maxPool2d(tensor([1, 2, 2, 1], [-1e-30, -1, -2, -3]));
  assertExact(tiny.data, [Math.fround(-1e-30)], 'a tiny negative max is kept');
  // tfjs-wasm ceil mode half-written output: 5x5 ones, window 2, stride 2, pad 1, ceil -> all 1.
  const ones = tensor([1, 5, 5, 1], new Float32Array(25).fill(1));
  const c = cd.maxPool2d(ones, { poolSize: 2, strides: 2, padding: 1, ceilMode: true });
  assert.deepEqual(c.shape, [1, 3, 3, 1]);
  assertExact(c.data, new Array(9).fill(1), 'every ceil-mode output is written');
  // tfjs numeric pad: 1x4x6x1, window [2,3], stride [2,3], pad 1 -> width 2 (not 4).
  const x = iota([1, 4, 6, 1]);
  const t = cd.maxPool2d(x, { poolSize: [2, 3], strides: [2, 3], padding: 1 });
  assert.deepEqual(t.shape, [1, 3, 2, 1]);
  assertExact(t.data, [1, 4, 13, 16, 19, 22], 'height and width computed independently');
});

test('maxPool2d: results are fresh arrays', async (t) => {
  const x = randomTensor(rng(3), [2, 6, 6, 5]);
  const y = randomTensor(rng(4), [2, 6, 6, 5]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (o) => cd.maxPool2d(x, { poolSize: 3, strides: 1, padding: 'same', ...o }),
    other: () => cd.maxPool2d(y, { poolSize: 3, strides: 1, padding: 'same' }),
  });
});

test('maxPool2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 4, 4, 1]);
  const canary = () =>
    assertExact(cd.maxPool2d(x4, { poolSize: 3, strides: 2, padding: 'same' }).data, [10, 11, 14, 15], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.maxPool2d(x)),
    ...badOptionsRows((o) => cd.maxPool2d(good, o), { outLength: 4 }),
    ...badPairRows('poolSize', (v) => cd.maxPool2d(good, { poolSize: v, strides: 1 })),
    ...badPairRows('strides', (v) => cd.maxPool2d(good, { strides: v })),
    ...badPairRows('dilations', (v) => cd.maxPool2d(good, { dilations: v })),
    ...badPaddingRows((v) => cd.maxPool2d(good, { padding: v })),
    {
      name: 'ceilMode is a string',
      call: () => cd.maxPool2d(good, { ceilMode: 'yes' }),
      error: TypeError,
      param: 'ceilMode',
    },
    { name: 'ceilMode is 1', call: () => cd.maxPool2d(good, { ceilMode: 1 }), error: TypeError, param: 'ceilMode' },
    {
      name: "ceilMode with 'same'",
      call: () => cd.maxPool2d(good, { ceilMode: true, padding: 'same' }),
      error: RangeError,
      param: 'ceilMode',
    },
    {
      name: 'window larger than the input',
      call: () => cd.maxPool2d(good, { poolSize: 5 }),
      error: RangeError,
      param: 'poolSize',
    },
    {
      name: 'window [1, 6] larger than the padded input width 5',
      call: () =>
        cd.maxPool2d(good, {
          poolSize: [1, 6],
          padding: [
            [0, 0],
            [1, 0],
          ],
        }),
      error: RangeError,
      param: 'poolSize',
    },
    {
      name: 'dilated window (2 dilated to 5) larger than the input',
      call: () => cd.maxPool2d(good, { poolSize: 2, dilations: 4 }),
      error: RangeError,
      param: /poolSize|dilations/,
    },
    {
      name: 'a window entirely in the padding',
      call: () => cd.maxPool2d(good, { poolSize: 2, strides: 2, padding: 2 }),
      error: RangeError,
      param: 'padding',
    },
    {
      name: 'a window entirely in the padding (dilated)',
      call: () => cd.maxPool2d(iota([1, 1, 1, 1]), { poolSize: 2, strides: 1, dilations: 5, padding: 'same' }),
      error: RangeError,
      param: 'padding',
    },
    {
      name: 'output over the 2 GiB ceiling (1x1 input, window 24000, pad 23999: 24000x24000 output)',
      call: () => cd.maxPool2d(iota([1, 1, 1, 1]), { poolSize: 24000, strides: 1, padding: 23999 }),
      error: RangeError,
      param: 'output',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('maxPool2d: the heap stays flat over 1,000 calls', () => {
  const xs = [randomTensor(rng(1), [1, 16, 16, 1]), randomTensor(rng(2), [2, 9, 7, 6])];
  assertHeapFlat(cd, (i) => cd.maxPool2d(xs[i % 2], { poolSize: 3, strides: 2, padding: 'same' }));
});

// ---- moved from the pooling family's kit (tests/js-family/) --------------------------------

test('maxPool2d: tfjs-wasm ceil mode writes the whole ceil-sized output (5x5 ones, window 2, stride 2, pad 1)', () => {
  // The peer allocates the ceil size but its kernel writes the floor size: the rest stays 0.
  const ones = { shape: [1, 5, 5, 1], data: new Float32Array(25).fill(1) };
  const max = cd.maxPool2d(ones, { poolSize: 2, strides: 2, padding: 1, ceilMode: true });
  assert.deepEqual(max.shape, [1, 3, 3, 1]);
  assert.deepEqual(Array.from(max.data), new Array(9).fill(1));
});

test('maxPool2d: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.maxPool2d(numericPad.x, numericPad.options).shape, numericPad.shape, 'maxPool2d');
});

test('maxPool2d: onnxruntime-web is NCHW-only: condense takes both layouts and returns each in its own', () => {
  assertBothLayouts(assert, cd, 'maxPool2d', { poolSize: 2 });
});

fixtureTests(cd, 'maxPool2d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };
const ceilOne = { shape: [1, 1, 1, 1], data: new Float32Array([5]) };
const ceilO1 = { poolSize: 4, strides: 4, padding: 1, ceilMode: true, layout: 'NCHW' };

test('maxPool2d: ceilMode partial window longer than the input (F.max_pool2d values)', () => {
  // F.max_pool2d(x, 3, 3, ceil_mode=True) -> [[[[4]]]]
  const r = cd.maxPool2d(ceilX, ceilO);
  assert.deepEqual(r.shape, [1, 1, 1, 1]);
  assert.deepEqual(Array.from(r.data), [4]);
  // F.max_pool2d([[5]], 4, 4, padding=1, ceil_mode=True) -> [[[[5]]]]
  assert.deepEqual(Array.from(cd.maxPool2d(ceilOne, ceilO1).data), [5]);
  // GoogLeNet: nn.MaxPool2d(3, stride=2, ceil_mode=True) on a 2x2 map -> 1x1.
  const g = cd.maxPool2d(
    { shape: [1, 2, 2, 3], data: new Float32Array(12).map((_, i) => i) },
    {
      poolSize: 3,
      strides: 2,
      ceilMode: true,
    },
  );
  assert.deepEqual(g.shape, [1, 1, 1, 3]);
  assert.deepEqual(Array.from(g.data), [9, 10, 11]);
  assert.deepEqual(cd.outputShape('maxPool2d', [1, 1, 2, 2], ceilO), [1, 1, 1, 1]);
  // Without ceilMode, or when the window overhangs by a stride or more: a RangeError.
  assert.throws(
    () => cd.maxPool2d(ceilX, { ...ceilO, ceilMode: false }),
    /^RangeError: maxPool2d: poolSize height \(3\)/,
  );
  assert.throws(() => cd.maxPool2d(ceilX, { ...ceilO, strides: 1 }), /^RangeError: maxPool2d: poolSize height \(3\)/);
});
