// prelu: x > 0 ? x : alpha[c] * x with one slope per channel or one for all (Keras PReLU with
// shared spatial axes, torch.nn.PReLU), any rank, channels last or on axis 1.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { describeCase, randomData, rng, tensor } from '../js-helpers/random.mjs';
import { CHANNEL_COUNTS, layoutNames, mixedTensor, randomChannelShape } from '../js-helpers/channel.mjs';

const { cd, memory } = await loadForTest();
const fn = 'prelu';
const exact = (got, want, context) => assertExact(got, want, context, { signedZero: true });

test('prelu: hand-computed examples, exact (NaN, ±0, ±inf, per-channel slopes, both layouts)', () => {
  const one = cd.prelu(tensor([4], [-1, 2, -0, NaN]), 0.25);
  assert.deepEqual(one.shape, [4]);
  exact(one.data, [-0.25, 2, -0, NaN], 'one slope 0.25');
  assert.ok(Object.is(one.data[2], -0), 'prelu(-0) with alpha 0.25 is -0');
  exact(
    cd.prelu(tensor([3], [-0, 0, -2]), -0.5).data,
    [0, -0, 1],
    'a negative slope: -0 becomes +0 and +0 (not > 0) becomes -0',
  );
  exact(cd.prelu(tensor([3], [-Infinity, Infinity, -4]), 0.5).data, [-Infinity, Infinity, -2], 'infinities');
  exact(cd.prelu(tensor([2], [-Infinity, -3]), 0).data, [NaN, -0], 'alpha 0: -inf * 0 is NaN, -3 * 0 is -0');
  exact(cd.prelu(tensor([2], [-1, 1]), NaN).data, [NaN, 1], 'a NaN slope makes the negative side NaN');
  // [2, 2] channels last: channels 0, 1, 0, 1.
  exact(cd.prelu(tensor([2, 2], [-1, 2, -3, 4]), [0.5, 0.25]).data, [-0.5, 2, -1.5, 4], 'NWC per channel');
  // [1, 2, 2] 'NCW': channel 0 is [-1, 2], channel 1 is [-3, 4].
  exact(
    cd.prelu(tensor([1, 2, 2], [-1, 2, -3, 4]), [0.5, 0.25], { layout: 'NCW' }).data,
    [-0.5, 2, -0.75, 4],
    'NCW per channel',
  );
  // float32 products: 0.1 is rounded to float first, then the product.
  exact(cd.prelu(tensor([1], [-3]), 0.1).data, [Math.fround(-3 * Math.fround(0.1))], 'float32 product');
});

test('prelu: agrees exactly with the reference on random shapes, layouts and slopes', () => {
  let shared = 0,
    perChannel = 0,
    first = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(7000 + seed);
    const { shape, layout, c } = randomChannelShape(r);
    const x = mixedTensor(r, shape);
    const form = r.int(0, 2);
    const alpha =
      form === 0 ? r.next() * 2 - 0.5 : form === 1 ? randomData(r, c, -1, 1) : Array.from(randomData(r, c, -1, 1));
    if (typeof alpha === 'number') shared++;
    else perChannel++;
    if (ref.isChannelsFirst(layout)) first++;
    const context = `seed ${7000 + seed} ${describeCase({ shape, layout, alpha })}`;
    const got = cd.prelu(x, alpha, layout === undefined ? undefined : { layout });
    const want = ref.prelu(x, alpha, layout);
    assert.deepEqual(got.shape, want.shape, context);
    exact(got.data, want.data, context);
  }
  assert.ok(
    shared > 50 && perChannel > 100 && first > 100,
    `${shared} shared, ${perChannel} per channel, ${first} channels first`,
  );
});

test('prelu: every channel count 1..9, 16, 17, 33 over long tensors (folded rows and tails), both layouts', () => {
  const r = rng(71);
  for (const c of CHANNEL_COUNTS) {
    for (const rank of [2, 3, 4, 5]) {
      const shape = [3, 5, 7, 2, 3].slice(0, rank);
      for (const first of [false, true]) {
        const s = shape.slice();
        s[first ? 1 : rank - 1] = c;
        const layout = first ? layoutNames(rank).first[0] : layoutNames(rank).last[1];
        const x = mixedTensor(r, s);
        const alpha = randomData(r, c, -1, 1);
        exact(cd.prelu(x, alpha, { layout }).data, ref.prelu(x, alpha, layout).data, `c=${c} [${s}] ${layout}`);
        exact(
          cd.prelu(x, alpha[0], { layout }).data,
          ref.prelu(x, alpha[0], layout).data,
          `c=${c} [${s}] ${layout}, one slope`,
        );
      }
    }
  }
});

