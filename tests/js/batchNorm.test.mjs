// batchNorm: inference batch normalisation per channel as tf.nn.batch_normalization computes it in
// float32: inv = 1 / sqrt(variance + epsilon), inv *= scale, y = x * inv + (offset - mean * inv);
// epsilon default 0.001 (Keras). Any rank, channels last or on axis 1.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { describeCase, randomData, rng, tensor } from '../js-helpers/random.mjs';
import { CHANNEL_COUNTS, layoutNames, mixedTensor, randomChannelShape } from '../js-helpers/channel.mjs';

const { cd, memory } = await loadForTest();
const fn = 'batchNorm';
const exact = (got, want, context) => assertExact(got, want, context, { signedZero: true });

function randomParams(r, c, { scale, offset, epsilon } = {}) {
  const o = { mean: randomData(r, c, -2, 2), variance: randomData(r, c, 0, 3) };
  if (scale ?? r.chance(0.5)) o.scale = randomData(r, c, -2, 2);
  if (offset ?? r.chance(0.5)) o.offset = randomData(r, c, -2, 2);
  const e = epsilon ?? r.int(0, 3);
  if (e === 1) o.epsilon = 1e-5;
  else if (e === 2) o.epsilon = 0;
  else if (e === 3) o.epsilon = r.next() * 0.1;
  return o;
}

test('batchNorm: hand-computed examples, exact', () => {
  const x = tensor([2, 2], [1, 2, 3, 4]);
  // Channels 0, 1, 0, 1: inv [1/2, 1], shift [1/2, 2].
  const a = cd.batchNorm(x, { mean: [1, 2], variance: [4, 1], epsilon: 0 });
  assert.deepEqual(a.shape, [2, 2]);
  exact(a.data, [0, 0, 1, 2], 'mean and variance only');
  // scale [2, 3]: inv [1, 3]; offset [1, -1]: b [1 - 1, -1 - 6].
  exact(
    cd.batchNorm(x, { mean: [1, 2], variance: [4, 1], scale: [2, 3], offset: [1, -1], epsilon: 0 }).data,
    [1, -1, 3, 5],
    'scale and offset',
  );
  // 'NCW' [1, 2, 2]: channel 0 is [1, 2], channel 1 is [3, 4].
  exact(
    cd.batchNorm(tensor([1, 2, 2], [1, 2, 3, 4]), { mean: [1, 2], variance: [4, 1], epsilon: 0, layout: 'NCW' }).data,
    [0, 0.5, 1, 2],
    'NCW',
  );
  // variance 3 + epsilon 1 = 4: epsilon is added before the square root.
  exact(cd.batchNorm(tensor([2, 1], [5, -3]), { mean: [1], variance: [3], epsilon: 1 }).data, [2, -2], 'epsilon 1');
  // Default epsilon 0.001: 1 / sqrt(1.001) in float32 (0.99950037... rounded to float).
  exact(
    cd.batchNorm(tensor([1], [1]), { mean: [0], variance: [1] }).data,
    [0.9995003938674927],
    'default epsilon 0.001',
  );
  // Without offset b is -(mean * inv) (TF's -mean * inv): -0 for mean 0, so x = -0 stays -0;
  // with offset 0 it is 0 - 0 = +0 and -0 + 0 is +0.
  exact(cd.batchNorm(tensor([1], [-0]), { mean: [0], variance: [1], epsilon: 0 }).data, [-0], 'no offset keeps -0');
  exact(
    cd.batchNorm(tensor([1], [-0]), { mean: [0], variance: [1], epsilon: 0, offset: [0] }).data,
    [0],
    'offset 0 gives +0',
  );
  // A negative variance + epsilon: NaN for that channel only; NaN x stays NaN.
  exact(
    cd.batchNorm(tensor([1, 2], [1, 1]), { mean: [0, 0], variance: [-1, 1], epsilon: 0 }).data,
    [NaN, 1],
    'negative variance',
  );
  exact(
    cd.batchNorm(tensor([2, 1], [NaN, Infinity]), { mean: [0], variance: [4], epsilon: 0 }).data,
    [NaN, Infinity],
    'NaN and inf x',
  );
  // float32 steps: inv = fround(1 / sqrt(fround(0.1 + fround(0.001)))).
  const f = Math.fround;
  const inv = f(1 / f(Math.sqrt(f(f(0.1) + f(0.001)))));
  exact(
    cd.batchNorm(tensor([1], [3]), { mean: [1], variance: [0.1] }).data,
    [f(f(3 * inv) - f(1 * inv))],
    'float32 steps',
  );
});

