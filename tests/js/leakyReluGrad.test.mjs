// leakyReluGrad: x > 0 ? dy : alpha * dy (tf.raw_ops.LeakyReluGrad, PyTorch leaky_relu_backward);
// x = NaN, +0 and -0 take the alpha side. Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { activationGradTests } from '../js-helpers/activation-grad.mjs';

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
