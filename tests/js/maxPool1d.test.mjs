// maxPool1d: 1-D max pooling on [n, w, c] (or NCW). Moved from the pooling family's kit
// (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBadInputs, assertOwnedAndFlat, random, x4 } from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('maxPool1d: option normalisation: a number is the same as a one-entry array', () => {
  const x1 = random([2, 9, 3], 2);
  assert.deepEqual(
    cd.maxPool1d(x1, { poolSize: 3 }),
    cd.maxPool1d(x1, { poolSize: [3], strides: [3], padding: 'valid' }),
  );
});

test('maxPool1d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['maxPool1d', [x4], RangeError, /^maxPool1d: x\.shape must have rank 2 or 3/],
    ['maxPool1d', [random([1, 5, 2], 5), { poolSize: [2, 2] }], RangeError, /^maxPool1d: poolSize must have 1 entries/],
    [
      'maxPool1d',
      [random([1, 5, 2], 5), { poolSize: 7 }],
      RangeError,
      /^maxPool1d: poolSize width \(7\) is larger than the input width \(5\)/,
    ],
    ['maxPool1d', [random([1, 5, 2], 5), { layout: 'NCHW' }], RangeError, /^maxPool1d: layout must be 'NWC' or 'NCW'/],
  ]);
  assert.deepEqual(cd.maxPool1d(random([1, 5, 2], 5), { poolSize: 2 }).shape, [1, 2, 2], 'the instance keeps working');
});

test('maxPool1d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'maxPool1d', () => cd.maxPool1d(random([2, 9, 3], 2), { poolSize: 2 }));
});

fixtureTests(cd, 'maxPool1d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.

test('maxPool1d: ceilMode partial window longer than the input (F.max_pool1d values)', () => {
  // F.max_pool1d([[[1, 2]]], 3, 3, ceil_mode=True) -> [[[2]]]
  const r = cd.maxPool1d(
    { shape: [1, 1, 2], data: new Float32Array([1, 2]) },
    { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCW' },
  );
  assert.deepEqual(r.shape, [1, 1, 1]);
  assert.deepEqual(Array.from(r.data), [2]);
  // [5], window 4, stride 4, padding 1 -> [5]
  const one = cd.maxPool1d(
    { shape: [1, 1, 1], data: new Float32Array([5]) },
    { poolSize: 4, strides: 4, padding: 1, ceilMode: true },
  );
  assert.deepEqual(Array.from(one.data), [5]);
});
