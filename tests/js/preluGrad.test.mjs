// preluGrad: the gradient of prelu (PyTorch's prelu backward): dx = x > 0 ? dy : alpha[c] * dy,
// dalpha[c] = sum of dy * x over the elements of channel c with x <= 0 (or NaN).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import {
  assertClose,
  assertExact,
  badInputTable,
  badOptionsRows,
  badTensorRows,
  freshOutputTests,
} from '../js-helpers/checks.mjs';
import { assertGrad } from '../js-helpers/family.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { describeCase, randomData, rng, tensor } from '../js-helpers/random.mjs';
import { CHANNEL_COUNTS, layoutNames, mixedTensor, randomChannelShape } from '../js-helpers/channel.mjs';

const { cd, memory } = await loadForTest();
const fn = 'preluGrad';
const exact = (got, want, context) => assertExact(got, want, context, { signedZero: true });

function check(dy, x, alpha, layout, context) {
  const got = cd.preluGrad(dy, x, alpha, layout === undefined ? undefined : { layout });
  const want = ref.preluGrad(dy, x, alpha, layout);
  assert.deepEqual(got.dx.shape, want.dx.shape, `${context}: dx shape`);
  exact(got.dx.data, want.dx.data, `${context}: dx`);
  assert.deepEqual(got.dalpha.shape, want.dalpha.shape, `${context}: dalpha shape`);
  assert.ok(got.dalpha.data instanceof Float32Array, `${context}: dalpha is a Float32Array`);
  assertClose(got.dalpha.data, want.dalpha, `${context}: dalpha`);
}

test('preluGrad: hand-computed examples, exact', () => {
  const dy = tensor([2, 2], [1, 1, 1, 1]);
  const x = tensor([2, 2], [-1, 2, -3, 4]);
  const g = cd.preluGrad(dy, x, [0.5, 0.25]);
  assert.deepEqual(g.dx.shape, [2, 2]);
  exact(g.dx.data, [0.5, 1, 0.5, 1], 'dx per channel');
  assert.deepEqual(g.dalpha.shape, [2]);
  exact(g.dalpha.data, [-4, 0], 'dalpha: channel 0 sums -1 and -3; channel 1 has no x <= 0 (+0)');
  const s = cd.preluGrad(tensor([2, 2], [2, 3, 4, 5]), x, 0.25);
  exact(s.dx.data, [0.5, 3, 1, 5], 'dx one slope');
  assert.deepEqual(s.dalpha.shape, [1]);
  exact(s.dalpha.data, [-14], 'dalpha one slope: 2 * -1 + 4 * -3');
  // 'NCW' [1, 2, 2]: channel 0 is x [-1, 2], channel 1 is x [-3, 4].
  const f = cd.preluGrad(tensor([1, 2, 2], [2, 3, 4, 5]), tensor([1, 2, 2], [-1, 2, -3, 4]), [0.5, 0.25], {
    layout: 'NCW',
  });
  exact(f.dx.data, [1, 3, 1, 5], 'dx NCW');
  exact(f.dalpha.data, [-2, -12], 'dalpha NCW');
  // x = -0 and +0 take the negative branch; a NaN x makes dx alpha * dy and dalpha NaN.
  const z = cd.preluGrad(tensor([3], [2, 2, 2]), tensor([3], [-0, 0, -1]), 0.5);
  exact(z.dx.data, [1, 1, 1], 'dx at ±0');
  exact(z.dalpha.data, [-2], 'dalpha at ±0');
  const n = cd.preluGrad(tensor([2], [2, 2]), tensor([2], [NaN, 1]), 0.5);
  exact(n.dx.data, [1, 2], 'dx at NaN x');
  exact(n.dalpha.data, [NaN], 'dalpha with NaN x');
  exact(
    cd.preluGrad(tensor([2], [NaN, 1]), tensor([2], [1, -1]), 0.5).dalpha.data,
    [-1],
    'a NaN dy on the positive side does not reach dalpha',
  );
});

test('preluGrad: agrees with the reference on random shapes, layouts and slopes (dx exact, dalpha summed in double)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(8000 + seed);
    const { shape, layout, c } = randomChannelShape(r);
    const x = mixedTensor(r, shape);
    const dy = { shape, data: randomData(r, x.data.length, -2, 2) };
    const alpha = r.chance(0.3) ? r.next() - 0.5 : randomData(r, c, -1, 1);
    check(dy, x, alpha, layout, `seed ${8000 + seed} ${describeCase({ shape, layout, alpha })}`);
  }
});

