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