test('batchNorm: agrees exactly with the reference on random shapes, layouts, scale/offset and epsilon', () => {
  const seen = { scale: 0, offset: 0, epsilon: 0, first: 0 };
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(9000 + seed);
    const { shape, layout, c } = randomChannelShape(r);
    const x = mixedTensor(r, shape);
    const o = randomParams(r, c);
    if (layout !== undefined) o.layout = layout;
    seen.scale += o.scale ? 1 : 0;
    seen.offset += o.offset ? 1 : 0;
    seen.epsilon += o.epsilon === undefined ? 1 : 0;
    seen.first += ref.isChannelsFirst(layout) ? 1 : 0;
    const context = `seed ${9000 + seed} ${describeCase({ shape, ...o })}`;
    const got = cd.batchNorm(x, o);
    assert.deepEqual(got.shape, shape, context);
    exact(got.data, ref.batchNorm(x, o).data, context);
  }
  for (const [k, v] of Object.entries(seen)) assert.ok(v > 50, `${v} cases with ${k}`);
});

test('batchNorm: every channel count 1..9, 16, 17, 33 over long tensors, both layouts, ranks 2-5', () => {
  const r = rng(91);
  for (const c of CHANNEL_COUNTS) {
    for (const [n, spatial] of [
      [300, []],
      [3, [7]],
      [2, [9, 11]],
      [2, [3, 4, 5]],
    ]) {
      const rank = spatial.length + 2;
      for (const first of [false, true]) {
        const shape = first ? [n, c, ...spatial] : [n, ...spatial, c];
        const x = mixedTensor(r, shape);
        const o = randomParams(r, c, { scale: true, offset: first });
        o.layout = first ? layoutNames(rank).first[0] : layoutNames(rank).last[1];
        exact(cd.batchNorm(x, o).data, ref.batchNorm(x, o).data, `c=${c} [${shape}] ${o.layout}`);
      }
    }
  }
});

test('batchNorm: parameter forms, defaults and layout names', () => {
  const r = rng(92);
  const x = mixedTensor(r, [2, 3, 4, 5]);
  const o = randomParams(r, 5, { scale: true, offset: true, epsilon: 1 });
  const want = cd.batchNorm(x, o).data;
  const arrays = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v)]));
  exact(cd.batchNorm(x, arrays).data, want, 'number[]');
  const tensors = Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? v : tensor([5], v)]),
  );
  exact(cd.batchNorm(x, tensors).data, want, 'tensors');
  const residents = Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? v : cd.upload(tensor([5], v))]),
  );
  exact(cd.batchNorm(x, residents).data, want, 'resident tensors');
  for (const v of Object.values(residents)) if (typeof v !== 'number') v.dispose();
  const base = { mean: o.mean, variance: o.variance };
  exact(cd.batchNorm(x, base).data, cd.batchNorm(x, { ...base, epsilon: 0.001 }).data, 'epsilon defaults to 0.001');
  assert.notDeepEqual(
    Array.from(cd.batchNorm(x, base).data),
    Array.from(cd.batchNorm(x, { ...base, epsilon: 0 }).data),
    'the default is not 0',
  );
  exact(
    cd.batchNorm(x, base).data,
    cd.batchNorm(x, { ...base, scale: new Float32Array(5).fill(1) }).data,
    'no scale = scale 1',
  );
  assertExact(
    cd.batchNorm(x, base).data,
    cd.batchNorm(x, { ...base, offset: new Float32Array(5) }).data,
    'no offset = offset 0 (up to the sign of zero)',
  );
  // One channel: a number is a one-value array.
  const x1 = mixedTensor(r, [4, 1]);
  exact(
    cd.batchNorm(x1, { mean: 0.5, variance: 2 }).data,
    cd.batchNorm(x1, { mean: [0.5], variance: [2] }).data,
    'numbers for one channel',
  );
  // Channels first = channels last transposed; 'channels_first' = 'NCHW'.
  const xf = ref.toChannelsFirst({ shape: x.shape, data: Array.from(x.data) });
  const back = ref.toChannelsFirst({ shape: x.shape, data: Array.from(want) });
  for (const layout of ['NCHW', 'channels_first', 'nchw']) {
    const got = cd.batchNorm(tensor(xf.shape, xf.data), { ...o, layout });
    assert.deepEqual(got.shape, xf.shape, layout);
    exact(got.data, back.data, layout);
  }
  exact(cd.batchNorm(x, { ...o, layout: 'NHWC' }).data, want, 'NHWC is the default');
  exact(cd.batchNorm(x, { ...o, layout: 'channels_last' }).data, want, 'channels_last is the default');
});

