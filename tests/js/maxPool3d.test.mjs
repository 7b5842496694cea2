// maxPool3d: 3-D max pooling on [n, d, h, w, c] (or NCDHW). Moved from the pooling family's kit
// (tests/js-family/); its wasm32 regressions are in regressions.test.mjs. Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { random } from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('maxPool3d: option normalisation: a number is the same as one entry per axis', () => {
  const x3 = random([1, 4, 5, 6, 2], 3);
  assert.deepEqual(cd.maxPool3d(x3, { poolSize: 2 }), cd.maxPool3d(x3, { poolSize: [2, 2, 2], strides: [2, 2, 2] }));
});

fixtureTests(cd, 'maxPool3d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.

test('maxPool3d: ceilMode partial window longer than the input (F.max_pool3d values)', () => {
  // F.max_pool3d(arange(1, 9).view(1, 1, 2, 2, 2), 3, 3, ceil_mode=True) -> [[[[[8]]]]]
  const x = { shape: [1, 1, 2, 2, 2], data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]) };
  const r = cd.maxPool3d(x, { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCDHW' });
  assert.deepEqual(r.shape, [1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(r.data), [8]);
});
