// maxUnpool2d: zeros with each value back at its index (PyTorch MaxUnpool2d, ONNX MaxUnpool).
// Moved from the pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBadInputs, random, x4 } from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('maxUnpool2d: option normalisation: a bare Int32Array of indices; the size from the pooling parameters, outputSize or outputShape', () => {
  const x66 = random([2, 6, 6, 5], 13);
  const q = cd.maxPool2dWithArgmax(x66, { poolSize: 2, indexConvention: 'torch' });
  assert.deepEqual(
    cd.maxUnpool2d(q.values, q.indices.data, { poolSize: 2, indexConvention: 'torch' }).shape,
    [2, 6, 6, 5],
  );
  const p = cd.maxPool2dWithArgmax(x4, { poolSize: 2, indexConvention: 'torch' });
  assert.deepEqual(
    cd.maxUnpool2d(p.values, p.indices, { indexConvention: 'torch', outputSize: [6, 7] }).shape,
    [2, 6, 7, 5],
  );
  assert.deepEqual(
    cd.maxUnpool2d(p.values, p.indices, { indexConvention: 'torch', outputShape: [2, 6, 7, 5] }).shape,
    [2, 6, 7, 5],
  );
});

test('maxUnpool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'maxUnpool2d',
      [random([1, 2, 2, 1], 4), new Int32Array([0, 1, 2, 99]), { poolSize: 2 }],
      RangeError,
      /^maxUnpool2d: indices\[3\] = 99 is outside the output/,
    ],
    [
      'maxUnpool2d',
      [random([1, 2, 2, 1], 4), new Int32Array([0, 1, 2, 3]), { padding: 'same' }],
      RangeError,
      /^maxUnpool2d: 'same' padding does not determine the unpooled size/,
    ],
    [
      'maxUnpool2d',
      [random([1, 2, 2, 1], 4), new Float32Array(4), {}],
      TypeError,
      /^maxUnpool2d: indices must be an Int32Array/,
    ],
    [
      'maxUnpool2d',
      [random([1, 2, 2, 1], 4), { shape: [1, 2, 1, 2], data: new Int32Array(4) }, {}],
      RangeError,
      /^maxUnpool2d: indices\.shape must equal the values' shape/,
    ],
  ]);
  assert.deepEqual(
    cd.maxUnpool2d(random([1, 2, 2, 1], 4), new Int32Array([0, 1, 2, 3]), { poolSize: 2 }).shape,
    [1, 4, 4, 1],
    'the instance keeps working',
  );
});

fixtureTests(cd, 'maxUnpool2d');
