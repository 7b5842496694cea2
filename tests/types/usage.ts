// Type-level usage of EVERY function, option and exported type in the declarations
// (bindings/types.d.cts, re-exported by index.d.ts and index.d.cts), checked with
// `tsc --noEmit --strict` by tests/package/types.test.mjs against the installed tarball (the
// package's "exports" → "types"). The same file is compiled and run in Node there, so the
// declarations and the runtime are checked against each other: `main()` runs the calls that
// work in Node, each against a known result; `browserOnly()` and `wrongCalls()` are
// type-checked but never run.
import { loadCondense, simdSupported, threadsSupported } from 'condense';
import type {
  AvgPool2dOptions,
  BatchNormOptions,
  ChannelLayout,
  ChannelSumOptions,
  ChannelValues,
  ClampOptions,
  ColoredImage,
  Condense,
  Conv2dOptions,
  ConvPool2dOptions,
  DepthwiseConv2dGradFilterOptions,
  DepthwiseConv2dGradInputOptions,
  GroupsOption,
  FromImageDataOptions,
  GlobalPoolOptions,
  ImageDataLike,
  LeakyReluOptions,
  LoadOptions,
  OutOption,
  Padding,
  Pair,
  Pool2dOptions,
  PoolOptions,
  PreluGradResult,
  PreluOptions,
  MapStats,
  MatMulOptions,
  DenseOptions,
  ResidentTensor,
  StepOptions,
  Tensor,
  TensorInput,
  ToImageDataOptions,
} from 'condense';
// The pooling family and the gradients.
import type {
  AdaptivePool2dOptions,
  AvgPool1dGradOptions,
  AvgPool2dGradOptions,
  AvgPool3dGradOptions,
  Conv2dGradFilterOptions,
  Conv2dGradInputOptions,
  Conv2dTransposeOptions,
  FractionalMaxPool2dOptions,
  FractionalMaxPool2dResult,
  IndexConvention,
  IndexOptions,
  IndexTensor,
  LayoutOption,
  LpPool2dOptions,
  MaxPool2dWithArgmaxOptions,
  MaxUnpool2dOptions,
  Padding1d,
  Pool1dOptions,
  Pool3dOptions,
  StochasticPool2dOptions,
  Triple,
} from 'condense';
// conv1d / conv3d and their gradients.
import type {
  Conv1dGradFilterOptions,
  Conv1dGradInputOptions,
  Conv1dOptions,
  Conv3dGradFilterOptions,
  Conv3dGradInputOptions,
  Conv3dOptions,
} from 'condense';

import {
  DEFAULT_SETTINGS,
  PRESETS,
  kernelTensor,
  lessonSteps,
  poolOptions,
  presetById,
  presetOfKernel,
  runFused,
  runLesson,
} from 'condense/lesson';
import type {
  LessonKernel,
  LessonPreset,
  LessonResult,
  LessonRunOptions,
  LessonSettings,
  LessonStep,
  LessonTimings,
} from 'condense/lesson';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`usage.ts: ${what}`);
}

function same(actual: ArrayLike<number>, expected: number[], what: string): void {
  check(
    actual.length === expected.length && expected.every((v, i) => actual[i] === v),
    `${what}: got [${Array.from(actual).join(', ')}], expected [${expected.join(', ')}]`,
  );
}

// 4x4 image 0..15, NHWC and rank 3.
const x: Tensor = { shape: [1, 4, 4, 1], data: Float32Array.from({ length: 16 }, (_, i) => i) };
const x3: Tensor = { shape: [4, 4, 1], data: x.data.slice() };
const box: Tensor = { shape: [3, 3, 1, 1], data: new Float32Array(9).fill(1) };

// Every Pair and Padding form.
const pairs: Pair[] = [1, [1, 1], [2, 1]];
const paddings: Padding[] = [
  'valid',
  'same',
  'same_lower',
  'VALID',
  'SAME',
  'SAME_UPPER',
  'SAME_LOWER',
  0,
  1,
  [
    [1, 0],
    [0, 1],
  ],
  [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ],
];

