#!/usr/bin/env node
// Writes the pooling-family fixtures (tests/js-fixtures/*.json): a grid of shapes and
// parameters, expected values from the plain reference in tests/js-helpers/reference.mjs
// (written from the definitions, independent of condense). Gradient fixtures are checked here
// against central finite differences of the reference forward passes before they are written.
//
// Usage: node scripts/gen-family-fixtures.mjs   (deterministic: same output every run)
//
// Inputs are multiples of 1/16 in [-2, 2] (or [0, 2]): every product and sum of the fixtures
// is exact in float32, so the only rounding left in condense's results is a final division,
// exp, pow or root, and the tests can hold it to 1e-6.
import { writeFileSync } from 'node:fs';
import * as ref from '../tests/js-helpers/reference.mjs';

const OUT = new URL('../tests/js-fixtures/', import.meta.url);

// mulberry32: a small deterministic generator for the inputs.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let seedCounter = 1;
// Multiples of 1/16 in [lo, hi].
function tensor(shape, lo = -2, hi = 2) {
  const r = rng(seedCounter++);
  const steps = Math.round((hi - lo) * 16);
  return { shape, data: Array.from({ length: ref.size(shape) }, () => lo + Math.floor(r() * (steps + 1)) / 16) };
}

// Distinct multiples of 1/16 (no ties, no zeros): finite differences of max pooling and ReLU are
// exact away from ties and kinks.
function distinctTensor(shape) {
  const n = ref.size(shape);
  const r = rng(seedCounter++);
  const values = Array.from({ length: n }, (_, i) => ((i + 1) / 16) * (i % 2 ? 1 : -1));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return { shape, data: values };
}

// Inputs are stored once per file and referred to by id ({ tensor: id } / { int32: id }).
let currentFile = null;
const inputIds = new Map();
const inputs = {};
function intern(kind, t) {
  const key = `${currentFile}:${kind}`;
  if (!inputIds.has(t)) inputIds.set(t, new Map());
  const ids = inputIds.get(t);
  if (!ids.has(key)) {
    const id = `${kind}${Object.keys((inputs[currentFile] ??= {})).length}`;
    inputs[currentFile][id] = { shape: t.shape, data: kind === 'f' ? t.data.map(Math.fround) : t.data };
    ids.set(key, id);
  }
  return ids.get(key);
}
const T = (t) => ({ tensor: intern('f', t) });
const I = (t) => ({ int32: intern('i', t) });

// Every pooling window must hold at least one input cell (condense rejects the others).
function windowsOk(h, w, o) {
  try {
    const g = ref.geometry2d(h, w, o);
    return g.y.windows.every((x) => x.cells.length) && g.x.windows.every((x) => x.cells.length);
  } catch {
    return false;
  }
}

const SHAPES = [
  [1, 5, 5, 1],
  [2, 6, 7, 3],
  [1, 7, 6, 5],
  [1, 4, 9, 8],
  [1, 3, 8, 9],
  [2, 8, 8, 4],
];
const OPTIONS = [
  { poolSize: 2 },
  { poolSize: 3, strides: 2, padding: 'same' },
  { poolSize: 3, strides: 1, padding: 1 },
  {
    poolSize: [2, 3],
    strides: [2, 1],
    padding: [
      [0, 1],
      [1, 0],
    ],
  },
  { poolSize: 2, strides: 2, padding: 1, ceilMode: true },
  { poolSize: 3, strides: 2, ceilMode: true },
  { poolSize: 2, strides: 1, dilations: 2 },
  { poolSize: 3, strides: 2, padding: 'same_lower' },
  {
    poolSize: [3, 1],
    strides: [1, 2],
    dilations: [1, 2],
    padding: [
      [2, 0],
      [0, 0],
    ],
  },
];

// Each option set against two shapes (cycling), skipping combinations whose windows do not fit.
function grid(each) {
  let k = 0;
  for (const o of OPTIONS) {
    let done = 0;
    for (let tries = 0; tries < SHAPES.length && done < 2; tries++) {
      const shape = SHAPES[k++ % SHAPES.length];
      if (!windowsOk(shape[1], shape[2], o)) continue;
      each(shape, o);
      done += 1;
    }
  }
}

