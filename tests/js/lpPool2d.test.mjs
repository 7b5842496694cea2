// lpPool2d: power-average pooling (PyTorch LPPool2d; ONNX LpPool with convention 'onnx'). Moved
// from the pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertOwnedAndFlat,
  assertSameResult,
  numericPad,
  x4,
  x4Rank3,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('lpPool2d: option normalisation: a number is the same as one entry per axis; rank 3 stays rank 3', () => {
  const a = cd.lpPool2d(x4, { poolSize: 3, strides: 2, padding: 1 });
  const b = cd.lpPool2d(x4, {
    poolSize: [3, 3],
    strides: [2, 2],
    padding: [
      [1, 1],
      [1, 1],
    ],
  });
  assert.deepEqual(a, b, 'lpPool2d');
  assert.equal(cd.lpPool2d(x4Rank3(), { p: 3 }).shape.length, 3, 'lpPool2d');
});

test('lpPool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['lpPool2d', [x4, { p: 0 }], RangeError, /^lpPool2d: p must be a positive number or Infinity/],
    ['lpPool2d', [x4, { p: '2' }], TypeError, /^lpPool2d: p must be a positive number/],
    ['lpPool2d', [x4, { convention: 'tf' }], RangeError, /^lpPool2d: convention must be 'torch' or 'onnx'/],
  ]);
  assert.deepEqual(cd.lpPool2d(x4, { p: 3 }).shape, [2, 3, 3, 5], 'the instance keeps working');
});

test('lpPool2d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'lpPool2d', () => cd.lpPool2d(x4, { p: 3 }));
});

test('lpPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.lpPool2d(rx, { p: 3 }), cd.lpPool2d(x4, { p: 3 }), 'lpPool2d');
  rx.dispose();
});

test('lpPool2d: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.lpPool2d(numericPad.x, numericPad.options).shape, numericPad.shape, 'lpPool2d');
});

fixtureTests(cd, 'lpPool2d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };

test('lpPool2d: ceilMode partial window longer than the input (F.lp_pool2d, ONNX LpPool)', () => {
  // F.lp_pool2d(x, 2, 3, 3, ceil_mode=True) = sqrt(avg_pool2d(x^2) * 9): avg_pool2d counts the
  // 2x2 in-bounds cells -> sqrt(30 / 4 * 9) = sqrt(67.5).
  assert.deepEqual(Array.from(cd.lpPool2d(ceilX, { ...ceilO, p: 2 }).data), [Math.fround(Math.sqrt(67.5))]);
  // ONNX LpPool: the p-norm of the in-bounds cells -> sqrt(30).
  assert.deepEqual(Array.from(cd.lpPool2d(ceilX, { ...ceilO, p: 2, convention: 'onnx' }).data), [
    Math.fround(Math.sqrt(30)),
  ]);
});