async function main(): Promise<void> {
  const supported: boolean = simdSupported();
  const defaults: Condense = await loadCondense();
  const auto = await loadCondense({ simd: 'auto' });
  const scalar = await loadCondense({ simd: false });
  const cd: Condense = supported ? await loadCondense({ simd: true, threads: false }) : scalar;
  const backend: 'wasm-simd-threads' | 'wasm-simd' | 'wasm-scalar' = cd.backend;
  check(scalar.backend === 'wasm-scalar', 'simd: false gives the scalar build');
  check(defaults.backend === auto.backend && backend === cd.backend, 'auto is the default');

  // The threaded build: 'auto', a count, or false; threads and dispose() on every instance.
  const canThread: boolean = threadsSupported();
  const threaded: Condense = await loadCondense({ threads: 'auto' });
  const one = await loadCondense({ threads: false });
  // An explicit count that cannot run is an error (threads: 'auto' falls back instead).
  const two = canThread ? await loadCondense({ threads: 2 }) : one;
  const threadCount: number = two.threads;
  check(one.threads === 1 && threaded.threads >= 1, 'threads');
  check(!canThread || (two.backend === 'wasm-simd-threads' && threadCount === 2), 'threads: 2');
  threaded.dispose();
  two.dispose();
  one.dispose();

  // conv2d and depthwiseConv2d with every option.
  const convOptions: Conv2dOptions = {
    strides: 1,
    padding: 'valid',
    dilations: 1,
    bias: undefined,
    activation: 'linear',
  };
  same(cd.conv2d(x, box, convOptions).data, [45, 54, 81, 90], 'conv2d');
  same(cd.conv2d(x3, box).shape, [2, 2, 1], 'conv2d rank 3');
  const out4 = new Float32Array(4);
  const r = cd.conv2d(x, box, {
    strides: [1, 1],
    dilations: [1, 1],
    bias: new Float32Array([-50]),
    activation: 'relu',
    out: out4,
  });
  check(r.data === out4, 'conv2d options.out is the result array');
  same(out4, [0, 4, 31, 40], 'conv2d bias + relu');
  same(cd.conv2d(x, box, { bias: [-80], activation: 'relu6' }).data, [0, 0, 1, 6], 'conv2d relu6');
  same(
    cd.conv2d(x, box, { bias: { shape: [1], data: new Float32Array([1]) } }).data,
    [46, 55, 82, 91],
    'conv2d bias tensor',
  );
  const residentBias = cd.upload({ shape: [1], data: new Float32Array([1]) });
  same(cd.conv2d(x, box, { bias: residentBias }).data, [46, 55, 82, 91], 'conv2d resident bias');
  residentBias.dispose();
  for (const padding of paddings) cd.conv2d(x, box, { padding });
  for (const strides of pairs) cd.conv2d(x, box, { strides, padding: 'same' });
  const dw: Tensor = { shape: [1, 1, 1, 2], data: new Float32Array([1, -1]) };
  same(
    cd.depthwiseConv2d(x, dw, { strides: 2, padding: 'same', dilations: 1, activation: 'relu' }).shape,
    [1, 2, 2, 2],
    'depthwise',
  );

  // Element-wise.
  const signed: Tensor = { shape: [1, 1, 4, 1], data: new Float32Array([-2, -0.5, 3, 8]) };
  same(cd.relu(signed).data, [0, 0, 3, 8], 'relu');
  const out = new Float32Array(4);
  const relu6Options: OutOption = { out };
  same(cd.relu6(signed, relu6Options).data, [0, 0, 3, 6], 'relu6');
  const clampOptions: ClampOptions = { min: -1, max: 4 };
  same(cd.clamp(signed, clampOptions).data, [-1, -0.5, 3, 4], 'clamp');
  const leaky: LeakyReluOptions = { alpha: 0.5 };
  same(cd.leakyRelu(signed, leaky).data, [-1, -0.25, 3, 8], 'leakyRelu');
  same(cd.leakyRelu(signed).data, [-2 * 0.2, -0.5 * 0.2, 3, 8].map(Math.fround), 'leakyRelu default alpha');

  // Matrix products: matMul with transposes, bias and activation; dense (Keras Dense).
  const ma: Tensor = { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) };
  const mb: Tensor = { shape: [3, 2], data: new Float32Array([7, 8, 9, 10, 11, 12]) };
  same(cd.matMul(ma, mb).data, [58, 64, 139, 154], 'matMul');
  const mmOptions: MatMulOptions = { transposeA: true, transposeB: true, bias: [1, 2], activation: 'relu' };
  same(cd.matMul(mb, ma, mmOptions).data, [59, 141, 65, 156], 'matMul transposed with bias');
  const denseOptions: DenseOptions = { bias: Float32Array.of(0.5, -100), activation: 'relu6' };
  same(cd.dense({ shape: [3], data: new Float32Array([1, 0, 0]) }, mb, denseOptions).data, [6, 0], 'dense');

  // Per-channel ops: prelu, preluGrad, batchNorm (any rank; channels last or on axis 1).
  same(cd.prelu(signed, 0.25).data, [-0.5, -0.125, 3, 8], 'prelu one slope');
  const slopeForms: ChannelValues[] = [
    0.25,
    [0.25],
    Float32Array.of(0.25),
    { shape: [1], data: Float32Array.of(0.25) },
  ];
  for (const alpha of slopeForms)
    same(cd.prelu(signed, alpha, { out: new Float32Array(4) }).data, [-0.5, -0.125, 3, 8], 'prelu alpha forms');
  const pair2: Tensor = { shape: [1, 2, 2], data: new Float32Array([-1, 2, -3, 4]) };
  const preluNcw: PreluOptions = { layout: 'NCW' };
  same(cd.prelu(pair2, [0.5, 0.25], preluNcw).data, [-0.5, 2, -0.75, 4], 'prelu NCW per channel');
  const channelLayouts: ChannelLayout[] = ['NWC', 'channels_last'];
  for (const layout of channelLayouts)
    same(cd.prelu(pair2, [0.5, 0.25], { layout }).data, [-0.5, 2, -1.5, 4], `prelu ${layout}`);
  const ones: Tensor = { shape: [2, 2], data: new Float32Array([1, 1, 1, 1]) };
  const preluGrads: PreluGradResult = cd.preluGrad(
    ones,
    { shape: [2, 2], data: pair2.data },
    Float32Array.of(0.5, 0.25),
    { layout: 'NWC' },
  );
  same(preluGrads.dx.data, [0.5, 1, 0.5, 1], 'preluGrad dx');
  same(preluGrads.dalpha.shape, [2], 'preluGrad dalpha shape');
  same(preluGrads.dalpha.data, [-4, 0], 'preluGrad dalpha');
  const bn: BatchNormOptions = {
    mean: [1, 2],
    variance: Float32Array.of(4, 1),
    scale: { shape: [2], data: Float32Array.of(2, 3) },
    offset: [1, -1],
    epsilon: 0,
    layout: 'channels_last',
  };
  same(cd.batchNorm({ shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }, bn).data, [1, -1, 3, 5], 'batchNorm');
  same(
    cd.batchNorm(
      { shape: [1, 2, 2], data: new Float32Array([1, 2, 3, 4]) },
      { mean: [1, 2], variance: [4, 1], epsilon: 0, layout: 'NCW' },
    ).data,
    [0, 0.5, 1, 2],
    'batchNorm NCW',
  );
  same(
    cd.batchNorm({ shape: [1], data: new Float32Array([1]) }, { mean: 0, variance: 1 }).data,
    [0.9995003938674927],
    'batchNorm default epsilon 0.001',
  );

  // Pooling.
  same(cd.maxPool2d(x).data, [5, 7, 13, 15], 'maxPool2d');
  const poolOptions: Pool2dOptions = { poolSize: 2, strides: 2, padding: 'valid', dilations: 1, ceilMode: false };
  same(cd.maxPool2d(x3, poolOptions).shape, [2, 2, 1], 'maxPool2d rank 3');
  same(
    cd.maxPool2d(x, { poolSize: [3, 3], strides: [2, 2], padding: 'same', out: new Float32Array(4) }).data,
    [10, 11, 14, 15],
    'maxPool2d same',
  );
  same(
    cd.maxPool2d(x, {
      poolSize: 3,
      strides: 2,
      padding: [
        [0, 0],
        [0, 0],
      ],
      ceilMode: true,
    }).data,
    [10, 11, 14, 15],
    'maxPool2d ceilMode',
  );
  same(cd.maxPool2d(x, { poolSize: 2, dilations: [2, 2], strides: 1 }).data, [10, 11, 14, 15], 'maxPool2d dilated');
  const avgOptions: AvgPool2dOptions = { poolSize: 2, padding: 1, countIncludePad: true, divisorOverride: undefined };
  same(cd.avgPool2d(x, avgOptions).shape, [1, 3, 3, 1], 'avgPool2d padded');
  same(cd.avgPool2d(x).data, [2.5, 4.5, 10.5, 12.5], 'avgPool2d');
  same(cd.avgPool2d(x, { divisorOverride: 2 }).data, [5, 9, 21, 25], 'avgPool2d divisorOverride');
  const tfPool: PoolOptions = { windowShape: [2, 2], poolingType: 'MAX', strides: 2, padding: 'VALID', dilations: 1 };
  same(cd.pool(x, tfPool).data, [5, 7, 13, 15], 'pool MAX');
  same(cd.pool(x, { windowShape: 2, poolingType: 'AVG', strides: [2, 2] }).data, [2.5, 4.5, 10.5, 12.5], 'pool AVG');
  same(cd.pool(x, { windowShape: 4, poolingType: 'max', out: new Float32Array(1) }).data, [15], 'pool max');
  same(cd.pool(x, { windowShape: 4, poolingType: 'avg' }).data, [7.5], 'pool avg');
  const keep: GlobalPoolOptions = { keepDims: true };
  same(cd.globalAvgPool2d(x, keep).shape, [1, 1, 1, 1], 'globalAvgPool2d keepDims');
  same(cd.globalAvgPool2d(x).data, [7.5], 'globalAvgPool2d');
  same(cd.globalMaxPool2d(x3, { keepDims: false, out: new Float32Array(1) }).data, [15], 'globalMaxPool2d');

  // The fused pipeline.
  const pipeline: ConvPool2dOptions = {
    strides: 1,
    padding: 'valid',
    dilations: 1,
    bias: [-50],
    activation: 'relu',
    pool: { type: 'max', poolSize: 2, strides: 2, padding: 'valid', dilations: 1, ceilMode: false },
  };
  same(cd.convPool2d(x, box, pipeline).data, [40], 'convPool2d');
  same(
    cd.convPool2d(x, box, {
      pool: { type: 'avg', poolSize: [2, 2], strides: [1, 1], countIncludePad: false, divisorOverride: 4 },
    }).data,
    [67.5],
    'convPool2d avg',
  );
  same(cd.convPool2d(x, box).shape, [1, 1, 1, 1], 'convPool2d defaults');

  // Images.
  const rgba: ImageDataLike = { data: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255]), width: 2, height: 1 };
  const fromOptions: FromImageDataOptions = { channels: 1, size: [1, 2] };
  same(cd.fromImageData(rgba, fromOptions).shape, [1, 1, 2, 1], 'fromImageData');
  same(
    cd.fromImageData({ data: new Uint8Array(16), width: 2, height: 2 }, { channels: 3, size: 4 }).shape,
    [1, 4, 4, 3],
    'resize',
  );
  same(cd.fromImageData(rgba, { channels: 4 }).shape, [1, 1, 2, 4], 'rgba');
  const toOptions: ToImageDataOptions = { colormap: 'gray', vmin: 0, vmax: 15 };
  const img: ColoredImage = cd.toImageData(x, toOptions);
  check(img.width === 4 && img.height === 4 && img.data.length === 64, 'toImageData size');
  check(img.vmin === 0 && img.vmax === 15, 'toImageData scale');
  check(img.data[0] === 0 && img.data[60] === 255 && img.data[63] === 255, 'gray ramp');
  const magma = cd.toImageData({ shape: [4, 4], data: x.data }, { colormap: 'magma' });
  check(magma.vmin === 0 && magma.vmax === 15, 'imshow scale');
  cd.toImageData(x3, { colormap: 'viridis' });
  // Drawn smaller (max of each block), NaN / infinities in a legend colour, into existing pixels.
  const pixels = { data: new Uint8ClampedArray(2 * 2 * 4), width: 2, height: 2 };
  const drawn: ColoredImage = cd.toImageData(x, {
    size: [2, 2],
    bad: [0, 230, 118, 255],
    infinite: 'bad',
    out: pixels,
  });
  const stats: MapStats = drawn.stats;
  check(drawn.data === pixels.data && drawn.width === 2, 'toImageData out');
  check(stats.count === 16 && stats.zeros === 1 && stats.positive === 15 && stats.max === 15, 'toImageData stats');
  check(stats.nan === 0 && stats.posInf === 0 && stats.negInf === 0, 'toImageData non-finite counts');

  // Resident tensors: no copies between ops.
  const rx: ResidentTensor = cd.upload(x);
  const rbox: ResidentTensor = cd.upload(box);
  const rconv: ResidentTensor = cd.conv2d(rx, rbox, { padding: 'same' });
  const rpooled: ResidentTensor = cd.maxPool2d(cd.relu(rconv), { poolSize: 2 });
  const back: Tensor = rpooled.read();
  same(
    back.data,
    Array.from(cd.maxPool2d(cd.relu(cd.conv2d(x, box, { padding: 'same' })), { poolSize: 2 }).data),
    'resident chain',
  );
  check(rpooled.size === 4 && rpooled.resident && rpooled.shape.length === 4, 'resident fields');
  const readInto = new Float32Array(4);
  check(rpooled.read({ out: readInto }).data === readInto, 'read into out');
  check(cd.memory().residentBytes > 0, 'residentBytes');
  // reshape shares the data: a resident's buffer, a tensor's array.
  const rflat: ResidentTensor = cd.reshape(rpooled, [-1]);
  const flat: Tensor = cd.reshape(back, [1, 4]);
  const either: TensorInput | ResidentTensor = Math.random() < 2 ? rpooled : back;
  const reshaped: Tensor | ResidentTensor = cd.reshape(either, [2, 2]);
  check(rflat.shape[0] === 4 && flat.data === back.data && reshaped.shape.length === 2, 'reshape');
  if ('resident' in reshaped) reshaped.dispose();
  for (const t of [rx, rbox, rconv, rpooled]) t.dispose();
  same(rflat.read().data, Array.from(back.data), 'reshape outlives its source');
  rflat.dispose();
  // tidy: what is made inside is disposed, what is returned is kept.
  const liveBefore: number = cd.memory().residentTensors;
  const [kept, count]: [ResidentTensor, number] = cd.tidy(() => {
    const r = cd.relu(cd.upload(x));
    return [cd.maxPool2d(r, { poolSize: 2 }), 1] as [ResidentTensor, number];
  });
  check(cd.memory().residentTensors === liveBefore + count, 'tidy keeps what it returns');
  kept.dispose();
  const quiet: Condense = await loadCondense({ warnResidentBytes: Infinity });
  check(quiet.backend.startsWith('wasm-'), 'warnResidentBytes');
  const rx2 = cd.upload(x);
  let refused = false;
  try {
    // @ts-expect-error: `out` is for plain tensors; resident results stay resident
    cd.maxPool2d(rx2, { out: new Float32Array(4) });
  } catch (error) {
    refused = error instanceof TypeError;
  }
  rx2.dispose();
  check(refused, 'out with a resident input');

  // ---- The pooling family: layouts, argmax / unpool, adaptive, Lp, min, soft, stochastic,
  // fractional, 1-D / 3-D, and the gradients. Known results on the 4x4 image 0..15 (x) and
  // hand-computed ones elsewhere.
  const xc: Tensor = { shape: [1, 1, 4, 4], data: x.data }; // the same image, NCHW
  const nchw: LayoutOption = { layout: 'NCHW' };
  same(cd.maxPool2d(xc, { ...nchw, poolSize: 2 }).data, [5, 7, 13, 15], 'layout NCHW');
  same(cd.minPool2d(xc, { layout: 'channels_first' }).shape, [1, 1, 2, 2], "layout 'channels_first'");
  same(cd.minPool2d(x, { layout: 'channels_last' }).shape, [1, 2, 2, 1], "layout 'channels_last'");
  same(
    cd.globalAvgPool2d({ shape: [1, 3, 2, 2], data: new Float32Array(12).fill(2) }, { layout: 'NCHW', keepDims: true })
      .shape,
    [1, 3, 1, 1],
    'globalAvgPool2d NCHW keepDims',
  );
  same(
    cd.conv2d(x, { shape: [1, 1, 3, 3], data: box.data }, { layout: 'NHWC', filterLayout: 'OIHW' }).data,
    [45, 54, 81, 90],
    'filterLayout',
  );
  // Depthwise OIHW [C*M, 1, kh, kw] on NCHW: channel 0 is x, channel 1 is -x.
  same(
    cd.depthwiseConv2d(
      xc,
      { shape: [2, 1, 1, 1], data: new Float32Array([1, -1]) },
      { layout: 'NCHW', filterLayout: 'OIHW' },
    ).data,
    [...x.data, ...x.data].map((v, i) => (i < 16 ? v : -v)),
    'depthwise NCHW / OIHW',
  );

  // Argmax and unpooling. Two channels: channel 0 holds 2p at pixel p = y*4 + x and channel 1
  // holds -(2p + 1), so each window's maximum is its last cell in channel 0 and its first in 1.
  const x2: Tensor = { shape: [1, 4, 4, 2], data: Float32Array.from({ length: 32 }, (_, i) => (i % 2 ? -i : i)) };
  const byConvention: Record<IndexConvention, number[]> = {
    tf: [10, 1, 14, 5, 26, 17, 30, 21], // (y*W + x)*C + c
    torch: [5, 0, 7, 2, 13, 8, 15, 10], // y*W + x
    onnx: [5, 16, 7, 18, 13, 24, 15, 26], // ((b*C + c)*H + y)*W + x
  };
  // The unpooled tensor: x2 where a maximum was, zeros elsewhere.
  const unpooled2 = Array.from(x2.data, (v, i) => (byConvention.tf.includes(i) ? v : 0));
  for (const convention of ['tf', 'torch', 'onnx'] as const) {
    const argmaxOptions: MaxPool2dWithArgmaxOptions = {
      poolSize: 2,
      strides: 2,
      padding: 'valid',
      indexConvention: convention,
    };
    const { values, indices }: { values: Tensor; indices: IndexTensor } = cd.maxPool2dWithArgmax(x2, argmaxOptions);
    same(values.data, [10, -1, 14, -5, 26, -17, 30, -21], `maxPool2dWithArgmax values (${convention})`);
    check(indices.data instanceof Int32Array, 'indices are an Int32Array');
    same(indices.shape, values.shape, 'indices are shaped like the values');
    same(indices.data, byConvention[convention], `maxPool2dWithArgmax indices (${convention})`);
    const unpool: MaxUnpool2dOptions = { poolSize: 2, strides: 2, padding: 0, indexConvention: convention };
    same(cd.maxUnpool2d(values, indices, unpool).data, unpooled2, `maxUnpool2d (${convention})`);
  }
  // includeBatchInIndex ('tf'): the second image's indices continue after the first's H*W*C cells.
  const xb: Tensor = { shape: [2, 4, 4, 1], data: Float32Array.from({ length: 32 }, (_, i) => i) };
  const withBatch: IndexOptions = { indexConvention: 'tf', includeBatchInIndex: true };
  const argB = cd.maxPool2dWithArgmax(xb, withBatch);
  same(argB.indices.data, [5, 7, 13, 15, 21, 23, 29, 31], 'includeBatchInIndex');
  same(
    cd.maxPool2dWithArgmax(xb, { includeBatchInIndex: false }).indices.data,
    [5, 7, 13, 15, 5, 7, 13, 15],
    'per-image indices',
  );
  same(
    cd.maxUnpool2d(argB.values, argB.indices, withBatch).data,
    Array.from(xb.data, (v) => ([5, 7, 13, 15].includes(v % 16) ? v : 0)),
    'maxUnpool2d includeBatchInIndex',
  );
  // NCHW defaults to the 'torch' convention.
  same(cd.maxPool2dWithArgmax(xc, nchw).indices.data, [5, 7, 13, 15], "NCHW: 'torch' indices");
  // The unpooled size: from poolSize / strides / padding (default), outputSize, or outputShape; a bare Int32Array of indices.
  const pooled = cd.maxPool2dWithArgmax(x, { indexConvention: 'torch' });
  const unpooledX = [0, 0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 0, 13, 0, 15];
  same(
    cd.maxUnpool2d(pooled.values, pooled.indices, { indexConvention: 'torch' }).data,
    unpooledX,
    'maxUnpool2d default size',
  );
  const wide = cd.maxUnpool2d(pooled.values, pooled.indices.data, { outputSize: [4, 5], indexConvention: 'torch' });
  same(wide.shape, [1, 4, 5, 1], 'maxUnpool2d outputSize');
  same(
    wide.data,
    [0, 0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 0, 13, 0, 15, 0, 0, 0, 0],
    'maxUnpool2d outputSize: torch index y*W + x with W = 5',
  );
  same(
    cd.maxUnpool2d(pooled.values, pooled.indices, {
      outputShape: [1, 4, 4, 1],
      indexConvention: 'torch',
      out: new Float32Array(16),
    }).data,
    unpooledX,
    'maxUnpool2d outputShape',
  );

  // Adaptive pooling: bin i covers [floor(i*in/out), ceil((i+1)*in/out)).
  const adaptive: AdaptivePool2dOptions = { outputSize: [2, null] };
  const adaptiveAvg = cd.adaptiveAvgPool2d(x, adaptive);
  same(adaptiveAvg.shape, [1, 2, 4, 1], 'adaptiveAvgPool2d: null keeps the width');
  same(adaptiveAvg.data, [2, 3, 4, 5, 10, 11, 12, 13], 'adaptiveAvgPool2d');
  same(
    cd.adaptiveMaxPool2d(x, { outputSize: 3 }).data,
    [5, 6, 7, 9, 10, 11, 13, 14, 15],
    'adaptiveMaxPool2d overlapping bins',
  );
  same(
    cd.adaptiveMaxPool2d(x3, { outputSize: [null, 1], out: new Float32Array(4) }).data,
    [3, 7, 11, 15],
    'adaptiveMaxPool2d rank 3',
  );

  // Lp pooling: 'torch' (default, p = 2) is (sum x^p)^(1/p); 'onnx' the p-norm; Infinity the max.
  same(
    cd.lpPool2d(x).data,
    [42, 98, 458, 642].map((s) => Math.fround(Math.sqrt(s))),
    'lpPool2d p = 2',
  );
  const lp: LpPool2dOptions = { p: 1, convention: 'onnx', poolSize: 2 };
  same(cd.lpPool2d(x, lp).data, [10, 18, 42, 50], 'lpPool2d p = 1');
  same(cd.lpPool2d(x, { p: Infinity }).data, [5, 7, 13, 15], 'lpPool2d p = Infinity');
  const negative: Tensor = { shape: [1, 2, 2, 1], data: new Float32Array([-2, 1, 1, 1]) };
  check(
    Number.isNaN(cd.lpPool2d(negative, { p: 3, convention: 'torch' }).data[0]),
    "lpPool2d 'torch': a negative sum's root is NaN",
  );
  same(
    cd.lpPool2d(negative, { p: 3, convention: 'onnx' }).data,
    [Math.fround(Math.cbrt(11))],
    "lpPool2d 'onnx': the p-norm",
  );

  // Min and soft pooling.
  same(cd.minPool2d(x).data, [0, 2, 8, 10], 'minPool2d');
  same(
    cd.minPool2d(x, { poolSize: 3, strides: 2, padding: 'same' }).data,
    [0, 2, 8, 10],
    'minPool2d: padded cells never win',
  );
  const windows = [
    [0, 1, 4, 5],
    [2, 3, 6, 7],
    [8, 9, 12, 13],
    [10, 11, 14, 15],
  ];
  const softRef = (w: number[]) =>
    Math.fround(w.reduce((s, v) => s + v * Math.exp(v), 0) / w.reduce((s, v) => s + Math.exp(v), 0));
  same(cd.softPool2d(x).data, windows.map(softRef), 'softPool2d = sum(x e^x) / sum(e^x)');

  // Stochastic pooling: inference is sum(x^2) / sum(x) over positive cells; training samples a
  // positive cell, repeatably for a seed, the same in either layout.
  same(
    cd.stochasticPool2d(x).data,
    windows.map((w) => Math.fround(w.reduce((s, v) => s + v * v, 0) / w.reduce((s, v) => s + v, 0))),
    'stochasticPool2d inference',
  );
  const stochastic: StochasticPool2dOptions = { training: true, seed: 1, poolSize: 2 };
  const sampled = cd.stochasticPool2d(x, stochastic).data;
  check(
    windows.every((w, i) => w.includes(sampled[i]) && sampled[i] > 0),
    `stochasticPool2d samples a positive cell of each window (${sampled})`,
  );
  same(cd.stochasticPool2d(x, stochastic).data, Array.from(sampled), 'stochasticPool2d: a seed repeats');
  same(
    cd.stochasticPool2d(xc, { ...stochastic, ...nchw }).data,
    Array.from(sampled),
    'stochasticPool2d: a seed gives the same samples in NCHW',
  );
  same(
    cd.stochasticPool2d({ shape: [1, 2, 2, 1], data: new Float32Array([0, -1, -2, 0]) }, { training: true }).data,
    [0],
    'stochasticPool2d: no positive cell gives 0',
  );

  // Fractional max pooling: 4 / 1.5 -> 2 outputs, so every sequence is [0, 2, 4] (gaps K = 2 or K + 1 summing to 4).
  const fractional: FractionalMaxPool2dOptions = {
    poolingRatio: [1, 1.5, 1.5, 1],
    pseudoRandom: true,
    overlapping: false,
    seed: 2,
  };
  const fr: FractionalMaxPool2dResult = cd.fractionalMaxPool2d(x, fractional);
  same(fr.rowPoolingSequence, [0, 2, 4], 'fractionalMaxPool2d rows');
  same(fr.colPoolingSequence, [0, 2, 4], 'fractionalMaxPool2d columns');
  same(fr.values.data, [5, 7, 13, 15], 'fractionalMaxPool2d values');
  same(
    cd.fractionalMaxPool2d(x3, { poolingRatio: [1.5, 1.5], seed: 7 }).values.shape,
    [2, 2, 1],
    'fractionalMaxPool2d rank 3',
  );
  const given = cd.fractionalMaxPool2d(x, {
    rowPoolingSequence: [0, 2, 4],
    colPoolingSequence: new Int32Array([0, 1, 4]),
  });
  same(given.values.data, [4, 7, 12, 15], 'given sequences');
  check(
    given.rowPoolingSequence instanceof Int32Array && given.colPoolingSequence[1] === 1,
    'given sequences come back',
  );
  same(
    cd.fractionalMaxPool2d(x, {
      poolingRatio: 1.5,
      overlapping: true,
      rowPoolingSequence: [0, 2, 4],
      colPoolingSequence: [0, 1, 4],
    }).values.data,
    [9, 11, 13, 15],
    'overlapping windows include the next boundary',
  );

  // 1-D pooling: [n, w, c] ('NWC') or [n, c, w] ('NCW'); rank 2 drops n.
  // Window 2, stride 1 on [1, 5, 2, 4] under every 1-D padding form (padded cells never win).
  const padding1d: [Padding1d, number[]][] = [
    ['valid', [5, 5, 4]],
    ['VALID', [5, 5, 4]],
    ['same', [5, 5, 4, 4]],
    ['SAME', [5, 5, 4, 4]],
    ['same_lower', [1, 5, 5, 4]],
    ['SAME_LOWER', [1, 5, 5, 4]],
    [1, [1, 5, 5, 4, 4]],
    [
      [1, 0],
      [1, 5, 5, 4],
    ],
  ];
  const seq: Tensor = { shape: [1, 4, 1], data: new Float32Array([1, 5, 2, 4]) };
  const p1: Pool1dOptions = { poolSize: 2, strides: 2, padding: [1, 0], dilations: 1, ceilMode: false, layout: 'NWC' };
  same(cd.maxPool1d(seq, p1).data, [1, 5], 'maxPool1d [1, 0] padding');
  for (const [padding, expected] of padding1d) {
    same(
      cd.maxPool1d(seq, { padding, poolSize: [2], strides: [1], dilations: [1] }).data,
      expected,
      `maxPool1d padding ${JSON.stringify(padding)}`,
    );
  }
  same(cd.maxPool1d(seq, { poolSize: 3, strides: 1, padding: 'same' }).data, [5, 5, 5, 4], "maxPool1d 'same'");
  same(
    cd.maxPool1d({ shape: [1, 2, 4], data: new Float32Array([1, 5, 2, 4, 0, 1, 9, 3]) }, { layout: 'NCW' }).data,
    [5, 4, 1, 9],
    'maxPool1d NCW',
  );
  same(
    cd.maxPool1d({ shape: [2, 4], data: new Float32Array([1, 5, 2, 4, 0, 1, 9, 3]) }, { layout: 'channels_first' })
      .shape,
    [2, 2],
    'maxPool1d rank 2',
  );
  same(cd.avgPool1d({ shape: [4, 1], data: new Float32Array([1, 5, 2, 4]) }).data, [3, 3], 'avgPool1d');
  // Padded by 1, windows [pad, 1], [5, 2], [4, 6] (the ceil-mode window starting in the right padding is dropped), divisor 1.
  same(
    cd.avgPool1d(
      { shape: [5, 1], data: new Float32Array([1, 5, 2, 4, 6]) },
      {
        poolSize: 2,
        strides: 2,
        padding: 1,
        ceilMode: true,
        countIncludePad: true,
        divisorOverride: 1,
        out: new Float32Array(3),
      },
    ).data,
    [1, 7, 10],
    'avgPool1d ceilMode + divisorOverride',
  );
  same(
    cd.avgPool1d(
      { shape: [1, 3, 1], data: new Float32Array([3, 6, 9]) },
      { poolSize: 2, strides: 1, padding: 1, countIncludePad: true },
    ).data,
    [1.5, 4.5, 7.5, 4.5],
    'avgPool1d countIncludePad',
  );

  // 3-D pooling: [n, d, h, w, c] ('NDHWC') or [n, c, d, h, w] ('NCDHW'); rank 4 drops n.
  const window3: Triple = [1, 2, 2];
  const p3: Pool3dOptions = {
    poolSize: window3,
    strides: 2,
    padding: 'valid',
    dilations: 1,
    ceilMode: false,
    layout: 'NDHWC',
  };
  same(cd.maxPool3d({ shape: [1, 1, 4, 4, 1], data: x.data }, p3).data, [5, 7, 13, 15], 'maxPool3d');
  const cube: Tensor = { shape: [1, 2, 2, 2, 1], data: Float32Array.from({ length: 8 }, (_, i) => i) };
  same(cd.maxPool3d(cube).data, [7], 'maxPool3d default 2x2x2');
  same(cd.avgPool3d(cube, { poolSize: [2, 2, 2], strides: [1, 1, 1], dilations: [1, 1, 1] }).data, [3.5], 'avgPool3d');
  same(
    cd.maxPool3d({ shape: [1, 1, 2, 2, 2], data: cube.data }, { layout: 'NCDHW', poolSize: [1, 2, 2] }).data,
    [3, 7],
    'maxPool3d NCDHW',
  );
  same(
    cd.maxPool3d(cube, {
      poolSize: 2,
      strides: 1,
      padding: [
        [0, 0],
        [0, 1],
        [0, 1],
      ],
      ceilMode: false,
    }).data,
    [7, 7, 7, 7],
    'maxPool3d explicit padding',
  );
  same(
    cd.avgPool3d(
      { shape: [1, 4, 4, 1], data: x.data },
      { poolSize: [1, 2, 2], countIncludePad: true, divisorOverride: 1 },
    ).data,
    [10, 18, 42, 50],
    'avgPool3d rank 4',
  );
  same(
    cd.avgPool3d({ shape: [2, 2, 2, 1], data: cube.data }, { poolSize: 2, padding: 1, countIncludePad: true }).data,
    [0, 1 / 8, 2 / 8, 3 / 8, 4 / 8, 5 / 8, 6 / 8, 7 / 8],
    'avgPool3d countIncludePad: each corner window holds one cell',
  );

  // conv1d (unit-height conv2d) and conv3d with their gradients; hand-computed results.
  const seq1: Tensor = { shape: [1, 1, 4], data: new Float32Array([1, 2, 3, 4]) };
  const c1: Conv1dOptions = { layout: 'NCW', padding: 1, filterLayout: 'OIW', strides: [1], activation: 'linear' };
  const w1: Tensor = { shape: [1, 1, 3], data: new Float32Array([1, 0, -1]) };
  same(cd.conv1d(seq1, w1, c1).data, [-2, -2, -2, 3], 'conv1d (torch padding=1)');
  const g1i: Conv1dGradInputOptions = { layout: 'NCW', padding: 1, inputShape: [1, 1, 4] };
  same(
    cd.conv1dGradInput({ shape: [1, 1, 4], data: new Float32Array([1, 0, 0, 0]) }, w1, g1i).data,
    [0, -1, 0, 0],
    'conv1dGradInput',
  );
  const g1f: Conv1dGradFilterOptions = { layout: 'NCW', padding: 1, filterShape: [1, 1, 3] };
  same(
    cd.conv1dGradFilter(seq1, { shape: [1, 1, 4], data: new Float32Array([0, 1, 0, 0]) }, g1f).data,
    [1, 2, 3],
    'conv1dGradFilter',
  );
  const cube1: Tensor = { shape: [1, 2, 2, 2, 1], data: new Float32Array(8).fill(1) };
  const w3: Tensor = { shape: [2, 2, 2, 1, 1], data: new Float32Array(8).fill(1) };
  const c3: Conv3dOptions = { padding: 'same', strides: [1, 1, 1], dilations: 1, bias: [0], activation: 'relu6' };
  same(cd.conv3d(cube1, w3, c3).data, [6, 4, 4, 2, 4, 2, 2, 1], 'conv3d SAME + relu6');
  const g3i: Conv3dGradInputOptions = { inputShape: [1, 2, 2, 2, 1] };
  same(
    cd.conv3dGradInput({ shape: [1, 1, 1, 1, 1], data: new Float32Array([2]) }, w3, g3i).data,
    Array(8).fill(2),
    'conv3dGradInput',
  );
  const g3f: Conv3dGradFilterOptions = { filterShape: [1, 1, 2, 2, 2], filterLayout: 'OIDHW' };
  same(
    cd.conv3dGradFilter(cube1, { shape: [1, 1, 1, 1, 1], data: new Float32Array([3]) }, g3f).data,
    Array(8).fill(3),
    'conv3dGradFilter',
  );

  // Gradients: dy [[1, 2], [3, 4]] through 2x2 max / average pooling and a 3x3 valid box convolution.
  const dy: Tensor = { shape: [1, 2, 2, 1], data: new Float32Array([1, 2, 3, 4]) };
  same(
    cd.maxPool2dGrad(x, dy, { poolSize: 2 }).data,
    [0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4],
    'maxPool2dGrad',
  );
  same(
    cd.maxPool2dGrad(xc, { shape: [1, 1, 2, 2], data: dy.data }, { ...nchw, out: new Float32Array(16) }).data,
    [0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4],
    'maxPool2dGrad NCHW',
  );
  // The four overlapping 3x3 windows (stride 1) all pick the peak at (1, 1): its gradient is the sum.
  const peak: Tensor = { shape: [1, 4, 4, 1], data: Float32Array.from({ length: 16 }, (_, i) => (i === 5 ? 9 : 0)) };
  same(
    cd.maxPool2dGrad(peak, dy, { poolSize: 3, strides: 1 }).data,
    Array.from({ length: 16 }, (_, i) => (i === 5 ? 10 : 0)),
    'maxPool2dGrad sums overlapping windows',
  );
  const avgGrad: AvgPool2dGradOptions = { inputShape: [1, 4, 4, 1], poolSize: 2 };
  same(
    cd.avgPool2dGrad(dy, avgGrad).data,
    [0.25, 0.25, 0.5, 0.5, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1, 0.75, 0.75, 1, 1],
    'avgPool2dGrad',
  );
  same(
    cd.avgPool2dGrad(dy, { inputShape: [1, 4, 4, 1], poolSize: 2, divisorOverride: 1 }).data,
    [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4],
    'avgPool2dGrad divisorOverride',
  );
  same(
    cd.avgPool2dGrad(
      { shape: [1, 1, 1], data: new Float32Array([9]) },
      { inputShape: [2, 2, 1], poolSize: 3, padding: 1, countIncludePad: true, strides: 2 },
    ).data,
    [1, 1, 1, 1],
    'avgPool2dGrad countIncludePad: divisor 9',
  );
  // The elementwise slice: add / sub / mul (tensors or a number on either side), step, channelSum.
  const ea: Tensor = { shape: [2, 2], data: new Float32Array([1, -2, 3, -4]) };
  const eb: Tensor = { shape: [2, 2], data: new Float32Array([0.5, 0.5, 2, 2]) };
  same(cd.add(ea, eb).data, [1.5, -1.5, 5, -2], 'add');
  same(cd.sub(1, ea).data, [0, 3, -2, 5], 'sub: a number first');
  same(cd.mul(ea, 2, { out: new Float32Array(4) }).data, [2, -4, 6, -8], 'mul by a number');
  const emul: ResidentTensor = cd.mul(cd.upload(ea), eb);
  same(emul.read().data, [0.5, -1, 6, -8], 'mul: a resident operand gives a resident result');
  emul.dispose();
  const stepOptions: StepOptions = { alpha: -1 };
  same(cd.step(ea, stepOptions).data, [1, -1, 1, -1], 'step');
  same(cd.channelSum(ea).data, [4, -6], 'channelSum');
  const sumOptions: ChannelSumOptions = { keepDims: true };
  same(cd.channelSum(ea, sumOptions).shape, [1, 2], 'channelSum keepDims');
  same(cd.reluGrad(signed, signed).data, [0, 0, 3, 8], 'reluGrad');
  same(
    cd.reluGrad(
      { shape: [3], data: new Float32Array([7, 8, 9]) },
      { shape: [3], data: new Float32Array([-0, 0.5, -1]) },
      { out: new Float32Array(3) },
    ).data,
    [0, 8, 0],
    'reluGrad rank 1: dy where x > 0',
  );
  const gx: Tensor = { shape: [5], data: new Float32Array([-1, 0, 3, 6, 7]) };
  const gdy: Tensor = { shape: [5], data: new Float32Array([1, 2, 3, 4, 5]) };
  same(cd.relu6Grad(gdy, gx).data, [0, 0, 3, 0, 0], 'relu6Grad: dy where 0 < x < 6');
  same(cd.clampGrad(gdy, gx, { min: 0, max: 6 }).data, [0, 2, 3, 4, 0], 'clampGrad: dy where min <= x <= max');
  same(cd.leakyReluGrad(gdy, gx, { alpha: 0.5 }).data, [0.5, 1, 3, 4, 5], 'leakyReluGrad');
  const wave: Tensor = { shape: [1, 4, 1], data: new Float32Array([1, 3, 2, 0]) };
  const dseq: Tensor = { shape: [1, 2, 1], data: new Float32Array([10, 20]) };
  same(cd.maxPool1dGrad(wave, dseq, { poolSize: 2 }).data, [0, 10, 20, 0], 'maxPool1dGrad');
  const avg1: AvgPool1dGradOptions = { inputShape: [1, 4, 1], poolSize: 2 };
  same(cd.avgPool1dGrad(dseq, avg1).data, [5, 5, 10, 10], 'avgPool1dGrad');
  const vol: Tensor = { shape: [1, 2, 2, 2, 1], data: new Float32Array([1, 2, 3, 4, 5, 6, 8, 7]) };
  const dvol: Tensor = { shape: [1, 1, 1, 1, 1], data: new Float32Array([8]) };
  same(cd.maxPool3dGrad(vol, dvol).data, [0, 0, 0, 0, 0, 0, 8, 0], 'maxPool3dGrad');
  const avg3: AvgPool3dGradOptions = { inputShape: [1, 2, 2, 2, 1] };
  same(cd.avgPool3dGrad(dvol, avg3).data, [1, 1, 1, 1, 1, 1, 1, 1], 'avgPool3dGrad');
  const gradIn: Conv2dGradInputOptions = {
    inputShape: [1, 4, 4, 1],
    strides: 1,
    padding: 'valid',
    dilations: 1,
    filterLayout: 'HWIO',
  };
  const boxGrad = [1, 3, 3, 2, 4, 10, 10, 6, 4, 10, 10, 6, 3, 7, 7, 4];
  same(cd.conv2dGradInput(dy, box, gradIn).data, boxGrad, 'conv2dGradInput');
  same(
    cd.conv2dGradInput(
      { shape: [1, 1, 2, 2], data: dy.data },
      { shape: [1, 1, 3, 3], data: box.data },
      { inputShape: [1, 1, 4, 4], layout: 'NCHW' },
    ).data,
    boxGrad,
    'conv2dGradInput NCHW / OIHW',
  );
  const gradFilter: Conv2dGradFilterOptions = {
    filterShape: [3, 3, 1, 1],
    strides: 1,
    padding: 'valid',
    dilations: 1,
    filterLayout: 'HWIO',
  };
  const filterGrad = [34, 44, 54, 74, 84, 94, 114, 124, 134];
  same(cd.conv2dGradFilter(x, dy, gradFilter).data, filterGrad, 'conv2dGradFilter');
  // A filter's shape is a number[] (as README's gradients snippet passes filter.shape).
  const filterShape: number[] = [3, 3, 1, 1];
  same(cd.conv2dGradFilter(x, dy, { filterShape }).data, filterGrad, 'conv2dGradFilter number[]');
  const filterGradC = cd.conv2dGradFilter(
    xc,
    { shape: [1, 1, 2, 2], data: dy.data },
    { filterShape: [1, 1, 3, 3], layout: 'NCHW', filterLayout: 'OIHW' },
  );
  same(filterGradC.shape, [1, 1, 3, 3], 'conv2dGradFilter OIHW shape');
  same(filterGradC.data, filterGrad, 'conv2dGradFilter NCHW / OIHW');
  // groups (ONNX Conv group = 2, NCHW / OIHW), padMode, the [ph, pw] padding tuple.
  const grouped: Conv2dOptions & GroupsOption = { groups: 2, layout: 'NCHW', padMode: 'zeros' };
  same(
    cd.conv2d(
      { shape: [1, 4, 1, 1], data: new Float32Array([1, 2, 3, 4]) },
      { shape: [2, 2, 1, 1], data: new Float32Array([1, 100, 10, 1000]) },
      grouped,
    ).data,
    [201, 4030],
    'conv2d groups 2',
  );
  const reflectPad: Padding = [0, 2];
  same(
    cd.conv2d(
      { shape: [1, 1, 3, 1], data: new Float32Array([1, 2, 3]) },
      { shape: [1, 1, 1, 1], data: new Float32Array([1]) },
      { padding: reflectPad, padMode: 'reflect' },
    ).data,
    [3, 2, 1, 2, 3, 2, 1],
    'padMode reflect',
  );
  const dwIn: DepthwiseConv2dGradInputOptions = { inputShape: [1, 3, 3, 2], padding: 'valid', filterLayout: 'HWIO' };
  same(
    cd.depthwiseConv2dGradInput(
      { shape: [1, 2, 2, 2], data: new Float32Array(8).fill(1) },
      { shape: [2, 2, 2, 1], data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]) },
      dwIn,
    ).data,
    [1, 2, 4, 6, 3, 4, 6, 8, 16, 20, 10, 12, 5, 6, 12, 14, 7, 8],
    'depthwiseConv2dGradInput',
  );
  const dwFilter: DepthwiseConv2dGradFilterOptions = { filterShape: [2, 2, 2, 1], strides: 1 };
  const dwGrad = cd.depthwiseConv2dGradFilter(
    { shape: [1, 3, 3, 2], data: Float32Array.from({ length: 18 }, (_, i) => i + 1) },
    { shape: [1, 2, 2, 2], data: new Float32Array(8).fill(1) },
    dwFilter,
  );
  same(dwGrad.data, [20, 24, 28, 32, 44, 48, 52, 56], 'depthwiseConv2dGradFilter');
  same(cd.conv2dGradInput(dy, box, { ...gradIn, groups: 1 }).data, boxGrad, 'conv2dGradInput groups');
  // ONNX ConvTranspose node test: x = 0..8, a 3x3 filter of ones -> 5x5 (one output channel here).
  const transposeOptions: Conv2dTransposeOptions = {
    strides: 1,
    padding: 0,
    outputPadding: 0,
    dilations: 1,
    groups: 1,
    bias: [0],
    activation: 'linear',
    layout: 'NCHW',
    filterLayout: 'IOHW',
  };
  const transposed = cd.conv2dTranspose(
    { shape: [1, 1, 3, 3], data: Float32Array.from({ length: 9 }, (_, i) => i) },
    { shape: [1, 1, 3, 3], data: box.data },
    transposeOptions,
  );
  same(transposed.shape, [1, 1, 5, 5], 'conv2dTranspose shape');
  same(
    transposed.data,
    [0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8],
    'conv2dTranspose (ONNX test_convtranspose)',
  );
  same(
    cd.conv2dTranspose(x, box, { strides: 2, padding: 'same', outputShape: [1, 7, 7, 1] }).shape,
    [1, 7, 7, 1],
    'conv2dTranspose outputShape',
  );

  // The family on resident tensors: results stay resident (argmax indices and pooling sequences are plain).
  const residentBefore = cd.memory().residentBytes;
  const rimg: ResidentTensor = cd.upload(x);
  const rdy: ResidentTensor = cd.upload(dy);
  const rseq: ResidentTensor = cd.upload(seq);
  const rcube: ResidentTensor = cd.upload(cube);
  const rslope: ResidentTensor = cd.upload({ shape: [1], data: Float32Array.of(0.5) });
  const rArg: { values: ResidentTensor; indices: IndexTensor } = cd.maxPool2dWithArgmax(rimg, {
    indexConvention: 'torch',
  });
  same(rArg.values.read().data, [5, 7, 13, 15], 'resident maxPool2dWithArgmax');
  same(rArg.indices.data, [5, 7, 13, 15], 'resident argmax indices');
  const rUnpooled: ResidentTensor = cd.maxUnpool2d(rArg.values, rArg.indices, { indexConvention: 'torch' });
  same(rUnpooled.read().data, unpooledX, 'resident maxUnpool2d');
  const rFrac: { values: ResidentTensor; rowPoolingSequence: Int32Array } = cd.fractionalMaxPool2d(rimg, {
    rowPoolingSequence: [0, 2, 4],
    colPoolingSequence: [0, 1, 4],
  });
  same(rFrac.values.read().data, [4, 7, 12, 15], 'resident fractionalMaxPool2d');
  same(rFrac.rowPoolingSequence, [0, 2, 4], 'resident fractionalMaxPool2d sequence');
  const rAdaptive: ResidentTensor = cd.adaptiveAvgPool2d(rimg, adaptive);
  same(rAdaptive.read().data, Array.from(adaptiveAvg.data), 'resident adaptiveAvgPool2d');
  const rGradFilter: ResidentTensor = cd.conv2dGradFilter(rimg, rdy, gradFilter);
  same(rGradFilter.read().data, filterGrad, 'resident conv2dGradFilter');
  // Each resident result equals the plain one.
  const pairsOf: [ResidentTensor, Tensor, string][] = [
    [cd.adaptiveMaxPool2d(rimg, { outputSize: 3 }), cd.adaptiveMaxPool2d(x, { outputSize: 3 }), 'adaptiveMaxPool2d'],
    [cd.lpPool2d(rimg), cd.lpPool2d(x), 'lpPool2d'],
    [cd.minPool2d(rimg), cd.minPool2d(x), 'minPool2d'],
    [cd.softPool2d(rimg), cd.softPool2d(x), 'softPool2d'],
    [cd.stochasticPool2d(rimg, stochastic), cd.stochasticPool2d(x, stochastic), 'stochasticPool2d'],
    [cd.maxPool1d(rseq, p1), cd.maxPool1d(seq, p1), 'maxPool1d'],
    [cd.avgPool1d(rseq), cd.avgPool1d(seq), 'avgPool1d'],
    [cd.maxPool3d(rcube), cd.maxPool3d(cube), 'maxPool3d'],
    [cd.avgPool3d(rcube, { poolSize: 1 }), cd.avgPool3d(cube, { poolSize: 1 }), 'avgPool3d'],
    [cd.maxPool2dGrad(rimg, dy, { poolSize: 2 }), cd.maxPool2dGrad(x, dy, { poolSize: 2 }), 'maxPool2dGrad'],
    [cd.avgPool2dGrad(rdy, avgGrad), cd.avgPool2dGrad(dy, avgGrad), 'avgPool2dGrad'],
    [cd.reluGrad(rdy, dy), cd.reluGrad(dy, dy), 'reluGrad'],
    [cd.conv2dGradInput(rdy, box, gradIn), cd.conv2dGradInput(dy, box, gradIn), 'conv2dGradInput'],
    [cd.prelu(rimg, 0.25), cd.prelu(x, 0.25), 'prelu'],
    [
      cd.batchNorm(rimg, { mean: [1], variance: [4], epsilon: 0 }),
      cd.batchNorm(x, { mean: [1], variance: [4], epsilon: 0 }),
      'batchNorm',
    ],
    [cd.preluGrad(rdy, dy, rslope).dx, cd.preluGrad(dy, dy, 0.5).dx, 'preluGrad'],
  ];
  for (const [resident, plain, what] of pairsOf) {
    check(resident.resident, `${what}: a resident input gives a resident result`);
    same(resident.shape, plain.shape, `resident ${what} shape`);
    same(resident.read().data, Array.from(plain.data), `resident ${what}`);
  }
  // A plain first input with a resident dy gives a plain result.
  const plainGrad: Tensor = cd.maxPool2dGrad(x, rdy, { poolSize: 2 });
  same(plainGrad.data, [0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4], 'maxPool2dGrad with a resident dy');
  for (const t of [
    rimg,
    rdy,
    rseq,
    rcube,
    rslope,
    rArg.values,
    rUnpooled,
    rFrac.values,
    rAdaptive,
    rGradFilter,
    ...pairsOf.map((p) => p[0]),
  ])
    t.dispose();
  check(cd.memory().residentBytes === residentBefore, 'every resident tensor was disposed');

  // wasmUrl: a string, a URL, or anything with a string href reaches fetch (Node's fetch reads
  // data: URLs); locateFile gets the build's file name.
  const notWasm = 'data:text/plain,not-wasm';
  for (const wasmUrl of [notWasm, new URL(notWasm), { href: notWasm }]) {
    const message = await loadCondense({ wasmUrl, simd: false }).then(
      () => 'loaded',
      (error: unknown) => String(error),
    );
    check(message.includes(`${notWasm} is not a WebAssembly module`), `wasmUrl ${typeof wasmUrl}: ${message}`);
  }
  const located = await loadCondense({ locateFile: (fileName) => `data:text/plain,${fileName}`, simd: false }).then(
    () => 'loaded',
    (error: unknown) => String(error),
  );
  check(located.includes('data:text/plain,condense-scalar.wasm is not a WebAssembly module'), `locateFile: ${located}`);

  // Memory.
  const { reservedBytes, heapBytes }: { reservedBytes: number; heapBytes: number } = cd.memory();
  check(reservedBytes > 0 && heapBytes >= reservedBytes, 'memory()');
  cd.releaseMemory();
  check(cd.memory().reservedBytes < reservedBytes, 'releaseMemory()');

  console.log(JSON.stringify({ ok: true, backend }));
}