const files = {};
// Cases are added with the file current when their inputs were interned (use(file) first).
function use(file) {
  currentFile = file;
}
function add(file, c) {
  if (file !== currentFile) throw new Error(`add(${file}) while ${currentFile} is current`);
  (files[file] ??= []).push(c);
}

// ---- variants: min, soft, Lp, stochastic, argmax, unpool, adaptive ----------------------------

use('variants');
grid((shape, o) => {
  const x = tensor(shape);
  add('variants', { fn: 'minPool2d', args: [T(x), o], expected: ref.minPool2d(x, o) });
  add('variants', { fn: 'softPool2d', args: [T(x), o], expected: ref.softPool2d(x, o) });
  for (const p of [1, 2, 3]) {
    const lo = { ...o, p };
    add('variants', { fn: 'lpPool2d', args: [T(x), lo], expected: ref.lpPool2d(x, lo) });
  }
  for (const p of [2, 1.5, Infinity]) {
    const lo = { ...o, p, convention: 'onnx' };
    add('variants', { fn: 'lpPool2d', args: [T(x), lo], expected: ref.lpPool2d(x, lo) });
  }
  const pos = tensor(shape, 0, 2);
  const lo = { ...o, p: 2.5 };
  add('variants', { fn: 'lpPool2d', args: [T(pos), lo], expected: ref.lpPool2d(pos, lo) });
  add('variants', { fn: 'stochasticPool2d', args: [T(x), o], expected: ref.stochasticPool2d(x, o) });
  for (const seed of [0, 12345]) {
    const so = { ...o, training: true, seed };
    add('variants', { fn: 'stochasticPool2d', args: [T(x), so], expected: ref.stochasticPool2d(x, so) });
  }
  for (const [convention, withBatch] of [
    ['tf', false],
    ['tf', true],
    ['torch', false],
    ['onnx', false],
  ]) {
    const ao = { ...o, indexConvention: convention, ...(withBatch ? { includeBatchInIndex: true } : {}) };
    const r = ref.maxPool2dWithArgmax(x, ao);
    add('variants', {
      fn: 'maxPool2dWithArgmax',
      args: [T(x), ao],
      expected: { values: r.values, indices: { int32: r.indices } },
    });
    // Unpooling the same values and indices back to the input size.
    const uo = {
      indexConvention: convention,
      ...(withBatch ? { includeBatchInIndex: true } : {}),
      outputSize: [shape[1], shape[2]],
    };
    add('variants', {
      fn: 'maxUnpool2d',
      args: [T(r.values), I(r.indices), uo],
      expected: ref.maxUnpool2d(r.values, r.indices.data, shape[1], shape[2], convention, withBatch),
    });
  }
});

// Unpooling with the size from poolSize / strides / padding (PyTorch MaxUnpool2d).
for (const [shape, o] of [
  [[1, 4, 4, 2], { poolSize: 2 }],
  [[2, 5, 5, 3], { poolSize: 3, strides: 2, padding: 1 }],
  [[1, 6, 4, 5], { poolSize: [2, 3], strides: [2, 1] }],
]) {
  const x = tensor(shape);
  const ao = { ...o, indexConvention: 'torch' };
  const r = ref.maxPool2dWithArgmax(x, ao);
  const [kh, kw] = Array.isArray(o.poolSize) ? o.poolSize : [o.poolSize, o.poolSize];
  const [sh, sw] = Array.isArray(o.strides ?? o.poolSize)
    ? (o.strides ?? o.poolSize)
    : [o.strides ?? o.poolSize, o.strides ?? o.poolSize];
  const p = o.padding ?? 0;
  const outH = (r.values.shape[1] - 1) * sh - 2 * p + kh;
  const outW = (r.values.shape[2] - 1) * sw - 2 * p + kw;
  add('variants', {
    fn: 'maxUnpool2d',
    args: [T(r.values), I(r.indices), ao],
    expected: ref.maxUnpool2d(r.values, r.indices.data, outH, outW, 'torch'),
  });
}

