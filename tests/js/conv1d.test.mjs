// conv1d, conv1dGradInput, conv1dGradFilter: 1-D convolution (tf.nn.conv1d, Keras Conv1D,
// torch.nn.Conv1d, ONNX Conv on [N, C, W]) and its gradients, against the plain reference on
// both builds; NWC / NCW, WIO / OIW, every padding form, resident inputs, bad inputs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { R, close, f32, gradOptions, rand, randomCase } from '../js-helpers/conv-nd.mjs';

const { cd, memory } = await loadForTest();
const t = (shape, data) => ({ shape, data: Float32Array.from(data) });

test('conv1d: framework values, exact', () => {
  // torch.nn.functional.conv1d([[[1, 2, 3, 4]]], [[[1, 0, -1]]], padding=1) = [[[-2, -2, -2, 3]]].
  const torch = cd.conv1d(t([1, 1, 4], [1, 2, 3, 4]), t([1, 1, 3], [1, 0, -1]), { layout: 'NCW', padding: 1 });
  assert.deepEqual(torch.shape, [1, 1, 4]);
  assertExact(torch.data, [-2, -2, -2, 3], 'PyTorch padding=1');
  // tf.nn.conv1d(x [1, 5, 1] = 1..5, filters [2, 1, 1] = [1, 1], stride 2, 'SAME') = [3, 7, 5].
  const tf = cd.conv1d(t([1, 5, 1], [1, 2, 3, 4, 5]), t([2, 1, 1], [1, 1]), { strides: 2, padding: 'same' });
  assert.deepEqual(tf.shape, [1, 3, 1]);
  assertExact(tf.data, [3, 7, 5], 'TF SAME, stride 2 (extra padding at the end)');
  // ONNX auto_pad SAME_LOWER puts the extra cell in front: [1, 3, 7].
  assertExact(
    cd.conv1d(t([1, 5, 1], [1, 2, 3, 4, 5]), t([2, 1, 1], [1, 1]), { strides: 2, padding: 'same_lower' }).data,
    [1, 5, 9],
    'SAME_LOWER',
  );
  // dilation 2, bias, relu: [1,2,3,4,5] * [1, _, -1] = [-2, -2, -2] + 1 -> relu -> [0, 0, 0]; relu6 clamps.
  assertExact(
    cd.conv1d(t([5, 1], [1, 2, 3, 4, 5]), t([2, 1, 1], [1, -1]), { dilations: 2, bias: [1], activation: 'relu' }).data,
    [0, 0, 0],
    'dilation, bias, relu (rank 2)',
  );
  assertExact(
    cd.conv1d(t([4, 1], [1, 2, 3, 4]), t([1, 1, 2], [10, -10]), { activation: 'relu6' }).data,
    [6, 0, 6, 0, 6, 0, 6, 0],
    'relu6, two output channels',
  );
});

test('conv1d: random cases against the reference (NWC / NCW, WIO / OIW, every padding form)', () => {
  let worst = 0;
  let count = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const { x, filter, options, terms, channelsFirst } = randomCase(1, seed);
    const want = R.convNd(x, filter, options);
    const context = `conv1d seed ${seed} ${JSON.stringify(options)}`;
    if (!channelsFirst) {
      worst = Math.max(worst, close(cd.conv1d(x, filter, options), want, terms, context));
    } else {
      const got = cd.conv1d(f32(R.channelsFirst(x)), f32(R.filterToTorch(filter)), { ...options, layout: 'NCW' });
      worst = Math.max(worst, close(got, R.channelsFirst(want), terms, `${context} NCW`));
    }
    // WIO with NCW and OIW with NWC (explicit filterLayout).
    const mixed = cd.conv1d(x, f32(R.filterToTorch(filter)), { ...options, filterLayout: 'oiw' });
    worst = Math.max(worst, close(mixed, want, terms, `${context} OIW filter`));
    count += 2;
  }
  assert.ok(worst < 1e-4, `worst error ${worst}`);
  console.log(`# conv1d: ${count} random fixtures, worst |error| ${worst}`);
});

