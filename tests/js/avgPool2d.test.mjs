// avgPool2d: keras AveragePooling2D / tf.nn.avg_pool2d semantics (padded cells excluded from
// the divisor), with PyTorch's countIncludePad, divisorOverride and ceil mode as options.
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
  assertTensor,
  badInputTable,
  badOptionsRows,
  badPaddingRows,
  badPairRows,
  badTensorRows,
  freshOutputTests,
} from '../js-helpers/checks.mjs';
import { assertHeapFlat, randomPoolCase } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'avgPool2d';
const f = Math.fround;

const x4 = iota([1, 4, 4, 1]); // 0..15
const x3 = iota([1, 3, 3, 1]); // 0..8

function avgRef(x, o) {
  const poolSize = o.poolSize ?? 2;
  return ref.pool2d(x, { ...o, type: 'avg', window: poolSize, strides: o.strides ?? poolSize });
}

test('avgPool2d: SEMANTICS §2 worked examples, exact', () => {
  const cases = [
    ['3x3 input 0..8, 2x2, stride 1', x3, { poolSize: 2, strides: 1 }, [1, 2, 2, 1], [2, 3, 5, 6]],
    ["3x3, stride 2, TF 'same'", x4, { poolSize: 3, strides: 2, padding: 'same' }, [1, 2, 2, 1], [5, 6.5, 11, 12.5]],
    [
      '3x3, stride 2, pad 1, pads excluded (default)',
      x4,
      { poolSize: 3, strides: 2, padding: 1 },
      [1, 2, 2, 1],
      [2.5, 4, 8.5, 10],
    ],
    [
      '3x3, stride 2, pad 1, countIncludePad',
      x4,
      { poolSize: 3, strides: 2, padding: 1, countIncludePad: true },
      [1, 2, 2, 1],
      [f(10 / 9), f(24 / 9), f(51 / 9), 10],
    ],
    [
      "3x3 input 1..9, 2x2, stride 2, 'same'",
      iota([1, 3, 3, 1], 1),
      { poolSize: 2, strides: 2, padding: 'same' },
      [1, 2, 2, 1],
      [3, 4.5, 7.5, 9],
    ],
  ];
  for (const [name, x, options, shape, want] of cases) {
    const r = cd.avgPool2d(x, options);
    assert.deepEqual(r.shape, shape, name);
    assertExact(r.data, want, name);
  }
  // TF 'same' pooling is not zero padding + 'valid': the divisor counts only in-bounds cells.
  const zeroPadded = cd.avgPool2d(x4, {
    poolSize: 3,
    strides: 2,
    padding: [
      [0, 1],
      [0, 1],
    ],
    countIncludePad: true,
  });
  assertExact(zeroPadded.data, [5, f(39 / 9), f(66 / 9), f(50 / 9)], "zero padding + count is not 'same'");
});

test('avgPool2d: countIncludePad and ceilMode (PyTorch: pad cells count, the overhang does not)', () => {
  const ones4 = tensor([1, 4, 4, 1], new Float32Array(16).fill(1));
  // Windows per axis: [-1, 1] (3 taps inside the padding), [1, 3], [3, 5] (taps 3 and 4 inside
  // n + pad = 5, tap 5 is overhang).
  const o = { poolSize: 3, strides: 2, padding: 1, ceilMode: true };
  const inc = cd.avgPool2d(ones4, { ...o, countIncludePad: true });
  assert.deepEqual(inc.shape, [1, 3, 3, 1]);
  assertExact(
    inc.data,
    [f(4 / 9), f(6 / 9), f(2 / 6), f(6 / 9), 1, 0.5, f(2 / 6), 0.5, 0.25],
    'count_include_pad with ceil overhang',
  );
  assertExact(cd.avgPool2d(ones4, o).data, new Array(9).fill(1), 'pads excluded: every average of ones is 1');
  // Without ceil mode the divisor is the full window wherever it lies inside n + 2p.
  const noCeil = cd.avgPool2d(ones4, { poolSize: 3, strides: 1, padding: 1, countIncludePad: true });
  assertExact(
    noCeil.data,
    [4, 6, 6, 4, 6, 9, 9, 6, 6, 9, 9, 6, 4, 6, 6, 4].map((v) => f(v / 9)),
    'pad 1, stride 1',
  );
  // Valid + ceil: the overhang never counts.
  const x5 = iota([1, 5, 5, 1]);
  const vc = cd.avgPool2d(x5, { poolSize: 2, ceilMode: true, countIncludePad: true });
  assertExact(vc.data, [3, 5, 6.5, 13, 15, 16.5, 20.5, 22.5, 24], 'valid + ceil: divisor is the in-bounds count');
});

