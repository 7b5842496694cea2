// conv2d groups (torch.nn.Conv2d groups, Keras Conv2D(groups), ONNX Conv group), PyTorch's
// padding_mode (padMode) on conv2d / depthwiseConv2d / convPool2d, the [ph, pw] padding tuple,
// and conv2dGradInput / conv2dGradFilter with groups: against the plain reference on both builds.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import { assertAgrees, assertExact, badInputTable } from '../js-helpers/checks.mjs';
import { assertGrad, plain } from '../js-helpers/family.mjs';

const { cd } = await loadForTest();

const row3 = tensor([1, 1, 3, 1], [1, 2, 3]);
const one = tensor([1, 1, 1, 1], [1]);
const pad2 = [
  [0, 0],
  [2, 2],
];

test('padMode: F.pad of [1, 2, 3] by 2 (PyTorch documentation values) through a 1x1 identity conv', () => {
  assertExact(cd.conv2d(row3, one, { padding: pad2, padMode: 'reflect' }).data, [3, 2, 1, 2, 3, 2, 1], 'reflect');
  assertExact(cd.conv2d(row3, one, { padding: pad2, padMode: 'replicate' }).data, [1, 1, 1, 2, 3, 3, 3], 'replicate');
  assertExact(cd.conv2d(row3, one, { padding: pad2, padMode: 'circular' }).data, [2, 3, 1, 2, 3, 1, 2], 'circular');
  assertExact(cd.conv2d(row3, one, { padding: pad2, padMode: 'zeros' }).data, [0, 0, 1, 2, 3, 0, 0], 'zeros');
  assertExact(cd.conv2d(row3, one, { padding: pad2 }).data, [0, 0, 1, 2, 3, 0, 0], 'zeros by default');
  // The reference says the same.
  assert.deepEqual(ref.padAxis([1, 2, 3], 2, 2, 'reflect'), [3, 2, 1, 2, 3, 2, 1]);
  assert.deepEqual(ref.padAxis([1, 2, 3], 2, 2, 'replicate'), [1, 1, 1, 2, 3, 3, 3]);
  assert.deepEqual(ref.padAxis([1, 2, 3], 2, 2, 'circular'), [2, 3, 1, 2, 3, 1, 2]);
  // circular allows pad == size; case-insensitive names.
  assertExact(
    cd.conv2d(row3, one, { padding: [0, 3], padMode: 'Circular' }).data,
    [1, 2, 3, 1, 2, 3, 1, 2, 3],
    'circular by the size',
  );
  // 2-D reflect of [[1, 2], [3, 4]] by 1: torch.nn.ReflectionPad2d(1) on a 2x2 image.
  const sq = tensor([1, 2, 2, 1], [1, 2, 3, 4]);
  assertExact(
    cd.conv2d(sq, one, { padding: 1, padMode: 'reflect' }).data,
    [4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1],
    'ReflectionPad2d(1)',
  );
});

test('padding [ph, pw] is symmetric per axis, the same as [[ph, ph], [pw, pw]] (conv, depthwise, convPool2d, pooling)', () => {
  const r = rng(5);
  const x = randomTensor(r, [1, 5, 6, 2]);
  const f = randomTensor(r, [3, 3, 2, 3]);
  const long = [
    [1, 1],
    [2, 2],
  ];
  assert.deepEqual(cd.conv2d(x, f, { padding: [1, 2] }), cd.conv2d(x, f, { padding: long }));
  const fd = randomTensor(r, [3, 3, 2, 1]);
  assert.deepEqual(cd.depthwiseConv2d(x, fd, { padding: [1, 2] }), cd.depthwiseConv2d(x, fd, { padding: long }));
  assert.deepEqual(
    cd.convPool2d(x, f, { padding: [1, 2], pool: { poolSize: 2, padding: [1, 0] } }),
    cd.convPool2d(x, f, {
      padding: long,
      pool: {
        poolSize: 2,
        padding: [
          [1, 1],
          [0, 0],
        ],
      },
    }),
  );
  assert.deepEqual(cd.maxPool2d(x, { poolSize: 3, padding: [1, 0] }).shape, [1, 2, 2, 2]);
  assert.deepEqual(
    cd.avgPool2d(x, { poolSize: 3, strides: 1, padding: [0, 1] }),
    cd.avgPool2d(x, {
      poolSize: 3,
      strides: 1,
      padding: [
        [0, 0],
        [1, 1],
      ],
    }),
  );
});

