// maxPool1dGrad: the gradient of maxPool1d (shared tests: tests/js-helpers/pool-nd-grad.mjs). Runs once per
// build.
import { loadBuild } from '../js-helpers/load.mjs';
import test from 'node:test';
import assert from 'node:assert/strict';
import { poolNdGradTests } from '../js-helpers/pool-nd-grad.mjs';
import { badInputTable, badOptionsRows, badTensorRows } from '../js-helpers/checks.mjs';

const cd = await loadBuild();

poolNdGradTests(cd, 'maxPool1dGrad');

test('maxPool1dGrad: bad-input table: each bad tensor, option or out -> an error naming it; the instance keeps working', async (t) => {
  const x = {
    shape: [1, 6, 2],
    data: Float32Array.from({ length: [1, 6, 2].reduce((a, b) => a * b) }, (_, i) => (i * 7) % 5),
  };
  const dy = {
    shape: [1, 3, 2],
    data: Float32Array.from({ length: [1, 3, 2].reduce((a, b) => a * b) }, (_, i) => i + 1),
  };
  const o = { poolSize: 2 };
  const want = Array.from(cd.maxPool1dGrad(x, dy, o).data);
  const canary = () =>
    assert.deepEqual(Array.from(cd.maxPool1dGrad(x, dy, o).data), want, 'the instance keeps working');
  await badInputTable(
    t,
    'maxPool1dGrad',
    [
      ...badTensorRows('dy', (v) => cd.maxPool1dGrad(x, v, o), { ranks: [2, 3] }).filter(
        (r) => !/data\.length|rank|string entry|overflows|wraps/.test(r.name),
      ),
      ...badTensorRows('x', (v) => cd.maxPool1dGrad(v, dy, o), { ranks: [2, 3] }).filter(
        (r) => !/data\.length|rank|string entry|overflows|wraps/.test(r.name),
      ),
      ...badOptionsRows(
        (v) => cd.maxPool1dGrad(x, dy, typeof v === 'object' && !Array.isArray(v) ? { ...o, ...v } : v),
        { outLength: x.data.length },
      ).filter((r) => !/^options is/.test(r.name) || true),
      {
        name: 'poolSize a string',
        call: () => cd.maxPool1dGrad(x, dy, { poolSize: '2' }),
        error: TypeError,
        param: 'poolSize',
      },
      {
        name: 'poolSize -1',
        call: () => cd.maxPool1dGrad(x, dy, { poolSize: -1 }),
        error: RangeError,
        param: 'poolSize',
      },
      {
        name: 'strides 0',
        call: () => cd.maxPool1dGrad(x, dy, { ...o, strides: 0 }),
        error: RangeError,
        param: 'strides',
      },
      {
        name: 'strides a string',
        call: () => cd.maxPool1dGrad(x, dy, { ...o, strides: '2' }),
        error: TypeError,
        param: 'strides',
      },
      {
        name: 'dilations 0',
        call: () => cd.maxPool1dGrad(x, dy, { ...o, dilations: 0 }),
        error: RangeError,
        param: 'dilations',
      },
      {
        name: 'padding -1',
        call: () => cd.maxPool1dGrad(x, dy, { ...o, padding: -1 }),
        error: RangeError,
        param: 'padding',
      },
      {
        name: "layout 'NCHW' (a 2-D layout)",
        call: () => cd.maxPool1dGrad(x, dy, { ...o, layout: 'NCHW' }),
        error: RangeError,
        param: 'layout',
      },
    ],
    canary,
  );
});
