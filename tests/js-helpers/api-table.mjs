// One row per public function of the API object, for the tests that must cover every function
// (strict options, resident ownership, outputShape). The tests enumerate the functions of a
// loaded instance and fail when one has no row here, so a new function cannot ship untested.
//
// An op row:
//   inputs()      fresh, valid positional inputs, keyed by parameter name
//   options       valid options for that call (the required ones included)
//   call(cd, inputs, options)
//   tensors       the parameters that take a tensor (each may be a resident tensor)
//   keys          documented option names (bindings/types.d.cts), the ones the strict-option
//                 message must list; 'out' is left out on purpose (not valid for residents)
//   shapes(inputs) the `shapes` argument of cd.outputShape: one shape for one-tensor functions,
//                 else the shapes in positional order; null: no tensor shape to size (images)
//   shapeCases    further [inputs(), options] pairs for outputShape (several layouts, ranks)
//   badOptions    options the op rejects from shapes alone (outputShape must throw the same)
//   main(result)  the main output of a several-output function (outputShape's answer)
//   optional      a new op (prelu, preluGrad, batchNorm): required only when the API has it

const f32 = (shape, seed = 1) => {
  let s = seed >>> 0;
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s / 4294967296) * 2 - 1;
  }
  return { shape, data };
};

const POOL2D_KEYS = ['poolSize', 'strides', 'padding', 'dilations', 'ceilMode', 'layout'];
const CONV_KEYS = ['strides', 'padding', 'dilations', 'bias', 'activation', 'layout', 'filterLayout'];

// A windowed 2-D pooling op with one input x.
function pool2dRow(fn, extraKeys = [], extraOptions = {}, bad = [{ poolSize: 0 }]) {
  return {
    inputs: () => ({ x: f32([1, 6, 6, 3]) }),
    options: { poolSize: 2, ...extraOptions },
    call: (cd, { x }, o) => cd[fn](x, o),
    tensors: ['x'],
    keys: [...POOL2D_KEYS, ...extraKeys],
    shapes: ({ x }) => x.shape,
    shapeCases: [
      [() => ({ x: f32([2, 7, 5, 4]) }), { poolSize: 3, strides: 2, padding: 'same', ...extraOptions }],
      [() => ({ x: f32([7, 9, 2]) }), { poolSize: [2, 3], strides: [1, 2], padding: 1, ...extraOptions }],
      [() => ({ x: f32([1, 3, 8, 6]) }), { poolSize: 2, layout: 'NCHW', ...extraOptions }],
      [() => ({ x: f32([1, 5, 5, 1]) }), { poolSize: 2, strides: 2, padding: 1, ceilMode: true, ...extraOptions }],
    ],
    badOptions: bad.map((o) => ({ ...extraOptions, ...o })),
  };
}

function poolNdRow(fn, rank, extraKeys) {
  const shape = rank === 1 ? [2, 9, 3] : [1, 4, 4, 4, 2];
  const other = rank === 1 ? [2, 3, 9] : [1, 2, 4, 6, 6];
  const layout = rank === 1 ? 'NCW' : 'NCDHW';
  return {
    inputs: () => ({ x: f32(shape) }),
    options: { poolSize: 2 },
    call: (cd, { x }, o) => cd[fn](x, o),
    tensors: ['x'],
    keys: ['poolSize', 'strides', 'padding', 'dilations', 'ceilMode', 'layout', ...extraKeys],
    shapes: ({ x }) => x.shape,
    shapeCases: [
      [() => ({ x: f32(shape) }), { poolSize: 3, strides: 2, padding: 'same' }],
      [() => ({ x: f32(other) }), { poolSize: 2, layout }],
    ],
    badOptions: [{ poolSize: 0 }],
  };
}

// The activation gradients (dy, x): the reluGrad row with options.
function activationGradRow(fn, keys, options, badOptions) {
  return {
    inputs: () => ({ dy: f32([1, 4, 4, 3], 2), x: f32([1, 4, 4, 3]) }),
    options,
    call: (cd, { dy, x }, o) => cd[fn](dy, x, o),
    tensors: ['dy', 'x'],
    keys,
    shapes: ({ dy, x }) => [dy.shape, x.shape],
    shapeCases: [[() => ({ dy: f32([5], 2), x: f32([5]) }), options]],
    badOptions,
  };
}