test('groups: ONNX Conv group = 2 with NCHW + OIHW, and a hand example', () => {
  // x [1, 4, 1, 1] = 1..4; W [2, 2, 1, 1] (O, I/group, kH, kW): y0 = 1*1 + 2*100, y1 = 3*10 + 4*1000.
  const y = cd.conv2d(tensor([1, 4, 1, 1], [1, 2, 3, 4]), tensor([2, 2, 1, 1], [1, 100, 10, 1000]), {
    layout: 'NCHW',
    groups: 2,
  });
  assert.deepEqual(y.shape, [1, 2, 1, 1]);
  assertExact(y.data, [201, 4030], 'group = 2');
  // ONNX-style: 2 groups, a 3x3 input per channel, 1x1 kernels, NCHW, against the reference.
  const r = rng(17);
  const xs = randomTensor(r, [2, 6, 5, 4]); // NHWC
  const fs = randomTensor(r, [3, 3, 2, 6]); // HWIO: groups 2, 2 channels each, 6 outputs
  const o = { groups: 2, padding: 1, strides: [2, 1], bias: randomTensor(r, [6]).data };
  const want = ref.groupedConv2d(plain(xs), plain(fs), o);
  assertAgrees(cd.conv2d(xs, fs, o), want, 'NHWC / HWIO');
  const xc = ref.toChannelsFirst(plain(xs));
  const fo = ref.hwioToOihw(plain(fs));
  const yc = cd.conv2d(tensor(xc.shape, xc.data), tensor(fo.shape, fo.data), { ...o, layout: 'NCHW' });
  const back = ref.toChannelsFirst({ shape: want.shape, data: Array.from(want.data) });
  assert.deepEqual(yc.shape, back.shape);
  assertAgrees(
    yc,
    {
      ...back,
      magnitude: ref.toChannelsFirst({ shape: want.shape, data: Array.from(want.magnitude) }).data,
      terms: ref.toChannelsFirst({ shape: want.shape, data: Array.from(want.terms) }).data,
    },
    'NCHW / OIHW',
  );
});

test('groups and padMode: random requests against the plain reference (conv2d, depthwiseConv2d)', () => {
  const r = rng(99);
  const modes = ['zeros', 'reflect', 'replicate', 'circular'];
  let checked = 0;
  for (let i = 0; i < 60; i++) {
    const groups = [1, 2, 3, 4][i % 4];
    const cg = [1, 2, 3][i % 3];
    const og = [1, 2, 5][(i >> 1) % 3];
    const h = 3 + (i % 5);
    const w = 3 + ((i * 7) % 6);
    const k = 1 + (i % 3);
    const padMode = modes[(i >> 2) % 4];
    const maxPad = padMode === 'reflect' ? Math.min(h, w) - 1 : 2;
    const p = Math.min(maxPad, i % 3);
    const o = {
      groups,
      padMode,
      padding: i % 5 === 0 ? 'same' : [p, Math.min(maxPad, (i >> 1) % 3)],
      strides: 1 + (i % 2),
      dilations: i % 7 === 0 ? 2 : 1,
      activation: i % 4 === 0 ? 'relu' : 'linear',
    };
    const x = randomTensor(r, [1 + (i % 2), h, w, groups * cg]);
    const f = randomTensor(r, [k, k, cg, groups * og]);
    const want = ref.groupedConv2d(plain(x), plain(f), o);
    if (!want) continue;
    if (o.padding === 'same' && padMode === 'reflect' && (k - 1) * o.dilations >= Math.min(h, w)) continue;
    assertAgrees(cd.conv2d(x, f, o), want, `conv2d ${JSON.stringify(o)}`);
    const fd = randomTensor(r, [k, k, groups * cg, og]);
    const { groups: _g, ...od } = o;
    const wantD = ref.depthwiseConv2dPadded(plain(x), plain(fd), od);
    assertAgrees(cd.depthwiseConv2d(x, fd, od), wantD, `depthwiseConv2d ${JSON.stringify(od)}`);
    checked++;
  }
  assert.ok(checked > 40, `${checked} requests checked`);
});

test('padMode on convPool2d: the pool of the padded-mode conv', () => {
  const r = rng(3);
  const x = randomTensor(r, [2, 7, 6, 3]);
  const f = randomTensor(r, [3, 3, 3, 4]);
  for (const padMode of ['reflect', 'replicate', 'circular']) {
    const conv = cd.conv2d(x, f, { padding: 'same', padMode, activation: 'relu' });
    const want = cd.maxPool2d(conv, { poolSize: 2 });
    assert.deepEqual(cd.convPool2d(x, f, { padding: 'same', padMode, pool: { poolSize: 2 } }), want, padMode);
  }
});

test('conv2dGradInput / conv2dGradFilter with groups: the analytic reference and finite differences', () => {
  const r = rng(44);
  for (const [xShape, fShape, o] of [
    [[2, 5, 6, 6], [3, 3, 3, 4], { groups: 2, padding: 'same' }],
    [[1, 7, 5, 6], [2, 3, 2, 9], { groups: 3, strides: [2, 1], dilations: [1, 2], padding: [1, 0] }],
    [[1, 5, 5, 4], [3, 3, 1, 8], { groups: 4, padding: 1 }],
  ]) {
    const x = randomTensor(r, xShape);
    const f = randomTensor(r, fShape);
    const y = ref.groupedConv2d(plain(x), plain(f), o);
    const dy = randomTensor(r, y.shape);
    const gi = cd.conv2dGradInput(dy, f, { ...o, inputShape: xShape });
    const gf = cd.conv2dGradFilter(x, dy, { ...o, filterShape: fShape });
    assertGrad(assert, 'grad input', gi.data, ref.groupedConv2dGradInput(plain(dy), plain(f), xShape, o).data);
    assertGrad(assert, 'grad filter', gf.data, ref.groupedConv2dGradFilter(plain(x), plain(dy), fShape, o).data);
    const fdX = ref.finiteDifference((t) => ref.groupedConv2d(t, plain(f), o), plain(x), plain(dy));
    assertGrad(assert, 'grad input vs finite differences', gi.data, fdX);
    // NCHW / OIHW agree with NHWC / HWIO.
    const xc = ref.toChannelsFirst(plain(x));
    const dyc = ref.toChannelsFirst(plain(dy));
    const gfc = cd.conv2dGradFilter(tensor(xc.shape, xc.data), tensor(dyc.shape, dyc.data), {
      ...o,
      layout: 'NCHW',
      filterShape: [fShape[3], fShape[2], fShape[0], fShape[1]],
    });
    assertExact(gfc.data, ref.hwioToOihw(plain(gf)).data, 'OIHW filter gradient');
  }
});