test('prelu: one slope as a number equals one slope as [a] and the slope repeated per channel', () => {
  const x = mixedTensor(rng(72), [2, 3, 4, 5]);
  const want = cd.prelu(x, 0.3).data;
  exact(cd.prelu(x, [0.3]).data, want, '[a]');
  exact(cd.prelu(x, Float32Array.of(0.3)).data, want, 'Float32Array [a]');
  exact(cd.prelu(x, new Array(5).fill(0.3)).data, want, 'a per channel');
});

test('prelu: alpha forms (number[], Float32Array, tensor, resident tensor) give the same result', () => {
  const x = mixedTensor(rng(73), [2, 3, 4, 6]);
  const values = [0.1, -0.2, 0.3, 0, 1, 2.5];
  const want = ref.prelu(x, values).data;
  const resident = cd.upload(tensor([6], values));
  for (const [name, alpha] of [
    ['number[]', values],
    ['Float32Array', Float32Array.from(values)],
    ['tensor', tensor([6], values)],
    ['tensor [1, 6]', tensor([1, 6], values)],
    ['resident', resident],
  ]) {
    exact(cd.prelu(x, alpha).data, want, name);
  }
  exact(cd.prelu(x, cd.upload(tensor([1], [0.25]))).data, ref.prelu(x, 0.25).data, 'resident one slope');
  resident.dispose();
});

test('prelu: channels-first results are the channels-last results transposed', () => {
  const r = rng(74);
  for (const shape of [
    [2, 4, 3, 5],
    [2, 3, 4, 5, 6],
    [3, 7, 2],
    [4, 9],
  ]) {
    const x = mixedTensor(r, shape);
    const c = shape[shape.length - 1];
    const alpha = randomData(r, c, -1, 1);
    const last = cd.prelu(x, alpha);
    const xf = ref.toChannelsFirst({ shape: x.shape, data: Array.from(x.data) });
    const firstLayout = layoutNames(shape.length).first[0];
    for (const layout of [firstLayout, 'channels_first', 'CHANNELS_FIRST']) {
      const got = cd.prelu(tensor(xf.shape, xf.data), alpha, { layout });
      const back = ref.toChannelsFirst({ shape: last.shape, data: Array.from(last.data) });
      assert.deepEqual(got.shape, back.shape, `[${shape}] ${layout}`);
      exact(got.data, back.data, `[${shape}] ${layout}`);
    }
    exact(cd.prelu(x, alpha, { layout: 'channels_last' }).data, last.data, `[${shape}] channels_last is the default`);
  }
});

test('prelu: a resident x gives a resident result equal to the plain one', () => {
  const r = rng(75);
  for (const [shape, layout] of [
    [[2, 5, 6, 3], undefined],
    [[2, 3, 5, 6], 'NCHW'],
    [[40, 17], undefined],
  ]) {
    const x = mixedTensor(r, shape);
    const alpha = randomData(r, ref.channelOf(shape, layout).c, -1, 1);
    const rx = cd.upload(x);
    const ra = cd.upload(tensor([alpha.length], alpha));
    const plain = cd.prelu(x, alpha, { layout });
    for (const a of [alpha, ra]) {
      const res = cd.prelu(rx, a, { layout });
      assert.equal(res.resident, true, 'resident in, resident out');
      assert.deepEqual(res.shape, shape);
      const read = res.read();
      assert.deepEqual(read.shape, plain.shape);
      exact(read.data, plain.data, `[${shape}] ${layout}`);
      res.dispose();
    }
    assert.deepEqual(
      cd.prelu(x, ra, { layout }).resident,
      undefined,
      'a plain x with a resident alpha gives a plain result',
    );
    rx.dispose();
    ra.dispose();
  }
  assert.deepEqual(cd.outputShape('prelu', [[2, 3, 4], [4]]), [2, 3, 4], 'outputShape');
});