// add, sub, mul (a, b): two tensors of one shape.
function binaryRow(fn) {
  return {
    inputs: () => ({ a: f32([1, 4, 4, 3], 2), b: f32([1, 4, 4, 3]) }),
    options: {},
    call: (cd, { a, b }, o) => cd[fn](a, b, o),
    tensors: ['a', 'b'],
    keys: [],
    shapes: ({ a, b }) => [a.shape, b.shape],
    shapeCases: [[() => ({ a: f32([5], 2), b: f32([5]) }), {}]],
    badOptions: [],
  };
}

// The 1-D / 3-D pooling gradients: maxPoolNdGrad(x, dy), avgPoolNdGrad(dy, { inputShape }).
function poolNdGradRow(fn, rank, avg) {
  const shape = rank === 1 ? [2, 9, 3] : [1, 4, 4, 4, 2];
  const dyShape = rank === 1 ? [2, 4, 3] : [1, 2, 2, 2, 2];
  const other = rank === 1 ? [2, 3, 9] : [1, 2, 4, 6, 6];
  const otherDy = rank === 1 ? [2, 3, 4] : [1, 2, 2, 3, 3];
  const layout = rank === 1 ? 'NCW' : 'NCDHW';
  const keys = ['poolSize', 'strides', 'padding', 'dilations', 'ceilMode', 'layout'];
  if (avg) {
    return {
      inputs: () => ({ dy: f32(dyShape, 2) }),
      options: { inputShape: shape, poolSize: 2 },
      call: (cd, { dy }, o) => cd[fn](dy, o),
      tensors: ['dy'],
      keys: ['inputShape', ...keys, 'countIncludePad', 'divisorOverride'],
      shapes: ({ dy }) => dy.shape,
      shapeCases: [[() => ({ dy: f32(otherDy, 2) }), { inputShape: other, poolSize: 2, layout }]],
      badOptions: [{ inputShape: shape, poolSize: 0 }, { poolSize: 2 }],
    };
  }
  return {
    inputs: () => ({ x: f32(shape), dy: f32(dyShape, 2) }),
    options: { poolSize: 2 },
    call: (cd, { x, dy }, o) => cd[fn](x, dy, o),
    tensors: ['x', 'dy'],
    keys,
    shapes: ({ x, dy }) => [x.shape, dy.shape],
    shapeCases: [[() => ({ x: f32(other), dy: f32(otherDy, 2) }), { poolSize: 2, layout }]],
    badOptions: [{ poolSize: 0 }, { poolSize: 3 }],
  };
}

function conv2dRow(fn, filterShape, extraKeys = [], extraOptions = {}) {
  return {
    inputs: () => ({ x: f32([1, 6, 6, 2]), filter: f32(filterShape, 2) }),
    options: { padding: 'same', ...extraOptions },
    call: (cd, { x, filter }, o) => cd[fn](x, filter, o),
    tensors: ['x', 'filter'],
    keys: [...CONV_KEYS, ...extraKeys],
    shapes: ({ x, filter }) => [x.shape, filter.shape],
    shapeCases: [
      [
        () => ({ x: f32([2, 9, 7, 2]), filter: f32(filterShape, 2) }),
        { strides: 2, padding: 'valid', ...extraOptions },
      ],
      [() => ({ x: f32([9, 7, 2]), filter: f32(filterShape, 2) }), { dilations: 2, padding: 1, ...extraOptions }],
    ],
    badOptions: [{ strides: 0, ...extraOptions }],
  };
}

function elementwiseRow(fn, keys, options, bad) {
  return {
    inputs: () => ({ x: f32([1, 4, 4, 3]) }),
    options,
    call: (cd, { x }, o) => cd[fn](x, o),
    tensors: ['x'],
    keys,
    shapes: ({ x }) => x.shape,
    shapeCases: [[() => ({ x: f32([5, 3, 2]) }), options]],
    badOptions: bad,
  };
}

function globalRow(fn) {
  return {
    inputs: () => ({ x: f32([2, 5, 4, 3]) }),
    options: { keepDims: true },
    call: (cd, { x }, o) => cd[fn](x, o),
    tensors: ['x'],
    keys: ['keepDims', 'layout'],
    shapes: ({ x }) => x.shape,
    shapeCases: [
      [() => ({ x: f32([2, 5, 4, 3]) }), {}],
      [() => ({ x: f32([1, 3, 5, 4]) }), { layout: 'NCHW' }],
      [() => ({ x: f32([5, 4, 3]) }), {}],
    ],
    badOptions: [{ keepDims: 1 }],
  };
}

