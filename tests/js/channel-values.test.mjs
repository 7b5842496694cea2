// Per-channel float parameters (bindings/ops/channel-args.mjs channelValues): the bias of conv2d,
// depthwiseConv2d, conv1d, conv2dTranspose, conv3d, matMul and dense, prelu's alpha and batchNorm's mean / variance /
// scale / offset all accept a Float32Array, an array of numbers, a tensor and a resident tensor of
// the same instance, with the same result; a resident of another instance, a bad array or a
// wrong length is an error naming the parameter. Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { randomTensor, rng } from '../js-helpers/random.mjs';

const { cd } = await loadForTest();
const other = (await loadForTest()).cd;
const values = Float32Array.from([0.5, -1.25, 2]);

// [what, call(g, value)]: g is a fresh generator, so every form of the value sees the same inputs.
const CALLS = [
  ['conv2d bias', (g, v) => cd.conv2d(randomTensor(g, [1, 4, 4, 2]), randomTensor(g, [2, 2, 2, 3]), { bias: v })],
  [
    'depthwiseConv2d bias',
    (g, v) => cd.depthwiseConv2d(randomTensor(g, [1, 4, 4, 3]), randomTensor(g, [2, 2, 3, 1]), { bias: v }),
  ],
  ['conv1d bias', (g, v) => cd.conv1d(randomTensor(g, [1, 5, 2]), randomTensor(g, [2, 2, 3]), { bias: v })],
  [
    'conv2dTranspose bias',
    (g, v) => cd.conv2dTranspose(randomTensor(g, [1, 3, 3, 2]), randomTensor(g, [2, 2, 3, 2]), { bias: v }),
  ],
  ['conv3d bias', (g, v) => cd.conv3d(randomTensor(g, [1, 3, 3, 3, 2]), randomTensor(g, [2, 2, 2, 2, 3]), { bias: v })],
  ['matMul bias', (g, v) => cd.matMul(randomTensor(g, [2, 4]), randomTensor(g, [4, 3]), { bias: v })],
  ['dense bias', (g, v) => cd.dense(randomTensor(g, [2, 4]), randomTensor(g, [4, 3]), { bias: v })],
  ['prelu alpha', (g, v) => cd.prelu(randomTensor(g, [1, 2, 2, 3]), v)],
  ['batchNorm mean', (g, v) => cd.batchNorm(randomTensor(g, [1, 2, 2, 3]), { mean: v, variance: [1, 2, 3] })],
  [
    'batchNorm offset',
    (g, v) => cd.batchNorm(randomTensor(g, [1, 2, 2, 3]), { mean: [0, 0, 0], variance: [1, 1, 1], offset: v }),
  ],
];

for (const [what, call] of CALLS) {
  const [fn, param] = what.split(' ');
  const run = (v) => call(rng(7), v);
  test(`${what}: a Float32Array, an array, a tensor and a resident tensor give the same result`, () => {
    const want = run(values);
    assert.deepEqual(run(Array.from(values)), want, 'array of numbers');
    assert.deepEqual(run({ shape: [3], data: values }), want, 'tensor');
    const resident = cd.upload({ shape: [3], data: values });
    try {
      assert.deepEqual(run(resident), want, 'resident tensor');
    } finally {
      resident.dispose();
    }
  });

  test(`${what}: a foreign resident, a bad array, a string and a wrong length are errors naming ${param}`, () => {
    const foreign = other.upload({ shape: [3], data: values });
    try {
      assert.throws(
        () => run(foreign),
        (e) => e instanceof TypeError && new RegExp(`^${fn}: ${param} is a resident tensor of another`).test(e.message),
      );
    } finally {
      foreign.dispose();
    }
    assert.throws(
      () => run([1, 'x', 3]),
      (e) => e instanceof TypeError && new RegExp(`^${fn}: ${param} must be a Float32Array`).test(e.message),
    );
    assert.throws(
      () => run('1,2,3'),
      (e) => e instanceof TypeError && new RegExp(`^${fn}: ${param} must be`).test(e.message),
    );
    // matMul / dense check the bias length against n in C++ ("bias.length ..." or "bias ...").
    assert.throws(
      () => run(Float32Array.of(1, 2, 3, 4, 5)),
      (e) => e instanceof RangeError && new RegExp(`^${fn}: .*${param}`).test(e.message),
    );
    assert.ok(run(values).data.length > 0, 'the instance keeps working');
  });
}

// A filter of the wrong rank names the filter's layout, not an activation's dims.
const FILTER_RANK = [
  ['conv1d', () => cd.conv1d(randomTensor(rng(1), [1, 5, 2]), randomTensor(rng(2), [2, 3])), /\[kw, in, out\] \(WIO\)/],
  [
    'conv1dGradInput',
    () =>
      cd.conv1dGradInput(randomTensor(rng(1), [1, 4, 3]), randomTensor(rng(2), [2, 2, 3, 1]), {
        inputShape: [1, 5, 2],
      }),
    /\[kw, in, out\] \(WIO\) or \[out, in, kw\] \(OIW\)/,
  ],
  [
    'conv2dGradInput',
    () =>
      cd.conv2dGradInput(randomTensor(rng(1), [1, 3, 3, 2]), randomTensor(rng(2), [2, 2, 2]), {
        inputShape: [1, 4, 4, 2],
      }),
    /\[kh, kw, in\/groups, out\] \(HWIO\)/,
  ],
  [
    'depthwiseConv2dGradInput',
    () =>
      cd.depthwiseConv2dGradInput(randomTensor(rng(1), [1, 3, 3, 2]), randomTensor(rng(2), [2, 2, 2]), {
        inputShape: [1, 4, 4, 2],
      }),
    /\[kh, kw, C, multiplier\] \(HWIO\)/,
  ],
  [
    'conv2dTranspose',
    () => cd.conv2dTranspose(randomTensor(rng(1), [1, 3, 3, 2]), randomTensor(rng(2), [2, 2, 3])),
    /\[kh, kw, out\/groups, in\] \(HWOI\) or \[in, out\/groups, kh, kw\] \(IOHW\)/,
  ],
];
for (const [fn, call, layout] of FILTER_RANK) {
  test(`${fn}: a filter of the wrong rank is a RangeError naming filter.shape and its layout`, () => {
    assert.throws(
      call,
      (e) =>
        e instanceof RangeError && e.message.startsWith(`${fn}: filter.shape must have rank`) && layout.test(e.message),
    );
  });
}