// Options that need a browser (or a server): type-checked, never run.
async function browserOnly(bytes: ArrayBuffer, view: Uint8Array): Promise<Condense[]> {
  const options: LoadOptions[] = [
    { wasmUrl: '/assets/condense-simd.wasm' },
    { wasmUrl: new URL('https://example.invalid/condense-simd.wasm'), simd: true },
    { locateFile: (fileName: string) => `/static/wasm/${fileName}`, simd: 'auto' },
    { wasmBinary: bytes, simd: false },
    { wasmBinary: view },
  ];
  return Promise.all(options.map((o) => loadCondense(o)));
}

// Wrong calls the declarations must reject: type-checked, never run.
async function wrongCalls(cd: Condense): Promise<void> {
  // @ts-expect-error simd is 'auto' | boolean
  await loadCondense({ simd: 'yes' });
  // @ts-expect-error locateFile maps a file name to a URL string
  await loadCondense({ locateFile: 42 });
  // @ts-expect-error data must be a Float32Array
  cd.maxPool2d({ shape: [1, 2, 2, 1], data: [1, 2, 3, 4] });
  // @ts-expect-error conv2d needs a filter
  cd.conv2d(x);
  // @ts-expect-error unknown padding mode
  cd.maxPool2d(x, { padding: 'full' });
  // @ts-expect-error a Pair has two entries
  cd.maxPool2d(x, { strides: [1, 2, 3] });
  // @ts-expect-error pool() needs windowShape
  cd.pool(x, { poolingType: 'MAX' });
  // @ts-expect-error unknown activation
  cd.conv2d(x, box, { activation: 'sigmoid' });
  // @ts-expect-error unknown colormap
  cd.toImageData(x, { colormap: 'jet' });
  // @ts-expect-error infinite is 'clip' or 'bad'
  cd.toImageData(x, { infinite: 'hide' });
  // @ts-expect-error channels is 1, 3 or 4
  cd.fromImageData({ data: new Uint8ClampedArray(4), width: 1, height: 1 }, { channels: 2 });
  // @ts-expect-error countIncludePad is an average-pooling option
  cd.maxPool2d(x, { countIncludePad: true });
  // @ts-expect-error backend is read-only
  cd.backend = 'wasm-simd';
  // @ts-expect-error unknown layout
  cd.maxPool2d(x, { layout: 'NWHC' });
  // @ts-expect-error adaptive pooling needs outputSize
  cd.adaptiveAvgPool2d(x, {});
  // @ts-expect-error unknown index convention
  cd.maxPool2dWithArgmax(x, { indexConvention: 'caffe' });
  // @ts-expect-error ops return a Tensor, not a Float32Array
  const data: Float32Array = cd.relu(x);
  void data;
  // @ts-expect-error wasmUrl is a string or a URL (something with a string href)
  await loadCondense({ wasmUrl: 42 });
  // @ts-expect-error 1-D layouts are 'NWC' / 'NCW'
  cd.maxPool1d({ shape: [1, 4, 1], data: new Float32Array(4) }, { layout: 'NHWC' });
  // @ts-expect-error 3-D windows have three entries
  cd.maxPool3d({ shape: [1, 2, 2, 2, 1], data: new Float32Array(8) }, { poolSize: [2, 2] });
  // @ts-expect-error avgPool2dGrad needs the forward input's shape
  cd.avgPool2dGrad(x, { poolSize: 2 });
  // @ts-expect-error unknown Lp convention
  cd.lpPool2d(x, { convention: 'tf' });
  // @ts-expect-error fractional max pooling needs options (a ratio or the sequences)
  cd.fractionalMaxPool2d(x);
  // @ts-expect-error argmax indices are int32
  cd.maxUnpool2d(x, new Float32Array(16));
  // @ts-expect-error batchNorm needs mean and variance
  cd.batchNorm(x, { variance: [1] });
  // @ts-expect-error preluGrad has no out option
  cd.preluGrad(x, x, 0.5, { out: new Float32Array(16) });
  // @ts-expect-error a resident dy gives a resident dx
  const dxPlain: Tensor = cd.preluGrad(cd.upload(x), x, 0.5).dx;
  void dxPlain;
  // @ts-expect-error a resident input's values stay resident
  const values: Tensor = cd.maxPool2dWithArgmax(cd.upload(x)).values;
  void values;
}

