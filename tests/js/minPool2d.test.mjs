// minPool2d: min pooling (-maxPool2d(-x)) with the pooling options. Moved from the pooling
// family's kit (tests/js-family/). Runs once per build (CONDENSE_SIMD=true / false).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertBothLayouts,
  assertOwnedAndFlat,
  assertSameResult,
  numericPad,
  x4,
  x4ChannelsFirst,
  x4Rank3,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('minPool2d: option normalisation: a number is the same as one entry per axis; layout names; rank 3 stays rank 3', () => {
  const a = cd.minPool2d(x4, { poolSize: 3, strides: 2, padding: 1 });
  const b = cd.minPool2d(x4, {
    poolSize: [3, 3],
    strides: [2, 2],
    padding: [
      [1, 1],
      [1, 1],
    ],
  });
  assert.deepEqual(a, b, 'minPool2d');
  const xcf = x4ChannelsFirst();
  for (const layout of ['NCHW', 'nchw', 'channels_first', 'channelsFirst']) {
    assert.deepEqual(cd.minPool2d(xcf, { layout }), cd.minPool2d(xcf, { layout: 'NCHW' }), layout);
  }
  assert.deepEqual(cd.minPool2d(x4, { layout: 'NHWC' }), cd.minPool2d(x4));
  assert.equal(cd.minPool2d(x4Rank3(), {}).shape.length, 3, 'minPool2d');
});

test('minPool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['minPool2d', [null], TypeError, /^minPool2d: x must be a tensor/],
    ['minPool2d', [x4, 3], TypeError, /^minPool2d: options must be an object/],
    ['minPool2d', [x4, { layout: 'NCWH' }], RangeError, /^minPool2d: layout must be 'NHWC' or 'NCHW'/],
    ['minPool2d', [x4, { poolSize: 0 }], RangeError, /^minPool2d: poolSize must be a positive integer/],
    [
      'minPool2d',
      [x4, { poolSize: 9 }],
      RangeError,
      /^minPool2d: poolSize height \(9\) is larger than the input height \(6\)/,
    ],
    [
      'minPool2d',
      [x4, { padding: 'same', ceilMode: true }],
      RangeError,
      /^minPool2d: ceilMode applies to 'valid' or explicit padding/,
    ],
  ]);
  // The instance keeps working after errors.
  assert.deepEqual(cd.minPool2d(x4).shape, [2, 3, 3, 5]);
});

test('minPool2d: fresh output owned by JS, options.out, and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'minPool2d', () => cd.minPool2d(x4, {}));
  const out = new Float32Array(2 * 3 * 3 * 5);
  const r = cd.minPool2d(x4, { out });
  assert.equal(r.data, out);
});

test('minPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.minPool2d(rx, {}), cd.minPool2d(x4, {}), 'minPool2d');
  rx.dispose();
});

test('minPool2d: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.minPool2d(numericPad.x, numericPad.options).shape, numericPad.shape, 'minPool2d');
});

test('minPool2d: onnxruntime-web is NCHW-only: condense takes both layouts and returns each in its own', () => {
  assertBothLayouts(assert, cd, 'minPool2d', { poolSize: 2 });
});

fixtureTests(cd, 'minPool2d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };
const ceilOne = { shape: [1, 1, 1, 1], data: new Float32Array([5]) };
const ceilO1 = { poolSize: 4, strides: 4, padding: 1, ceilMode: true, layout: 'NCHW' };

test('minPool2d: ceilMode partial window longer than the input (-F.max_pool2d(-x))', () => {
  assert.deepEqual(Array.from(cd.minPool2d(ceilX, ceilO).data), [1]);
  assert.deepEqual(Array.from(cd.minPool2d(ceilOne, ceilO1).data), [5]);
});
