// One case per family of kernels condense serves: a tfjs computation (forward, and gradients
// where tfjs's gradients call condense's backward kernels) and the kernels it must reach.
// tests/tfjs/served-kernels.test.mjs runs each on 'condense' and on 'cpu' and compares.

// Deterministic data in [-1, 1) (a 32-bit LCG), so both backends see the same tensors.
export function data(size, seed) {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function cases(tf) {
  const t = (shape, seed) =>
    tf.tensor(
      data(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
      shape,
    );
  const sum = (y) => tf.sum(tf.mul(y, t(y.shape, 99)));
  return [
    {
      name: 'conv2d NHWC, same, stride 2, and its gradients',
      kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'],
      run: () => tf.grads((x, w) => sum(tf.conv2d(x, w, 2, 'same')))([t([2, 9, 10, 3], 1), t([3, 3, 3, 5], 2)]),
    },
    {
      name: 'conv2d NCHW, explicit padding, dilation 2',
      kernels: ['Conv2D'],
      run: () =>
        tf.conv2d(
          t([1, 3, 8, 7], 3),
          t([3, 3, 3, 4], 4),
          1,
          [
            [0, 0],
            [0, 0],
            [1, 2],
            [2, 0],
          ],
          'NCHW',
          2,
        ),
    },
    {
      name: 'fused conv2d: bias with relu, relu6, leakyrelu, prelu',
      kernels: ['FusedConv2D'],
      run: () =>
        ['relu', 'relu6', 'leakyrelu', 'prelu'].map((activation) =>
          tf.fused.conv2d({
            x: t([1, 6, 6, 2], 5),
            filter: t([2, 2, 2, 4], 6),
            strides: 1,
            pad: 'valid',
            bias: t([4], 7),
            activation,
            preluActivationWeights: t([4], 8),
            leakyreluAlpha: 0.3,
          }),
        ),
    },
    {
      name: 'fused conv2d NCHW: per-channel bias and prelu slopes, leakyrelu',
      kernels: ['FusedConv2D'],
      run: () =>
        ['prelu', 'leakyrelu'].map((activation) =>
          tf.fused.conv2d({
            x: t([2, 3, 6, 5], 40),
            filter: t([3, 3, 3, 4], 41),
            strides: [1, 2],
            pad: 'same',
            dataFormat: 'NCHW',
            bias: t([4], 42),
            activation,
            preluActivationWeights: t([4], 43),
            leakyreluAlpha: 0.25,
          }),
        ),
    },
    {
      name: 'depthwiseConv2d (multiplier 2) and its gradients, fused depthwise with bias and relu',
      kernels: [
        'DepthwiseConv2dNative',
        'DepthwiseConv2dNativeBackpropInput',
        'DepthwiseConv2dNativeBackpropFilter',
        'FusedDepthwiseConv2D',
      ],
      run: () => [
        ...tf.grads((x, w) => sum(tf.depthwiseConv2d(x, w, 1, 'same')))([t([2, 7, 7, 3], 9), t([3, 3, 3, 2], 10)]),
        tf.fused.depthwiseConv2d({
          x: t([1, 5, 5, 3], 11),
          filter: t([3, 3, 3, 1], 12),
          strides: 2,
          pad: 'same',
          bias: t([3], 13),
          activation: 'relu',
        }),
      ],
    },
    {
      name: 'conv3d and its gradients',
      kernels: ['Conv3D', 'Conv3DBackpropInputV2', 'Conv3DBackpropFilterV2'],
      run: () => tf.grads((x, w) => sum(tf.conv3d(x, w, 1, 'same')))([t([1, 4, 5, 5, 2], 14), t([2, 3, 3, 2, 3], 15)]),
    },
    {
      name: 'maxPool (same) and avgPool (valid) with their gradients',
      kernels: ['MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad'],
      run: () => [
        ...tf.grads((x) => sum(tf.maxPool(x, 3, 2, 'same')))([t([2, 9, 8, 3], 16)]),
        ...tf.grads((x) => sum(tf.avgPool(x, [2, 3], 1, 'valid')))([t([2, 6, 7, 3], 17)]),
      ],
    },
    {
      name: 'maxPoolWithArgmax',
      kernels: ['MaxPoolWithArgmax'],
      run: () => {
        const { result, indexes } = tf.maxPoolWithArgmax(t([2, 6, 6, 3], 18), 2, 2, 'same', true);
        return [result, indexes];
      },
    },
    {
      name: 'maxPool3d (same) and avgPool3d (valid) with their gradients',
      kernels: ['MaxPool3D', 'MaxPool3DGrad', 'AvgPool3D', 'AvgPool3DGrad'],
      run: () => [
        ...tf.grads((x) => sum(tf.maxPool3d(x, 2, 2, 'same')))([t([1, 5, 5, 5, 2], 19)]),
        ...tf.grads((x) => sum(tf.avgPool3d(x, 2, 1, 'valid')))([t([1, 4, 4, 4, 2], 20)]),
      ],
    },
    {
      name: 'relu, relu6, leakyRelu, prelu, clipByValue',
      kernels: ['Relu', 'Relu6', 'LeakyRelu', 'Prelu', 'ClipByValue'],
      run: () => {
        const x = tf.mul(t([3, 4, 5], 21), 8);
        return [tf.relu(x), tf.relu6(x), tf.leakyRelu(x, 0.1), tf.prelu(x, t([5], 22)), tf.clipByValue(x, -2, 3)];
      },
    },
    {
      name: 'matMul (batched, broadcast, transposed) with gradients, fused matMul with bias and relu',
      kernels: ['BatchMatMul', '_FusedMatMul'],
      run: () => [
        ...tf.grads((a, b) => sum(tf.matMul(a, b, false, true)))([t([3, 4, 6], 23), t([3, 5, 6], 24)]),
        tf.matMul(t([2, 3, 4, 6], 25), t([6, 2], 26)),
        tf.matMul(t([5, 7], 27), t([5, 3], 28), true, false),
        tf.fused.matMul({ a: t([4, 6], 29), b: t([6, 3], 30), bias: t([3], 31), activation: 'relu' }),
      ],
    },
    {
      name: 'batchNorm (4-D, per-channel moments, scale and offset)',
      kernels: ['FusedBatchNorm'],
      run: () => {
        const v = tf.add(tf.abs(t([4], 35)), 0.5);
        return tf.batchNorm(t([2, 3, 3, 4], 32), t([4], 33), v, t([4], 34), t([4], 36), 0.001);
      },
    },
    {
      name: 'mean and max over the spatial axes (NHWC and NCHW), keepDims or not',
      kernels: ['Mean', 'Max'],
      run: () => {
        const x = t([2, 5, 6, 3], 37);
        return [tf.mean(x, [1, 2]), tf.mean(x, [2, 3], true), tf.max(x, [1, 2], true), tf.max(x, [-2, -1])];
      },
    },
    {
      name: 'sum over every axis but the last (bias gradients), keepDims or not',
      kernels: ['Sum'],
      run: () => {
        const x = t([4, 6, 5, 3], 44);
        const y = t([7, 9], 45);
        return [tf.sum(x, [0, 1, 2]), tf.sum(x, [2, 0, 1], true), tf.sum(y, 0), tf.sum(t([3, 4, 5], 46), [0, 1], true)];
      },
    },
    {
      name: 'add of a per-channel bias (either operand), with its gradient',
      kernels: ['Add'],
      run: () => [
        tf.add(t([2, 5, 4, 3], 47), t([3], 48)),
        tf.add(t([6], 49), t([4, 6], 50)),
        ...tf.grads((x, b) => tf.sum(tf.mul(tf.add(x, b), t([3, 4, 5], 52))))([t([3, 4, 5], 51), t([5], 53)]),
      ],
    },
    {
      name: "element-wise kernels on the backend's fast loop: step, mul, add, sub (same shape, scalar)",
      kernels: ['Step', 'Multiply', 'Add', 'Sub'],
      fast: true,
      run: () => [
        tf.step(t([2, 6, 5, 3], 54)),
        tf.step(t([40], 55), 0.25),
        tf.mul(t([3, 7], 56), t([3, 7], 57)),
        tf.mul(tf.scalar(-0.01), t([4, 9], 58)),
        tf.add(t([5, 4], 59), t([5, 4], 60)),
        tf.add(t([5, 4], 61), tf.scalar(3)),
        tf.sub(t([2, 3, 4], 62), t([2, 3, 4], 63)),
        tf.sub(tf.scalar(1), t([6], 64)),
        ...tf.grads((x) => tf.sum(tf.mul(tf.relu(x), t([3, 8, 8, 2], 66))))([t([3, 8, 8, 2], 65)]),
      ],
    },
  ];
}