test('avgPool2d: divisorOverride replaces the divisor', () => {
  const r = cd.avgPool2d(x4, { poolSize: 2, divisorOverride: 2 });
  assertExact(r.data, [5, 9, 21, 25], 'sums / 2');
  const p = cd.avgPool2d(x4, { poolSize: 3, strides: 2, padding: 1, divisorOverride: 3 });
  assertExact(p.data, [10 / 3, 24 / 3, 51 / 3, 90 / 3].map(f), 'with padding');
  const both = cd.avgPool2d(x4, { poolSize: 3, strides: 2, padding: 1, divisorOverride: 3, countIncludePad: true });
  assertExact(both.data, p.data, 'divisorOverride wins over countIncludePad');
});

test('avgPool2d: agrees with the reference on seeded random cases', () => {
  let valid = 0,
    rejected = 0;
  for (let seed = 1001; seed <= 1400; seed++) {
    const r = rng(seed);
    const { shape, options } = randomPoolCase(r);
    if (r.chance(0.3)) options.countIncludePad = true;
    if (r.chance(0.1)) options.divisorOverride = r.int(1, 7);
    const x = randomTensor(r, shape);
    const want = avgRef(x, options);
    const context = `seed ${seed} ${describeCase({ shape, options })}`;
    if (want === null) {
      assert.throws(() => cd.avgPool2d(x, options), RangeError, context);
      rejected++;
      continue;
    }
    assertAgrees(cd.avgPool2d(x, options), want, context);
    valid++;
  }
  assert.ok(valid >= 250, `${valid} valid cases`);
  assert.ok(rejected >= 5, `${rejected} rejected cases`);
});

test('avgPool2d: fast paths (2x2/s2, 3x3/s2) and wide one-channel rows agree with the reference', () => {
  const r = rng(78);
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
        for (const countIncludePad of [false, true]) {
          const o = { poolSize: k, strides: s, padding, countIncludePad };
          assertAgrees(cd.avgPool2d(x, o), avgRef(x, o), `c=${c} ${describeCase(o)}`);
        }
      }
    }
  }
});

test('avgPool2d: option normalisation', () => {
  const x = randomTensor(rng(6), [2, 7, 9, 3]);
  const same = (a, b, what) => {
    const ra = cd.avgPool2d(x, a),
      rb = cd.avgPool2d(x, b);
    assert.deepEqual(ra.shape, rb.shape, what);
    assertExact(ra.data, rb.data, what, { signedZero: true });
  };
  same({ poolSize: 2 }, { poolSize: [2, 2] }, '2 = [2, 2]');
  same({ poolSize: 3, strides: 2 }, { poolSize: [3, 3], strides: [2, 2] }, 'strides 2 = [2, 2]');
  same(undefined, { poolSize: 2, strides: 2, padding: 'valid', countIncludePad: false }, 'defaults (Keras)');
  same({}, null, '{} = null');
  same({ poolSize: [3, 2] }, { poolSize: [3, 2], strides: [3, 2] }, 'strides default to poolSize');
  same({ poolSize: 3, padding: 'SAME' }, { poolSize: 3, padding: 'same' }, "'SAME' = 'same'");
  same({ poolSize: 3, padding: 'VALID' }, { poolSize: 3, padding: 'valid' }, "'VALID' = 'valid'");
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
    'number padding',
  );
  same(
    {
      poolSize: 3,
      strides: 1,
      padding: [
        [1, 2],
        [0, 1],
      ],
    },
    {
      poolSize: 3,
      strides: 1,
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
    { poolSize: 2, strides: 1, padding: 'same' },
    {
      poolSize: 2,
      strides: 1,
      padding: [
        [0, 1],
        [0, 1],
      ],
    },
    "'same' = pad at the end (pads excluded)",
  );
  same(
    { poolSize: 3, strides: 2, padding: 1 },
    { poolSize: 3, strides: 2, padding: 1, countIncludePad: false },
    'countIncludePad false is the default',
  );
  // Valid padding: every window is inside the input, so countIncludePad changes nothing.
  same(
    { poolSize: 3, strides: 2 },
    { poolSize: 3, strides: 2, countIncludePad: true },
    'countIncludePad without padding',
  );
});

