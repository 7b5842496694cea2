// clampGrad: tf.clip_by_value's gradient, dy where min <= x <= max (the closed interval), else +0;
// x = NaN keeps dy (TF's where(x < min | x > max, 0, dy); PyTorch's clamp_backward gives 0 there).
// Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { activationGradTests } from '../js-helpers/activation-grad.mjs';
import { badInputTable, badOptionsRows, badTensorRows } from '../js-helpers/checks.mjs';

const cd = await loadBuild();

test('clampGrad: the closed interval, NaN keeps dy, min > max zeroes every number', () => {
  const x = { shape: [6], data: Float32Array.from([-1, -1.5, 2, 2.5, NaN, 0]) };
  const dy = { shape: [6], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  assert.deepEqual(Array.from(cd.clampGrad(dy, x, { min: -1, max: 2 }).data), [1, 0, 3, 0, 5, 6]);
  // No bounds: dy everywhere; min > max (the forward gives max everywhere): 0 for every number.
  assert.deepEqual(Array.from(cd.clampGrad(dy, x).data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(cd.clampGrad(dy, x, { min: 3, max: 1 }).data), [0, 0, 0, 0, 5, 0]);
});

activationGradTests(cd, {
  fn: 'clampGrad',
  options: [{ min: -0.5, max: 6 }, { min: 0, max: 1 }, { min: -Infinity, max: 0.1 }, { min: 2, max: 1 }, {}],
  want: (dy, x, o) => ref.clampGrad(dy, x, o.min ?? -Infinity, o.max ?? Infinity),
  forward: (v, o) => (o.min > o.max ? o.max : ref.clamp(v, o.min ?? -Infinity, o.max ?? Infinity)),
  bad: [
    [{ min: NaN }, RangeError, /^clampGrad: min must not be NaN/],
    [{ max: '1' }, TypeError, /^clampGrad: max must be a number/],
  ],
});

test('clampGrad: bad-input table: each bad dy, x, option or out -> an error naming it; the instance keeps working', async (t) => {
  const x = { shape: [2, 3], data: Float32Array.from([-1, 0, 0.25, 2, 7, -0.5]) };
  const dy = { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  const o = { min: -0.5, max: 0.5 };
  const want = Array.from(cd.clampGrad(dy, x, o).data);
  const canary = () => assert.deepEqual(Array.from(cd.clampGrad(dy, x, o).data), want, 'the instance keeps working');
  await badInputTable(
    t,
    'clampGrad',
    [
      ...badTensorRows('dy', (v) => cd.clampGrad(v, x, o), { ranks: [1, 2, 3, 4, 5] }).filter(
        (r) => !/rank/.test(r.name),
      ),
      ...badTensorRows('x', (v) => cd.clampGrad(dy, v, o), { ranks: [1, 2, 3, 4, 5] }).filter(
        (r) => !/rank/.test(r.name),
      ),
      ...badOptionsRows((v) => cd.clampGrad(dy, x, typeof v === 'object' && !Array.isArray(v) ? { ...o, ...v } : v), {
        outLength: 6,
      }),
      {
        name: 'dy of another shape',
        call: () => cd.clampGrad({ shape: [3, 2], data: dy.data }, x, o),
        error: RangeError,
        param: 'dy.shape',
      },
      { name: 'unknown option', call: () => cd.clampGrad(dy, x, { ...o, bias: 1 }), error: TypeError, param: 'bias' },
      { name: 'min is a string', call: () => cd.clampGrad(dy, x, { min: '0' }), error: TypeError, param: 'min' },
      { name: 'max is NaN', call: () => cd.clampGrad(dy, x, { max: NaN }), error: RangeError, param: 'max' },
      { name: 'max is null', call: () => cd.clampGrad(dy, x, { max: null }), error: TypeError, param: 'max' },
    ],
    canary,
  );
});
