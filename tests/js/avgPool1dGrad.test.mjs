// avgPool1dGrad: the gradient of avgPool1d (shared tests: tests/js-helpers/pool-nd-grad.mjs). Runs once per
// build.
import { loadBuild } from '../js-helpers/load.mjs';
import test from 'node:test';
import assert from 'node:assert/strict';
import { poolNdGradTests } from '../js-helpers/pool-nd-grad.mjs';
import { badInputTable, badOptionsRows, badTensorRows } from '../js-helpers/checks.mjs';

const cd = await loadBuild();

poolNdGradTests(cd, 'avgPool1dGrad');

test('avgPool1dGrad: bad-input table: each bad tensor, option or out -> an error naming it; the instance keeps working', async (t) => {
  const x = {
    shape: [1, 6, 2],
    data: Float32Array.from({ length: [1, 6, 2].reduce((a, b) => a * b) }, (_, i) => (i * 7) % 5),
  };
  const dy = {
    shape: [1, 3, 2],
    data: Float32Array.from({ length: [1, 3, 2].reduce((a, b) => a * b) }, (_, i) => i + 1),
  };
  const o = { poolSize: 2 };
  const want = Array.from(cd.avgPool1dGrad(dy, { inputShape: x.shape, ...o }).data);
  const canary = () =>
    assert.deepEqual(
      Array.from(cd.avgPool1dGrad(dy, { inputShape: x.shape, ...o }).data),
      want,
      'the instance keeps working',
    );
  await badInputTable(
    t,
    'avgPool1dGrad',
    [
      ...badTensorRows('dy', (v) => cd.avgPool1dGrad(v, { inputShape: x.shape, ...o }), { ranks: [2, 3] }).filter(
        (r) => !/data\.length|rank|string entry|overflows|wraps/.test(r.name),
      ),
      {
        name: 'inputShape of the wrong rank',
        call: () => cd.avgPool1dGrad(dy, { ...o, inputShape: [1, 6] }),
        error: TypeError,
        param: 'inputShape',
      },
      {
        name: 'inputShape with a zero',
        call: () => cd.avgPool1dGrad(dy, { ...o, inputShape: x.shape.map(() => 0) }),
        error: RangeError,
        param: 'inputShape',
      },
      {
        name: 'inputShape not an array',
        call: () => cd.avgPool1dGrad(dy, { ...o, inputShape: 'x' }),
        error: TypeError,
        param: 'inputShape',
      },
      {
        name: 'countIncludePad is a string',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ ...o, countIncludePad: 'yes' } }),
        error: TypeError,
        param: 'countIncludePad',
      },
      ...badOptionsRows(
        (v) =>
          cd.avgPool1dGrad(dy, {
            inputShape: x.shape,
            ...(typeof v === 'object' && !Array.isArray(v) ? { ...o, ...v } : v),
          }),
        { outLength: x.data.length },
      ).filter((r) => !/^options is/.test(r.name) || false),
      {
        name: 'poolSize a string',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, poolSize: '2' }),
        error: TypeError,
        param: 'poolSize',
      },
      {
        name: 'poolSize -1',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ poolSize: -1 } }),
        error: RangeError,
        param: 'poolSize',
      },
      {
        name: 'strides 0',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ ...o, strides: 0 } }),
        error: RangeError,
        param: 'strides',
      },
      {
        name: 'strides a string',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ ...o, strides: '2' } }),
        error: TypeError,
        param: 'strides',
      },
      {
        name: 'dilations 0',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ ...o, dilations: 0 } }),
        error: RangeError,
        param: 'dilations',
      },
      {
        name: 'padding -1',
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ ...o, padding: -1 } }),
        error: RangeError,
        param: 'padding',
      },
      {
        name: "layout 'NCHW' (a 2-D layout)",
        call: () => cd.avgPool1dGrad(dy, { inputShape: x.shape, ...{ ...o, layout: 'NCHW' } }),
        error: RangeError,
        param: 'layout',
      },
    ],
    canary,
  );
});