test('avgPool2d: rank-3 input is returned as rank 3', () => {
  const x = randomTensor(rng(10), [5, 6, 7]);
  const r3 = cd.avgPool2d(x, { poolSize: 2, strides: 1 });
  const r4 = cd.avgPool2d({ shape: [1, 5, 6, 7], data: x.data }, { poolSize: 2, strides: 1 });
  assert.deepEqual(r3.shape, [4, 5, 7]);
  assertExact(r3.data, r4.data, 'rank 3 = rank 4');
});

test('avgPool2d: numbers (NaN, ±inf, ±0)', () => {
  for (const c of [1, 2, 4, 5, 17]) {
    const fill = (values) =>
      tensor(
        [1, 2, 2, c],
        values.flatMap((v) => new Array(c).fill(v)),
      );
    const run = (values) => cd.avgPool2d(fill(values)).data;
    assertExact(run([1, NaN, 2, 3]), new Array(c).fill(NaN), `NaN in the window, c=${c}`);
    assertExact(run([1, Infinity, 2, 3]), new Array(c).fill(Infinity), `+inf, c=${c}`);
    assertExact(run([1, -Infinity, 2, 3]), new Array(c).fill(-Infinity), `-inf, c=${c}`);
    assertExact(run([Infinity, 1, 2, -Infinity]), new Array(c).fill(NaN), `+inf and -inf give NaN, c=${c}`);
    assertExact(run([-0, -0, -0, -0]), new Array(c).fill(-0), `all -0 gives -0, c=${c}`, { signedZero: true });
    assertExact(run([-0, 0, -0, -0]), new Array(c).fill(0), `-0 and +0 give +0, c=${c}`, { signedZero: true });
    assertExact(
      run([3.4e38, 3.4e38, 3.4e38, 3.4e38]),
      new Array(c).fill(Infinity),
      `float sum overflows to inf, c=${c}`,
    );
  }
  // Padded cells are not zeros that could dilute an infinity: 'same' over +inf stays +inf.
  assertExact(
    cd.avgPool2d(tensor([1, 1, 1, 1], [Infinity]), { poolSize: 3, strides: 1, padding: 'same' }).data,
    [Infinity],
    'padding is not a value',
  );
  // With countIncludePad the pads count in the divisor but add nothing: -0 / 9 stays -0.
  assertExact(
    cd.avgPool2d(tensor([1, 1, 1, 1], [-0]), { poolSize: 3, strides: 1, padding: 1, countIncludePad: true }).data,
    [-0],
    'countIncludePad over -0',
    { signedZero: true },
  );
  // NaN only in windows that contain it (wide one-channel row).
  const row = tensor(
    [1, 1, 20, 1],
    Array.from({ length: 20 }, (_, i) => i),
  );
  row.data[9] = NaN;
  const rr = cd.avgPool2d(row, { poolSize: [1, 2] });
  assertExact(rr.data, [0.5, 2.5, 4.5, 6.5, NaN, 10.5, 12.5, 14.5, 16.5, 18.5], 'NaN reaches only its window');
});

test('avgPool2d: peer defect regressions (SEMANTICS §4)', () => {
  // tfjs-wasm ceil mode: 5x5 ones, window 2, stride 2, pad 1, ceil -> every output written.
  const ones = tensor([1, 5, 5, 1], new Float32Array(25).fill(1));
  const o = { poolSize: 2, strides: 2, padding: 1, ceilMode: true };
  const ex = cd.avgPool2d(ones, o);
  assert.deepEqual(ex.shape, [1, 3, 3, 1]);
  assertExact(ex.data, new Array(9).fill(1), 'pads excluded');
  assertExact(
    cd.avgPool2d(ones, { ...o, countIncludePad: true }).data,
    [0.25, 0.5, 0.5, 0.5, 1, 1, 0.5, 1, 1],
    'countIncludePad',
  );
  // tfjs numeric pad width bug: 1x4x6x1, window [2,3], stride [2,3], pad 1 -> width 2.
  const t = cd.avgPool2d(iota([1, 4, 6, 1]), { poolSize: [2, 3], strides: [2, 3], padding: 1 });
  assert.deepEqual(t.shape, [1, 3, 2, 1]);
  assertExact(t.data, [0.5, 3, 9.5, 12, 18.5, 21], 'height and width computed independently');
  // ORT ceil_mode + count_include_pad gave NaN or a wrong last value: every value is finite here.
  const big = cd.avgPool2d(randomTensor(rng(12), [1, 7, 7, 3]), {
    poolSize: 3,
    strides: 2,
    padding: 1,
    ceilMode: true,
    countIncludePad: true,
  });
  assert.ok(big.data.every(Number.isFinite), 'no NaN from ceil + countIncludePad');
});

