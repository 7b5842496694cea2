// conv2dTranspose: transposed 2-D convolution as a layer (tf.nn.conv2d_transpose, Keras
// Conv2DTranspose, PyTorch nn.ConvTranspose2d, ONNX ConvTranspose): the ONNX node tests'
// outputs as exact expectations, Keras-, TF-, PyTorch- and ONNX-style arguments against the
// plain reference (tests/js-helpers/reference/conv-transpose.mjs), both layouts, groups, bias,
// activations, the bad-input table, fresh outputs and a flat heap. Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { conv2dTranspose as reference } from '../js-helpers/reference/conv-transpose.mjs';
import {
  assertAgrees,
  assertExact,
  badInputTable,
  badOptionsRows,
  badTensorRows,
  freshOutputTests,
} from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { describeCase, randomTensor, rng, tensor } from '../js-helpers/random.mjs';

const { cd, memory } = await loadForTest();
const fn = 'conv2dTranspose';

// ONNX backend node tests (onnx/backend/test/case/node/convtranspose.py): x = 0..8 (1x1x3x3),
// W = ones (1x2x3x3), NCHW / IOHW.
const onnxX = tensor([1, 1, 3, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8]);
const onnxW = tensor([1, 2, 3, 3], new Float32Array(18).fill(1));
const twice = (rows) => [...rows, ...rows];
const ONNX_PLAIN = twice([0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8]);
const ONNX_ATTRIBUTES = twice([
  ...[0, 0, 1, 1, 3, 2, 2, 0],
  ...[0, 0, 1, 1, 3, 2, 2, 0],
  ...[0, 0, 1, 1, 3, 2, 2, 0],
  ...[3, 3, 7, 4, 9, 5, 5, 0],
  ...[3, 3, 7, 4, 9, 5, 5, 0],
  ...[3, 3, 7, 4, 9, 5, 5, 0],
  ...[6, 6, 13, 7, 15, 8, 8, 0],
  ...[6, 6, 13, 7, 15, 8, 8, 0],
  ...[6, 6, 13, 7, 15, 8, 8, 0],
  ...[0, 0, 0, 0, 0, 0, 0, 0],
]);
const ONNX_PADS = twice([1, 1, 3, 1, 1, 3, 7, 4, 9, 7, 4, 9, 7, 4, 9, 13, 7, 15, 13, 7, 15]);

const ONNX_CASES = [
  ['test_convtranspose', {}, [1, 2, 5, 5], ONNX_PLAIN],
  ['test_convtranspose_output_shape', { strides: [3, 2], outputShape: [10, 8] }, [1, 2, 10, 8], ONNX_ATTRIBUTES],
  ['test_convtranspose_pad', { strides: [3, 2], outputPadding: [1, 1], padding: 0 }, [1, 2, 10, 8], ONNX_ATTRIBUTES],
  [
    'test_convtranspose_kernel_shape',
    { strides: [3, 2], outputShape: [10, 8], outputPadding: [1, 1] },
    [1, 2, 10, 8],
    ONNX_ATTRIBUTES,
  ],
  [
    'test_convtranspose_pads',
    {
      strides: [3, 2],
      padding: [
        [1, 1],
        [2, 2],
      ],
    },
    [1, 2, 7, 3],
    ONNX_PADS,
  ],
];

test('conv2dTranspose: the ONNX ConvTranspose node tests, exact (NCHW / IOHW)', () => {
  for (const [name, options, shape, want] of ONNX_CASES) {
    const got = cd.conv2dTranspose(onnxX, onnxW, { layout: 'NCHW', ...options });
    assert.deepEqual(got.shape, shape, name);
    assertExact(got.data, want, name);
    assertExact(reference(onnxX, onnxW, { layout: 'NCHW', ...options }).data, want, `${name}: the reference`);
  }
});

