// depthwiseConv2dGradInput: tf.raw_ops.DepthwiseConv2dNativeBackpropInput (filter [kh, kw, C, M];
// OIHW [C*M, 1, kh, kw] as PyTorch's grouped weight): against the plain reference, finite
// differences of depthwiseConv2d's definition and a hand example, on both builds.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import { assertExact, badInputTable } from '../js-helpers/checks.mjs';
import { assertGrad, plain } from '../js-helpers/family.mjs';

const { cd } = await loadForTest();
const fn = 'depthwiseConv2dGradInput';

test(`${fn}: hand example (dy of ones spreads each channel's own 2x2 filter)`, () => {
  const dy = tensor([1, 2, 2, 2], new Float32Array(8).fill(1));
  const filter = tensor([2, 2, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8]); // channel 0 taps 1 3 5 7, channel 1 taps 2 4 6 8
  const dx = cd[fn](dy, filter, { inputShape: [1, 3, 3, 2] });
  assert.deepEqual(dx.shape, [1, 3, 3, 2]);
  assertExact(dx.data, [1, 2, 4, 6, 3, 4, 6, 8, 16, 20, 10, 12, 5, 6, 12, 14, 7, 8], 'channel-wise transposed conv');
});

test(`${fn}: the reference and finite differences (multipliers, strides, dilations, 'same', NCHW / OIHW)`, () => {
  const r = rng(12);
  for (const [xShape, fShape, o] of [
    [[2, 6, 5, 3], [3, 3, 3, 2], { padding: 'same' }],
    [[1, 7, 7, 9], [3, 2, 9, 1], { strides: 2, dilations: [1, 2], padding: [1, 0] }],
    [
      [1, 5, 6, 2],
      [2, 2, 2, 3],
      {
        padding: [
          [1, 0],
          [0, 1],
        ],
        strides: [1, 2],
      },
    ],
  ]) {
    const x = randomTensor(r, xShape);
    const f = randomTensor(r, fShape);
    const y = ref.depthwiseConv2dPadded(plain(x), plain(f), o);
    const dy = randomTensor(r, y.shape);
    const dx = cd[fn](dy, f, { ...o, inputShape: xShape });
    assert.deepEqual(dx.shape, xShape);
    assertGrad(assert, fn, dx.data, ref.depthwiseConv2dGradInput(plain(dy), plain(f), xShape, o).data);
    const fd = ref.finiteDifference((t) => ref.depthwiseConv2dPadded(t, plain(f), o), plain(x), plain(dy));
    assertGrad(assert, `${fn} vs finite differences`, dx.data, fd);
    // NCHW with the OIHW filter [C*M, 1, kh, kw].
    const [kh, kw, c, m] = fShape;
    const oihw = ref.hwioToOihw({ shape: [kh, kw, 1, c * m], data: plain(f).data });
    const dyc = ref.toChannelsFirst(plain(dy));
    const xc = ref.toChannelsFirst(plain(x));
    const dxc = cd[fn](tensor(dyc.shape, dyc.data), tensor(oihw.shape, oihw.data), {
      ...o,
      layout: 'NCHW',
      inputShape: xc.shape,
    });
    assertExact(dxc.data, ref.toChannelsFirst(plain(dx)).data, 'NCHW / OIHW');
  }
});

test(`${fn}: bad inputs name the parameter`, async (t) => {
  const dy = tensor([1, 2, 2, 2], new Float32Array(8));
  const f = tensor([2, 2, 2, 1], new Float32Array(8));
  const canary = () => assert.deepEqual(cd[fn](dy, f, { inputShape: [1, 3, 3, 2] }).shape, [1, 3, 3, 2]);
  await badInputTable(
    t,
    fn,
    [
      {
        name: 'filter channels differ from the input',
        call: () => cd[fn](dy, tensor([2, 2, 3, 1], new Float32Array(12)), { inputShape: [1, 3, 3, 2] }),
        error: RangeError,
        param: 'filter.shape',
      },
      {
        name: 'OIHW filter with I != 1',
        call: () =>
          cd[fn](tensor([1, 2, 2, 2], new Float32Array(8)), tensor([2, 2, 2, 2], new Float32Array(16)), {
            layout: 'NCHW',
            inputShape: [1, 2, 3, 3],
          }),
        error: RangeError,
        param: 'filter.shape',
      },
      { name: 'inputShape missing', call: () => cd[fn](dy, f), error: TypeError, param: 'inputShape' },
      {
        name: 'dy inconsistent with inputShape',
        call: () => cd[fn](dy, f, { inputShape: [1, 5, 5, 2] }),
        error: RangeError,
        param: 'dy',
      },
      {
        name: 'groups is not an option',
        call: () => cd[fn](dy, f, { inputShape: [1, 3, 3, 2], groups: 2 }),
        error: TypeError,
        param: 'groups',
      },
    ],
    canary,
  );
});