test('preluGrad: channel counts 1..9, 16, 17, 33 over long tensors (several 256-row blocks), both layouts', () => {
  const r = rng(81);
  for (const c of CHANNEL_COUNTS) {
    // [n, ...spatial]: 700 rows of c, 2 x 750 rows, 2 x 210 rows.
    for (const [n, spatial] of [
      [700, []],
      [2, [30, 25]],
      [2, [5, 6, 7]],
    ]) {
      const rank = spatial.length + 2;
      for (const first of [false, true]) {
        const s = first ? [n, c, ...spatial] : [n, ...spatial, c];
        const layout = first ? layoutNames(rank).first[0] : undefined;
        const x = mixedTensor(r, s);
        const dy = { shape: s, data: randomData(r, x.data.length, -2, 2) };
        check(dy, x, randomData(r, c, -1, 1), layout, `c=${c} [${s}] ${layout}`);
        check(dy, x, 0.3, layout, `c=${c} [${s}] ${layout}, one slope`);
      }
    }
  }
});

test('preluGrad: dalpha and dx match central finite differences of the forward reference', () => {
  const cases = [
    [[2, 5, 6, 3], undefined],
    [[2, 4, 3, 5], 'NCHW'],
    [[3, 7, 17], 'NWC'],
  ];
  for (const [i, [shape, layout]] of cases.entries()) {
    const r = rng(90 + i);
    const c = ref.channelOf(shape, layout).c;
    // |x| >= 0.05 keeps the x finite differences off the kink at 0.
    const x = {
      shape,
      data: Array.from(
        randomData(
          r,
          shape.reduce((a, b) => a * b, 1),
          -2,
          2,
        ),
        (v) => (Math.abs(v) < 0.05 ? 0.5 : v),
      ),
    };
    const dy = { shape, data: Array.from(randomData(r, x.data.length, -1, 1)) };
    for (const alpha of [Array.from(randomData(r, c, -1, 1)), [0.2]]) {
      const got = cd.preluGrad(
        tensor(shape, dy.data),
        tensor(shape, x.data),
        alpha,
        layout === undefined ? undefined : { layout },
      );
      // prelu is linear in alpha, so a large step is exact up to rounding.
      const fdAlpha = ref.finiteDifference(
        (t) => ref.prelu(x, t.data, layout),
        { shape: [alpha.length], data: alpha },
        dy,
        0.125,
      );
      assertGrad(assert, `${fn} dalpha case ${i}`, got.dalpha.data, fdAlpha);
      const fdX = ref.finiteDifference((t) => ref.prelu(t, alpha, layout), x, dy, 2 ** -6);
      assertGrad(assert, `${fn} dx case ${i}`, got.dx.data, fdX);
    }
  }
});

test('preluGrad: resident inputs (dy, x, alpha) give a resident dx equal to the plain one and the same dalpha', () => {
  const r = rng(82);
  for (const [shape, layout] of [
    [[2, 5, 6, 3], undefined],
    [[2, 3, 5, 6], 'NCHW'],
    [[40, 17], undefined],
  ]) {
    const x = mixedTensor(r, shape);
    const dy = { shape, data: randomData(r, x.data.length, -2, 2) };
    const alpha = randomData(r, ref.channelOf(shape, layout).c, -1, 1);
    const plain = cd.preluGrad(dy, x, alpha, { layout });
    const [rdy, rx, ra] = [cd.upload(dy), cd.upload(x), cd.upload(tensor([alpha.length], alpha))];
    for (const [name, args] of [
      ['all resident', [rdy, rx, ra]],
      ['dy resident', [rdy, x, alpha]],
      ['x and alpha resident', [dy, rx, ra]],
    ]) {
      const got = cd.preluGrad(...args, { layout });
      const dx = args[0] === rdy ? got.dx.read() : got.dx;
      assert.equal(got.dx.resident, args[0] === rdy ? true : undefined, `${name}: dx is resident exactly when dy is`);
      assert.deepEqual(dx.shape, plain.dx.shape, name);
      exact(dx.data, plain.dx.data, `${name}: dx`);
      assert.deepEqual(got.dalpha.shape, plain.dalpha.shape, name);
      exact(got.dalpha.data, plain.dalpha.data, `${name}: dalpha`);
      if (got.dx.resident) got.dx.dispose();
    }
    for (const t of [rdy, rx, ra]) t.dispose();
  }
  assert.deepEqual(cd.outputShape('preluGrad', [[2, 3, 4], [2, 3, 4], [4]]), [2, 3, 4], 'outputShape: the shape of dx');
});