test('conv1dGradInput / conv1dGradFilter: against the analytic reference and finite differences', () => {
  let worst = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { x, filter, options, terms, channelsFirst } = randomCase(1, 500 + seed);
    const o = gradOptions(options);
    const y = R.convNd(x, filter, o);
    const dy = rand(y.shape, seed + 9000);
    const gx = R.convNdGradInput(dy, filter, x.shape, o);
    const gw = R.convNdGradFilter(x, dy, filter.shape, o);
    const context = `seed ${seed} ${JSON.stringify(o)}`;
    if (!channelsFirst) {
      worst = Math.max(
        worst,
        close(cd.conv1dGradInput(dy, filter, { ...o, inputShape: x.shape }), gx, terms * 4, context),
      );
      worst = Math.max(worst, close(cd.conv1dGradFilter(x, dy, { ...o, filterShape: filter.shape }), gw, 64, context));
    } else {
      const xc = f32(R.channelsFirst(x));
      const dyc = f32(R.channelsFirst(dy));
      const fc = f32(R.filterToTorch(filter));
      const a = cd.conv1dGradInput(dyc, fc, { ...o, layout: 'NCW', inputShape: xc.shape });
      worst = Math.max(worst, close(a, R.channelsFirst(gx), terms * 4, `${context} NCW`));
      const b = cd.conv1dGradFilter(xc, dyc, { ...o, layout: 'NCW', filterShape: fc.shape });
      worst = Math.max(worst, close(b, R.filterToTorch(gw), 64, `${context} OIW`));
    }
  }
  // Finite differences of the reference forward on one case.
  const x = rand([2, 7, 3], 4);
  const filter = rand([3, 3, 2], 5);
  const o = { strides: 2, padding: [2, 1], dilations: 1 };
  const dy = rand(R.convNd(x, filter, o).shape, 6);
  const loss = (xt, ft) => R.convNd(xt, ft, o).data.reduce((s, v, i) => s + v * dy.data[i], 0);
  const gx = cd.conv1dGradInput(dy, filter, { ...o, inputShape: x.shape });
  const gw = cd.conv1dGradFilter(x, dy, { ...o, filterShape: filter.shape });
  for (const [which, g, base] of [
    ['x', gx, x],
    ['filter', gw, filter],
  ]) {
    for (let i = 0; i < base.data.length; i++) {
      const plus = { shape: base.shape, data: Array.from(base.data) };
      const minus = { shape: base.shape, data: Array.from(base.data) };
      plus.data[i] += 1e-3;
      minus.data[i] -= 1e-3;
      const fd =
        which === 'x' ? (loss(plus, filter) - loss(minus, filter)) / 2e-3 : (loss(x, plus) - loss(x, minus)) / 2e-3;
      assert.ok(Math.abs(g.data[i] - fd) <= 1e-4 * Math.max(1, Math.abs(fd)), `d${which}[${i}] ${g.data[i]} vs ${fd}`);
    }
  }
  console.log(`# conv1d gradients: 120 random fixtures, worst |error| ${worst}`);
});

test('conv1d: resident inputs give the same results, and the result stays resident', () => {
  const x = rand([2, 9, 3], 1);
  const f = rand([3, 3, 4], 2);
  const o = { padding: 'same', bias: [1, 2, 3, 4] };
  const plain = cd.conv1d(x, f, o);
  const rx = cd.upload(x);
  const rf = cd.upload(f);
  const r = cd.conv1d(rx, rf, o);
  assert.equal(r.resident, true);
  const back = r.read();
  assert.deepEqual(back.shape, plain.shape);
  assertExact(back.data, plain.data, 'resident conv1d');
  const dy = rand(plain.shape, 3);
  const rdy = cd.upload(dy);
  assertExact(
    cd.conv1dGradInput(rdy, rf, { padding: 'same', inputShape: x.shape }).read().data,
    cd.conv1dGradInput(dy, f, { padding: 'same', inputShape: x.shape }).data,
    'resident conv1dGradInput',
  );
  assertExact(
    cd.conv1dGradFilter(rx, rdy, { padding: 'same', filterShape: f.shape }).read().data,
    cd.conv1dGradFilter(x, dy, { padding: 'same', filterShape: f.shape }).data,
    'resident conv1dGradFilter',
  );
  for (const v of [rx, rf, r, rdy]) v.dispose();
});

const X = rand([1, 8, 2], 1);
const F = rand([3, 2, 3], 2);
const canary = () =>
  assertExact(cd.conv1d(t([1, 5, 1], [1, 2, 3, 4, 5]), t([2, 1, 1], [1, 1])).data, [3, 5, 7, 9], 'canary');

// badTensorRows' shape rows are rank 4; for a rank-2/3 parameter they are rank errors, so the
// data-length rows are restated at rank 3.
const rank3Rows = (name, wrap) => [
  ...badTensorRows(name, wrap, { ranks: [2, 3] }).filter((r) => !/data\.length|string entry/.test(r.param + r.name)),
  {
    name: `${name}.shape has a string entry`,
    call: () => wrap({ shape: [1, '2', 2], data: new Float32Array(4) }),
    error: TypeError,
    param: `${name}.shape`,
  },
  {
    name: `${name}.data.length is short`,
    call: () => wrap({ shape: [1, 4, 2], data: new Float32Array(7) }),
    error: RangeError,
    param: `${name}.data.length`,
  },
  {
    name: `${name}.data.length is long`,
    call: () => wrap({ shape: [1, 4, 2], data: new Float32Array(9) }),
    error: RangeError,
    param: `${name}.data.length`,
  },
];

