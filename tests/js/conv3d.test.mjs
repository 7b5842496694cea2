// conv3d, conv3dGradInput, conv3dGradFilter: 3-D convolution (tf.nn.conv3d, Keras Conv3D,
// torch.nn.Conv3d, ONNX Conv on [N, C, D, H, W]) and its gradients (Conv3DBackpropInputV2 /
// Conv3DBackpropFilterV2), against the plain reference on both builds; NDHWC / NCDHW,
// DHWIO / OIDHW, every padding form, resident inputs, bad inputs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { R, close, f32, gradOptions, rand, randomCase } from '../js-helpers/conv-nd.mjs';

const { cd, memory } = await loadForTest();
const t = (shape, data) => ({ shape, data: Float32Array.from(data) });
const ones = (shape) => t(shape, Array(shape.reduce((a, b) => a * b, 1)).fill(1));

test('conv3d: framework values, exact', () => {
  // tf.nn.conv3d(ones [1, 2, 2, 2, 1], ones [2, 2, 2, 1, 1], strides 1, 'SAME'): the extra
  // padding is at the end, so each output counts the in-bounds cells (2-z)(2-y)(2-x).
  const tf = cd.conv3d(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1]), { padding: 'same' });
  assert.deepEqual(tf.shape, [1, 2, 2, 2, 1]);
  assertExact(tf.data, [8, 4, 4, 2, 4, 2, 2, 1], 'TF SAME');
  // ONNX SAME_LOWER: the padding in front.
  assertExact(
    cd.conv3d(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1]), { padding: 'same_lower' }).data,
    [1, 2, 2, 4, 2, 4, 4, 8],
    'SAME_LOWER',
  );
  // torch.nn.functional.conv3d(ones [1, 1, 3, 3, 3], ones [1, 1, 3, 3, 3], padding=1,
  // stride=2) = [[[[[8, 8], [8, 8]], [[8, 8], [8, 8]]]]] (each corner window holds 2x2x2 cells).
  const torch = cd.conv3d(ones([1, 1, 3, 3, 3]), ones([1, 1, 3, 3, 3]), { layout: 'NCDHW', padding: 1, strides: 2 });
  assert.deepEqual(torch.shape, [1, 1, 2, 2, 2]);
  assertExact(torch.data, Array(8).fill(8), 'PyTorch padding=1, stride=2');
  // Two output channels OIDHW [2, 1, 1, 1, 2] = [[1, -1], [2, 0]], bias, relu6, dilation 1.
  const x = t([1, 1, 1, 3], [1, 2, 3]);
  assertExact(
    cd.conv3d(x, t([2, 1, 1, 1, 2], [1, -1, 2, 0]), { layout: 'NCDHW', bias: [0, 3], activation: 'relu6' }).data,
    [0, 0, 5, 6],
    'OIDHW, bias, relu6 (rank 4, no batch): channel 0 [1-2, 2-3], channel 1 [2+3, 4+3] clamped',
  );
});

test('conv3d: random cases against the reference (NDHWC / NCDHW, DHWIO / OIDHW, every padding form)', () => {
  let worst = 0;
  let count = 0;
  for (let seed = 1; seed <= 80; seed++) {
    const { x, filter, options, terms, channelsFirst } = randomCase(3, seed);
    const want = R.convNd(x, filter, options);
    const context = `conv3d seed ${seed} ${JSON.stringify(options)}`;
    if (!channelsFirst) {
      worst = Math.max(worst, close(cd.conv3d(x, filter, options), want, terms, context));
    } else {
      const got = cd.conv3d(f32(R.channelsFirst(x)), f32(R.filterToTorch(filter)), { ...options, layout: 'NCDHW' });
      worst = Math.max(worst, close(got, R.channelsFirst(want), terms, `${context} NCDHW`));
    }
    const mixed = cd.conv3d(x, f32(R.filterToTorch(filter)), { ...options, filterLayout: 'oidhw' });
    worst = Math.max(worst, close(mixed, want, terms, `${context} OIDHW filter`));
    count += 2;
  }
  assert.ok(worst < 1e-4, `worst error ${worst}`);
  console.log(`# conv3d: ${count} random fixtures, worst |error| ${worst}`);
});

