// avgPool2dGrad: the gradient of average pooling w.r.t. x (tf.raw_ops.AvgPoolGrad). Moved from
// the pooling family's kit (tests/js-family/). Runs once per build.
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
} from '../js-helpers/family.mjs';

const cd = await loadBuild();
const O = { inputShape: [2, 6, 7, 5], poolSize: 2 };

test('avgPool2dGrad: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'avgPool2dGrad',
      [random([2, 3, 3, 5], 7), {}],
      TypeError,
      /^avgPool2dGrad: inputShape must be an array of 4 positive integers/,
    ],
  ]);
  assert.deepEqual(cd.avgPool2dGrad(dyPool(11), O).shape, [2, 6, 7, 5], 'the instance keeps working');
});

test('avgPool2dGrad: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  const dy = dyPool(11);
  assertOwnedAndFlat(assert, cd, 'avgPool2dGrad', () => cd.avgPool2dGrad(dy, O));
});

test('avgPool2dGrad: matches finite differences of the forward definition (random inputs)', () => {
  for (const { xShape, x, po, pdy } of gradCases()) {
    const ga = cd.avgPool2dGrad(pdy, { ...po, inputShape: xShape });
    assertGrad(
      assert,
      'avgPool2dGrad',
      ga.data,
      ref.finiteDifference((t) => ref.avgPool2d(t, po), plain(x), plain(pdy)),
    );
  }
});

test('avgPool2dGrad: resident inputs agree with plain inputs', () => {
  const dy = dyPool(41);
  const rdy = cd.upload(dy);
  assertSameResult(assert, cd.avgPool2dGrad(rdy, O), cd.avgPool2dGrad(dy, O), 'avgPool2dGrad');
  rdy.dispose();
});

fixtureTests(cd, 'avgPool2dGrad');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.

test('avgPool2dGrad: ceilMode partial window longer than the input (avg_pool2d backward)', () => {
  const dy = { shape: [1, 1, 1, 1], data: new Float32Array([1]) };
  const o = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW', inputShape: [1, 1, 2, 2] };
  // divisor 4 (the in-bounds cells; count_include_pad counts the same 4 without padding)
  assert.deepEqual(Array.from(cd.avgPool2dGrad(dy, o).data), [0.25, 0.25, 0.25, 0.25]);
  assert.deepEqual(Array.from(cd.avgPool2dGrad(dy, { ...o, countIncludePad: true }).data), [0.25, 0.25, 0.25, 0.25]);
  // [[5]], window 4, stride 4, padding 1, count_include_pad: divisor 9.
  const o1 = { poolSize: 4, strides: 4, padding: 1, ceilMode: true, countIncludePad: true, inputShape: [1, 1, 1, 1] };
  assert.deepEqual(Array.from(cd.avgPool2dGrad(dy, o1).data), [Math.fround(1 / 9)]);
});