for (const [shape, sizes] of [
  [
    [1, 5, 5, 1],
    [
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 5],
      [7, 3],
    ],
  ],
  [
    [2, 7, 9, 5],
    [
      [3, 4],
      [1, 9],
      [4, 2],
    ],
  ],
  [
    [1, 10, 6, 8],
    [
      [3, 3],
      [6, 5],
    ],
  ],
]) {
  const x = tensor(shape);
  for (const [oh, ow] of sizes) {
    add('variants', {
      fn: 'adaptiveAvgPool2d',
      args: [T(x), { outputSize: [oh, ow] }],
      expected: ref.adaptivePool2d(x, oh, ow, 'avg'),
    });
    add('variants', {
      fn: 'adaptiveMaxPool2d',
      args: [T(x), { outputSize: [oh, ow] }],
      expected: ref.adaptivePool2d(x, oh, ow, 'max'),
    });
  }
}

// ---- fractional max pooling -------------------------------------------------------------------

use('fractional');
for (const [shape, ratio] of [
  [[1, 7, 7, 1], 1.44],
  [
    [2, 10, 9, 3],
    [1.5, 1.73],
  ],
  [
    [1, 25, 17, 5],
    [2.3, 1.2],
  ],
  [[1, 8, 8, 4], 2],
  [[1, 23, 23, 2], 2.3],
]) {
  const x = tensor(shape);
  for (const pseudoRandom of [false, true]) {
    for (const overlapping of [false, true]) {
      for (const seed of [0, 7]) {
        const o = { poolingRatio: ratio, pseudoRandom, overlapping, seed };
        const r = ref.fractionalMaxPool2d(x, o);
        add('fractional', { fn: 'fractionalMaxPool2d', args: [T(x), o], expected: r });
      }
    }
  }
}
{
  // TF's own sequences passed in: the windows of tf.nn.fractional_max_pool exactly.
  const x = tensor([1, 7, 7, 2]);
  const o = { rowPoolingSequence: [0, 2, 4, 5, 7], colPoolingSequence: [0, 1, 3, 5, 7], overlapping: true };
  add('fractional', { fn: 'fractionalMaxPool2d', args: [T(x), o], expected: ref.fractionalMaxPool2d(x, o) });
}

// ---- 1-D and 3-D pooling ----------------------------------------------------------------------