test('conv3dGradInput / conv3dGradFilter: against the analytic reference and finite differences', () => {
  let worst = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const { x, filter, options, terms, channelsFirst } = randomCase(3, 700 + seed);
    const o = gradOptions(options);
    const y = R.convNd(x, filter, o);
    const dy = rand(y.shape, seed + 9100);
    const gx = R.convNdGradInput(dy, filter, x.shape, o);
    const gw = R.convNdGradFilter(x, dy, filter.shape, o);
    const context = `seed ${seed} ${JSON.stringify(o)}`;
    const outTerms = y.data.length;
    if (!channelsFirst) {
      worst = Math.max(
        worst,
        close(cd.conv3dGradInput(dy, filter, { ...o, inputShape: x.shape }), gx, terms * 8, context),
      );
      worst = Math.max(
        worst,
        close(cd.conv3dGradFilter(x, dy, { ...o, filterShape: filter.shape }), gw, outTerms * 4, context),
      );
    } else {
      const xc = f32(R.channelsFirst(x));
      const dyc = f32(R.channelsFirst(dy));
      const fc = f32(R.filterToTorch(filter));
      const a = cd.conv3dGradInput(dyc, fc, { ...o, layout: 'NCDHW', inputShape: xc.shape });
      worst = Math.max(worst, close(a, R.channelsFirst(gx), terms * 8, `${context} NCDHW`));
      const b = cd.conv3dGradFilter(xc, dyc, { ...o, layout: 'NCDHW', filterShape: fc.shape });
      worst = Math.max(worst, close(b, R.filterToTorch(gw), outTerms * 4, `${context} OIDHW`));
    }
  }
  const x = rand([1, 3, 4, 3, 2], 4);
  const filter = rand([2, 2, 3, 2, 2], 5);
  const o = {
    strides: [1, 2, 1],
    padding: [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
    dilations: [1, 1, 2],
  };
  const dy = rand(R.convNd(x, filter, o).shape, 6);
  const loss = (xt, ft) => R.convNd(xt, ft, o).data.reduce((s, v, i) => s + v * dy.data[i], 0);
  const gx = cd.conv3dGradInput(dy, filter, { ...o, inputShape: x.shape });
  const gw = cd.conv3dGradFilter(x, dy, { ...o, filterShape: filter.shape });
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
  console.log(`# conv3d gradients: 80 random fixtures, worst |error| ${worst}`);
});

test('conv3d: resident inputs give the same results, and the result stays resident', () => {
  const x = rand([1, 4, 5, 5, 2], 1);
  const f = rand([2, 3, 3, 2, 3], 2);
  const o = { padding: 'same', bias: [1, 2, 3], activation: 'relu' };
  const plain = cd.conv3d(x, f, o);
  const rx = cd.upload(x);
  const rf = cd.upload(f);
  const r = cd.conv3d(rx, rf, o);
  assert.equal(r.resident, true);
  const back = r.read();
  assert.deepEqual(back.shape, plain.shape);
  assertExact(back.data, plain.data, 'resident conv3d');
  const dy = rand(plain.shape, 3);
  const rdy = cd.upload(dy);
  assertExact(
    cd.conv3dGradInput(rdy, rf, { padding: 'same', inputShape: x.shape }).read().data,
    cd.conv3dGradInput(dy, f, { padding: 'same', inputShape: x.shape }).data,
    'resident conv3dGradInput',
  );
  assertExact(
    cd.conv3dGradFilter(rx, rdy, { padding: 'same', filterShape: f.shape }).read().data,
    cd.conv3dGradFilter(x, dy, { padding: 'same', filterShape: f.shape }).data,
    'resident conv3dGradFilter',
  );
  for (const v of [rx, rf, r, rdy]) v.dispose();
});

const X = rand([1, 3, 4, 4, 2], 1);
const F = rand([2, 2, 2, 2, 3], 2);
const canary = () =>
  assertExact(cd.conv3d(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1])).data, [8], 'canary: ones * ones = 8');

