// pool: mirrors tf.nn.pool (windowShape required, poolingType 'MAX' | 'AVG', strides default 1,
// padding default 'VALID', dilations).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
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
const fn = 'pool';

const x4 = iota([1, 4, 4, 1]);

// tf.nn.pool's space_to_batch path: 'same' padding (SAME_UPPER too) with a dilation > 1.
function zeroPadded(o) {
  const d = o.dilations ?? 1;
  const dilated = Array.isArray(d) ? d.some((v) => v > 1) : d > 1;
  return dilated && typeof o.padding === 'string' && ['same', 'same_upper'].includes(o.padding.toLowerCase());
}
const x3 = iota([1, 3, 3, 1]);

test('pool: SEMANTICS §2 worked examples in tf.nn.pool form, exact', () => {
  const cases = [
    [
      'MAX 2x2, stride 1 (default), valid',
      x4,
      { windowShape: 2, poolingType: 'MAX' },
      [1, 3, 3, 1],
      [5, 6, 7, 9, 10, 11, 13, 14, 15],
    ],
    ['MAX 3x3 input, 2x2', x3, { windowShape: [2, 2] }, [1, 2, 2, 1], [4, 5, 7, 8]],
    ['AVG 3x3 input, 2x2', x3, { windowShape: 2, poolingType: 'AVG' }, [1, 2, 2, 1], [2, 3, 5, 6]],
    ['MAX 3x3, stride 3', x4, { windowShape: 3, strides: 3 }, [1, 1, 1, 1], [10]],
    ['MAX 3x3, stride 2, pad 1', x4, { windowShape: 3, strides: 2, padding: 1 }, [1, 2, 2, 1], [5, 7, 13, 15]],
    ["MAX 3x3, stride 2, 'SAME'", x4, { windowShape: 3, strides: 2, padding: 'SAME' }, [1, 2, 2, 1], [10, 11, 14, 15]],
    [
      "AVG 3x3, stride 2, 'SAME'",
      x4,
      { windowShape: 3, strides: 2, padding: 'SAME', poolingType: 'AVG' },
      [1, 2, 2, 1],
      [5, 6.5, 11, 12.5],
    ],
    [
      'AVG 3x3, stride 2, pad 1',
      x4,
      { windowShape: 3, strides: 2, padding: 1, poolingType: 'AVG' },
      [1, 2, 2, 1],
      [2.5, 4, 8.5, 10],
    ],
    [
      'MAX window 2x3, stride (2,3), pad (0,1)',
      x4,
      {
        windowShape: [2, 3],
        strides: [2, 3],
        padding: [
          [0, 0],
          [1, 1],
        ],
      },
      [1, 2, 2, 1],
      [5, 7, 13, 15],
    ],
    [
      "AVG 3x3 input 1..9, 2x2, stride 2, 'SAME'",
      iota([1, 3, 3, 1], 1),
      { windowShape: 2, strides: 2, padding: 'SAME', poolingType: 'AVG' },
      [1, 2, 2, 1],
      [3, 4.5, 7.5, 9],
    ],
  ];
  for (const [name, x, options, shape, want] of cases) {
    const r = cd.pool(x, options);
    assert.deepEqual(r.shape, shape, name);
    assertExact(r.data, want, name);
  }
  // Dilated windows (tf.nn.pool's dilations): 2x2 window dilated 2 over 0..15, stride 1.
  const d = cd.pool(x4, { windowShape: 2, dilations: 2 });
  assertExact(d.data, [10, 11, 14, 15], 'MAX dilated 2');
  const da = cd.pool(x4, { windowShape: 2, dilations: 2, poolingType: 'AVG' });
  assertExact(da.data, [5, 6, 9, 10], 'AVG dilated 2');
  assertExact(
    cd.pool(x4, { windowShape: 2, strides: 2, dilations: 2, poolingType: 'AVG', padding: 1 }).data,
    [5, 6, 9, 10],
    'dilation with stride > 1 and padding (PyTorch/ONNX allow it)',
  );
});

test('pool: agrees with the reference on seeded random cases (MAX exact, AVG toleranced)', () => {
  let valid = 0,
    rejected = 0;
  for (let seed = 2001; seed <= 2360; seed++) {
    const r = rng(seed);
    const { shape, options: o } = randomPoolCase(r, { ceil: false });
    const type = r.pick(['MAX', 'AVG', 'max', 'avg', undefined]);
    const options = {
      windowShape: o.poolSize,
      strides: o.strides,
      padding: o.padding,
      dilations: o.dilations,
      poolingType: type,
    };
    const x = randomTensor(r, shape);
    const isMax = type === undefined || type.toUpperCase() === 'MAX';
    const want = ref.tfPool(x, {
      type: isMax ? 'max' : 'avg',
      window: o.poolSize,
      strides: o.strides ?? 1,
      padding: o.padding,
      dilations: o.dilations,
    });
    const context = `seed ${seed} ${describeCase({ shape, options })}`;
    if (want === null) {
      assert.throws(() => cd.pool(x, options), RangeError, context);
      rejected++;
      continue;
    }
    assertAgrees(cd.pool(x, options), want, context, { exact: isMax });
    valid++;
  }
  assert.ok(valid >= 200 && rejected >= 3, `${valid} valid, ${rejected} rejected`);
});

