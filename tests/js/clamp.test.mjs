// clamp: min(max(x, min), max) over any shape; defaults -inf / +inf.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { elementwiseTests, SPECIALS } from '../js-helpers/elementwise.mjs';
import { assertExact } from '../js-helpers/checks.mjs';
import { tensor } from '../js-helpers/random.mjs';

const { cd, memory } = await loadForTest();

elementwiseTests(cd, memory, {
  fn: 'clamp',
  seed: 103,
  // The bounds ride along with any options object; anything else is passed through as is.
  call: (x, o) =>
    cd.clamp(
      x,
      o === undefined || (o && typeof o === 'object' && !Array.isArray(o)) ? { min: -1.5, max: 2.25, ...o } : o,
    ),
  want: (v) => ref.clamp(v, -1.5, 2.25),
  numbers: [
    [NaN, NaN],
    [-0, -0],
    [0, 0],
    [-Infinity, -1.5],
    [Infinity, 2.25],
    [-1.5, -1.5],
    [2.25, 2.25],
    [1, 1],
  ],
  canary: [[-3, 0, 3, 1], { min: -1, max: 2 }, [-1, 0, 2, 1]],
  badRows: (good) => [
    { name: 'min is a string', call: () => cd.clamp(good, { min: '0' }), error: TypeError, param: 'min' },
    { name: 'min is null', call: () => cd.clamp(good, { min: null }), error: TypeError, param: 'min' },
    { name: 'max is a string', call: () => cd.clamp(good, { max: '6' }), error: TypeError, param: 'max' },
    { name: 'min is NaN', call: () => cd.clamp(good, { min: NaN }), error: RangeError, param: 'min' },
    { name: 'max is NaN', call: () => cd.clamp(good, { max: NaN }), error: RangeError, param: 'max' },
    {
      name: 'min is NaN, max given',
      call: () => cd.clamp(good, { min: NaN, max: 1 }),
      error: RangeError,
      param: 'min',
    },
  ],
});

test('clamp: defaults are -inf and +inf (identity, NaN and -0 kept)', () => {
  const x = tensor([SPECIALS.length], SPECIALS);
  assertExact(cd.clamp(x).data, x.data, 'clamp(x) = x', { signedZero: true });
  assertExact(cd.clamp(x, {}).data, x.data, 'clamp(x, {}) = x', { signedZero: true });
});

test('clamp: relu and relu6 are clamps', () => {
  const x = tensor([SPECIALS.length], SPECIALS);
  assertExact(cd.clamp(x, { min: 0 }).data, cd.relu(x).data, 'clamp min 0 = relu', { signedZero: true });
  assertExact(cd.clamp(x, { min: 0, max: 6 }).data, cd.relu6(x).data, 'clamp [0, 6] = relu6', { signedZero: true });
});

test('clamp: zero bounds and degenerate ranges', () => {
  const x = tensor([5], [-0, 0, -2, 2, NaN]);
  // No comparison with a zero bound is true for ±0, so the input zero is kept.
  assertExact(cd.clamp(x, { min: 0, max: 0 }).data, [-0, 0, 0, 0, NaN], 'clamp to [0, 0]', { signedZero: true });
  assertExact(cd.clamp(x, { min: -0, max: -0 }).data, [-0, 0, -0, -0, NaN], 'clamp to [-0, -0]', { signedZero: true });
  assertExact(cd.clamp(x, { min: 1, max: 1 }).data, [1, 1, 1, 1, NaN], 'clamp to [1, 1]', { signedZero: true });
  assertExact(
    cd.clamp(x, { min: -Infinity, max: -Infinity }).data,
    [-Infinity, -Infinity, -Infinity, -Infinity, NaN],
    'clamp to [-inf, -inf]',
  );
  assert.deepEqual(cd.clamp(x, { min: 0.1 }).data[0], Math.fround(0.1), 'a double bound is rounded to float32');
});

test('clamp: min > max sets every value to max, as ONNX Clip, torch.clamp and numpy.clip (issue 11)', () => {
  const x = tensor([9], [-Infinity, -3, -0, 0, 1.5, 2, 7, Infinity, NaN]);
  // numpy.clip(x, 2, 1) = torch.clamp(x, min=2, max=1) = [1, 1, 1, 1, 1, 1, 1, 1, nan]
  assertExact(cd.clamp(x, { min: 2, max: 1 }).data, [1, 1, 1, 1, 1, 1, 1, 1, NaN], 'clamp min 2 max 1', {
    signedZero: true,
  });
  // torch.clamp(x, min=0, max=-inf): every non-NaN value is -inf.
  assertExact(
    cd.clamp(x, { min: 0, max: -Infinity }).data,
    [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, NaN],
    'clamp min 0 max -inf',
  );
  // min = +inf with the default max (+inf): every non-NaN value is +inf.
  assertExact(cd.clamp(x, { min: Infinity }).data, [...Array(8).fill(Infinity), NaN], 'clamp min +inf');
  const got = cd.clamp(x, { min: 0.5, max: -0.25 }).data;
  assertExact(
    got,
    Array.from(x.data, (v) => ref.clamp(v, 0.5, Math.fround(-0.25))),
    'against the reference',
  );
});