test('prelu: results are fresh arrays; out', async (t) => {
  const x = tensor(
    [3, 5, 7],
    Float32Array.from({ length: 105 }, (_, i) => [-0, NaN, -2, 3, 0.5, -Infinity, 7][i % 7]),
  );
  const y = tensor(
    [3, 5, 7],
    Float32Array.from({ length: 105 }, (_, i) => 9 - i),
  );
  const alpha = Float32Array.from({ length: 7 }, (_, i) => 0.1 * i - 0.2);
  const alphaBefore = alpha.slice();
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x],
    call: (o) => cd.prelu(x, alpha, o),
    other: () => cd.prelu(y, 0.5),
  });
  exact(alpha, alphaBefore, 'alpha is not modified');
});

test('prelu: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const canary = () => exact(cd.prelu(tensor([2, 2], [-1, 2, -3, 4]), [0.5, 0.25]).data, [-0.5, 2, -1.5, 4], 'canary');
  const good = tensor([2, 3], [1, -2, 3, -4, 5, -6]);
  const other = await loadForTest();
  const foreign = other.cd.upload(tensor([3], [1, 2, 3]));
  const rows = [
    ...badTensorRows('x', (x) => cd.prelu(x, 0.5), { ranks: [1, 2, 3, 4, 5] }),
    ...badOptionsRows((o) => cd.prelu(good, 0.5, o), { outLength: 6 }),
    { name: 'alpha is missing', call: () => cd.prelu(good), error: TypeError, param: 'alpha' },
    { name: 'alpha is null', call: () => cd.prelu(good, null), error: TypeError, param: 'alpha' },
    { name: 'alpha is a string', call: () => cd.prelu(good, '0.5'), error: TypeError, param: 'alpha' },
    {
      name: 'alpha has a string entry',
      call: () => cd.prelu(good, [0.1, '0.2', 0.3]),
      error: TypeError,
      param: 'alpha',
    },
    {
      name: 'alpha is a Float64Array',
      call: () => cd.prelu(good, new Float64Array(3)),
      error: TypeError,
      param: 'alpha',
    },
    {
      name: 'alpha is a tensor with plain-array data',
      call: () => cd.prelu(good, { shape: [3], data: [1, 2, 3] }),
      error: TypeError,
      param: 'alpha',
    },
    { name: 'alpha is empty', call: () => cd.prelu(good, []), error: RangeError, param: 'alpha.length' },
    {
      name: 'alpha has 2 values for 3 channels',
      call: () => cd.prelu(good, [0.1, 0.2]),
      error: RangeError,
      param: 'alpha.length',
    },
    {
      name: 'alpha has 4 values for 3 channels',
      call: () => cd.prelu(good, Float32Array.of(1, 2, 3, 4)),
      error: RangeError,
      param: 'alpha.length',
    },
    {
      name: 'alpha has the channel count of the other layout',
      call: () => cd.prelu(good, [1, 2], { layout: 'NCW' }),
      error: RangeError,
      param: 'alpha.length',
    },
    {
      name: 'alpha is a resident tensor of another instance',
      call: () => cd.prelu(good, foreign),
      error: TypeError,
      param: 'alpha',
    },
    {
      name: 'layout is unknown',
      call: () => cd.prelu(good, 0.5, { layout: 'HWC' }),
      error: RangeError,
      param: 'layout',
    },
    {
      name: 'layout of another rank (NCHW for rank 2)',
      call: () => cd.prelu(good, 0.5, { layout: 'NCHW' }),
      error: RangeError,
      param: 'layout',
    },
    { name: 'layout is a number', call: () => cd.prelu(good, 0.5, { layout: 1 }), error: TypeError, param: 'layout' },
    {
      name: 'channels first with rank 1',
      call: () => cd.prelu(tensor([3], [1, 2, 3]), 0.5, { layout: 'channels_first' }),
      error: RangeError,
      param: 'x.shape',
    },
    { name: 'unknown option', call: () => cd.prelu(good, 0.5, { alpha: 0.5 }), error: TypeError, param: 'alpha' },
  ];
  await badInputTable(t, fn, rows, canary);
  foreign.dispose();
});

test('prelu: the heap stays flat over 1,000 calls', () => {
  const xs = [mixedTensor(rng(1), [1000]), mixedTensor(rng(2), [2, 9, 7, 6])];
  const rx = cd.upload(xs[1]);
  assertHeapFlat(cd, (i) => {
    if (i % 3 === 2) cd.prelu(rx, [1, 2, 3, 4, 5, 6]).dispose();
    else cd.prelu(xs[i % 2], i % 2 ? Float32Array.of(1, 2, 3, 4, 5, 6) : 0.25);
  });
  rx.dispose();
});