test('preluGrad: dx and dalpha are fresh arrays', async (t) => {
  const x = tensor(
    [3, 5, 7],
    Float32Array.from({ length: 105 }, (_, i) => [-0, 1.5, -2, 3, 0.5, -1, 7][i % 7]),
  );
  const dy = tensor(
    [3, 5, 7],
    Float32Array.from({ length: 105 }, (_, i) => 9 - i),
  );
  const alpha = Float32Array.from({ length: 7 }, (_, i) => 0.1 * i - 0.2);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x, dy],
    out: false,
    call: () => cd.preluGrad(dy, x, alpha).dx,
    other: () => cd.preluGrad(x, dy, 0.5),
  });
  await t.test('preluGrad: dalpha owns its buffer and survives later calls', () => {
    const a = cd.preluGrad(dy, x, alpha).dalpha;
    assert.ok(a.data instanceof Float32Array);
    assert.notEqual(a.data.buffer, memory.buffer);
    assert.equal(a.data.byteOffset, 0);
    assert.equal(a.data.buffer.byteLength, a.data.byteLength);
    const kept = Float32Array.from(a.data);
    cd.preluGrad(x, dy, alpha);
    exact(a.data, kept, 'a later call leaves dalpha alone');
  });
});

test('preluGrad: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const canary = () => {
    const g = cd.preluGrad(tensor([2, 2], [1, 1, 1, 1]), tensor([2, 2], [-1, 2, -3, 4]), [0.5, 0.25]);
    exact(g.dx.data, [0.5, 1, 0.5, 1], 'canary dx');
    exact(g.dalpha.data, [-4, 0], 'canary dalpha');
  };
  const good = tensor([2, 3], [1, -2, 3, -4, 5, -6]);
  const rows = [
    ...badTensorRows('dy', (dy) => cd.preluGrad(dy, good, 0.5), { ranks: [1, 2, 3, 4, 5] }),
    ...badTensorRows('x', (x) => cd.preluGrad(good, x, 0.5), { ranks: [1, 2, 3, 4, 5] }),
    ...badOptionsRows((o) => cd.preluGrad(good, good, 0.5, o), { out: false }),
    {
      name: 'out is not an option of preluGrad',
      call: () => cd.preluGrad(good, good, 0.5, { out: new Float32Array(6) }),
      error: TypeError,
      param: 'out',
    },
    {
      name: 'dy.shape differs from x.shape (same size)',
      call: () => cd.preluGrad(tensor([3, 2], good.data), good, 0.5),
      error: RangeError,
      param: 'dy.shape',
    },
    {
      name: 'dy has another rank',
      call: () => cd.preluGrad(tensor([1, 2, 3], good.data), good, 0.5),
      error: RangeError,
      param: 'dy.shape',
    },
    {
      name: 'dy is smaller',
      call: () => cd.preluGrad(tensor([2, 2], [1, 2, 3, 4]), good, 0.5),
      error: RangeError,
      param: 'dy.shape',
    },
    { name: 'alpha is missing', call: () => cd.preluGrad(good, good), error: TypeError, param: 'alpha' },
    { name: 'alpha is a string', call: () => cd.preluGrad(good, good, 'a'), error: TypeError, param: 'alpha' },
    {
      name: 'alpha has 2 values for 3 channels',
      call: () => cd.preluGrad(good, good, [1, 2]),
      error: RangeError,
      param: 'alpha.length',
    },
    {
      name: 'alpha is empty',
      call: () => cd.preluGrad(good, good, new Float32Array(0)),
      error: RangeError,
      param: 'alpha.length',
    },
    {
      name: 'layout is unknown',
      call: () => cd.preluGrad(good, good, 0.5, { layout: 'CHW' }),
      error: RangeError,
      param: 'layout',
    },
    {
      name: 'layout is a boolean',
      call: () => cd.preluGrad(good, good, 0.5, { layout: true }),
      error: TypeError,
      param: 'layout',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('preluGrad: the heap stays flat over 1,000 calls', () => {
  const x = mixedTensor(rng(3), [2, 9, 7, 6]);
  const dy = mixedTensor(rng(4), [2, 9, 7, 6]);
  const big = mixedTensor(rng(5), [600, 5]);
  const rdy = cd.upload(dy);
  assertHeapFlat(cd, (i) => {
    if (i % 3 === 0) cd.preluGrad(rdy, x, [1, 2, 3, 4, 5, 6]).dx.dispose();
    else if (i % 3 === 1) cd.preluGrad(dy, x, 0.5);
    else cd.preluGrad(big, big, [0.1, 0.2, 0.3, 0.4, 0.5], { layout: 'NWC' });
  });
  rdy.dispose();
});