test('batchNorm: a resident x gives a resident result equal to the plain one', () => {
  const r = rng(93);
  for (const [shape, layout] of [
    [[2, 5, 6, 3], 'NHWC'],
    [[2, 3, 5, 6], 'NCHW'],
    [[40, 17], 'NWC'],
    [[2, 3, 4, 5, 6], 'NCDHW'],
  ]) {
    const x = mixedTensor(r, shape);
    const o = { ...randomParams(r, ref.channelOf(shape, layout).c), layout };
    const plain = cd.batchNorm(x, o);
    const rx = cd.upload(x);
    const res = cd.batchNorm(rx, o);
    assert.equal(res.resident, true, 'resident in, resident out');
    assert.deepEqual(res.shape, shape);
    const read = res.read();
    assert.deepEqual(read.shape, plain.shape);
    exact(read.data, plain.data, `[${shape}] ${layout}`);
    res.dispose();
    rx.dispose();
  }
  assert.deepEqual(
    cd.outputShape('batchNorm', [2, 3, 4], { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] }),
    [2, 3, 4],
    'outputShape',
  );
});

test('batchNorm: results are fresh arrays; out', async (t) => {
  const x = tensor(
    [3, 5, 7],
    Float32Array.from({ length: 105 }, (_, i) => [-0, NaN, -2, 3, 0.5, -Infinity, 7][i % 7]),
  );
  const y = tensor(
    [3, 5, 7],
    Float32Array.from({ length: 105 }, (_, i) => 9 - i),
  );
  const o = randomParams(rng(94), 7, { scale: true, offset: true });
  const before = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? v : v.slice()]));
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (extra) => cd.batchNorm(x, { ...o, ...extra }),
    other: () => cd.batchNorm(y, { mean: o.scale, variance: o.variance }),
  });
  for (const [k, v] of Object.entries(before)) if (typeof v !== 'number') exact(o[k], v, `${k} is not modified`);
});

