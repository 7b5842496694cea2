// leakyReluGrad: x > 0 ? dy : alpha * dy (tf.raw_ops.LeakyReluGrad, PyTorch leaky_relu_backward);
// x = NaN, +0 and -0 take the alpha side. Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { activationGradTests } from '../js-helpers/activation-grad.mjs';
import { badInputTable, badOptionsRows, badTensorRows } from '../js-helpers/checks.mjs';

const cd = await loadBuild();

test('leakyReluGrad: x <= 0 and NaN take alpha * dy, the default alpha is 0.2 (Keras LeakyReLU)', () => {
  const x = { shape: [5], data: Float32Array.from([1, 0, -0, NaN, -3]) };
  const dy = { shape: [5], data: Float32Array.from([2, 2, 2, 2, 2]) };
  const f = Math.fround;
  assert.deepEqual(Array.from(cd.leakyReluGrad(dy, x).data), [
    2,
    f(2 * f(0.2)),
    f(2 * f(0.2)),
    f(2 * f(0.2)),
    f(2 * f(0.2)),
  ]);
  // A negative alpha: the sign follows alpha * dy (TF and PyTorch).
  assert.deepEqual(Array.from(cd.leakyReluGrad(dy, x, { alpha: -0.5 }).data), [2, -1, -1, -1, -1]);
  assert.ok(Object.is(cd.leakyReluGrad(dy, x, { alpha: 0 }).data[1], 0));
});

activationGradTests(cd, {
  fn: 'leakyReluGrad',
  options: [{ alpha: 0.1 }, {}, { alpha: -0.5 }, { alpha: 3 }, { alpha: 0 }],
  want: (dy, x, o) => ref.leakyReluGrad(dy, x, o.alpha ?? 0.2),
  forward: (v, o) => (v > 0 ? v : (o.alpha ?? 0.2) * v),
  bad: [
    [{ alpha: Infinity }, RangeError, /^leakyReluGrad: alpha must be finite/],
    [{ alpha: NaN }, RangeError, /^leakyReluGrad: alpha must not be NaN/],
    [{ alpha: '0.1' }, TypeError, /^leakyReluGrad: alpha must be a number/],
  ],
});

test('leakyReluGrad: bad-input table: each bad dy, x, option or out -> an error naming it; the instance keeps working', async (t) => {
  const x = { shape: [2, 3], data: Float32Array.from([-1, 0, 0.25, 2, 7, -0.5]) };
  const dy = { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  const o = { alpha: 0.2 };
  const want = Array.from(cd.leakyReluGrad(dy, x, o).data);
  const canary = () =>
    assert.deepEqual(Array.from(cd.leakyReluGrad(dy, x, o).data), want, 'the instance keeps working');
  await badInputTable(
    t,
    'leakyReluGrad',
    [
      ...badTensorRows('dy', (v) => cd.leakyReluGrad(v, x, o), { ranks: [1, 2, 3, 4, 5] }).filter(
        (r) => !/rank/.test(r.name),
      ),
      ...badTensorRows('x', (v) => cd.leakyReluGrad(dy, v, o), { ranks: [1, 2, 3, 4, 5] }).filter(
        (r) => !/rank/.test(r.name),
      ),
      ...badOptionsRows(
        (v) => cd.leakyReluGrad(dy, x, typeof v === 'object' && !Array.isArray(v) ? { ...o, ...v } : v),
        { outLength: 6 },
      ),
      {
        name: 'dy of another shape',
        call: () => cd.leakyReluGrad({ shape: [3, 2], data: dy.data }, x, o),
        error: RangeError,
        param: 'dy.shape',
      },
      {
        name: 'unknown option',
        call: () => cd.leakyReluGrad(dy, x, { ...o, bias: 1 }),
        error: TypeError,
        param: 'bias',
      },
      {
        name: 'alpha is -Infinity',
        call: () => cd.leakyReluGrad(dy, x, { alpha: -Infinity }),
        error: RangeError,
        param: 'alpha',
      },
      {
        name: 'alpha is an array',
        call: () => cd.leakyReluGrad(dy, x, { alpha: [0.1] }),
        error: TypeError,
        param: 'alpha',
      },
    ],
    canary,
  );
});