test('conv2dTranspose: the same in NHWC / HWOI (the filter as Keras Conv2DTranspose stores it)', () => {
  const x = tensor([1, 3, 3, 1], onnxX.data);
  const w = tensor([3, 3, 2, 1], new Float32Array(18).fill(1));
  for (const [name, options, [n, c, h, wd], want] of ONNX_CASES) {
    const got = cd.conv2dTranspose(x, w, options);
    assert.deepEqual(got.shape, [n, h, wd, c], name);
    const nhwc = [];
    for (let i = 0; i < h * wd; i++) nhwc.push(want[i], want[h * wd + i]);
    assertExact(got.data, nhwc, name);
  }
});

test('conv2dTranspose: output sizes of Keras, TF, PyTorch and ONNX', () => {
  const size = (xShape, fShape, o) =>
    cd.conv2dTranspose(randomTensor(rng(1), xShape), randomTensor(rng(2), fShape), o).shape;
  // Keras Conv2DTranspose (deconv_output_length): valid in * s + max(k - s, 0); same in * s.
  assert.deepEqual(size([1, 3, 3, 2], [3, 3, 4, 2], { strides: 2 }), [1, 7, 7, 4]);
  assert.deepEqual(size([1, 3, 3, 2], [1, 1, 4, 2], { strides: 2 }), [1, 6, 6, 4]);
  assert.deepEqual(size([1, 3, 3, 2], [3, 3, 4, 2], { strides: 2, padding: 'same' }), [1, 6, 6, 4]);
  // With output_padding: (in - 1) * s + k - 2 * (k // 2) + op ('same'), (in - 1) * s + k + op ('valid').
  assert.deepEqual(size([1, 3, 3, 2], [3, 3, 4, 2], { strides: 2, padding: 'same', outputPadding: 0 }), [1, 5, 5, 4]);
  assert.deepEqual(size([1, 3, 3, 2], [3, 3, 4, 2], { strides: 2, outputPadding: 1 }), [1, 8, 8, 4]);
  // tf.nn.conv2d_transpose output_shape (4-D, NHWC).
  assert.deepEqual(
    size([1, 3, 3, 2], [3, 3, 4, 2], { strides: 2, padding: 'same', outputShape: [1, 5, 6, 4] }),
    [1, 5, 6, 4],
  );
  // PyTorch ConvTranspose2d: (in - 1) * s - 2p + d (k - 1) + op + 1, NCHW / IOHW [in, out, kh, kw].
  const t = { layout: 'NCHW', strides: 2, padding: 1, outputPadding: 1 };
  assert.deepEqual(size([1, 2, 3, 3], [2, 4, 3, 3], t), [1, 4, 6, 6]);
  assert.deepEqual(size([1, 2, 3, 4], [2, 4, 3, 3], { ...t, padding: [1, 0], dilations: [1, 2] }), [1, 4, 6, 12]);
  // ONNX SAME_LOWER: the odd padding at the beginning.
  assert.deepEqual(size([1, 3, 3, 1], [4, 4, 1, 1], { strides: 2, padding: 'same_lower' }), [1, 6, 6, 1]);
  // A batchless input keeps its rank.
  assert.deepEqual(size([3, 3, 2], [3, 3, 4, 2], { strides: 2, padding: 'same' }), [6, 6, 4]);
});

