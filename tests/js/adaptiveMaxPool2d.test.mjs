// adaptiveMaxPool2d: PyTorch's adaptive bins [floor(i*in/out), ceil((i+1)*in/out)), maximum.
// Moved from the pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBadInputs, assertOwnedAndFlat, assertSameResult, x4, x4Rank3 } from '../js-helpers/family.mjs';

const cd = await loadBuild();
const O = { outputSize: [2, 4] };

test('adaptiveMaxPool2d: option normalisation: rank 3 stays rank 3', () => {
  assert.equal(cd.adaptiveMaxPool2d(x4Rank3(), O).shape.length, 3, 'adaptiveMaxPool2d');
});

test('adaptiveMaxPool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'adaptiveMaxPool2d',
      [x4, { outputSize: 0 }],
      RangeError,
      /^adaptiveMaxPool2d: outputSize must be a positive integer/,
    ],
  ]);
  assert.deepEqual(cd.adaptiveMaxPool2d(x4, O).shape, [2, 2, 4, 5], 'the instance keeps working');
});

test('adaptiveMaxPool2d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'adaptiveMaxPool2d', () => cd.adaptiveMaxPool2d(x4, O));
});

test('adaptiveMaxPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.adaptiveMaxPool2d(rx, O), cd.adaptiveMaxPool2d(x4, O), 'adaptiveMaxPool2d');
  rx.dispose();
});

fixtureTests(cd, 'adaptiveMaxPool2d');
