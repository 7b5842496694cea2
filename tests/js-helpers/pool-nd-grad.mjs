// The shared tests of maxPool1dGrad, avgPool1dGrad, maxPool3dGrad, avgPool3dGrad (one
// tests/js/<fn>.test.mjs each calls poolNdGradTests): exact agreement with the float32-step plain
// reference (reference/grad-nd.mjs) over padding / ceilMode / dilation / divisor cases in both
// layouts, central finite differences of the forward reference (reference/pool-family.mjs
// pool3d), resident inputs, batchless inputs, the bad-input table, fresh outputs and a flat heap.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as ref from './reference.mjs';
import { assertBadInputs, assertGrad, assertOwnedAndFlat, assertSameResult, plain, random } from './family.mjs';

// [xShape (channels last), options]: the forward ops' option forms.
const CASES = {
  1: [
    [[2, 9, 3], { poolSize: 2 }],
    [[1, 10, 5], { poolSize: 3, strides: 2, padding: 'same' }],
    [[2, 11, 4], { poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true }],
    [[1, 12, 9], { poolSize: [2], strides: [3], dilations: [2], padding: [[1, 0]] }],
    [[1, 8, 2], { poolSize: 3, strides: 1, padding: 1, divisorOverride: 2 }],
  ],
  3: [
    [[1, 4, 4, 4, 2], { poolSize: 2 }],
    [[2, 5, 4, 6, 3], { poolSize: [3, 2, 3], strides: [2, 1, 2], padding: 'same' }],
    [[1, 5, 5, 5, 5], { poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: true }],
    [
      [1, 6, 5, 7, 9],
      {
        poolSize: 2,
        strides: [1, 2, 2],
        dilations: [2, 1, 2],
        padding: [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
      },
    ],
    [[1, 4, 3, 5, 1], { poolSize: 2, strides: 1, padding: 1, divisorOverride: 3 }],
  ],
};

const shape5 = (shape, rank) => (rank === 1 ? [shape[0], 1, 1, shape[1], shape[2]] : shape);
const toFloat = (t) => ({ shape: t.shape, data: Float32Array.from(t.data) });
// [n, ...spatial, c] <-> [n, c, ...spatial] as float32 tensors.
const first = (t) => toFloat(ref.toChannelsFirst(plain(t)));
const last = (t) => toFloat(ref.toChannelsLast(plain(t)));

export function poolNdGradTests(cd, fn) {
  const rank = fn.includes('1d') ? 1 : 3;
  const isMax = fn.startsWith('max');
  const forwardFn = fn.replace('Grad', '');
  const cases = CASES[rank].map(([shape, o], i) => {
    const options = isMax ? { ...o, countIncludePad: undefined, divisorOverride: undefined } : o;
    for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
    const x = random(shape, 31 + i);
    const y = cd[forwardFn](x, options);
    const dy = random(y.shape, 41 + i);
    return { x, dy, options };
  });
  // dx through the API, channels last or first (the result back in channels last).
  const run = (x, dy, o, layout) => {
    if (layout === undefined) return isMax ? cd[fn](x, dy, o) : cd[fn](dy, { ...o, inputShape: x.shape });
    const l = rank === 1 ? 'NCW' : 'NCDHW';
    const xc = first(x);
    const r = isMax
      ? cd[fn](xc, first(dy), { ...o, layout: l })
      : cd[fn](first(dy), { ...o, layout: l, inputShape: xc.shape });
    return last(r);
  };
  const expected = (x, dy, o) => {
    const x5 = { shape: shape5(x.shape, rank), data: Array.from(x.data) };
    const dy5 = { shape: shape5(dy.shape, rank), data: Array.from(dy.data) };
    const r = isMax ? ref.maxPool3dGrad(x5, dy5, o, rank) : ref.avgPool3dGrad(dy5, x5.shape, o, rank);
    return { shape: x.shape, data: r.data };
  };

  test(`${fn}: equals the float32-step plain reference, both layouts (every padding form, ceilMode, dilations, divisors)`, () => {
    for (const { x, dy, options } of cases) {
      const want = expected(x, dy, options);
      for (const layout of [undefined, 'first']) {
        const got = run(x, dy, options, layout);
        const what = `${fn} ${JSON.stringify(options)} ${layout ?? 'channels last'}`;
        assert.deepEqual(got.shape, want.shape, what);
        assert.deepEqual(Array.from(got.data), want.data, what);
      }
    }
  });

  test(`${fn}: matches central finite differences of the forward reference (random inputs)`, () => {
    for (const { x, dy, options } of cases) {
      const o = rank === 1 ? toAxes3(options) : options;
      const forward = (t) => ref.pool3d({ shape: shape5(t.shape, rank), data: t.data }, o, isMax ? 'max' : 'avg');
      const fd = ref.finiteDifference(forward, plain(x), plain(dy), 1e-6);
      assertGrad(assert, `${fn} ${JSON.stringify(options)}`, Array.from(run(x, dy, options).data), fd);
    }
  });

  test(`${fn}: batchless inputs and resident inputs agree with batched plain inputs`, () => {
    const { x, dy, options } = cases[1];
    // The first image of x and dy, with and without its batch dim.
    const image = (t) => t.data.slice(0, ref.size(t.shape.slice(1)));
    const x1 = { shape: [1, ...x.shape.slice(1)], data: image(x) };
    const dy1 = { shape: [1, ...dy.shape.slice(1)], data: image(dy) };
    const batchless = run(
      { shape: x.shape.slice(1), data: image(x) },
      { shape: dy.shape.slice(1), data: image(dy) },
      options,
    );
    const want = run(x1, dy1, options);
    assert.deepEqual(batchless.shape, want.shape.slice(1));
    assert.deepEqual(batchless.data, want.data);
    const rx = cd.upload(x);
    const rdy = cd.upload(dy);
    const resident = isMax ? cd[fn](rx, rdy, options) : cd[fn](rdy, { ...options, inputShape: x.shape });
    assertSameResult(assert, resident, run(x, dy, options), fn);
    if (resident.resident) resident.dispose();
    rx.dispose();
    rdy.dispose();
  });

  if (isMax) {
    test(`${fn}: ties go to the first maximum in row-major window order, a NaN to the first NaN`, () => {
      // One window over the whole input: [n, ...spatial, c] with 4 cells, c = 2.
      const shape = rank === 1 ? [1, 4, 2] : [1, 1, 2, 2, 2];
      const poolSize = rank === 1 ? 4 : [1, 2, 2];
      const x = { shape, data: Float32Array.from([3, NaN, 5, 1, 5, NaN, 2, 7]) };
      const dy = { shape: rank === 1 ? [1, 1, 2] : [1, 1, 1, 1, 2], data: Float32Array.from([10, 20]) };
      // channel 0: 3, 5, 5, 2 -> the first 5 (cell 1); channel 1: NaN, 1, NaN, 7 -> the first NaN (cell 0).
      assert.deepEqual(Array.from(cd[fn](x, dy, { poolSize }).data), [0, 20, 10, 0, 0, 0, 0, 0]);
      // -0 and +0 tie: the first one wins.
      const z = { shape, data: Float32Array.from([-0, 0, 0, -0, -1, -1, -1, -1]) };
      assert.deepEqual(Array.from(cd[fn](z, dy, { poolSize }).data), [10, 20, 0, 0, 0, 0, 0, 0]);
    });
  }

  test(`${fn}: bad inputs: the error class, and a message naming the function, the parameter and the rule`, () => {
    const { x, dy } = cases[0];
    const args = (dyT, o) => (isMax ? [x, dyT, o] : [dyT, { inputShape: x.shape, ...o }]);
    const wrong = random(
      dy.shape.map((d, i) => (i === 1 ? d + 1 : d)),
      5,
    );
    const rows = [
      [fn, args(wrong, { poolSize: 2 }), RangeError, new RegExp(`^${fn}: dy\\.shape must be \\[`)],
      [fn, args(dy, { poolSize: 0 }), RangeError, new RegExp(`^${fn}: poolSize`)],
      [fn, args(dy, { poolSize: 2, layout: 'NHWC' }), RangeError, new RegExp(`^${fn}: layout`)],
      [fn, args(dy, { poolSize: 2, ceilMode: 1 }), TypeError, new RegExp(`^${fn}: ceilMode`)],
      [fn, args(dy, { poolSize: 2, padding: 'full' }), RangeError, new RegExp(`^${fn}: padding`)],
      [fn, args(dy, { poolSize: 2, poolsize: 2 }), TypeError, new RegExp(`^${fn}: unknown option`)],
    ];
    if (isMax) {
      rows.push([fn, [x, random([2, 3], 1), { poolSize: 2 }], RangeError, new RegExp(`^${fn}: dy`)]);
    } else {
      rows.push([fn, [dy, { poolSize: 2 }], TypeError, new RegExp(`^${fn}: inputShape`)]);
      rows.push([
        fn,
        [dy, { inputShape: x.shape, poolSize: 2, divisorOverride: 0 }],
        RangeError,
        new RegExp(`^${fn}: divisorOverride`),
      ]);
    }
    assertBadInputs(assert, cd, rows);
    assert.deepEqual(run(x, dy, { poolSize: 2 }).shape, x.shape, 'the instance keeps working');
  });

  test(`${fn}: fresh output owned by JS and no heap growth over 1,000 calls`, () => {
    const { x, dy, options } = cases[0];
    assertOwnedAndFlat(assert, cd, fn, () => run(x, dy, options));
  });
}

// 1-D options -> the 3-D reference's (unit depth and height windows).
function toAxes3(o) {
  const one = (v) => (Array.isArray(v) ? v[0] : v);
  const r = { ...o, poolSize: [1, 1, one(o.poolSize)] };
  if (o.strides !== undefined) r.strides = [1, 1, one(o.strides)];
  if (o.dilations !== undefined) r.dilations = [1, 1, one(o.dilations)];
  if (typeof o.padding === 'number')
    r.padding = [
      [0, 0],
      [0, 0],
      [o.padding, o.padding],
    ];
  else if (Array.isArray(o.padding)) r.padding = [[0, 0], [0, 0], o.padding[0]];
  return r;
}