function argmaxInputs() {
  // values/indices of a 2x2 max pooling of a 1x6x6x3 input, TF convention.
  const values = f32([1, 3, 3, 3], 5);
  const indices = {
    shape: [1, 3, 3, 3],
    data: Int32Array.from({ length: 27 }, (_, i) => {
      const c = i % 3,
        p = Math.floor(i / 3),
        oy = Math.floor(p / 3),
        ox = p % 3;
      return (oy * 2 * 6 + ox * 2) * 3 + c;
    }),
  };
  return { values, indices };
}

export const OPS = {
  conv2d: conv2dRow('conv2d', [3, 3, 2, 3], ['groups', 'padMode']),
  depthwiseConv2d: conv2dRow('depthwiseConv2d', [3, 3, 2, 2], ['padMode']),
  relu: elementwiseRow('relu', [], {}, []),
  relu6: elementwiseRow('relu6', [], {}, []),
  clamp: elementwiseRow('clamp', ['min', 'max'], { min: -0.5, max: 0.5 }, [{ min: NaN, max: 0 }]),
  leakyRelu: elementwiseRow('leakyRelu', ['alpha'], { alpha: 0.1 }, [{ alpha: '0.1' }]),
  maxPool2d: pool2dRow('maxPool2d'),
  avgPool2d: pool2dRow('avgPool2d', ['countIncludePad', 'divisorOverride']),
  minPool2d: pool2dRow('minPool2d'),
  softPool2d: pool2dRow('softPool2d'),
  lpPool2d: pool2dRow('lpPool2d', ['p', 'convention'], { p: 3 }, [{ poolSize: 0 }, { p: 0 }]),
  stochasticPool2d: pool2dRow('stochasticPool2d', ['training', 'seed'], { training: true, seed: 3 }, [
    { poolSize: 0 },
    { seed: -1 },
  ]),
  maxPool2dWithArgmax: {
    ...pool2dRow('maxPool2dWithArgmax', ['indexConvention', 'includeBatchInIndex'], {}, [
      { poolSize: 0 },
      { indexConvention: 'caffe' },
    ]),
    main: (r) => r.values,
  },
  pool: {
    inputs: () => ({ x: f32([1, 6, 6, 3]) }),
    options: { windowShape: 2, poolingType: 'AVG', strides: 2 },
    call: (cd, { x }, o) => cd.pool(x, o),
    tensors: ['x'],
    keys: ['windowShape', 'poolingType', 'strides', 'padding', 'dilations', 'layout'],
    shapes: ({ x }) => x.shape,
    shapeCases: [
      [() => ({ x: f32([2, 7, 5, 4]) }), { windowShape: 3, padding: 'SAME' }],
      [() => ({ x: f32([7, 9, 2]) }), { windowShape: [2, 3], poolingType: 'MAX', dilations: 2 }],
    ],
    badOptions: [{ windowShape: 0 }],
  },
  globalAvgPool2d: globalRow('globalAvgPool2d'),
  globalMaxPool2d: globalRow('globalMaxPool2d'),
  convPool2d: {
    ...conv2dRow('convPool2d', [3, 3, 2, 3], ['pool', 'padMode'], { pool: { poolSize: 2 } }),
    badOptions: [{ strides: 0, pool: { poolSize: 2 } }, { pool: { poolSize: 0 } }],
  },
  maxUnpool2d: {
    inputs: argmaxInputs,
    options: { poolSize: 2 },
    call: (cd, { values, indices }, o) => cd.maxUnpool2d(values, indices, o),
    tensors: ['values'],
    keys: ['outputSize', 'outputShape', 'poolSize', 'strides', 'padding', 'indexConvention', 'layout'],
    shapes: ({ values, indices }) => [values.shape, indices.shape],
    shapeCases: [
      [argmaxInputs, { outputSize: [7, 7] }],
      [argmaxInputs, { outputShape: [1, 6, 7, 3] }],
    ],
    badOptions: [{ padding: 'same' }],
  },
  adaptiveAvgPool2d: {
    ...pool2dRow('adaptiveAvgPool2d'),
    options: { outputSize: 2 },
    keys: ['outputSize', 'layout'],
    shapeCases: [
      [() => ({ x: f32([2, 7, 5, 4]) }), { outputSize: [3, null] }],
      [() => ({ x: f32([7, 9, 2]) }), { outputSize: [4, 5] }],
      [() => ({ x: f32([1, 3, 8, 6]) }), { outputSize: 3, layout: 'NCHW' }],
    ],
    badOptions: [{ outputSize: 0 }],
  },
  adaptiveMaxPool2d: {
    ...pool2dRow('adaptiveMaxPool2d'),
    options: { outputSize: [2, 3] },
    keys: ['outputSize', 'layout'],
    shapeCases: [
      [() => ({ x: f32([2, 7, 5, 4]) }), { outputSize: [null, 2] }],
      [() => ({ x: f32([1, 3, 8, 6]) }), { outputSize: 3, layout: 'NCHW' }],
    ],
    badOptions: [{ outputSize: 0 }],
  },
  fractionalMaxPool2d: {
    ...pool2dRow('fractionalMaxPool2d'),
    options: { poolingRatio: 1.5, seed: 1 },
    keys: ['poolingRatio', 'pseudoRandom', 'overlapping', 'seed', 'rowPoolingSequence', 'colPoolingSequence', 'layout'],
    shapeCases: [
      [() => ({ x: f32([2, 25, 16, 3]) }), { poolingRatio: [2.3, 1.44], pseudoRandom: true, seed: 4 }],
      [() => ({ x: f32([1, 3, 9, 9]) }), { poolingRatio: 3, layout: 'NCHW' }],
    ],
    badOptions: [{ poolingRatio: 0.5 }],
    main: (r) => r.values,
  },
  maxPool1d: poolNdRow('maxPool1d', 1, []),
  avgPool1d: poolNdRow('avgPool1d', 1, ['countIncludePad', 'divisorOverride']),
  maxPool3d: poolNdRow('maxPool3d', 3, []),
  avgPool3d: poolNdRow('avgPool3d', 3, ['countIncludePad', 'divisorOverride']),
  maxPool2dGrad: {
    inputs: () => ({ x: f32([1, 6, 6, 3]), dy: f32([1, 3, 3, 3], 2) }),
    options: { poolSize: 2 },
    call: (cd, { x, dy }, o) => cd.maxPool2dGrad(x, dy, o),
    tensors: ['x', 'dy'],
    keys: POOL2D_KEYS,
    shapes: ({ x, dy }) => [x.shape, dy.shape],
    shapeCases: [[() => ({ x: f32([2, 5, 5, 2]), dy: f32([2, 3, 3, 2], 2) }), { poolSize: 2, padding: 'same' }]],
    badOptions: [{ poolSize: 0 }, { poolSize: 3 }],
  },
  avgPool2dGrad: {
    inputs: () => ({ dy: f32([1, 3, 3, 3], 2) }),
    options: { inputShape: [1, 6, 6, 3], poolSize: 2 },
    call: (cd, { dy }, o) => cd.avgPool2dGrad(dy, o),
    tensors: ['dy'],
    keys: ['inputShape', ...POOL2D_KEYS, 'countIncludePad', 'divisorOverride'],
    shapes: ({ dy }) => dy.shape,
    shapeCases: [[() => ({ dy: f32([2, 3, 3, 2], 2) }), { inputShape: [2, 5, 5, 2], poolSize: 2, padding: 'same' }]],
    badOptions: [{ inputShape: [1, 6, 6, 3], poolSize: 0 }, { poolSize: 2 }],
  },
  reluGrad: {
    inputs: () => ({ dy: f32([1, 4, 4, 3], 2), x: f32([1, 4, 4, 3]) }),
    options: {},
    call: (cd, { dy, x }, o) => cd.reluGrad(dy, x, o),
    tensors: ['dy', 'x'],
    keys: [],
    shapes: ({ dy, x }) => [dy.shape, x.shape],
    shapeCases: [[() => ({ dy: f32([5], 2), x: f32([5]) }), {}]],
    badOptions: [],
  },
  relu6Grad: activationGradRow('relu6Grad', [], {}, []),
  add: binaryRow('add'),
  sub: binaryRow('sub'),
  mul: binaryRow('mul'),
  step: elementwiseRow('step', ['alpha'], { alpha: 0.1 }, [{ alpha: '0.1' }]),
  channelSum: {
    inputs: () => ({ x: f32([2, 3, 4, 5]) }),
    options: {},
    call: (cd, { x }, o) => cd.channelSum(x, o),
    tensors: ['x'],
    keys: ['keepDims'],
    shapes: ({ x }) => x.shape,
    shapeCases: [[() => ({ x: f32([7, 3]) }), { keepDims: true }]],
    badOptions: [{ keepDims: 1 }],
  },
  clampGrad: activationGradRow('clampGrad', ['min', 'max'], { min: -0.5, max: 0.5 }, [{ min: '0' }]),
  leakyReluGrad: activationGradRow('leakyReluGrad', ['alpha'], { alpha: 0.1 }, [{ alpha: Infinity }]),
  maxPool1dGrad: poolNdGradRow('maxPool1dGrad', 1, false),
  avgPool1dGrad: poolNdGradRow('avgPool1dGrad', 1, true),
  maxPool3dGrad: poolNdGradRow('maxPool3dGrad', 3, false),
  avgPool3dGrad: poolNdGradRow('avgPool3dGrad', 3, true),
  conv2dGradInput: {
    inputs: () => ({ dy: f32([1, 6, 6, 3], 2), filter: f32([3, 3, 2, 3]) }),
    options: { inputShape: [1, 6, 6, 2], padding: 'same' },
    call: (cd, { dy, filter }, o) => cd.conv2dGradInput(dy, filter, o),
    tensors: ['dy', 'filter'],
    keys: ['inputShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout', 'groups'],
    shapes: ({ dy, filter }) => [dy.shape, filter.shape],
    shapeCases: [
      [
        () => ({ dy: f32([1, 3, 3, 3], 2), filter: f32([3, 3, 2, 3]) }),
        { inputShape: [1, 6, 6, 2], strides: 2, padding: 'same' },
      ],
    ],
    badOptions: [{ inputShape: [1, 5, 5, 2], padding: 'valid' }, { padding: 'same' }],
  },
  conv2dTranspose: {
    inputs: () => ({ x: f32([1, 4, 4, 2]), filter: f32([3, 3, 3, 2], 2) }),
    options: { strides: 2, padding: 'same' },
    call: (cd, { x, filter }, o) => cd.conv2dTranspose(x, filter, o),
    tensors: ['x', 'filter'],
    keys: [...CONV_KEYS, 'outputPadding', 'outputShape', 'groups'],
    shapes: ({ x, filter }) => [x.shape, filter.shape],
    shapeCases: [
      [() => ({ x: f32([2, 3, 5, 2]), filter: f32([2, 3, 3, 2], 2) }), { strides: 2, outputPadding: 1 }],
      [() => ({ x: f32([1, 4, 3, 3]), filter: f32([4, 2, 3, 3], 2) }), { layout: 'NCHW', padding: 1, groups: 2 }],
      [() => ({ x: f32([3, 3, 2]), filter: f32([3, 3, 3, 2], 2) }), { strides: 2, outputShape: [8, 7] }],
    ],
    badOptions: [{ strides: 2, outputPadding: 2 }, { outputShape: [20, 20] }],
    optional: true,
  },
  conv2dGradFilter: {
    inputs: () => ({ x: f32([1, 6, 6, 2]), dy: f32([1, 6, 6, 3], 2) }),
    options: { filterShape: [3, 3, 2, 3], padding: 'same' },
    call: (cd, { x, dy }, o) => cd.conv2dGradFilter(x, dy, o),
    tensors: ['x', 'dy'],
    keys: ['filterShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout', 'groups'],
    shapes: ({ x, dy }) => [x.shape, dy.shape],
    shapeCases: [
      [
        () => ({ x: f32([1, 6, 6, 2]), dy: f32([1, 3, 3, 3], 2) }),
        { filterShape: [3, 3, 2, 3], strides: 2, padding: 'same' },
      ],
    ],
    badOptions: [{ filterShape: [3, 3, 3, 3], padding: 'same' }],
  },
  depthwiseConv2dGradInput: {
    inputs: () => ({ dy: f32([1, 6, 6, 4], 2), filter: f32([3, 3, 2, 2]) }),
    options: { inputShape: [1, 6, 6, 2], padding: 'same' },
    call: (cd, { dy, filter }, o) => cd.depthwiseConv2dGradInput(dy, filter, o),
    tensors: ['dy', 'filter'],
    keys: ['inputShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout'],
    shapes: ({ dy, filter }) => [dy.shape, filter.shape],
    shapeCases: [
      [
        () => ({ dy: f32([1, 3, 3, 4], 2), filter: f32([3, 3, 2, 2]) }),
        { inputShape: [1, 6, 6, 2], strides: 2, padding: 'same' },
      ],
    ],
    badOptions: [{ inputShape: [1, 5, 5, 2], padding: 'valid' }, { padding: 'same' }],
  },
  depthwiseConv2dGradFilter: {
    inputs: () => ({ x: f32([1, 6, 6, 2]), dy: f32([1, 6, 6, 4], 2) }),
    options: { filterShape: [3, 3, 2, 2], padding: 'same' },
    call: (cd, { x, dy }, o) => cd.depthwiseConv2dGradFilter(x, dy, o),
    tensors: ['x', 'dy'],
    keys: ['filterShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout'],
    shapes: ({ x, dy }) => [x.shape, dy.shape],
    shapeCases: [
      [
        () => ({ x: f32([1, 6, 6, 2]), dy: f32([1, 3, 3, 4], 2) }),
        { filterShape: [3, 3, 2, 2], strides: 2, padding: 'same' },
      ],
    ],
    badOptions: [{ filterShape: [3, 3, 3, 2], padding: 'same' }],
  },
  fromImageData: {
    inputs: () => ({
      imageData: { data: Uint8ClampedArray.from({ length: 64 }, (_, i) => (i * 37) % 256), width: 4, height: 4 },
    }),
    options: { channels: 1 },
    call: (cd, { imageData }, o) => cd.fromImageData(imageData, o),
    tensors: [],
    keys: ['channels', 'size'],
    shapes: null, // takes ImageData, not a tensor: nothing for outputShape to size
  },
  toImageData: {
    inputs: () => ({ map: f32([4, 4]) }),
    options: { colormap: 'gray' },
    call: (cd, { map }, o) => cd.toImageData(map, o),
    tensors: ['map'],
    keys: ['colormap', 'vmin', 'vmax', 'size', 'bad', 'infinite', 'out'],
    shapes: null, // returns ImageData, not a tensor
  },
  prelu: {
    optional: true,
    inputs: () => ({ x: f32([1, 4, 4, 3]), alpha: { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) } }),
    options: {},
    call: (cd, { x, alpha }, o) => cd.prelu(x, alpha, o),
    tensors: ['x', 'alpha'],
    keys: ['layout'],
    shapes: ({ x, alpha }) => [x.shape, alpha.shape],
    shapeCases: [
      [
        () => ({ x: f32([1, 3, 4, 4]), alpha: { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) } }),
        { layout: 'NCHW' },
      ],
    ],
    badOptions: [{ layout: 'XYZW' }],
  },
  preluGrad: {
    optional: true,
    inputs: () => ({
      dy: f32([1, 4, 4, 3], 2),
      x: f32([1, 4, 4, 3]),
      alpha: { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) },
    }),
    options: {},
    call: (cd, { dy, x, alpha }, o) => cd.preluGrad(dy, x, alpha, o),
    tensors: ['dy', 'x', 'alpha'],
    keys: ['layout'],
    shapes: ({ dy, x, alpha }) => [dy.shape, x.shape, alpha.shape],
    shapeCases: [],
    badOptions: [{ layout: 'XYZW' }],
    main: (r) => r.dx,
  },
  batchNorm: {
    optional: true,
    inputs: () => ({ x: f32([1, 4, 4, 3]) }),
    options: { mean: [0.1, 0, -0.1], variance: [1, 2, 0.5], scale: [1, 0.5, 2], offset: [0, 1, 0], epsilon: 0.001 },
    call: (cd, { x }, o) => cd.batchNorm(x, o),
    tensors: ['x'],
    keys: ['mean', 'variance', 'scale', 'offset', 'epsilon', 'layout'],
    shapes: ({ x }) => x.shape,
    shapeCases: [[() => ({ x: f32([1, 3, 4, 4]) }), { mean: [0, 0, 0], variance: [1, 1, 1], layout: 'NCHW' }]],
    badOptions: [{ mean: [0, 0, 0], variance: [1, 1, 1], layout: 'XYZW' }],
  },
  conv1d: {
    optional: true,
    inputs: () => ({ x: f32([2, 9, 2]), filter: f32([3, 2, 3], 2) }),
    options: { padding: 'same' },
    call: (cd, { x, filter }, o) => cd.conv1d(x, filter, o),
    tensors: ['x', 'filter'],
    keys: CONV_KEYS,
    shapes: ({ x, filter }) => [x.shape, filter.shape],
    shapeCases: [
      [() => ({ x: f32([2, 9, 2]), filter: f32([3, 2, 3], 2) }), { strides: 2, dilations: 2, padding: [1, 2] }],
      [() => ({ x: f32([2, 2, 9]), filter: f32([3, 2, 3], 2) }), { layout: 'NCW', padding: 'same_lower' }],
      [() => ({ x: f32([9, 2]), filter: f32([3, 2, 3], 2) }), { padding: 1 }],
    ],
    badOptions: [{ strides: 0 }, { padding: [[1, 2, 3]] }],
  },
  conv1dGradInput: {
    optional: true,
    inputs: () => ({ dy: f32([2, 9, 3], 2), filter: f32([3, 2, 3]) }),
    options: { inputShape: [2, 9, 2], padding: 'same' },
    call: (cd, { dy, filter }, o) => cd.conv1dGradInput(dy, filter, o),
    tensors: ['dy', 'filter'],
    keys: ['inputShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout'],
    shapes: ({ dy, filter }) => [dy.shape, filter.shape],
    shapeCases: [
      [() => ({ dy: f32([2, 3, 4], 2), filter: f32([3, 2, 3]) }), { inputShape: [2, 2, 9], strides: 2, layout: 'NCW' }],
    ],
    badOptions: [{ inputShape: [2, 8, 2], padding: 'valid' }, { padding: 'same' }],
  },
  conv1dGradFilter: {
    optional: true,
    inputs: () => ({ x: f32([2, 9, 2]), dy: f32([2, 9, 3], 2) }),
    options: { filterShape: [3, 2, 3], padding: 'same' },
    call: (cd, { x, dy }, o) => cd.conv1dGradFilter(x, dy, o),
    tensors: ['x', 'dy'],
    keys: ['filterShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout'],
    shapes: ({ x, dy }) => [x.shape, dy.shape],
    shapeCases: [
      [() => ({ x: f32([2, 2, 9]), dy: f32([2, 3, 4], 2) }), { filterShape: [3, 2, 3], strides: 2, layout: 'NCW' }],
    ],
    badOptions: [{ filterShape: [3, 3, 3], padding: 'same' }],
  },
  conv3d: {
    optional: true,
    inputs: () => ({ x: f32([1, 4, 5, 5, 2]), filter: f32([2, 3, 3, 2, 3], 2) }),
    options: { padding: 'same' },
    call: (cd, { x, filter }, o) => cd.conv3d(x, filter, o),
    tensors: ['x', 'filter'],
    keys: CONV_KEYS,
    shapes: ({ x, filter }) => [x.shape, filter.shape],
    shapeCases: [
      [
        () => ({ x: f32([2, 5, 6, 7, 2]), filter: f32([2, 3, 3, 2, 3], 2) }),
        {
          strides: [1, 2, 2],
          dilations: [2, 1, 1],
          padding: [
            [1, 0],
            [1, 1],
            [0, 2],
          ],
        },
      ],
      [
        () => ({ x: f32([1, 2, 4, 5, 5]), filter: f32([3, 2, 2, 3, 3], 2) }),
        { layout: 'NCDHW', padding: 'same_lower' },
      ],
      [() => ({ x: f32([4, 5, 5, 2]), filter: f32([2, 3, 3, 2, 3], 2) }), { padding: 1 }],
    ],
    badOptions: [{ strides: 0 }, { strides: [1, 1] }, { padding: [[1, 1]] }],
  },
  conv3dGradInput: {
    optional: true,
    inputs: () => ({ dy: f32([1, 4, 5, 5, 3], 2), filter: f32([2, 3, 3, 2, 3]) }),
    options: { inputShape: [1, 4, 5, 5, 2], padding: 'same' },
    call: (cd, { dy, filter }, o) => cd.conv3dGradInput(dy, filter, o),
    tensors: ['dy', 'filter'],
    keys: ['inputShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout'],
    shapes: ({ dy, filter }) => [dy.shape, filter.shape],
    shapeCases: [
      [
        () => ({ dy: f32([1, 3, 2, 2, 2], 2), filter: f32([3, 2, 2, 3, 3]) }),
        { inputShape: [1, 2, 4, 5, 5], layout: 'NCDHW', strides: 2 },
      ],
    ],
    badOptions: [{ inputShape: [1, 4, 5, 5, 2], padding: 'valid' }, { padding: 'same' }],
  },
  conv3dGradFilter: {
    optional: true,
    inputs: () => ({ x: f32([1, 4, 5, 5, 2]), dy: f32([1, 4, 5, 5, 3], 2) }),
    options: { filterShape: [2, 3, 3, 2, 3], padding: 'same' },
    call: (cd, { x, dy }, o) => cd.conv3dGradFilter(x, dy, o),
    tensors: ['x', 'dy'],
    keys: ['filterShape', 'strides', 'padding', 'dilations', 'layout', 'filterLayout'],
    shapes: ({ x, dy }) => [x.shape, dy.shape],
    shapeCases: [
      [
        () => ({ x: f32([1, 2, 4, 5, 5]), dy: f32([1, 3, 2, 2, 2], 2) }),
        { filterShape: [3, 2, 2, 3, 3], layout: 'NCDHW', strides: 2 },
      ],
    ],
    badOptions: [{ filterShape: [2, 3, 3, 3, 3], padding: 'same' }],
  },
  matMul: {
    optional: true,
    inputs: () => ({ a: f32([3, 4]), b: f32([4, 5], 2) }),
    options: {},
    call: (cd, { a, b }, o) => cd.matMul(a, b, o),
    tensors: ['a', 'b'],
    keys: ['transposeA', 'transposeB', 'bias', 'activation'],
    shapes: ({ a, b }) => [a.shape, b.shape],
    shapeCases: [
      [() => ({ a: f32([2, 4, 3]), b: f32([5, 4], 2) }), { transposeA: true, transposeB: true }],
      [() => ({ a: f32([3, 4]), b: f32([2, 4, 5], 2) }), { bias: [1, 2, 3, 4, 5], activation: 'relu' }],
    ],
    badOptions: [{ transposeB: true }, { bias: [1, 2] }, { activation: 'gelu' }],
  },
  dense: {
    optional: true,
    inputs: () => ({ x: f32([2, 3, 6]), kernel: f32([6, 4], 2) }),
    options: {},
    call: (cd, { x, kernel }, o) => cd.dense(x, kernel, o),
    tensors: ['x', 'kernel'],
    keys: ['bias', 'activation', 'transposeB'],
    shapes: ({ x, kernel }) => [x.shape, kernel.shape],
    shapeCases: [[() => ({ x: f32([6]), kernel: f32([4, 6], 2) }), { transposeB: true }]],
    badOptions: [{ transposeB: true }, { bias: [1] }],
  },
};

