// add, sub, mul, step, channelSum (the elementwise slice): every element as JavaScript computes it
// (the double result stored into a Float32Array, which is what tfjs-backend-cpu does), NaN,
// infinities and signed zeros included; scalar operands on either side; resident operands;
// errors naming the parameter. Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { assertBadInputs, assertOwnedAndFlat, assertSameResult, random } from '../js-helpers/family.mjs';

const cd = await loadBuild();

const EDGE = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1, 16777217, 0.1];

// Random values with every edge case meeting every other one somewhere.
function special(shape, seed) {
  const t = random(shape, seed, -100, 100);
  for (let i = 0; i < t.data.length; i += 3) t.data[i] = EDGE[(i / 3 + seed) % EDGE.length];
  return t;
}

const OPS = {
  add: (p, q) => p + q,
  sub: (p, q) => p - q,
  mul: (p, q) => p * q,
};

// Object.is: NaN equals NaN and -0 differs from +0.
function assertBits(got, want, what) {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

for (const [fn, op] of Object.entries(OPS)) {
  test(`${fn}: two tensors, element by element, as JavaScript rounds into a Float32Array`, () => {
    for (const shape of [[1], [7], [3, 5], [2, 3, 4, 5], [1, 2, 3, 4, 9], [4099]]) {
      const a = special(shape, 1);
      const b = special(shape, 2);
      const y = cd[fn](a, b);
      assert.deepEqual(y.shape, shape);
      assertBits(
        y.data,
        Float32Array.from(a.data, (v, i) => op(v, b.data[i])),
        `${fn} ${shape}`,
      );
    }
  });

  test(`${fn}: a number on either side (rounded to float32 first, as a tensor would hold it)`, () => {
    const a = special([3, 11], 3);
    for (const c of [2.5, -0, 0, Infinity, NaN, 1e-45, 0.1, Math.fround(0.1)]) {
      const f = Math.fround(c);
      assertBits(
        cd[fn](a, c).data,
        Float32Array.from(a.data, (v) => op(v, f)),
        `${fn}(a, ${c})`,
      );
      assertBits(
        cd[fn](c, a).data,
        Float32Array.from(a.data, (v) => op(f, v)),
        `${fn}(${c}, a)`,
      );
    }
  });

  test(`${fn}: resident operands (either or both) give the plain result, resident`, () => {
    const a = special([2, 8, 8, 3], 4);
    const b = special([2, 8, 8, 3], 5);
    const ra = cd.upload(a);
    const rb = cd.upload(b);
    const want = cd[fn](a, b);
    for (const [p, q] of [
      [ra, b],
      [a, rb],
      [ra, rb],
    ]) {
      const y = cd[fn](p, q);
      assert.equal(y.resident, true);
      assertSameResult(assert, y, want, fn);
      y.dispose();
    }
    const yc = cd[fn](3, ra);
    assert.equal(yc.resident, true);
    assertSameResult(assert, yc, cd[fn](3, a), `${fn}(3, resident)`);
    yc.dispose();
    ra.dispose();
    rb.dispose();
  });

  test(`${fn}: fresh output owned by JS and no heap growth over 1,000 calls`, () => {
    const a = random([2, 5, 5, 3], 6);
    assertOwnedAndFlat(assert, cd, fn, () => cd[fn](a, a));
  });
}

test('add / sub / mul: bad inputs name the parameter, and the instance keeps working', () => {
  const a = random([2, 3], 1);
  assertBadInputs(assert, cd, [
    ['add', [a, random([3, 2], 2)], RangeError, /^add: b\.shape must equal a\.shape \[2, 3\] \(got \[3, 2\]\)/],
    ['sub', [a, random([2, 3, 1], 2)], RangeError, /^sub: b\.shape must equal a\.shape/],
    ['mul', [2, 3], TypeError, /^mul: a or b must be a tensor/],
    ['mul', [a, '2'], TypeError, /^mul: b /],
    ['add', [a, a, { alpha: 1 }], TypeError, /^add: .*alpha/],
    ['mul', [a, a, { out: new Float32Array(5) }], RangeError, /^mul: options\.out/],
  ]);
  assertBits(
    cd.mul(a, a).data,
    Float32Array.from(a.data, (v) => v * v),
    'still working',
  );
});

test('add / mul: `out` receives the result', () => {
  const a = random([4, 4], 7);
  const out = new Float32Array(16);
  const y = cd.add(a, 1, { out });
  assert.equal(y.data, out);
  assertBits(
    out,
    Float32Array.from(a.data, (v) => v + 1),
    'out',
  );
});

test('step: 1 where x > 0, NaN where x is NaN, else alpha', () => {
  const x = special([5, 9, 7], 8);
  for (const alpha of [undefined, 0, -0, 0.3, -2, NaN]) {
    const a = Math.fround(alpha ?? 0);
    const want = Float32Array.from(x.data, (v) => (v > 0 ? 1 : Number.isNaN(v) ? NaN : a));
    const y = cd.step(x, alpha === undefined ? undefined : { alpha });
    assertBits(y.data, want, `step alpha ${alpha}`);
  }
  const r = cd.upload(x);
  const yr = cd.step(r, { alpha: 0.3 });
  assertSameResult(assert, yr, cd.step(x, { alpha: 0.3 }), 'resident step');
  yr.dispose();
  r.dispose();
  assertBadInputs(assert, cd, [['step', [x, { alpha: '1' }], TypeError, /^step: alpha must be a number/]]);
});

test('channelSum: each channel summed in double in index order, rounded once', () => {
  for (const shape of [[5], [4, 3], [2, 9, 9, 17], [3, 2, 2, 2, 33], [4096, 40]]) {
    const x = random(shape, 9, -1000, 1000);
    // Large and small values alternate in channel 0: a float accumulator would lose the small ones.
    const c = shape.at(-1);
    for (let i = 0; i < x.data.length; i += c) x.data[i] = (i / c) % 2 ? 3e7 : 0.75;
    const rows = x.data.length / c;
    const want = new Float32Array(c);
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x.data[r * c + k];
      want[k] = s;
    }
    const y = cd.channelSum(x);
    assert.deepEqual(y.shape, [c]);
    assertBits(y.data, want, `channelSum ${shape}`);
    assert.deepEqual(cd.channelSum(x, { keepDims: true }).shape, [...shape.slice(0, -1).fill(1), c]);
    const r = cd.upload(x);
    const yr = cd.channelSum(r);
    assertSameResult(assert, yr, y, 'resident channelSum');
    yr.dispose();
    r.dispose();
  }
  assertBadInputs(assert, cd, [
    ['channelSum', [{ shape: [2, 0], data: new Float32Array(0) }], RangeError, /^channelSum: x\.shape/],
    ['channelSum', [random([2, 2], 1), { keepDims: 'yes' }], TypeError, /^channelSum: keepDims must be a boolean/],
  ]);
});

test('step / channelSum: fresh output and no heap growth over 1,000 calls', () => {
  const x = random([2, 5, 5, 3], 10);
  assertOwnedAndFlat(assert, cd, 'step', () => cd.step(x));
  assertOwnedAndFlat(assert, cd, 'channelSum', () => cd.channelSum(x));
});
