// stochasticPool2d: Zeiler & Fergus stochastic pooling (sampling in training, the probability-
// weighted average in inference). Moved from the pooling family's kit (tests/js-family/).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertOwnedAndFlat,
  assertSameResult,
  numericPad,
  random,
  x4,
  x4Rank3,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();
const TRAIN = { training: true, seed: 9 };

test('stochasticPool2d: option normalisation: a number is the same as one entry per axis; rank 3 stays rank 3', () => {
  const a = cd.stochasticPool2d(x4, { poolSize: 3, strides: 2, padding: 1 });
  const b = cd.stochasticPool2d(x4, {
    poolSize: [3, 3],
    strides: [2, 2],
    padding: [
      [1, 1],
      [1, 1],
    ],
  });
  assert.deepEqual(a, b, 'stochasticPool2d');
  assert.equal(cd.stochasticPool2d(x4Rank3(), TRAIN).shape.length, 3, 'stochasticPool2d');
});

test('stochasticPool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['stochasticPool2d', [x4, { seed: -1 }], RangeError, /^stochasticPool2d: seed must be an integer in \[0, 2\^53\)/],
    ['stochasticPool2d', [x4, { training: 1 }], TypeError, /^stochasticPool2d: training must be a boolean/],
  ]);
  assert.deepEqual(cd.stochasticPool2d(x4, TRAIN).shape, [2, 3, 3, 5], 'the instance keeps working');
});

test('stochasticPool2d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'stochasticPool2d', () => cd.stochasticPool2d(x4, TRAIN));
});

test('stochastic pooling: sampled cells follow p = a / sum(a); seeds repeat; inference is sum(a^2)/sum(a)', () => {
  const x = { shape: [1, 2, 2, 1], data: Float32Array.from([1, 2, 3, 4]) };
  const counts = new Map();
  for (let seed = 0; seed < 4000; seed++) {
    const v = cd.stochasticPool2d(x, { training: true, seed }).data[0];
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  for (const a of [1, 2, 3, 4]) {
    const p = counts.get(a) / 4000;
    assert.ok(Math.abs(p - a / 10) < 0.03, `cell ${a}: frequency ${p}, expected ${a / 10}`);
  }
  const big = random([2, 8, 8, 6], 12, -1, 1);
  assert.deepEqual(
    cd.stochasticPool2d(big, { training: true, seed: 5 }),
    cd.stochasticPool2d(big, { training: true, seed: 5 }),
  );
  assert.notDeepEqual(
    cd.stochasticPool2d(big, { training: true, seed: 5 }).data,
    cd.stochasticPool2d(big, { training: true, seed: 6 }).data,
  );
  assert.equal(cd.stochasticPool2d(x).data[0], Math.fround(30 / 10));
  // A window of zeros and negatives gives 0 in both modes.
  const z = { shape: [1, 2, 2, 1], data: Float32Array.from([0, -1, -2, 0]) };
  assert.equal(cd.stochasticPool2d(z).data[0], 0);
  assert.equal(cd.stochasticPool2d(z, { training: true }).data[0], 0);
});

test('stochasticPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.stochasticPool2d(rx, TRAIN), cd.stochasticPool2d(x4, TRAIN), 'stochasticPool2d');
  rx.dispose();
});

test('stochasticPool2d: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.stochasticPool2d(numericPad.x, numericPad.options).shape, numericPad.shape, 'stochasticPool2d');
});

fixtureTests(cd, 'stochasticPool2d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };

test('stochasticPool2d: ceilMode partial window longer than the input: the in-bounds cells', () => {
  // Inference: sum(x^2) / sum(x) = 30 / 10.
  assert.deepEqual(Array.from(cd.stochasticPool2d(ceilX, ceilO).data), [3]);
  // Training: a sample from the window's cells.
  const t = cd.stochasticPool2d(ceilX, { ...ceilO, training: true, seed: 7 }).data;
  assert.ok([1, 2, 3, 4].includes(t[0]), `sample ${t[0]}`);
});