function randomCase(r) {
  const groups = r.chance(0.3) ? r.int(2, 3) : 1;
  const ig = r.pick([1, 2, 3, 4, 5, 8]);
  const og = r.pick([1, 2, 3, 4, 7, 8, 9, 16]);
  const [kh, kw] = [r.int(1, 4), r.int(1, 4)];
  const nchw = r.chance(0.4);
  const [n, h, w, c] = [r.int(1, 2), r.int(1, 6), r.int(1, 6), ig * groups];
  const o = { strides: [r.int(1, 3), r.int(1, 3)], dilations: [r.int(1, 2), r.int(1, 2)] };
  const style = r.pick(['keras', 'tf', 'torch', 'onnx']);
  if (style === 'keras') {
    o.padding = r.pick(['valid', 'same']);
    if (r.chance(0.5)) o.outputPadding = [0, 1].map((a) => r.int(0, Math.max(o.strides[a], o.dilations[a]) - 1));
  } else if (style === 'tf') {
    o.padding = r.pick(['valid', 'same']);
  } else if (style === 'torch') {
    o.padding = r.chance(0.5) ? r.int(0, 1) : [r.int(0, 1), r.int(0, 1)];
  } else {
    o.padding = r.pick([
      'same',
      'same_lower',
      [
        [r.int(0, 2), r.int(0, 2)],
        [r.int(0, 2), r.int(0, 2)],
      ],
    ]);
  }
  if (r.chance(0.5)) o.activation = r.pick(['linear', 'relu', 'relu6']);
  if (groups > 1) o.groups = groups;
  if (nchw) o.layout = 'NCHW';
  if (r.chance(0.2)) o.filterLayout = r.pick(['HWOI', 'IOHW']);
  const iohw = (o.filterLayout ?? (nchw ? 'IOHW' : 'HWOI')) === 'IOHW';
  const x = randomTensor(r, nchw ? [n, c, h, w] : [n, h, w, c], -2, 2);
  const filter = randomTensor(r, iohw ? [c, og, kh, kw] : [kh, kw, og, c]);
  if (r.chance(0.5)) o.bias = Array.from(randomTensor(r, [og * groups]).data);
  if (style === 'tf' || (style === 'onnx' && r.chance(0.5))) {
    // An output shape the reference accepts: its natural size, or one more with 'same'.
    const natural = reference(x, filter, o);
    if (natural) {
      const [oh, ow] = nchw ? natural.shape.slice(2) : natural.shape.slice(1, 3);
      o.outputShape = [oh + (o.padding === 'valid' ? 0 : r.int(-1, 1)), ow];
      if (o.outputShape[0] < 1) o.outputShape[0] = 1;
    }
  }
  return { x, filter, o };
}

test('conv2dTranspose: random Keras / TF / PyTorch / ONNX requests against the plain reference (both layouts, groups, bias)', () => {
  const r = rng(2026);
  let checked = 0;
  for (let i = 0; i < 300; i++) {
    const { x, filter, o } = randomCase(r);
    const context = `case ${i} ${describeCase({ x: x.shape, filter: filter.shape, ...o, bias: o.bias?.length })}`;
    const want = reference(x, filter, o);
    if (!want) {
      assert.throws(() => cd.conv2dTranspose(x, filter, o), RangeError, context);
      continue;
    }
    assertAgrees(cd.conv2dTranspose(x, filter, o), want, context);
    assert.deepEqual(cd.outputShape(fn, [x.shape, filter.shape], o), want.shape, `${context}: outputShape`);
    checked++;
  }
  assert.ok(checked > 200, `${checked} cases checked`);
});

test('conv2dTranspose: the input gradient of conv2d (conv2dGradInput) is the same computation', () => {
  const r = rng(7);
  const dy = randomTensor(r, [2, 4, 5, 6]);
  const f = randomTensor(r, [3, 3, 3, 6]); // conv2d HWIO [kh, kw, 3, 6] = conv2dTranspose HWOI
  for (const o of [
    { strides: 2, padding: 'same' },
    { strides: 2, padding: 1 },
    { strides: 2, dilations: 2, padding: 'same' },
  ]) {
    const grad = cd.conv2dGradInput(dy, f, { ...o, inputShape: [2, 8, 9, 3] });
    const got = cd.conv2dTranspose(dy, f, { ...o, outputShape: [8, 9] });
    assert.deepEqual(got.shape, grad.shape, describeCase(o));
    assertExact(got.data, grad.data, describeCase(o));
  }
});