use('pool-nd');
const OPTIONS_1D = [
  { poolSize: 2 },
  { poolSize: 3, strides: 2, padding: 'same' },
  { poolSize: 3, strides: 1, padding: 1 },
  { poolSize: 2, strides: 2, padding: 1, ceilMode: true },
  { poolSize: 2, strides: 1, dilations: 3 },
  { poolSize: 3, strides: 2, padding: [2, 0] },
];
for (const [i, o] of OPTIONS_1D.entries()) {
  const shape = [
    [1, 9, 1],
    [2, 11, 5],
    [1, 8, 8],
  ][i % 3];
  const x = tensor(shape);
  const x5 = { shape: [shape[0], 1, 1, shape[1], shape[2]], data: x.data };
  const o3 = {
    ...o,
    poolSize: [1, 1, o.poolSize],
    strides: [1, 1, o.strides ?? o.poolSize],
    dilations: [1, 1, o.dilations ?? 1],
    padding:
      o.padding === undefined || typeof o.padding === 'string'
        ? o.padding
        : [[0, 0], [0, 0], Array.isArray(o.padding) ? o.padding : [o.padding, o.padding]],
  };
  for (const [fn, type] of [
    ['maxPool1d', 'max'],
    ['avgPool1d', 'avg'],
  ]) {
    const r = ref.pool3d(x5, o3, type);
    add('pool-nd', { fn, args: [T(x), o], expected: { shape: [r.shape[0], r.shape[3], r.shape[4]], data: r.data } });
  }
  const ao = { ...o, countIncludePad: true };
  const r = ref.pool3d(x5, { ...o3, countIncludePad: true }, 'avg');
  add('pool-nd', {
    fn: 'avgPool1d',
    args: [T(x), ao],
    expected: { shape: [r.shape[0], r.shape[3], r.shape[4]], data: r.data },
  });
}
const OPTIONS_3D = [
  { poolSize: 2 },
  { poolSize: 3, strides: 2, padding: 'same' },
  { poolSize: [2, 3, 2], strides: [1, 2, 2], padding: 1 },
  { poolSize: 2, strides: 2, padding: 1, ceilMode: true, countIncludePad: true },
  { poolSize: [2, 2, 2], strides: 1, dilations: [2, 1, 2] },
  {
    poolSize: 3,
    strides: 2,
    padding: [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
    divisorOverride: 5,
  },
];
for (const [i, o] of OPTIONS_3D.entries()) {
  const shape = [
    [1, 4, 5, 5, 1],
    [2, 5, 4, 6, 3],
    [1, 6, 5, 4, 5],
  ][i % 3];
  const x = tensor(shape);
  // The max pools refuse the average-only options (they do not change a maximum).
  const { countIncludePad, divisorOverride, ...mo } = o;
  (void countIncludePad, void divisorOverride);
  add('pool-nd', { fn: 'maxPool3d', args: [T(x), mo], expected: ref.pool3d(x, mo, 'max') });
  add('pool-nd', { fn: 'avgPool3d', args: [T(x), o], expected: ref.pool3d(x, o, 'avg') });
}

// ---- gradients, each checked against finite differences --------------------------------------

use('grads');
function checkFd(name, analytic, fd) {
  for (let i = 0; i < fd.length; i++) {
    const tol = 1e-6 * Math.max(1, Math.abs(fd[i]));
    if (!(Math.abs(analytic[i] - fd[i]) <= tol)) {
      throw new Error(`${name}: analytic gradient ${analytic[i]} vs finite difference ${fd[i]} at ${i}`);
    }
  }
}

const GRAD_POOL = [
  [[1, 4, 4, 1], { poolSize: 2 }],
  [[2, 5, 6, 3], { poolSize: 3, strides: 2, padding: 'same' }],
  [[1, 6, 5, 5], { poolSize: 3, strides: 1, padding: 1 }],
  [[1, 5, 7, 8], { poolSize: 2, strides: 2, padding: 1, ceilMode: true }],
  [[1, 7, 7, 2], { poolSize: 2, strides: 1, dilations: 2 }],
];
for (const [shape, o] of GRAD_POOL) {
  const x = distinctTensor(shape);
  const yShape = ref.maxPool2d(x, o).shape;
  const dy = tensor(yShape, -1, 1);
  const dx = ref.maxPool2dGrad(x, dy, o);
  checkFd(
    'maxPool2dGrad',
    dx.data,
    ref.finiteDifference((t) => ref.maxPool2d(t, o), x, dy, 1 / 1024),
  );
  add('grads', { fn: 'maxPool2dGrad', args: [T(x), T(dy), o], expected: dx });
  // Ties: the first maximum in row-major window order takes the gradient.
  const tied = tensor(shape, 0, 0.25);
  add('grads', { fn: 'maxPool2dGrad', args: [T(tied), T(dy), o], expected: ref.maxPool2dGrad(tied, dy, o) });
  for (const ao of [o, { ...o, countIncludePad: true }, { ...o, divisorOverride: 4 }]) {
    const ax = tensor(shape);
    const adx = ref.avgPool2dGrad(dy, shape, ao);
    checkFd(
      'avgPool2dGrad',
      adx.data,
      ref.finiteDifference((t) => ref.avgPool2d(t, ao), ax, dy),
    );
    add('grads', { fn: 'avgPool2dGrad', args: [T(dy), { ...ao, inputShape: shape }], expected: adx });
  }
}
for (const shape of [[7], [2, 9], [1, 4, 5, 3], [2, 3, 3, 11]]) {
  const x = distinctTensor(shape);
  const dy = tensor(shape);
  const dx = ref.reluGrad(dy, x);
  checkFd(
    'reluGrad',
    dx.data,
    ref.finiteDifference((t) => ({ shape, data: t.data.map((v) => Math.max(v, 0)) }), x, dy, 1 / 1024),
  );
  add('grads', { fn: 'reluGrad', args: [T(dy), T(x)], expected: dx });
}
const GRAD_CONV = [
  [[1, 5, 5, 1], [3, 3, 1, 1], { padding: 'same' }],
  [[2, 6, 7, 3], [3, 3, 3, 4], { strides: 2, padding: 'same' }],
  [[1, 7, 6, 5], [2, 3, 5, 9], { strides: [1, 2], padding: 'valid' }],
  [
    [1, 8, 8, 2],
    [3, 3, 2, 3],
    {
      dilations: 2,
      padding: [
        [2, 1],
        [0, 2],
      ],
    },
  ],
  [[1, 5, 6, 8], [1, 1, 8, 5], {}],
  [[2, 4, 4, 9], [2, 2, 9, 8], { strides: 2, padding: 1 }],
];
for (const [xShape, fShape, o] of GRAD_CONV) {
  const x = tensor(xShape);
  const filter = tensor(fShape);
  const yShape = ref.conv2dNoBias(x, filter, o).shape;
  const dy = tensor(yShape);
  const dx = ref.conv2dGradInput(dy, filter, xShape, o);
  checkFd(
    'conv2dGradInput',
    dx.data,
    ref.finiteDifference((t) => ref.conv2dNoBias(t, filter, o), x, dy),
  );
  add('grads', { fn: 'conv2dGradInput', args: [T(dy), T(filter), { ...o, inputShape: xShape }], expected: dx });
  const dw = ref.conv2dGradFilter(x, dy, fShape, o);
  checkFd(
    'conv2dGradFilter',
    dw.data,
    ref.finiteDifference((f) => ref.conv2dNoBias(x, f, o), filter, dy),
  );
  add('grads', { fn: 'conv2dGradFilter', args: [T(x), T(dy), { ...o, filterShape: fShape }], expected: dw });
}

// ---- channels-first (NCHW / NCW / NCDHW, OIHW filters) ------------------------------------------

use('layout');
const CF = ref.toChannelsFirst;
for (const [shape, o] of [
  [[2, 5, 6, 3], { poolSize: 3, strides: 2, padding: 'same' }],
  [[1, 6, 6, 5], { poolSize: 2, strides: 2, padding: 1, ceilMode: true }],
]) {
  const x = tensor(shape);
  const lo = { ...o, layout: 'NCHW' };
  add('layout', { fn: 'maxPool2d', args: [T(CF(x)), lo], expected: CF(ref.maxPool2d(x, o)) });
  add('layout', {
    fn: 'avgPool2d',
    args: [T(CF(x)), { ...lo, countIncludePad: true }],
    expected: CF(ref.avgPool2d(x, { ...o, countIncludePad: true })),
  });
  add('layout', { fn: 'minPool2d', args: [T(CF(x)), lo], expected: CF(ref.minPool2d(x, o)) });
  add('layout', { fn: 'softPool2d', args: [T(CF(x)), lo], expected: CF(ref.softPool2d(x, o)) });
  add('layout', { fn: 'lpPool2d', args: [T(CF(x)), { ...lo, p: 3 }], expected: CF(ref.lpPool2d(x, { ...o, p: 3 })) });
  add('layout', {
    fn: 'stochasticPool2d',
    args: [T(CF(x)), { ...lo, training: true, seed: 5 }],
    expected: CF(ref.stochasticPool2d(x, { ...o, training: true, seed: 5 })),
  });
  for (const convention of ['tf', 'torch', 'onnx']) {
    const r = ref.maxPool2dWithArgmax(x, { ...o, indexConvention: convention });
    add('layout', {
      fn: 'maxPool2dWithArgmax',
      args: [T(CF(x)), { ...lo, indexConvention: convention }],
      expected: { values: CF(r.values), indices: { int32: CF(r.indices) } },
    });
    add('layout', {
      fn: 'maxUnpool2d',
      args: [
        T(CF(r.values)),
        I(CF(r.indices)),
        { layout: 'NCHW', indexConvention: convention, outputSize: [shape[1], shape[2]] },
      ],
      expected: CF(ref.maxUnpool2d(r.values, r.indices.data, shape[1], shape[2], convention)),
    });
  }
  add('layout', {
    fn: 'adaptiveAvgPool2d',
    args: [T(CF(x)), { layout: 'NCHW', outputSize: [3, 2] }],
    expected: CF(ref.adaptivePool2d(x, 3, 2, 'avg')),
  });
  add('layout', {
    fn: 'adaptiveMaxPool2d',
    args: [T(CF(x)), { layout: 'NCHW', outputSize: [2, 4] }],
    expected: CF(ref.adaptivePool2d(x, 2, 4, 'max')),
  });
  const fo = { poolingRatio: 1.5, pseudoRandom: true, seed: 3, layout: 'NCHW' };
  const fr = ref.fractionalMaxPool2d(x, fo);
  add('layout', { fn: 'fractionalMaxPool2d', args: [T(CF(x)), fo], expected: { ...fr, values: CF(fr.values) } });
  const dy = tensor(ref.maxPool2d(x, o).shape);
  const xd = distinctTensor(shape);
  add('layout', { fn: 'maxPool2dGrad', args: [T(CF(xd)), T(CF(dy)), lo], expected: CF(ref.maxPool2dGrad(xd, dy, o)) });
  add('layout', {
    fn: 'avgPool2dGrad',
    args: [T(CF(dy)), { ...lo, inputShape: CF({ shape, data: [] }).shape }],
    expected: CF(ref.avgPool2dGrad(dy, shape, o)),
  });
  const g = tensor(shape);
  add('layout', {
    fn: 'globalAvgPool2d',
    args: [T(CF(x)), { layout: 'NCHW', keepDims: true }],
    expected: ref.adaptivePool2d(x, 1, 1, 'avg'),
  });
  add('layout', {
    fn: 'globalMaxPool2d',
    args: [T(CF(g)), { layout: 'NCHW' }],
    expected: { shape: [shape[0], shape[3]], data: ref.adaptivePool2d(g, 1, 1, 'max').data },
  });
}
{
  // The global results above: [n, c, 1, 1] in NCHW; adaptivePool2d gives [n, 1, 1, c], which is
  // the same memory.
  for (const c of files.layout) {
    if (c.fn === 'globalAvgPool2d')
      c.expected = { shape: [c.expected.shape[0], c.expected.shape[3], 1, 1], data: c.expected.data };
  }
}
for (const [xShape, fShape, o] of [
  [[2, 6, 7, 3], [3, 3, 3, 4], { strides: 2, padding: 'same' }],
  [[1, 5, 5, 5], [2, 3, 5, 2], { dilations: [2, 1], padding: 1 }],
]) {
  const x = tensor(xShape);
  const filter = tensor(fShape);
  const lo = { ...o, layout: 'NCHW' };
  const y = ref.conv2dNoBias(x, filter, o);
  add('layout', { fn: 'conv2d', args: [T(CF(x)), T(ref.hwioToOihw(filter)), lo], expected: CF(y) });
  add('layout', { fn: 'conv2d', args: [T(CF(x)), T(filter), { ...lo, filterLayout: 'HWIO' }], expected: CF(y) });
  const relu = { shape: y.shape, data: y.data.map((v) => Math.max(v, 0)) };
  add('layout', {
    fn: 'convPool2d',
    args: [T(CF(x)), T(ref.hwioToOihw(filter)), { ...lo, pool: { poolSize: 2 } }],
    expected: CF(ref.maxPool2d(relu, { poolSize: 2 })),
  });
  const dy = tensor(y.shape);
  add('layout', {
    fn: 'conv2dGradInput',
    args: [T(CF(dy)), T(ref.hwioToOihw(filter)), { ...lo, inputShape: CF({ shape: xShape, data: [] }).shape }],
    expected: CF(ref.conv2dGradInput(dy, filter, xShape, o)),
  });
  add('layout', {
    fn: 'conv2dGradFilter',
    args: [T(CF(x)), T(CF(dy)), { ...lo, filterShape: [fShape[3], fShape[2], fShape[0], fShape[1]] }],
    expected: ref.hwioToOihw(ref.conv2dGradFilter(x, dy, fShape, o)),
  });
  // Depthwise: channels x multiplier as a block-diagonal regular filter.
  const m = 2;
  const dwf = tensor([fShape[0], fShape[1], xShape[3], m]);
  const full = { shape: [fShape[0], fShape[1], xShape[3], xShape[3] * m], data: [] };
  for (let t = 0; t < fShape[0] * fShape[1]; t++) {
    for (let c = 0; c < xShape[3]; c++) {
      for (let oc = 0; oc < xShape[3] * m; oc++) {
        full.data.push(Math.floor(oc / m) === c ? dwf.data[(t * xShape[3] + c) * m + (oc % m)] : 0);
      }
    }
  }
  const oihwDepthwise = { shape: [xShape[3] * m, 1, fShape[0], fShape[1]], data: [] };
  for (let oc = 0; oc < xShape[3] * m; oc++) {
    for (let t = 0; t < fShape[0] * fShape[1]; t++) oihwDepthwise.data.push(dwf.data[t * xShape[3] * m + oc]);
  }
  add('layout', {
    fn: 'depthwiseConv2d',
    args: [T(CF(x)), T(oihwDepthwise), lo],
    expected: CF(ref.conv2dNoBias(x, full, o)),
  });
}
for (const [fn, type] of [
  ['maxPool1d', 'max'],
  ['avgPool1d', 'avg'],
]) {
  const x = tensor([2, 9, 3]);
  const o = { poolSize: 3, strides: 2, padding: 'same' };
  const r = ref.pool3d(
    { shape: [2, 1, 1, 9, 3], data: x.data },
    { ...o, poolSize: [1, 1, 3], strides: [1, 1, 2] },
    type,
  );
  add('layout', {
    fn,
    args: [T(CF(x)), { ...o, layout: 'NCW' }],
    expected: CF({ shape: [2, r.shape[3], 3], data: r.data }),
  });
}
for (const [fn, type] of [
  ['maxPool3d', 'max'],
  ['avgPool3d', 'avg'],
]) {
  const x = tensor([2, 4, 5, 6, 3]);
  const o = { poolSize: 2, strides: [1, 2, 2], padding: 'same' };
  add('layout', { fn, args: [T(CF(x)), { ...o, layout: 'NCDHW' }], expected: CF(ref.pool3d(x, o, type)) });
}

// ---- write ---------------------------------------------------------------------------------------

// Expected values as float32, written with 9 significant digits (enough for Math.fround to
// recover the float32 exactly).
const short = (v) => (Number.isFinite(v) ? Number(Math.fround(v).toPrecision(9)) : v);
const round = (t) => ({ shape: t.shape, data: t.data.map(short) });
function finalize(c) {
  const e = c.expected;
  if (Array.isArray(e.data)) c.expected = round(e);
  else {
    for (const k of Object.keys(e)) {
      if (e[k] && e[k].data) e[k] = round(e[k]);
      if (e[k] && e[k].int32) e[k] = { int32: e[k].int32 };
    }
  }
  return c;
}
// JSON has no NaN / Infinity: they are written as the strings 'NaN', 'Infinity', '-Infinity'.
const replacer = (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
for (const [name, cases] of Object.entries(files)) {
  const body = {
    generatedBy: 'scripts/gen-family-fixtures.mjs',
    reference: 'tests/js-helpers/reference.mjs',
    tolerance: 'float results within 1e-6 * max(1, |expected|); int32 and sequences exact',
    inputs: inputs[name],
    cases: cases.map(finalize),
  };
  writeFileSync(new URL(`${name}.json`, OUT), `${JSON.stringify(body, replacer)}\n`);
  console.log(`${name}.json: ${cases.length} cases`);
}