test('conv1d: bad inputs', async (tt) => {
  const wrap = (o) => cd.conv1d(X, F, o);
  await badInputTable(
    tt,
    'conv1d',
    [
      ...rank3Rows('x', (v) => cd.conv1d(v, F)),
      ...badOptionsRows(wrap, { outLength: 18 }),
      {
        name: 'filter of rank 4',
        call: () => cd.conv1d(X, rand([1, 3, 2, 3], 1)),
        error: RangeError,
        param: 'filter.shape',
      },
      { name: 'filter channels', call: () => cd.conv1d(X, rand([3, 5, 3], 1)), error: RangeError, param: 'filter' },
      { name: 'filter wider than x', call: () => cd.conv1d(X, rand([9, 2, 3], 1)), error: RangeError, param: 'filter' },
      { name: 'strides 0', call: () => wrap({ strides: 0 }), error: RangeError, param: 'strides' },
      { name: 'strides [1, 1]', call: () => wrap({ strides: [1, 1] }), error: RangeError, param: 'strides' },
      { name: 'dilations "2"', call: () => wrap({ dilations: '2' }), error: TypeError, param: 'dilations' },
      { name: 'padding "full"', call: () => wrap({ padding: 'full' }), error: RangeError, param: 'padding' },
      {
        name: 'padding [[1, 1], [1, 1]]',
        call: () =>
          wrap({
            padding: [
              [1, 1],
              [1, 1],
            ],
          }),
        error: RangeError,
        param: 'padding',
      },
      { name: 'padding -1', call: () => wrap({ padding: -1 }), error: RangeError, param: 'padding' },
      { name: 'layout NCHW', call: () => wrap({ layout: 'NCHW' }), error: RangeError, param: 'layout' },
      {
        name: 'filterLayout HWIO',
        call: () => wrap({ filterLayout: 'HWIO' }),
        error: RangeError,
        param: 'filterLayout',
      },
      { name: 'activation tanh', call: () => wrap({ activation: 'tanh' }), error: RangeError, param: 'activation' },
      { name: 'bias length', call: () => wrap({ bias: [1, 2] }), error: RangeError, param: 'bias.length' },
      { name: 'bias string', call: () => wrap({ bias: 'b' }), error: TypeError, param: 'bias' },
      { name: 'unknown option', call: () => wrap({ groups: 2 }), error: TypeError, param: 'groups' },
    ],
    canary,
  );
  const dy = rand([1, 6, 3], 1);
  await badInputTable(
    tt,
    'conv1dGradInput',
    [
      ...rank3Rows('dy', (v) => cd.conv1dGradInput(v, F, { inputShape: [1, 8, 2] })),
      { name: 'inputShape missing', call: () => cd.conv1dGradInput(dy, F, {}), error: TypeError, param: 'inputShape' },
      {
        name: 'activation is not an option',
        call: () => cd.conv1dGradInput(dy, F, { inputShape: [1, 8, 2], activation: 'relu' }),
        error: TypeError,
        param: 'activation',
      },
      {
        name: 'dy does not match',
        call: () => cd.conv1dGradInput(rand([1, 5, 3], 1), F, { inputShape: [1, 8, 2] }),
        error: RangeError,
        param: 'dy',
      },
      {
        name: 'filter rank',
        call: () => cd.conv1dGradInput(dy, rand([3, 3], 1), { inputShape: [1, 8, 2] }),
        error: RangeError,
        param: 'filter.shape',
      },
    ],
    canary,
  );
  await badInputTable(
    tt,
    'conv1dGradFilter',
    [
      ...rank3Rows('x', (v) => cd.conv1dGradFilter(v, dy, { filterShape: [3, 2, 3] })),
      {
        name: 'filterShape rank 4',
        call: () => cd.conv1dGradFilter(X, dy, { filterShape: [1, 3, 2, 3] }),
        error: TypeError,
        param: 'filterShape',
      },
      {
        name: 'filterShape 0',
        call: () => cd.conv1dGradFilter(X, dy, { filterShape: [0, 2, 3] }),
        error: RangeError,
        param: 'filterShape',
      },
      {
        name: 'dy rank',
        call: () => cd.conv1dGradFilter(X, rand([6, 3], 1), { filterShape: [3, 2, 3] }),
        error: RangeError,
        param: 'dy.shape',
      },
      {
        name: 'dy does not match',
        call: () => cd.conv1dGradFilter(X, rand([1, 7, 3], 1), { filterShape: [3, 2, 3] }),
        error: RangeError,
        param: 'dy',
      },
    ],
    canary,
  );
});

test('conv1d: fresh outputs and a flat heap over 1,000 calls', async (tt) => {
  await freshOutputTests(tt, {
    fn: 'conv1d',
    memory,
    call: (o = {}) => cd.conv1d(X, F, { padding: 'same', ...o }),
    other: () => cd.conv1d(rand([2, 5, 2], 3), F),
    inputs: [X, F],
  });
  const dy = rand([1, 8, 3], 4);
  assertHeapFlat(cd, () => cd.conv1d(X, F, { padding: 'same', bias: [1, 2, 3] }));
  assertHeapFlat(cd, () => cd.conv1dGradInput(dy, F, { padding: 'same', inputShape: [1, 8, 2], layout: 'NWC' }));
  assertHeapFlat(cd, () =>
    cd.conv1dGradFilter(X, dy, { padding: 'same', filterShape: [3, 2, 3], filterLayout: 'OIW' }),
  );
});
