// maxPool2dWithArgmax: max pooling and where each maximum is, in TF's, PyTorch's or ONNX's index
// convention. Moved from the pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertTensor } from '../js-helpers/checks.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertOwnedAndFlat,
  assertSameResult,
  numericPad,
  x4,
  x4ChannelsFirst,
  x4Rank3,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();
const t = (shape, values) => ({ shape, data: Float32Array.from(values) });
const iota = (shape, f = (i) => i) =>
  t(
    shape,
    Array.from({ length: ref.size(shape) }, (_, i) => f(i)),
  );

test("maxPool2dWithArgmax: option normalisation: rank 3 stays rank 3; index convention defaults 'tf' (NHWC) and 'torch' (NCHW); Int32Array indices", () => {
  assert.equal(cd.maxPool2dWithArgmax(x4Rank3(), {}).values.shape.length, 3, 'maxPool2dWithArgmax');
  const a = cd.maxPool2dWithArgmax(x4, {});
  assert.deepEqual(a.indices, cd.maxPool2dWithArgmax(x4, { indexConvention: 'tf' }).indices);
  const xcf = x4ChannelsFirst();
  const c = cd.maxPool2dWithArgmax(xcf, { layout: 'NCHW' });
  assert.deepEqual(c.indices, cd.maxPool2dWithArgmax(xcf, { layout: 'NCHW', indexConvention: 'torch' }).indices);
  assert.ok(a.indices.data instanceof Int32Array);
});

test('maxPool2dWithArgmax: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'maxPool2dWithArgmax',
      [x4, { indexConvention: 'caffe' }],
      RangeError,
      /^maxPool2dWithArgmax: indexConvention must be 'tf', 'torch' or 'onnx'/,
    ],
    [
      'maxPool2dWithArgmax',
      [x4, { indexConvention: 'torch', includeBatchInIndex: true }],
      RangeError,
      /^maxPool2dWithArgmax: includeBatchInIndex applies to indexConvention 'tf' only/,
    ],
  ]);
  assert.deepEqual(cd.maxPool2dWithArgmax(x4, {}).values.shape, [2, 3, 3, 5], 'the instance keeps working');
});

test('maxPool2dWithArgmax: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'maxPool2dWithArgmax', () => cd.maxPool2dWithArgmax(x4, {}));
});

test('maxPool2dWithArgmax: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.maxPool2dWithArgmax(rx, {}), cd.maxPool2dWithArgmax(x4, {}), 'maxPool2dWithArgmax');
  rx.dispose();
});

test('tfjs-wasm maxPoolWithArgmax FLT_MIN: an all-negative window gives its true maximum and index', () => {
  // 4x4 of -1..-16, 2x2 window, stride 2: the peer starts its running max at FLT_MIN (1.17e-38),
  // so it returns 1.17e-38 and index 0 for every window.
  const x = iota([1, 4, 4, 1], (i) => -1 - i);
  const { values, indices } = cd.maxPool2dWithArgmax(x, { poolSize: 2, strides: 2 });
  assert.deepEqual(Array.from(values.data), [-1, -3, -9, -11]);
  assert.deepEqual(Array.from(indices.data), [0, 2, 8, 10]);
  // Several channels and the SIMD lanes too, in every convention.
  const xc = iota([2, 4, 4, 6], (i) => -1 - ((i * 7) % 97));
  for (const indexConvention of ['tf', 'torch', 'onnx']) {
    const r = cd.maxPool2dWithArgmax(xc, { poolSize: 2, indexConvention });
    const want = ref.maxPool2dWithArgmax(
      { shape: xc.shape, data: Array.from(xc.data) },
      { poolSize: 2, indexConvention },
    );
    assertTensor(r.values, want.values, indexConvention);
    assert.deepEqual(Array.from(r.indices.data), want.indices.data, indexConvention);
    assert.ok(
      r.values.data.every((v) => v < 0),
      'every maximum is negative',
    );
  }
});

test('maxPool2dWithArgmax: tfjs-core numeric pad: width uses the width window and stride (1x4x6x1, window [2,3], stride [2,3], pad 1)', () => {
  assert.deepEqual(cd.maxPool2dWithArgmax(numericPad.x, numericPad.options).values.shape, numericPad.shape);
});

fixtureTests(cd, 'maxPool2dWithArgmax');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.
const ceilX = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }; // NCHW [[1, 2], [3, 4]]
const ceilO = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCHW' };

test('maxPool2dWithArgmax: ceilMode partial window longer than the input (return_indices)', () => {
  // F.max_pool2d(x, 3, 3, ceil_mode=True, return_indices=True) -> ([[[[4]]]], [[[[3]]]])
  const r = cd.maxPool2dWithArgmax(ceilX, ceilO);
  assert.deepEqual(Array.from(r.values.data), [4]);
  assert.deepEqual(Array.from(r.indices.data ?? r.indices), [3]);
});

test('maxPool2dWithArgmax: several NaNs in a window: torch takes the last NaN, tf / onnx the first', () => {
  // PyTorch's CPU kernel takes a cell when `val > max || isnan(val)`: the last NaN wins.
  const x = { shape: [1, 1, 2, 3], data: new Float32Array([1, NaN, 3, 4, NaN, 2]) };
  const o = { poolSize: [2, 3], layout: 'NCHW' };
  const torch = cd.maxPool2dWithArgmax(x, { ...o, indexConvention: 'torch' });
  assert.ok(Number.isNaN(torch.values.data[0]));
  assert.deepEqual(Array.from(torch.indices.data ?? torch.indices), [4]);
  // TF (MaxPoolWithArgmax) and ONNX Runtime keep the first NaN.
  for (const indexConvention of ['tf', 'onnx']) {
    const r = cd.maxPool2dWithArgmax(x, { ...o, indexConvention });
    assert.deepEqual(Array.from(r.indices.data ?? r.indices), [1], indexConvention);
  }
  // NHWC, several channels (the SIMD channel loop): channel 1 has NaNs at cells 0, 2 and 5.
  const c = 5;
  const data = new Float32Array(6 * c).map((_, i) => i);
  for (const cell of [0, 2, 5]) data[cell * c + 1] = NaN;
  const r = cd.maxPool2dWithArgmax({ shape: [1, 2, 3, c], data }, { poolSize: [2, 3], indexConvention: 'torch' });
  assert.deepEqual(Array.from(r.indices.data ?? r.indices), [5, 5, 5, 5, 5]);
  const first = cd.maxPool2dWithArgmax({ shape: [1, 2, 3, c], data }, { poolSize: [2, 3], indexConvention: 'onnx' });
  assert.deepEqual(Array.from(first.indices.data ?? first.indices), [5, 6, 17, 23, 29]);
});