test('conv3d: bad inputs', async (tt) => {
  const wrap = (o) => cd.conv3d(X, F, o);
  const dy = rand([1, 2, 3, 3, 3], 1);
  await badInputTable(
    tt,
    'conv3d',
    [
      ...badTensorRows('x', (v) => cd.conv3d(v, F), { ranks: [4, 5] }),
      ...badTensorRows('filter', (v) => cd.conv3d(X, v), { ranks: [5] }).filter(
        (r) => !/data\.length|string entry/.test(r.param + r.name),
      ),
      ...badOptionsRows(wrap, { outLength: 54 }),
      {
        name: 'filter channels',
        call: () => cd.conv3d(X, rand([2, 2, 2, 5, 3], 1)),
        error: RangeError,
        param: 'filter',
      },
      {
        name: 'filter of rank 4 (the message names DHWIO)',
        call: () => cd.conv3d(X, rand([2, 2, 5, 3], 1)),
        error: RangeError,
        param: /filter\.shape must have rank 5 \(\[kd, kh, kw, in, out\] \(DHWIO\)\)/,
      },
      {
        name: "filter of rank 4 with filterLayout 'OIDHW' (the message names OIDHW)",
        call: () => cd.conv3d(X, rand([3, 5, 2, 2], 1), { filterLayout: 'OIDHW' }),
        error: RangeError,
        param: /filter\.shape must have rank 5 \(\[out, in, kd, kh, kw\] \(OIDHW\)\)/,
      },
      {
        name: 'filter deeper than x',
        call: () => cd.conv3d(X, rand([4, 2, 2, 2, 3], 1)),
        error: RangeError,
        param: 'filter',
      },
      { name: 'strides 0', call: () => wrap({ strides: 0 }), error: RangeError, param: 'strides' },
      { name: 'strides [1, 1]', call: () => wrap({ strides: [1, 1] }), error: RangeError, param: 'strides' },
      {
        name: 'dilations [1, 1, 0.5]',
        call: () => wrap({ dilations: [1, 1, 0.5] }),
        error: RangeError,
        param: 'dilations',
      },
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
      {
        name: 'padding pads the batch',
        call: () =>
          wrap({
            padding: [
              [1, 0],
              [0, 0],
              [0, 0],
              [0, 0],
              [0, 0],
            ],
          }),
        error: RangeError,
        param: 'padding',
      },
      { name: 'layout NCHW', call: () => wrap({ layout: 'NCHW' }), error: RangeError, param: 'layout' },
      {
        name: 'filterLayout OIHW',
        call: () => wrap({ filterLayout: 'OIHW' }),
        error: RangeError,
        param: 'filterLayout',
      },
      { name: 'filterLayout 1', call: () => wrap({ filterLayout: 1 }), error: TypeError, param: 'filterLayout' },
      { name: 'activation tanh', call: () => wrap({ activation: 'tanh' }), error: RangeError, param: 'activation' },
      { name: 'bias length', call: () => wrap({ bias: [1, 2] }), error: RangeError, param: 'bias.length' },
      { name: 'bias entries', call: () => wrap({ bias: [1, 2, '3'] }), error: TypeError, param: 'bias' },
      { name: 'unknown option', call: () => wrap({ groups: 2 }), error: TypeError, param: 'groups' },
    ],
    canary,
  );
  await badInputTable(
    tt,
    'conv3dGradInput',
    [
      ...badTensorRows('dy', (v) => cd.conv3dGradInput(v, F, { inputShape: [1, 3, 4, 4, 2] }), {
        ranks: [4, 5],
      }).filter((r) => !/data\.length/.test(r.param)),
      { name: 'inputShape missing', call: () => cd.conv3dGradInput(dy, F, {}), error: TypeError, param: 'inputShape' },
      {
        name: 'inputShape of rank 4 for a rank-5 dy',
        call: () => cd.conv3dGradInput(dy, F, { inputShape: [3, 4, 4, 2] }),
        error: TypeError,
        param: 'inputShape',
      },
      {
        name: 'dy does not match',
        call: () => cd.conv3dGradInput(rand([1, 2, 2, 3, 3], 1), F, { inputShape: [1, 3, 4, 4, 2] }),
        error: RangeError,
        param: 'dy',
      },
      {
        name: 'bias is not an option',
        call: () => cd.conv3dGradInput(dy, F, { inputShape: [1, 3, 4, 4, 2], bias: [1, 2, 3] }),
        error: TypeError,
        param: 'bias',
      },
    ],
    canary,
  );
  await badInputTable(
    tt,
    'conv3dGradFilter',
    [
      {
        name: 'filterShape rank 4',
        call: () => cd.conv3dGradFilter(X, dy, { filterShape: [2, 2, 2, 2] }),
        error: TypeError,
        param: 'filterShape',
      },
      {
        name: 'dy rank',
        call: () => cd.conv3dGradFilter(X, rand([2, 3, 3, 3], 1), { filterShape: [2, 2, 2, 2, 3] }),
        error: RangeError,
        param: 'dy.shape',
      },
      {
        name: 'dy does not match',
        call: () => cd.conv3dGradFilter(X, rand([1, 2, 3, 3, 4], 1), { filterShape: [2, 2, 2, 2, 3] }),
        error: RangeError,
        param: 'dy',
      },
      {
        name: 'filter channels',
        call: () => cd.conv3dGradFilter(X, dy, { filterShape: [2, 2, 2, 3, 3] }),
        error: RangeError,
        param: 'filter',
      },
    ],
    canary,
  );
});

test('conv3d: fresh outputs and a flat heap over 1,000 calls', async (tt) => {
  await freshOutputTests(tt, {
    fn: 'conv3d',
    memory,
    call: (o = {}) => cd.conv3d(X, F, { padding: 'same', ...o }),
    other: () => cd.conv3d(rand([2, 3, 3, 3, 2], 3), F),
    inputs: [X, F],
  });
  const dy = rand([1, 3, 4, 4, 3], 4);
  assertHeapFlat(cd, () => cd.conv3d(X, F, { padding: 'same', bias: [1, 2, 3] }));
  assertHeapFlat(cd, () => cd.conv3dGradInput(dy, F, { padding: 'same', inputShape: [1, 3, 4, 4, 2] }));
  assertHeapFlat(cd, () =>
    cd.conv3dGradFilter(X, dy, { padding: 'same', filterShape: [3, 2, 2, 2, 2], filterLayout: 'OIDHW' }),
  );
});
