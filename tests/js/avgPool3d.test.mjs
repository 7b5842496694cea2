// avgPool3d: 3-D average pooling on [n, d, h, w, c] (or NCDHW). Moved from the pooling family's
// kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBadInputs, assertOwnedAndFlat, random } from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('avgPool3d: option normalisation: a number is the same as one entry per axis', () => {
  const x3 = random([1, 4, 5, 6, 2], 3);
  assert.deepEqual(
    cd.avgPool3d(x3, { poolSize: 2, padding: 1 }),
    cd.avgPool3d(x3, {
      poolSize: 2,
      padding: [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
    }),
  );
});

test('avgPool3d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'avgPool3d',
      [random([1, 3, 3, 3, 1], 6), { poolSize: 4 }],
      RangeError,
      /^avgPool3d: poolSize depth \(4\) is larger than the input depth \(3\)/,
    ],
    [
      'avgPool3d',
      [
        random([1, 3, 3, 3, 1], 6),
        {
          padding: [
            [1, 1],
            [1, 1],
          ],
        },
      ],
      RangeError,
      /^avgPool3d: padding must be/,
    ],
  ]);
  assert.deepEqual(
    cd.avgPool3d(random([1, 3, 3, 3, 1], 6), { poolSize: 3 }).shape,
    [1, 1, 1, 1, 1],
    'the instance keeps working',
  );
});

test('avgPool3d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'avgPool3d', () => cd.avgPool3d(random([1, 4, 4, 4, 3], 2), { poolSize: 2 }));
});

test('avgPool3d: ONNX Runtime AveragePool ceil_mode + count_include_pad: the last value is right (3-D)', () => {
  const x3 = { shape: [1, 6, 6, 6, 1], data: Float32Array.from({ length: 216 }, (_, i) => i) };
  const a3 = cd.avgPool3d(x3, { poolSize: 3, strides: 2, ceilMode: true, countIncludePad: true });
  assert.equal(a3.data.at(-1), (172 + 173 + 178 + 179 + 208 + 209 + 214 + 215) / 8);
});

fixtureTests(cd, 'avgPool3d');

// ceilMode with a window longer than the (padded) input: PyTorch keeps one partial window when
// the last window starts inside the input or the left padding (issue 11). Values: PyTorch's.

test('avgPool3d: ceilMode with a window longer than the input is refused, as PyTorch avg_pool3d does', () => {
  // PyTorch's avg_pool3d checks the window against the unpadded input ("input image ... smaller
  // than kernel size"), unlike avg_pool2d / avg_pool1d and the max pools.
  const x = { shape: [1, 1, 2, 2, 2], data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]) };
  const o = { poolSize: 3, strides: 3, ceilMode: true, layout: 'NCDHW' };
  assert.throws(
    () => cd.avgPool3d(x, o),
    /^RangeError: avgPool3d: poolSize depth \(3\) is larger than the input depth \(2\)/,
  );
  assert.throws(() => cd.avgPool3d(x, { ...o, padding: 1, strides: 2 }), RangeError);
  // Without ceilMode the padded input may fit the window, as before (TF / ONNX geometry).
  assert.deepEqual(cd.avgPool3d(x, { poolSize: 3, strides: 2, padding: 1, layout: 'NCDHW' }).shape, [1, 1, 1, 1, 1]);
});
