// relu6Grad: dy where 0 < x < 6, else +0 (tf.raw_ops.Relu6Grad: (features > 0) & (features < 6)).
// Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { activationGradTests } from '../js-helpers/activation-grad.mjs';
import { badInputTable, badOptionsRows, badTensorRows } from '../js-helpers/checks.mjs';

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

test('relu6Grad: bad-input table: each bad dy, x, option or out -> an error naming it; the instance keeps working', async (t) => {
  const x = { shape: [2, 3], data: Float32Array.from([-1, 0, 0.25, 2, 7, -0.5]) };
  const dy = { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  const o = {};
  const want = Array.from(cd.relu6Grad(dy, x, o).data);
  const canary = () => assert.deepEqual(Array.from(cd.relu6Grad(dy, x, o).data), want, 'the instance keeps working');
  await badInputTable(
    t,
    'relu6Grad',
    [
      ...badTensorRows('dy', (v) => cd.relu6Grad(v, x, o), { ranks: [1, 2, 3, 4, 5] }).filter(
        (r) => !/rank/.test(r.name),
      ),
      ...badTensorRows('x', (v) => cd.relu6Grad(dy, v, o), { ranks: [1, 2, 3, 4, 5] }).filter(
        (r) => !/rank/.test(r.name),
      ),
      ...badOptionsRows((v) => cd.relu6Grad(dy, x, typeof v === 'object' && !Array.isArray(v) ? { ...o, ...v } : v), {
        outLength: 6,
      }),
      {
        name: 'dy of another shape',
        call: () => cd.relu6Grad({ shape: [3, 2], data: dy.data }, x, o),
        error: RangeError,
        param: 'dy.shape',
      },
      { name: 'unknown option', call: () => cd.relu6Grad(dy, x, { ...o, bias: 1 }), error: TypeError, param: 'bias' },
    ],
    canary,
  );
});
