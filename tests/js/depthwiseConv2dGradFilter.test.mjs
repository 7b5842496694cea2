// depthwiseConv2dGradFilter: tf.raw_ops.DepthwiseConv2dNativeBackpropFilter (the gradient as
// [kh, kw, C, M], or OIHW [C*M, 1, kh, kw]): against the plain reference, finite differences of
// depthwiseConv2d's definition and a hand example, on both builds; and a depthwise-separable
// block trained with the gradient ops.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import { assertExact, badInputTable } from '../js-helpers/checks.mjs';
import { assertGrad, plain } from '../js-helpers/family.mjs';

const { cd } = await loadForTest();
const fn = 'depthwiseConv2dGradFilter';

test(`${fn}: hand example (dy of ones sums each channel's 2x2 windows)`, () => {
  const x = tensor(
    [1, 3, 3, 2],
    Array.from({ length: 18 }, (_, i) => i + 1),
  );
  const dw = cd[fn](x, tensor([1, 2, 2, 2], new Float32Array(8).fill(1)), { filterShape: [2, 2, 2, 1] });
  assert.deepEqual(dw.shape, [2, 2, 2, 1]);
  // channel 0 = 1 3 5 / 7 9 11 / 13 15 17: top-left window sum 1+3+7+9 = 20, ...
  assertExact(dw.data, [20, 24, 28, 32, 44, 48, 52, 56], 'per-channel window sums');
});

test(`${fn}: the reference and finite differences (multipliers, strides, dilations, NCHW / OIHW)`, () => {
  const r = rng(13);
  for (const [xShape, fShape, o] of [
    [[2, 6, 5, 3], [3, 3, 3, 2], { padding: 'same' }],
    [[1, 7, 7, 9], [3, 2, 9, 1], { strides: 2, dilations: [1, 2], padding: [1, 0] }],
  ]) {
    const x = randomTensor(r, xShape);
    const f = randomTensor(r, fShape);
    const y = ref.depthwiseConv2dPadded(plain(x), plain(f), o);
    const dy = randomTensor(r, y.shape);
    const dw = cd[fn](x, dy, { ...o, filterShape: fShape });
    assert.deepEqual(dw.shape, fShape);
    assertGrad(assert, fn, dw.data, ref.depthwiseConv2dGradFilter(plain(x), plain(dy), fShape, o).data);
    const fd = ref.finiteDifference((t) => ref.depthwiseConv2dPadded(plain(x), t, o), plain(f), plain(dy));
    assertGrad(assert, `${fn} vs finite differences`, dw.data, fd);
    const [kh, kw, c, m] = fShape;
    const xc = ref.toChannelsFirst(plain(x));
    const dyc = ref.toChannelsFirst(plain(dy));
    const dwc = cd[fn](tensor(xc.shape, xc.data), tensor(dyc.shape, dyc.data), {
      ...o,
      layout: 'NCHW',
      filterShape: [c * m, 1, kh, kw],
    });
    assert.deepEqual(dwc.shape, [c * m, 1, kh, kw]);
    assertExact(dwc.data, ref.hwioToOihw({ shape: [kh, kw, 1, c * m], data: plain(dw).data }).data, 'OIHW');
  }
});

test('a depthwise-separable block trains: depthwise -> relu -> pointwise (groups = 1) -> mean squared error', () => {
  const r = rng(77);
  const x = randomTensor(r, [4, 6, 6, 3]);
  const target = randomTensor(r, [4, 6, 6, 2]);
  let dwf = randomTensor(r, [3, 3, 3, 1]);
  let pwf = randomTensor(r, [1, 1, 3, 2]);
  const loss = () => {
    const h = cd.depthwiseConv2d(x, dwf, { padding: 'same', activation: 'relu' });
    const y = cd.conv2d(h, pwf);
    const d = y.data.map((v, i) => v - target.data[i]);
    return { h, d, l: d.reduce((a, v) => a + v * v, 0) / d.length };
  };
  const first = loss().l;
  for (let step = 0; step < 30; step++) {
    const { h, d } = loss();
    const dy = tensor(
      [4, 6, 6, 2],
      d.map((v) => (2 * v) / d.length),
    );
    const gPw = cd.conv2dGradFilter(h, dy, { filterShape: [1, 1, 3, 2] });
    const dh = cd.conv2dGradInput(dy, pwf, { inputShape: h.shape });
    const dPre = tensor(
      h.shape,
      dh.data.map((v, i) => (h.data[i] > 0 ? v : 0)),
    );
    const gDw = cd[fn](x, dPre, { filterShape: [3, 3, 3, 1], padding: 'same' });
    pwf = tensor(
      pwf.shape,
      pwf.data.map((v, i) => v - 0.5 * gPw.data[i]),
    );
    dwf = tensor(
      dwf.shape,
      dwf.data.map((v, i) => v - 0.5 * gDw.data[i]),
    );
  }
  const last = loss().l;
  assert.ok(last < first * 0.9, `loss ${first} -> ${last}`);
});

test(`${fn}: bad inputs name the parameter`, async (t) => {
  const x = tensor([1, 3, 3, 2], new Float32Array(18));
  const dy = tensor([1, 2, 2, 2], new Float32Array(8));
  const canary = () => assert.deepEqual(cd[fn](x, dy, { filterShape: [2, 2, 2, 1] }).shape, [2, 2, 2, 1]);
  await badInputTable(
    t,
    fn,
    [
      {
        name: 'filterShape channels differ from x',
        call: () => cd[fn](x, dy, { filterShape: [2, 2, 3, 1] }),
        error: RangeError,
        param: 'filter.shape',
      },
      { name: 'filterShape missing', call: () => cd[fn](x, dy), error: TypeError, param: 'filterShape' },
      {
        name: 'dy of the wrong shape',
        call: () => cd[fn](x, tensor([1, 3, 3, 2], new Float32Array(18)), { filterShape: [2, 2, 2, 1] }),
        error: RangeError,
        param: 'dy',
      },
    ],
    canary,
  );
});
