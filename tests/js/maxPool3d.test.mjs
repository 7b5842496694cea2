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
