// relu6Grad: dy where 0 < x < 6, else +0 (tf.raw_ops.Relu6Grad: (features > 0) & (features < 6)).
// Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { activationGradTests } from '../js-helpers/activation-grad.mjs';

const cd = await loadBuild();

test('relu6Grad: the open interval: x = 0, -0, 6 and NaN give +0, whatever dy is', () => {
  const x = { shape: [7], data: Float32Array.from([0, -0, 6, NaN, 5.999999, 1e-45, -1]) };
  const dy = { shape: [7], data: Float32Array.from([NaN, Infinity, -2, 3, 4, 5, 6]) };
  const got = Array.from(cd.relu6Grad(dy, x).data);
  assert.deepEqual(got, [0, 0, 0, 0, 4, 5, 0]);
  assert.ok(
    got.every((v, i) => i === 4 || i === 5 || Object.is(v, 0)),
    '+0, not -0 or NaN',
  );
});

activationGradTests(cd, {
  fn: 'relu6Grad',
  options: [{}],
  want: (dy, x) => ref.relu6Grad(dy, x),
  forward: (v) => ref.relu6(v),
  bad: [],
});