// condense/lesson: the lesson pipeline on the public API, and outputShape() for its steps.
function lesson(cd: Condense): void {
  const edge: LessonPreset | undefined = presetById('edge');
  check(
    edge !== undefined && edge.id === 'edge' && edge.kernel.length === 9 && Array.isArray(edge.aliases),
    'presetById',
  );
  check(PRESETS.length > 0 && presetOfKernel(PRESETS[0].kernel)?.id === PRESETS[0].id, 'presetOfKernel');
  const kernel: LessonKernel = [
    [-1, -1, -1],
    [-1, 8, -1],
    [-1, -1, -1],
  ];
  same(kernelTensor(kernel).shape, [3, 3, 1, 1], 'kernelTensor');
  const settings: LessonSettings = {
    ...DEFAULT_SETTINGS,
    kernel,
    convPadding: 'same',
    pool: { type: 'max', size: 2 },
    repeats: 2,
  };
  check(poolOptions(settings).poolSize === 2, 'poolOptions');
  const x: Tensor = { shape: [1, 8, 8, 1], data: Float32Array.from({ length: 64 }, (_, i) => i % 7) };
  const steps: LessonStep[] = lessonSteps(settings);
  check(steps.length === 4 && steps[0].stage === 'filter' && steps[0].fn === 'conv2d', 'lessonSteps');
  // Each step's output shape, asked of the library before running it.
  let shape = x.shape;
  for (const step of steps) shape = cd.outputShape(step.fn, [shape, ...step.args.map((t) => t.shape)], step.options);
  same(shape, [1, 2, 2, 1], 'outputShape of the lesson');
  const shapes: number[][] = [
    [1, 28, 28, 1],
    [3, 3, 1, 8],
  ];
  same(cd.outputShape('conv2d', shapes, { padding: 'same' }), [1, 28, 28, 8], 'outputShape of several tensors');
  same(cd.outputShape('maxPool2d', [1, 28, 28, 1], { poolSize: 2 }), [1, 14, 14, 1], 'outputShape');
  const options: LessonRunOptions = { onError: 'stop', fused: true };
  const result: LessonResult = runLesson(cd, x, settings, options);
  const timings: LessonTimings = result.timings;
  check(result.failed === null && result.filtered !== null && result.detected !== null, 'runLesson');
  same(result.condensed[1].shape, shape, 'runLesson condensed');
  check(timings.pool.length === 2 && result.maps.input === result.x, 'runLesson timings');
  same(runFused(cd, x, settings).data, Array.from(result.condensed[0].data), 'runFused = conv -> relu -> pool');
}

