// The shared tests of relu6Grad, clampGrad and leakyReluGrad (one tests/js/<fn>.test.mjs each calls
// activationGradTests with its forward and options): exact agreement with the plain reference
// (reference/grad-nd.mjs) on random data with the special values (NaN, +-0, +-inf, the interval
// ends) in x and dy, every rank and lengths around the SIMD width, central finite differences of
// the forward definition away from the kinks, resident inputs, bad inputs, a flat heap.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as ref from './reference.mjs';
import { assertBadInputs, assertGrad, assertOwnedAndFlat, assertSameResult, plain, random } from './family.mjs';

const SPECIALS = [NaN, 0, -0, Infinity, -Infinity, 6, -6, 1e-45, -1e-45, 0.5, -0.5, 1, -1];

// { fn, options: [options...], want(dy, x, o), forward(v, o) } -> the tests.
export function activationGradTests(cd, { fn, options, want, forward, bad }) {
  const cases = [];
  for (const shape of [[1], [3], [4], [7], [8], [9], [17], [33], [2, 5], [2, 3, 4], [1, 4, 4, 3], [1, 2, 3, 2, 2]]) {
    const dy = random(shape, 3 + shape.length, -4, 4);
    const x = random(shape, 11 + shape[0], -8, 8);
    for (let i = 0; i < x.data.length; i += 3) x.data[i] = SPECIALS[i % SPECIALS.length];
    for (let i = 1; i < dy.data.length; i += 4) dy.data[i] = SPECIALS[(i + 5) % SPECIALS.length];
    cases.push({ dy, x });
  }

  test(`${fn}: equals the plain reference bit for bit (NaN, +-0, +-inf, the interval ends), ranks 1-5`, () => {
    for (const o of options) {
      for (const { dy, x } of cases) {
        const got = cd[fn](dy, x, o);
        assert.deepEqual(got.shape, x.shape);
        const expected = want(plain(dy), plain(x), o).data;
        // Object.is: the sign of zero and NaN count.
        got.data.forEach((v, i) => {
          if (!Object.is(v, Math.fround(expected[i]))) {
            assert.fail(`${fn} ${JSON.stringify(o)} [${i}] x=${x.data[i]} dy=${dy.data[i]}: ${v}, want ${expected[i]}`);
          }
        });
      }
    }
  });

  test(`${fn}: matches central finite differences of the forward definition (random inputs)`, () => {
    for (const o of options) {
      const x = random([2, 5, 4, 3], 17, -8, 8);
      const dy = random(x.shape, 19);
      const f = (t) => ({ shape: t.shape, data: t.data.map((v) => forward(v, o)) });
      assertGrad(assert, fn, Array.from(cd[fn](dy, x, o).data), ref.finiteDifference(f, plain(x), plain(dy), 1e-6));
    }
  });

  test(`${fn}: resident inputs agree with plain inputs`, () => {
    const { dy, x } = cases[10];
    const rdy = cd.upload(dy);
    const rx = cd.upload(x);
    for (const [a, b] of [
      [rdy, rx],
      [dy, rx],
      [rdy, x],
    ]) {
      const r = cd[fn](a, b, options[0]);
      assertSameResult(assert, r, cd[fn](dy, x, options[0]), fn);
      if (r.resident) r.dispose();
    }
    rdy.dispose();
    rx.dispose();
  });

  test(`${fn}: bad inputs: the error class, and a message naming the function, the parameter and the rule`, () => {
    const { dy, x } = cases[10];
    assertBadInputs(assert, cd, [
      [
        fn,
        [random([4], 8), random([5], 8), options[0]],
        RangeError,
        new RegExp(`^${fn}: dy\\.shape must equal x\\.shape \\[5\\]`),
      ],
      [fn, [dy, { shape: [2, 2], data: [1, 2, 3, 4] }, options[0]], TypeError, new RegExp(`^${fn}: x`)],
      [fn, [dy, x, { ...options[0], alhpa: 1 }], TypeError, new RegExp(`^${fn}: unknown option`)],
      ...bad.map(([o, Class, message]) => [fn, [dy, x, o], Class, message]),
    ]);
    assert.deepEqual(cd[fn](dy, x, options[0]).shape, x.shape, 'the instance keeps working');
  });

  test(`${fn}: fresh output owned by JS and no heap growth over 1,000 calls`, () => {
    const { dy, x } = cases[10];
    assertOwnedAndFlat(assert, cd, fn, () => cd[fn](dy, x, options[0]));
  });
}