test('conv2dTranspose: bad inputs: the error class, and a message naming the function and the parameter', async (t) => {
  const x = randomTensor(rng(3), [1, 3, 3, 2]);
  const f = randomTensor(rng(4), [3, 3, 4, 2]);
  const call = (o) => () => cd.conv2dTranspose(x, f, o);
  const rows = [
    ...badTensorRows('x', (v) => cd.conv2dTranspose(v, f)),
    ...badTensorRows('filter', (v) => cd.conv2dTranspose(x, v), { ranks: [4] }),
    ...badOptionsRows((o) => cd.conv2dTranspose(x, f, o), { outLength: 196 }),
    {
      name: 'outputPadding equal to the stride',
      call: call({ strides: 2, outputPadding: 2 }),
      error: RangeError,
      param: 'outputPadding',
    },
    {
      name: 'outputPadding with stride 1',
      call: call({ outputPadding: 1 }),
      error: RangeError,
      param: 'outputPadding',
    },
    {
      name: 'outputPadding negative',
      call: call({ strides: 2, outputPadding: -1 }),
      error: RangeError,
      param: 'outputPadding',
    },
    { name: 'outputPadding a string', call: call({ outputPadding: '1' }), error: TypeError, param: 'outputPadding' },
    { name: 'outputShape a number', call: call({ outputShape: 7 }), error: TypeError, param: 'outputShape' },
    {
      name: 'outputShape of 3 entries',
      call: call({ outputShape: [1, 7, 7] }),
      error: RangeError,
      param: 'outputShape',
    },
    {
      name: 'outputShape too large for valid',
      call: call({ strides: 2, outputShape: [9, 7] }),
      error: RangeError,
      param: 'outputShape',
    },
    {
      name: 'outputShape with the wrong channels',
      call: call({ outputShape: [1, 5, 5, 3] }),
      error: RangeError,
      param: 'outputShape',
    },
    {
      name: 'outputShape disagrees with outputPadding',
      call: call({ strides: 2, outputPadding: 1, outputShape: [7, 8] }),
      error: RangeError,
      param: 'outputShape',
    },
    { name: 'padding eats the output', call: call({ padding: 3 }), error: RangeError, param: 'padding' },
    { name: 'padding a boolean', call: call({ padding: true }), error: TypeError, param: 'padding' },
    { name: 'groups 0', call: call({ groups: 0 }), error: RangeError, param: 'groups' },
    { name: 'groups a string', call: call({ groups: '2' }), error: TypeError, param: 'groups' },
    {
      name: 'groups not dividing the channels',
      call: () => cd.conv2dTranspose(x, randomTensor(rng(4), [3, 3, 4, 2]), { groups: 4 }),
      error: RangeError,
      param: 'groups',
    },
    {
      name: 'filter channels differ from x',
      call: () => cd.conv2dTranspose(x, randomTensor(rng(5), [3, 3, 4, 3])),
      error: RangeError,
      param: 'filter',
    },
    { name: "filterLayout 'HWIO'", call: call({ filterLayout: 'HWIO' }), error: RangeError, param: 'filterLayout' },
    { name: 'filterLayout a number', call: call({ filterLayout: 1 }), error: TypeError, param: 'filterLayout' },
    { name: 'bias of the wrong length', call: call({ bias: [1, 2] }), error: RangeError, param: 'bias.length' },
    { name: 'activation unknown', call: call({ activation: 'gelu' }), error: RangeError, param: 'activation' },
    { name: 'strides 0', call: call({ strides: 0 }), error: RangeError, param: 'strides' },
    {
      name: 'unknown option output_padding',
      call: call({ output_padding: 1 }),
      error: TypeError,
      param: 'outputPadding',
    },
  ];
  await badInputTable(t, fn, rows, () =>
    assert.deepEqual(cd.conv2dTranspose(x, f, { strides: 2 }).shape, [1, 7, 7, 4]),
  );
});

test('conv2dTranspose: fresh outputs and a flat heap over 1,000 calls', async (t) => {
  const x = randomTensor(rng(8), [2, 5, 6, 3]);
  const f = randomTensor(rng(9), [3, 3, 4, 3]);
  const o = { strides: 2, padding: 'same', bias: [0.1, 0.2, 0.3, 0.4], activation: 'relu' };
  await freshOutputTests(t, {
    fn,
    memory,
    call: (extra = {}) => cd.conv2dTranspose(x, f, { ...o, ...extra }),
    other: () => cd.conv2dTranspose(f, f, { padding: 'same' }),
    inputs: [x, f],
  });
  assertHeapFlat(cd, () => cd.conv2dTranspose(x, f, o));
});