test('batchNorm: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const canary = () =>
    exact(
      cd.batchNorm(tensor([2, 2], [1, 2, 3, 4]), { mean: [1, 2], variance: [4, 1], epsilon: 0 }).data,
      [0, 0, 1, 2],
      'canary',
    );
  const good = tensor([2, 3], [1, -2, 3, -4, 5, -6]);
  const p = { mean: [0, 0, 0], variance: [1, 1, 1] };
  const call = (o) => cd.batchNorm(good, o);
  const other = await loadForTest();
  const foreign = other.cd.upload(tensor([3], [1, 2, 3]));
  const rows = [
    ...badTensorRows('x', (x) => cd.batchNorm(x, { mean: [0], variance: [1] }), { ranks: [1, 2, 3, 4, 5] }),
    ...badOptionsRows((o) => call(o === null || typeof o !== 'object' || Array.isArray(o) ? o : { ...p, ...o }), {
      outLength: 6,
    }),
    { name: 'options are missing (mean is required)', call: () => cd.batchNorm(good), error: TypeError, param: 'mean' },
    { name: 'mean is missing', call: () => call({ variance: p.variance }), error: TypeError, param: 'mean' },
    { name: 'variance is missing', call: () => call({ mean: p.mean }), error: TypeError, param: 'variance' },
    { name: 'mean is null', call: () => call({ ...p, mean: null }), error: TypeError, param: 'mean' },
    { name: 'variance is a string', call: () => call({ ...p, variance: '1' }), error: TypeError, param: 'variance' },
    {
      name: 'scale has a string entry',
      call: () => call({ ...p, scale: [1, '1', 1] }),
      error: TypeError,
      param: 'scale',
    },
    {
      name: 'offset is a Float64Array',
      call: () => call({ ...p, offset: new Float64Array(3) }),
      error: TypeError,
      param: 'offset',
    },
    {
      name: 'mean has 2 values for 3 channels',
      call: () => call({ ...p, mean: [0, 0] }),
      error: RangeError,
      param: 'mean.length',
    },
    {
      name: 'variance has 4 values for 3 channels',
      call: () => call({ ...p, variance: new Float32Array(4) }),
      error: RangeError,
      param: 'variance.length',
    },
    {
      name: 'scale has 1 value for 3 channels',
      call: () => call({ ...p, scale: [2] }),
      error: RangeError,
      param: 'scale.length',
    },
    {
      name: 'offset has 2 values for 3 channels',
      call: () => call({ ...p, offset: tensor([2], [1, 2]) }),
      error: RangeError,
      param: 'offset.length',
    },
    {
      name: 'mean has the channel count of the other layout',
      call: () => call({ mean: [0, 0], variance: [1, 1], layout: 'NCW' }),
      error: RangeError,
      param: 'mean.length',
    },
    {
      name: 'mean is a resident tensor of another instance',
      call: () => call({ ...p, mean: foreign }),
      error: TypeError,
      param: 'mean',
    },
    { name: 'epsilon is NaN', call: () => call({ ...p, epsilon: NaN }), error: RangeError, param: 'epsilon' },
    { name: 'epsilon is negative', call: () => call({ ...p, epsilon: -1e-3 }), error: RangeError, param: 'epsilon' },
    { name: 'epsilon is Infinity', call: () => call({ ...p, epsilon: Infinity }), error: RangeError, param: 'epsilon' },
    {
      name: 'epsilon overflows float32 (1e39)',
      call: () => call({ ...p, epsilon: 1e39 }),
      error: RangeError,
      param: 'epsilon',
    },
    { name: 'epsilon is a string', call: () => call({ ...p, epsilon: '0.001' }), error: TypeError, param: 'epsilon' },
    { name: 'epsilon is null', call: () => call({ ...p, epsilon: null }), error: TypeError, param: 'epsilon' },
    { name: 'layout is unknown', call: () => call({ ...p, layout: 'NHCW' }), error: RangeError, param: 'layout' },
    {
      name: 'layout of another rank (NCHW for rank 2)',
      call: () => call({ ...p, layout: 'NCHW' }),
      error: RangeError,
      param: 'layout',
    },
    { name: 'layout is a number', call: () => call({ ...p, layout: 0 }), error: TypeError, param: 'layout' },
    {
      name: 'channels first with rank 1',
      call: () => cd.batchNorm(tensor([3], [1, 2, 3]), { ...p, layout: 'channels_first' }),
      error: RangeError,
      param: 'x.shape',
    },
    {
      name: 'eps (PyTorch) suggests epsilon',
      call: () => call({ ...p, eps: 1e-5 }),
      error: TypeError,
      param: /did you mean 'epsilon'/,
    },
  ];
  await badInputTable(t, fn, rows, canary);
  foreign.dispose();
});

test('batchNorm: the heap stays flat over 1,000 calls', () => {
  const r = rng(95);
  const xs = [mixedTensor(r, [1000]), mixedTensor(r, [2, 9, 7, 6])];
  const os = [randomParams(r, 1000, { scale: true, offset: true }), { ...randomParams(r, 9), layout: 'NCHW' }];
  const rx = cd.upload(xs[1]);
  assertHeapFlat(cd, (i) => {
    if (i % 3 === 2) cd.batchNorm(rx, os[1]).dispose();
    else cd.batchNorm(xs[i % 2], os[i % 2]);
  });
  rx.dispose();
});
