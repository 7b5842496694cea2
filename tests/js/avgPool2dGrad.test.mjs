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
