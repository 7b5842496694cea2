// avgPool1d: 1-D average pooling on [n, w, c] (or NCW). Moved from the pooling family's kit
// (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertSameResult, random } from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('avgPool1d: option normalisation: a number is the same as a [before, after] pair', () => {
  const x1 = random([2, 9, 3], 2);
  assert.deepEqual(cd.avgPool1d(x1, { poolSize: 2, padding: 1 }), cd.avgPool1d(x1, { poolSize: 2, padding: [1, 1] }));
});

test('avgPool1d: resident inputs agree with plain inputs', () => {
  const x1 = random([2, 9, 3], 42);
  assertSameResult(
    assert,
    cd.avgPool1d(cd.upload(x1), { poolSize: 2 }),
    cd.avgPool1d(x1, { poolSize: 2 }),
    'avgPool1d',
  );
});

test('avgPool1d: ONNX Runtime AveragePool ceil_mode + count_include_pad: the last value is right (1-D)', () => {
  const x1 = { shape: [1, 6, 1], data: Float32Array.from({ length: 6 }, (_, i) => i) };
  const a1 = cd.avgPool1d(x1, { poolSize: 3, strides: 2, ceilMode: true, countIncludePad: true });
  assert.deepEqual(Array.from(a1.data), [1, 3, 4.5]);
});

fixtureTests(cd, 'avgPool1d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.

test('avgPool1d: ceilMode partial window longer than the input (F.avg_pool1d values)', () => {
  // F.avg_pool1d([[[1, 2]]], 3, 3, ceil_mode=True) -> 1.5 (with or without count_include_pad)
  const x = { shape: [1, 1, 2], data: new Float32Array([1, 2]) };
  const o = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCW' };
  assert.deepEqual(Array.from(cd.avgPool1d(x, o).data), [1.5]);
  assert.deepEqual(Array.from(cd.avgPool1d(x, { ...o, countIncludePad: true }).data), [1.5]);
  // [5], window 4, stride 4, padding 1, count_include_pad -> 5 / 3 (3 cells inside the padding).
  const one = { shape: [1, 1, 1], data: new Float32Array([5]) };
  const o1 = { poolSize: 4, strides: 4, padding: 1, ceilMode: true, countIncludePad: true };
  assert.deepEqual(Array.from(cd.avgPool1d(one, o1).data), [Math.fround(5 / 3)]);
});
