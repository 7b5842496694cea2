// adaptiveAvgPool2d: PyTorch's adaptive bins [floor(i*in/out), ceil((i+1)*in/out)), averaged.
// Moved from the pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBadInputs, assertOwnedAndFlat, assertSameResult, x4, x4Rank3 } from '../js-helpers/family.mjs';

const cd = await loadBuild();
const O = { outputSize: 3 };

test('adaptiveAvgPool2d: option normalisation: rank 3 stays rank 3; outputSize null keeps that input size', () => {
  assert.equal(cd.adaptiveAvgPool2d(x4Rank3(), O).shape.length, 3, 'adaptiveAvgPool2d');
  assert.deepEqual(cd.adaptiveAvgPool2d(x4, { outputSize: [null, 3] }).shape, [2, 6, 3, 5]);
});

test('adaptiveAvgPool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['adaptiveAvgPool2d', [x4, {}], TypeError, /^adaptiveAvgPool2d: outputSize is required/],
  ]);
  assert.deepEqual(cd.adaptiveAvgPool2d(x4, O).shape, [2, 3, 3, 5], 'the instance keeps working');
});

test('adaptiveAvgPool2d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'adaptiveAvgPool2d', () => cd.adaptiveAvgPool2d(x4, O));
});

test('adaptiveAvgPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.adaptiveAvgPool2d(rx, O), cd.adaptiveAvgPool2d(x4, O), 'adaptiveAvgPool2d');
  rx.dispose();
});

fixtureTests(cd, 'adaptiveAvgPool2d');