// Readonly shapes and options (`as const`), and variables that may hold either kind of tensor:
// every function takes them (TypeScript 4.7+).
function readonlyAndUnions(cd: Condense): void {
  const x = { shape: [1, 4, 4, 1] as const, data: Float32Array.from({ length: 16 }, (_, i) => i) };
  const frozen: TensorInput = { shape: [1, 4, 4, 1], data: x.data } as const;
  const opts = {
    poolSize: [2, 2],
    strides: 2,
    padding: [
      [0, 0],
      [0, 0],
    ],
  } as const;
  same(cd.maxPool2d(x, opts).data, [5, 7, 13, 15], 'as const shape and options');
  const filter = { shape: [1, 1, 1, 1] as const, data: new Float32Array([2]) };
  const either: Tensor | ResidentTensor = Math.random() < 2 ? cd.upload(frozen) : cd.relu(frozen);
  const pooled: Tensor | ResidentTensor = cd.maxPool2d(cd.relu(cd.conv2d(either, filter)), { poolSize: 2 });
  const out = 'read' in pooled ? pooled.read() : pooled;
  same(out.data, [10, 14, 26, 30], 'a Tensor | ResidentTensor variable through conv2d, relu, maxPool2d');
  const tiles: ColoredImage = cd.toImageData(
    { shape: [2, 2, 3], data: new Float32Array(12) },
    { grid: { columns: 3 } },
  );
  check(tiles.grid?.rows === 1 && tiles.width === 3 * 2 + 2, 'toImageData grid');
  const argmax = cd.maxPool2dWithArgmax(either);
  check(argmax.indices.data.length === 4, 'maxPool2dWithArgmax of a union');
  for (const t of [either, pooled, argmax.values]) if ('dispose' in t) t.dispose();
}

void browserOnly;
void wrongCalls;
await main();
lesson(await loadCondense());
readonlyAndUnions(await loadCondense());
