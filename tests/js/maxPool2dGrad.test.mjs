// maxPool2dGrad: the gradient of max pooling w.r.t. x (tf.raw_ops.MaxPoolGrad). Moved from the
// pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertGrad,
  assertOwnedAndFlat,
  assertSameResult,
  dyPool,
  gradCases,
  plain,
  random,
  x4,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('maxPool2dGrad: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'maxPool2dGrad',
      [x4, random([2, 3, 4, 5], 7)],
      RangeError,
      /^maxPool2dGrad: dy shape \[2, 3, 4, 5\] must equal \[2, 3, 3, 5\]/,
    ],
  ]);
  assert.deepEqual(cd.maxPool2dGrad(x4, dyPool(11), { poolSize: 2 }).shape, [2, 6, 7, 5], 'the instance keeps working');
});

test('maxPool2dGrad: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  const dy = dyPool(11);
  assertOwnedAndFlat(assert, cd, 'maxPool2dGrad', () => cd.maxPool2dGrad(x4, dy, { poolSize: 2 }));
});

test('maxPool2dGrad: matches finite differences of the forward definition (random inputs)', () => {
  for (const {
    x,
    po: { countIncludePad, ...po },
    pdy,
  } of gradCases()) {
    // countIncludePad is an average-pooling option: the max pools refuse it (strict options).
    void countIncludePad;
    const gm = cd.maxPool2dGrad(x, pdy, po);
    assertGrad(
      assert,
      'maxPool2dGrad',
      gm.data,
      ref.finiteDifference((t) => ref.maxPool2d(t, po), plain(x), plain(pdy), 1e-6),
    );
  }
});

test('maxPool2dGrad: resident inputs agree with plain inputs', () => {
  const dy = dyPool(41);
  const rx = cd.upload(x4);
  const rdy = cd.upload(dy);
  assertSameResult(
    assert,
    cd.maxPool2dGrad(rx, rdy, { poolSize: 2 }),
    cd.maxPool2dGrad(x4, dy, { poolSize: 2 }),
    'maxPool2dGrad',
  );
  rx.dispose();
  rdy.dispose();
});

fixtureTests(cd, 'maxPool2dGrad');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };
const ceilOne = { shape: [1, 1, 1, 1], data: new Float32Array([5]) };
const ceilO1 = { poolSize: 4, strides: 4, padding: 1, ceilMode: true, layout: 'NCHW' };

test('maxPool2dGrad: ceilMode partial window longer than the input (max_pool2d backward)', () => {
  // dy = 1 goes to the maximum, 4 at (1, 1).
  const dy = { shape: [1, 1, 1, 1], data: new Float32Array([1]) };
  assert.deepEqual(Array.from(cd.maxPool2dGrad(ceilX, dy, ceilO).data), [0, 0, 0, 1]);
  assert.deepEqual(Array.from(cd.maxPool2dGrad(ceilOne, dy, ceilO1).data), [1]);
});