test('pool: equals maxPool2d / avgPool2d with the same explicit options', () => {
  const r = rng(21);
  for (let i = 0; i < 40; i++) {
    const { shape, options } = randomPoolCase(r, { ceil: false });
    const x = randomTensor(r, shape);
    const strides = options.strides ?? 1;
    const o = { poolSize: options.poolSize, strides, padding: options.padding, dilations: options.dilations };
    if (ref.pool2d(x, { type: 'max', window: o.poolSize, ...o }) === null) continue;
    // Dilated 'same' pooling is tf.nn.pool's zero-padded pooling, not maxPool2d's (below).
    if (zeroPadded(o)) continue;
    const p = { windowShape: o.poolSize, strides, padding: o.padding, dilations: o.dilations };
    assertExact(cd.pool(x, p).data, cd.maxPool2d(x, o).data, `MAX ${describeCase(o)}`);
    assertExact(cd.pool(x, { ...p, poolingType: 'AVG' }).data, cd.avgPool2d(x, o).data, `AVG ${describeCase(o)}`);
  }
});

test('pool: option normalisation and tf.nn.pool defaults', () => {
  const x = randomTensor(rng(7), [2, 7, 9, 3]);
  const same = (a, b, what) => {
    const ra = cd.pool(x, a),
      rb = cd.pool(x, b);
    assert.deepEqual(ra.shape, rb.shape, what);
    assertExact(ra.data, rb.data, what, { signedZero: true });
  };
  same({ windowShape: 2 }, { windowShape: [2, 2] }, '2 = [2, 2]');
  same(
    { windowShape: 2 },
    { windowShape: 2, strides: 1, padding: 'VALID', dilations: 1, poolingType: 'MAX' },
    'defaults: strides 1, VALID, MAX',
  );
  assert.deepEqual(cd.pool(x, { windowShape: 2 }).shape, [2, 6, 8, 3], 'strides default to 1, not the window');
  same({ windowShape: 3, strides: 2 }, { windowShape: 3, strides: [2, 2] }, 'strides 2 = [2, 2]');
  same({ windowShape: 2, dilations: 2 }, { windowShape: 2, dilations: [2, 2] }, 'dilations 2 = [2, 2]');
  same({ windowShape: 3, padding: 'SAME' }, { windowShape: 3, padding: 'same' }, "'SAME' = 'same'");
  same(
    { windowShape: 3, padding: 1 },
    {
      windowShape: 3,
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
    'number padding',
  );
  same(
    {
      windowShape: 3,
      padding: [
        [1, 0],
        [2, 1],
      ],
    },
    {
      windowShape: 3,
      padding: [
        [0, 0],
        [1, 0],
        [2, 1],
        [0, 0],
      ],
    },
    'TF 4-entry form',
  );
  same({ windowShape: 2, poolingType: 'max' }, { windowShape: 2, poolingType: 'MAX' }, "'max' = 'MAX'");
  same({ windowShape: 2, poolingType: 'avg' }, { windowShape: 2, poolingType: 'AVG' }, "'avg' = 'AVG'");
});

test('pool: rank-3 input is returned as rank 3', () => {
  const x = randomTensor(rng(11), [5, 6, 2]);
  const r = cd.pool(x, { windowShape: 2, poolingType: 'AVG' });
  assert.deepEqual(r.shape, [4, 5, 2]);
  assertExact(
    r.data,
    cd.pool({ shape: [1, 5, 6, 2], data: x.data }, { windowShape: 2, poolingType: 'AVG' }).data,
    'rank 3 = rank 4',
  );
});

test('pool: numbers (NaN, ±inf)', () => {
  const t = tensor([1, 2, 2, 1], [1, NaN, -Infinity, 2]);
  assertExact(cd.pool(t, { windowShape: 2 }).data, [NaN], 'MAX with NaN');
  assertExact(cd.pool(t, { windowShape: 2, poolingType: 'AVG' }).data, [NaN], 'AVG with NaN');
  const neg = tensor([1, 2, 2, 1], [-7, -3, -5, -4]);
  assertExact(cd.pool(neg, { windowShape: 2 }).data, [-3], 'all-negative MAX');
  assertExact(
    cd.pool(tensor([1, 1, 2, 1], [Infinity, -Infinity]), { windowShape: [1, 2], poolingType: 'AVG' }).data,
    [NaN],
    'AVG of +inf and -inf',
  );
});

test('pool: results are fresh arrays', async (t) => {
  const x = randomTensor(rng(15), [1, 5, 5, 3]);
  const y = randomTensor(rng(16), [1, 5, 5, 3]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (o) => cd.pool(x, { windowShape: 2, poolingType: 'AVG', ...o }),
    other: () => cd.pool(y, { windowShape: 2, poolingType: 'AVG' }),
  });
});

