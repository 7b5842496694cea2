// reluGrad: dy where x > 0, else 0 (tf.raw_ops.ReluGrad). Moved from the pooling family's kit
// (tests/js-family/). Runs once per build.
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
  gradCases,
  plain,
  random,
  x4,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('reluGrad: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['reluGrad', [random([4], 8), random([5], 8)], RangeError, /^reluGrad: dy\.shape must equal x\.shape \[5\]/],
  ]);
  assert.deepEqual(cd.reluGrad(x4, x4).shape, x4.shape, 'the instance keeps working');
});

test('reluGrad: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'reluGrad', () => cd.reluGrad(x4, x4));
});

test('reluGrad: matches finite differences of the forward definition (random inputs)', () => {
  for (const { dy } of gradCases()) {
    const gr = cd.reluGrad(dy, { shape: dy.shape, data: dy.data.map((v) => v - 0.1) });
    assertGrad(
      assert,
      'reluGrad',
      gr.data,
      ref.finiteDifference(
        (t) => ({ shape: t.shape, data: t.data.map((v) => Math.max(v, 0)) }),
        { shape: dy.shape, data: Array.from(dy.data, (v) => v - 0.1) },
        plain(dy),
        1e-6,
      ),
    );
  }
});

test('reluGrad: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.reluGrad(rx, rx), cd.reluGrad(x4, x4), 'reluGrad');
  rx.dispose();
});

fixtureTests(cd, 'reluGrad');
