// conv2dGradInput: the gradient of conv2d w.r.t. its input (Conv2DBackpropInput). Moved from the
// pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertTensor } from '../js-helpers/checks.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertGrad,
  assertOwnedAndFlat,
  channelsFirst,
  gradCases,
  plain,
  random,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('conv2dGradInput: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'conv2dGradInput',
      [random([1, 4, 4, 2], 9), random([3, 3, 2, 2], 9), {}],
      TypeError,
      /^conv2dGradInput: inputShape must be an array of 4 positive integers/,
    ],
    [
      'conv2dGradInput',
      [random([1, 4, 4, 2], 9), random([3, 3, 2, 2], 9), { inputShape: [1, 5, 5, 2] }],
      RangeError,
      /^conv2dGradInput: dy shape \[1, 4, 4, 2\] must equal \[1, 3, 3, 2\]/,
    ],
  ]);
  assert.deepEqual(
    cd.conv2dGradInput(random([1, 4, 4, 2], 9), random([3, 3, 2, 2], 9), { inputShape: [1, 6, 6, 2] }).shape,
    [1, 6, 6, 2],
    'the instance keeps working',
  );
});

test('conv2dGradInput: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  const dy = random([2, 6, 7, 3], 1);
  const f = random([3, 3, 5, 3], 2);
  assertOwnedAndFlat(assert, cd, 'conv2dGradInput', () =>
    cd.conv2dGradInput(dy, f, { inputShape: [2, 6, 7, 5], padding: 'same' }),
  );
});

test('conv2dGradInput: matches finite differences of the forward definition (random inputs, both layouts)', () => {
  for (const { xShape, fShape, co, x, f, dy } of gradCases()) {
    const gi = cd.conv2dGradInput(dy, f, { ...co, inputShape: xShape });
    assertGrad(
      assert,
      'conv2dGradInput',
      gi.data,
      ref.finiteDifference((t) => ref.conv2dNoBias(t, plain(f), co), plain(x), plain(dy)),
    );
    // NCHW / OIHW give the same gradient, transposed.
    const giC = cd.conv2dGradInput(
      channelsFirst(dy),
      { shape: [fShape[3], fShape[2], fShape[0], fShape[1]], data: Float32Array.from(ref.hwioToOihw(plain(f)).data) },
      { ...co, layout: 'NCHW', inputShape: [xShape[0], xShape[3], xShape[1], xShape[2]] },
    );
    assertTensor(giC, ref.toChannelsFirst(plain(gi)), 'conv2dGradInput NCHW');
  }
});

fixtureTests(cd, 'conv2dGradInput');