test('avgPool2d: results are fresh arrays', async (t) => {
  const x = randomTensor(rng(13), [2, 6, 6, 5]);
  const y = randomTensor(rng(14), [2, 6, 6, 5]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (o) => cd.avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same', ...o }),
    other: () => cd.avgPool2d(y, { poolSize: 3, strides: 1, padding: 'same' }),
  });
});

test('avgPool2d: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 4, 4, 1]);
  const canary = () =>
    assertExact(cd.avgPool2d(x4, { poolSize: 3, strides: 2, padding: 'same' }).data, [5, 6.5, 11, 12.5], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.avgPool2d(x)),
    ...badOptionsRows((o) => cd.avgPool2d(good, o), { outLength: 4 }),
    ...badPairRows('poolSize', (v) => cd.avgPool2d(good, { poolSize: v, strides: 1 })),
    ...badPairRows('strides', (v) => cd.avgPool2d(good, { strides: v })),
    ...badPairRows('dilations', (v) => cd.avgPool2d(good, { dilations: v })),
    ...badPaddingRows((v) => cd.avgPool2d(good, { padding: v })),
    {
      name: 'countIncludePad is a string',
      call: () => cd.avgPool2d(good, { countIncludePad: 'true' }),
      error: TypeError,
      param: 'countIncludePad',
    },
    {
      name: 'countIncludePad is 1',
      call: () => cd.avgPool2d(good, { countIncludePad: 1 }),
      error: TypeError,
      param: 'countIncludePad',
    },
    {
      name: 'ceilMode is null',
      call: () => cd.avgPool2d(good, { ceilMode: null }),
      error: TypeError,
      param: 'ceilMode',
    },
    {
      name: 'divisorOverride 0',
      call: () => cd.avgPool2d(good, { divisorOverride: 0 }),
      error: RangeError,
      param: 'divisorOverride',
    },
    {
      name: 'divisorOverride negative',
      call: () => cd.avgPool2d(good, { divisorOverride: -2 }),
      error: RangeError,
      param: 'divisorOverride',
    },
    {
      name: 'divisorOverride fractional',
      call: () => cd.avgPool2d(good, { divisorOverride: 1.5 }),
      error: RangeError,
      param: 'divisorOverride',
    },
    {
      name: 'divisorOverride NaN',
      call: () => cd.avgPool2d(good, { divisorOverride: NaN }),
      error: RangeError,
      param: 'divisorOverride',
    },
    {
      name: 'divisorOverride Infinity',
      call: () => cd.avgPool2d(good, { divisorOverride: Infinity }),
      error: RangeError,
      param: 'divisorOverride',
    },
    {
      name: 'divisorOverride a string',
      call: () => cd.avgPool2d(good, { divisorOverride: '2' }),
      error: TypeError,
      param: 'divisorOverride',
    },
    {
      name: "ceilMode with 'same'",
      call: () => cd.avgPool2d(good, { ceilMode: true, padding: 'SAME' }),
      error: RangeError,
      param: 'ceilMode',
    },
    {
      name: 'window larger than the input',
      call: () => cd.avgPool2d(good, { poolSize: [2, 5] }),
      error: RangeError,
      param: 'poolSize',
    },
    {
      name: 'a window entirely in the padding',
      call: () => cd.avgPool2d(good, { poolSize: 1, strides: 1, padding: 1 }),
      error: RangeError,
      param: 'padding',
    },
    {
      name: 'output over the 2 GiB ceiling',
      call: () => cd.avgPool2d(iota([1, 1, 1, 1]), { poolSize: 24000, strides: 1, padding: 23999 }),
      error: RangeError,
      param: 'output',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('avgPool2d: the heap stays flat over 1,000 calls', () => {
  const xs = [randomTensor(rng(1), [1, 16, 16, 1]), randomTensor(rng(2), [2, 9, 7, 6])];
  assertHeapFlat(cd, (i) =>
    cd.avgPool2d(xs[i % 2], { poolSize: 3, strides: 2, padding: 1, countIncludePad: i % 3 === 0 }),
  );
});

// ---- moved from the pooling family's kit (tests/js-family/) --------------------------------

test('avgPool2d: tfjs-wasm ceil mode writes the whole ceil-sized output (5x5 ones, window 2, stride 2, pad 1)', () => {
  const ones = { shape: [1, 5, 5, 1], data: new Float32Array(25).fill(1) };
  const o = { poolSize: 2, strides: 2, padding: 1, ceilMode: true };
  const avg = cd.avgPool2d(ones, o);
  assert.deepEqual(Array.from(avg.data), new Array(9).fill(1), 'padded cells excluded: every average is 1');
  // countIncludePad: corner windows hold 1 input cell of 4 cells inside the padded input; the
  // last row / column windows ([3, 4] and [5]) end at the input's end + pad.
  const inc = cd.avgPool2d(ones, { ...o, countIncludePad: true });
  const want = ref.avgPool2d({ shape: ones.shape, data: Array.from(ones.data) }, { ...o, countIncludePad: true });
  assertTensor(inc, want, 'countIncludePad');
  assert.equal(inc.data[0], 0.25);
});

test('avgPool2d: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.avgPool2d(numericPad.x, numericPad.options).shape, numericPad.shape, 'avgPool2d');
});

test('avgPool2d: ONNX Runtime AveragePool ceil_mode + count_include_pad: the last value is right and finite', () => {
  // 6x6 input 0..35, kernel 3, stride 2, no padding, ceil_mode: 3x3 outputs; the last window of
  // each axis covers input cells 4, 5 and one cell past the end, which PyTorch's divisor does
  // not count (it counts cells inside input + padding only). Peers give NaN or divide by 9.
  const x = { shape: [1, 6, 6, 1], data: Float32Array.from({ length: 36 }, (_, i) => i) };
  const r = cd.avgPool2d(x, { poolSize: 3, strides: 2, ceilMode: true, countIncludePad: true });
  assert.deepEqual(r.shape, [1, 3, 3, 1]);
  // Last value: mean of rows 4..5, cols 4..5 = (28 + 29 + 34 + 35) / 4.
  assert.equal(r.data[8], (28 + 29 + 34 + 35) / 4);
  assert.ok(r.data.every(Number.isFinite));
  // With padding 1: the last window holds a padded cell (counted) and an overhang (not).
  const p = cd.avgPool2d(x, { poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true });
  const want = ref.avgPool2d(
    { shape: x.shape, data: Array.from(x.data) },
    { poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true },
  );
  assertTensor(p, want, 'pad 1');
  assert.ok(p.data.every(Number.isFinite));
});

test('avgPool2d: onnxruntime-web is NCHW-only: condense takes both layouts and returns each in its own', () => {
  assertBothLayouts(assert, cd, 'avgPool2d', { poolSize: 3, strides: 2, padding: 'same' });
});

fixtureTests(cd, 'avgPool2d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };
const ceilOne = { shape: [1, 1, 1, 1], data: new Float32Array([5]) };
const ceilO1 = { poolSize: 4, strides: 4, padding: 1, ceilMode: true, layout: 'NCHW' };

test('avgPool2d: ceilMode partial window longer than the input (F.avg_pool2d values)', () => {
  // F.avg_pool2d(x, 3, 3, ceil_mode=True, count_include_pad=True / False) -> 2.5: the overhang
  // past the padded input is never counted.
  assert.deepEqual(Array.from(cd.avgPool2d(ceilX, { ...ceilO, countIncludePad: true }).data), [2.5]);
  assert.deepEqual(Array.from(cd.avgPool2d(ceilX, ceilO).data), [2.5]);
  // [[5]], window 4, stride 4, padding 1: count_include_pad counts the 3x3 cells inside the
  // padded input (PyTorch: hend = min(-1 + 4, 1 + 1)) -> 5 / 9; without pads -> 5.
  assert.deepEqual(Array.from(cd.avgPool2d(ceilOne, { ...ceilO1, countIncludePad: true }).data), [Math.fround(5 / 9)]);
  assert.deepEqual(Array.from(cd.avgPool2d(ceilOne, ceilO1).data), [5]);
  // divisor_override replaces the divisor as usual.
  assert.deepEqual(Array.from(cd.avgPool2d(ceilX, { ...ceilO, divisorOverride: 2 }).data), [5]);
});
