// conv2dGradFilter: the gradient of conv2d w.r.t. its filter (Conv2DBackpropFilter), and a tiny
// CNN trained with the gradient ops. Moved from the pooling family's kit (tests/js-family/).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertTensor } from '../js-helpers/checks.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import {
  assertBadInputs,
  assertGrad,
  assertOwnedAndFlat,
  channelsFirst,
  gradCases,
  plain,
  random,
  x4,
} from '../js-helpers/family.mjs';

const cd = await loadBuild();

test('conv2dGradFilter: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    [
      'conv2dGradFilter',
      [random([1, 5, 5, 2], 9), random([1, 3, 3, 2], 9), { filterShape: [3, 3, 3, 2] }],
      RangeError,
      /^conv2dGradFilter: filter shape\[2\] \(3 input channels\) must equal the input's channels \(2\)/,
    ],
  ]);
  assert.deepEqual(
    cd.conv2dGradFilter(random([1, 5, 5, 2], 9), random([1, 3, 3, 2], 9), { filterShape: [3, 3, 2, 2] }).shape,
    [3, 3, 2, 2],
    'the instance keeps working',
  );
});

test('conv2dGradFilter: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  const dy = random([2, 6, 7, 3], 1);
  assertOwnedAndFlat(assert, cd, 'conv2dGradFilter', () =>
    cd.conv2dGradFilter(x4, dy, { filterShape: [3, 3, 5, 3], padding: 'same' }),
  );
});

test('conv2dGradFilter: matches finite differences of the forward definition (random inputs, both layouts)', () => {
  for (const { fShape, co, x, f, dy } of gradCases()) {
    const gf = cd.conv2dGradFilter(x, dy, { ...co, filterShape: fShape });
    assertGrad(
      assert,
      'conv2dGradFilter',
      gf.data,
      ref.finiteDifference((t) => ref.conv2dNoBias(plain(x), t, co), plain(f), plain(dy)),
    );
    // NCHW / OIHW give the same gradient, transposed.
    const gfC = cd.conv2dGradFilter(channelsFirst(x), channelsFirst(dy), {
      ...co,
      layout: 'NCHW',
      filterShape: [fShape[3], fShape[2], fShape[0], fShape[1]],
    });
    assertTensor(gfC, ref.hwioToOihw(plain(gf)), 'conv2dGradFilter OIHW');
  }
});

test('a tiny CNN trains in the browser build: conv -> relu -> max pool -> global average -> linear', () => {
  // Two classes of 8x8 images: a vertical or a horizontal bar. Loss: softmax cross-entropy.
  const images = [];
  const labels = [];
  for (let i = 0; i < 16; i++) {
    const data = new Float32Array(64);
    const pos = 1 + (i % 6);
    const vertical = i % 2 === 0;
    for (let k = 0; k < 8; k++) data[vertical ? k * 8 + pos : pos * 8 + k] = 1;
    images.push(data);
    labels.push(vertical ? 0 : 1);
  }
  const x = { shape: [16, 8, 8, 1], data: Float32Array.from(images.flatMap((d) => Array.from(d))) };
  let filter = random([3, 3, 1, 4], 31, -0.5, 0.5);
  const weights = Float32Array.from(random([4, 2], 32, -0.5, 0.5).data);
  const lr = 0.5;
  const step = () => {
    const conv = cd.conv2d(x, filter, { padding: 'same' });
    const act = cd.relu(conv);
    const pooled = cd.maxPool2d(act, { poolSize: 2 });
    const feat = cd.globalAvgPool2d(pooled); // [16, 4]
    let loss = 0;
    const dFeat = new Float32Array(16 * 4);
    const dW = new Float32Array(8);
    for (let b = 0; b < 16; b++) {
      const logits = [0, 1].map((k) => [0, 1, 2, 3].reduce((s, c) => s + feat.data[b * 4 + c] * weights[c * 2 + k], 0));
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const p = e.map((v) => v / (e[0] + e[1]));
      loss -= Math.log(p[labels[b]]) / 16;
      for (let k = 0; k < 2; k++) {
        const g = (p[k] - (labels[b] === k ? 1 : 0)) / 16;
        for (let c = 0; c < 4; c++) {
          dW[c * 2 + k] += g * feat.data[b * 4 + c];
          dFeat[b * 4 + c] += g * weights[c * 2 + k];
        }
      }
    }
    // Back through global average (JS), max pool, relu and conv (condense).
    const dPooled = new Float32Array(pooled.data.length);
    for (let i = 0; i < dPooled.length; i++) dPooled[i] = dFeat[Math.floor(i / 64) * 4 + (i % 4)] / 16;
    const dAct = cd.maxPool2dGrad(act, { shape: pooled.shape, data: dPooled }, { poolSize: 2 });
    const dConv = cd.reluGrad(dAct, conv);
    const dFilter = cd.conv2dGradFilter(x, dConv, { filterShape: [3, 3, 1, 4], padding: 'same' });
    filter = { shape: filter.shape, data: filter.data.map((v, i) => v - lr * 8 * dFilter.data[i]) };
    for (let i = 0; i < 8; i++) weights[i] -= lr * dW[i];
    return loss;
  };
  const first = step();
  let last = first;
  for (let i = 0; i < 60; i++) last = step();
  assert.ok(last < first * 0.5, `loss ${first} -> ${last}`);
});

fixtureTests(cd, 'conv2dGradFilter');