test('groups / padMode: bad inputs -> the error class and a message naming the parameter', async (t) => {
  const x = tensor([1, 4, 4, 4], new Float32Array(64).fill(1));
  const f = tensor([1, 1, 2, 2], [1, 1, 1, 1]);
  const canary = () => assert.deepEqual(cd.conv2d(x, f, { groups: 2 }).shape, [1, 4, 4, 2]);
  await badInputTable(
    t,
    'conv2d',
    [
      {
        name: 'groups not dividing the channels',
        call: () => cd.conv2d(x, f, { groups: 3 }),
        error: RangeError,
        param: 'groups',
      },
      { name: 'groups 0', call: () => cd.conv2d(x, f, { groups: 0 }), error: RangeError, param: 'groups' },
      { name: 'groups fractional', call: () => cd.conv2d(x, f, { groups: 1.5 }), error: RangeError, param: 'groups' },
      { name: 'groups a string', call: () => cd.conv2d(x, f, { groups: '2' }), error: TypeError, param: 'groups' },
      {
        name: 'filter inconsistent with groups',
        call: () => cd.conv2d(x, tensor([1, 1, 4, 2], new Float32Array(8)), { groups: 2 }),
        error: RangeError,
        param: 'filter',
      },
      {
        name: 'output channels not divisible by groups',
        call: () => cd.conv2d(x, tensor([1, 1, 2, 3], new Float32Array(6)), { groups: 2 }),
        error: RangeError,
        param: 'groups',
      },
      {
        name: 'padMode unknown',
        call: () => cd.conv2d(x, f, { groups: 2, padMode: 'mirror' }),
        error: RangeError,
        param: 'padMode',
      },
      {
        name: 'padMode a number',
        call: () => cd.conv2d(x, f, { groups: 2, padMode: 1 }),
        error: TypeError,
        param: 'padMode',
      },
      {
        name: 'reflect pad = input size',
        call: () => cd.conv2d(x, f, { groups: 2, padding: 4, padMode: 'reflect' }),
        error: RangeError,
        param: 'padding',
      },
      {
        name: 'circular pad > input size',
        call: () => cd.conv2d(x, f, { groups: 2, padding: [0, 5], padMode: 'circular' }),
        error: RangeError,
        param: 'padding',
      },
      {
        name: 'padding [ph] only',
        call: () => cd.conv2d(x, f, { groups: 2, padding: [1] }),
        error: RangeError,
        param: 'padding',
      },
      {
        name: 'padding [ph, pw] negative',
        call: () => cd.conv2d(x, f, { groups: 2, padding: [1, -1] }),
        error: RangeError,
        param: 'padding',
      },
      {
        name: 'padding [ph, pw] string',
        call: () => cd.conv2d(x, f, { groups: 2, padding: [1, '1'] }),
        error: TypeError,
        param: 'padding',
      },
    ],
    canary,
  );
  const fd = tensor([3, 3, 4, 1], new Float32Array(36));
  await badInputTable(
    t,
    'depthwiseConv2d',
    [
      {
        name: 'groups is not an option',
        call: () => cd.depthwiseConv2d(x, fd, { groups: 4 }),
        error: TypeError,
        param: 'groups',
      },
      {
        name: 'reflect pad too large',
        call: () => cd.depthwiseConv2d(x, fd, { padding: [4, 0], padMode: 'reflect' }),
        error: RangeError,
        param: 'padding',
      },
    ],
    canary,
  );
  await badInputTable(
    t,
    'convPool2d',
    [
      {
        name: 'padMode unknown',
        call: () => cd.convPool2d(x, f, { padMode: 'edge' }),
        error: RangeError,
        param: 'padMode',
      },
    ],
    canary,
  );
  await badInputTable(
    t,
    'conv2dGradInput',
    [
      {
        name: 'groups not dividing the channels',
        call: () =>
          cd.conv2dGradInput(tensor([1, 4, 4, 2], new Float32Array(32)), f, { groups: 3, inputShape: [1, 4, 4, 4] }),
        error: RangeError,
        param: 'groups',
      },
    ],
    canary,
  );
});