test('pool: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = iota([1, 4, 4, 1]);
  const canary = () => assertExact(cd.pool(x4, { windowShape: 2 }).data, [5, 6, 7, 9, 10, 11, 13, 14, 15], 'canary');
  const rows = [
    ...badTensorRows('x', (x) => cd.pool(x, { windowShape: 2 })),
    ...badOptionsRows((o) => cd.pool(good, { windowShape: 2, ...o }), { outLength: 9, out: true }).filter(
      (r) => r.param !== 'options',
    ),
    { name: 'options missing', call: () => cd.pool(good), error: TypeError, param: 'windowShape' },
    { name: 'options is a string', call: () => cd.pool(good, 'MAX'), error: TypeError, param: 'options' },
    {
      name: 'windowShape missing',
      call: () => cd.pool(good, { poolingType: 'MAX' }),
      error: TypeError,
      param: 'windowShape',
    },
    ...badPairRows('windowShape', (v) => cd.pool(good, { windowShape: v })),
    ...badPairRows('strides', (v) => cd.pool(good, { windowShape: 2, strides: v })),
    ...badPairRows('dilations', (v) => cd.pool(good, { windowShape: 2, dilations: v })),
    ...badPaddingRows((v) => cd.pool(good, { windowShape: 2, padding: v })),
    {
      name: "poolingType 'MIN'",
      call: () => cd.pool(good, { windowShape: 2, poolingType: 'MIN' }),
      error: RangeError,
      param: 'poolingType',
    },
    {
      name: 'poolingType 0',
      call: () => cd.pool(good, { windowShape: 2, poolingType: 0 }),
      error: TypeError,
      param: 'poolingType',
    },
    {
      name: 'poolingType null',
      call: () => cd.pool(good, { windowShape: 2, poolingType: null }),
      error: TypeError,
      param: 'poolingType',
    },
    {
      name: 'window larger than the input',
      call: () => cd.pool(good, { windowShape: 5 }),
      error: RangeError,
      param: 'windowShape',
    },
    {
      name: 'window [1, 6] larger than the padded width',
      call: () =>
        cd.pool(good, {
          windowShape: [1, 6],
          padding: [
            [0, 0],
            [0, 1],
          ],
        }),
      error: RangeError,
      param: 'windowShape',
    },
    {
      name: 'a window entirely in the padding',
      call: () => cd.pool(good, { windowShape: 1, padding: 1 }),
      error: RangeError,
      param: 'padding',
    },
    {
      name: 'output over the 2 GiB ceiling',
      call: () => cd.pool(iota([1, 1, 1, 1]), { windowShape: 24000, padding: 23999 }),
      error: RangeError,
      param: 'output',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('pool: the heap stays flat over 1,000 calls', () => {
  const x = randomTensor(rng(1), [2, 9, 7, 6]);
  assertHeapFlat(cd, (i) => cd.pool(x, { windowShape: 3, poolingType: i % 2 ? 'MAX' : 'AVG', padding: 'SAME' }));
});

// tf.nn.pool with dilations > 1 and SAME padding pools through space_to_batch: the padding
// becomes real zeros that take part in the max and count in the average (issue 11).
test('pool: dilated SAME is tf.nn.pool: the padding is zeros (literal TF values)', () => {
  const neg = tensor(
    [1, 5, 5, 1],
    Array.from({ length: 25 }, (_, i) => -(i + 1)),
  );
  // tf.pool(x, [2, 2], 'max', 'same', 2, 1) on -1 .. -25: 0 at the border.
  assertExact(
    cd.pool(neg, { windowShape: 2, padding: 'SAME', dilations: 2 }).data,
    [0, 0, 0, 0, 0, 0, -1, -2, -3, 0, 0, -6, -7, -8, 0, 0, -11, -12, -13, 0, 0, 0, 0, 0, 0],
    'MAX, dilations 2',
  );
  // tf.pool(x, [2, 2], 'avg', 'same', 2, 1): divisor 4 everywhere; corner = -7 / 4.
  const avg = cd.pool(neg, { windowShape: 2, padding: 'SAME', dilations: 2, poolingType: 'AVG' }).data;
  assert.equal(avg[0], -1.75, 'AVG corner');
  assert.equal(avg[6], -7, 'AVG (1, 1): (-1 - 3 - 11 - 13) / 4');
  assert.equal(avg[2], -4, 'AVG (0, 2): taps (1, 1) = -7 and (1, 3) = -9 and two zeros');
  // maxPool2d / avgPool2d keep their semantics: padding never wins, never counts.
  assert.equal(cd.maxPool2d(neg, { poolSize: 2, strides: 1, padding: 'same', dilations: 2 }).data[0], -7);
  assert.equal(cd.avgPool2d(neg, { poolSize: 2, strides: 1, padding: 'same', dilations: 2 }).data[0], -7);
  // Undilated SAME is unchanged (TF pads with -inf / excludes padding there).
  assertExact(cd.pool(neg, { windowShape: 2, padding: 'SAME' }).data.slice(20), [-21, -22, -23, -24, -25], 'undilated');
  // tf.nn.pool refuses strides > 1 with dilations > 1.
  assert.throws(
    () => cd.pool(neg, { windowShape: 2, padding: 'SAME', dilations: 2, strides: 2 }),
    (e) => e instanceof RangeError && /^pool: strides must be 1 when dilations > 1/.test(e.message),
  );
  // A window that sees only padding pools zeros (TF), where maxPool2d refuses it.
  const tiny = tensor([1, 1, 1, 1], [-3]);
  assertExact(cd.pool(tiny, { windowShape: 2, padding: 'SAME', dilations: 3 }).data, [0], 'MAX 1x1, dilations 3');
  assertExact(
    cd.pool(tiny, { windowShape: 3, padding: 'SAME', dilations: 2, poolingType: 'AVG' }).data,
    [Math.fround(-3 / 9)],
    'AVG 1x1',
  );
  // outputShape works through the dry run.
  assert.deepEqual(
    cd.outputShape('pool', [1, 5, 5, 1], { windowShape: 3, padding: 'SAME', dilations: 3 }),
    [1, 5, 5, 1],
  );
});

test('pool: dilated SAME agrees with tfjs tf.pool (TF values) on a table of cases', async () => {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  tf.env().set('PROD', true); // no console greeting
  await tf.setBackend('cpu');
  const cases = [
    [
      [1, 5, 5, 1],
      [2, 2],
      [2, 2],
    ],
    [
      [1, 6, 6, 2],
      [2, 2],
      [2, 2],
    ],
    [
      [1, 7, 7, 1],
      [3, 3],
      [2, 2],
    ],
    [
      [2, 6, 5, 3],
      [3, 3],
      [3, 3],
    ],
    [
      [1, 8, 9, 4],
      [2, 3],
      [3, 2],
    ],
    [
      [1, 4, 4, 5],
      [2, 2],
      [3, 3],
    ],
    [
      [1, 5, 6, 2],
      [3, 2],
      [2, 1],
    ],
    [
      [1, 3, 7, 1],
      [2, 2],
      [1, 3],
    ],
    [
      [2, 9, 8, 2],
      [3, 3],
      [3, 2],
    ],
    [
      [1, 2, 2, 1],
      [2, 2],
      [2, 2],
    ],
  ];
  let compared = 0;
  for (const [shape, win, dil] of cases) {
    for (const sign of ['negative', 'mixed']) {
      const count = shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: count }, (_, i) => {
        const v = ((i * 37) % 23) / 7;
        return Math.fround(sign === 'negative' ? -0.5 - v : v - 1.6);
      });
      const x = tensor(shape, data);
      for (const type of ['max', 'avg']) {
        const context = `${type} ${sign} shape ${shape} window ${win} dilations ${dil}`;
        const want = tf.tidy(() => Array.from(tf.pool(tf.tensor4d(data, shape), win, type, 'same', dil, 1).dataSync()));
        const got = cd.pool(x, { windowShape: win, padding: 'SAME', dilations: dil, poolingType: type.toUpperCase() });
        assert.deepEqual(got.shape, shape, `${context}: shape`);
        if (type === 'max') {
          assertExact(got.data, want, context);
        } else {
          // Summation order differs from tfjs: a few float32 ulps.
          for (let i = 0; i < want.length; i++) {
            assert.ok(Math.abs(got.data[i] - want[i]) <= 1e-6 * 9, `${context} [${i}]: ${got.data[i]} vs ${want[i]}`);
          }
        }
        // The plain reference (TF's algorithm written out) agrees too.
        const r = ref.tfPool(x, { type, window: win, strides: 1, padding: 'same', dilations: dil });
        assertAgrees(got, r, `${context} vs reference`, { exact: type === 'max' });
        compared++;
      }
    }
  }
  assert.equal(compared, 40);
});