// Functions of the API object that are not ops. upload and reshape take a
// tensor (so they are in the resident-ownership table) but no options; outputShape's options are
// the op's own (tested in outputShape.test.mjs).
export const RUNTIME = {
  upload: { tensors: ['x'], call: (cd, { x }) => cd.upload(x), inputs: () => ({ x: f32([2, 3, 4]) }) },
  reshape: {
    tensors: ['x'],
    call: (cd, { x }) => cd.reshape(x, [4, -1]),
    inputs: () => ({ x: f32([2, 3, 4]) }),
  },
  memory: {},
  releaseMemory: {},
  outputShape: {},
  tidy: {},
  dispose: {},
};

// The contract's required functions (everything but the optional new ops).
export const REQUIRED = [...Object.keys(OPS).filter((fn) => !OPS[fn].optional), ...Object.keys(RUNTIME)];

export function apiFunctions(cd) {
  return Object.keys(cd)
    .filter((k) => typeof cd[k] === 'function')
    .sort();
}

// Rows of the ops the instance has (optional ones only when present).
export function presentOps(cd) {
  return Object.entries(OPS).filter(([fn]) => typeof cd[fn] === 'function');
}

// Functions of the instance that no row covers.
export function uncovered(cd) {
  return apiFunctions(cd).filter((fn) => !(fn in OPS) && !(fn in RUNTIME));
}
