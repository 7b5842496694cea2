// softPool2d: SoftPool, sum(x e^x) / sum(e^x) per window. Moved from the pooling family's kit
// (tests/js-family/). Runs once per build (CONDENSE_SIMD=true / false).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertOwnedAndFlat, assertSameResult, numericPad, x4, x4Rank3 } from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('softPool2d: option normalisation: a number is the same as one entry per axis; rank 3 stays rank 3', () => {
  const a = cd.softPool2d(x4, { poolSize: 3, strides: 2, padding: 1 });
  const b = cd.softPool2d(x4, {
    poolSize: [3, 3],
    strides: [2, 2],
    padding: [
      [1, 1],
      [1, 1],
    ],
  });
  assert.deepEqual(a, b, 'softPool2d');
  assert.equal(cd.softPool2d(x4Rank3(), {}).shape.length, 3, 'softPool2d');
});

test('softPool2d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'softPool2d', () => cd.softPool2d(x4, {}));
});

test('softPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.softPool2d(rx, {}), cd.softPool2d(x4, {}), 'softPool2d');
  rx.dispose();
});

test('softPool2d: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.softPool2d(numericPad.x, numericPad.options).shape, numericPad.shape, 'softPool2d');
});

fixtureTests(cd, 'softPool2d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };

test('softPool2d: ceilMode partial window longer than the input: the in-bounds cells', () => {
  const e = [1, 2, 3, 4].map(Math.exp);
  const want = (1 * e[0] + 2 * e[1] + 3 * e[2] + 4 * e[3]) / (e[0] + e[1] + e[2] + e[3]);
  const got = cd.softPool2d(ceilX, ceilO).data;
  assert.equal(got.length, 1);
  assert.ok(Math.abs(got[0] - want) <= 4e-7 * want, `${got[0]} vs ${want}`);
});
