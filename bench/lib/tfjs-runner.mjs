// TensorFlow.js variants (one runner per backend: 'wasm' = XNNPACK, 'cpu' = plain JS).
// "op": the input tensor already lives in the backend; the op runs and its output is disposed.
// "io": the caller holds a Float32Array: tf.tensor(...), the op, dataSync(), dispose.
// Global average pooling has two flavours (tf.mean over H and W, and a full-window avgPool);
// the report takes the faster one.

export function tfjsPrepare(tf, backend, c, inputs) {
  const shape = c.input;
  const ops = [];
  switch (c.kind) {
    case 'maxPool':
      ops.push({ flavor: 'maxPool', fn: (t) => tf.maxPool(t, c.pool.size, c.pool.strides, c.pool.padding) });
      break;
    case 'avgPool':
      ops.push({ flavor: 'avgPool', fn: (t) => tf.avgPool(t, c.pool.size, c.pool.strides, c.pool.padding) });
      break;
    case 'globalAvg':
      ops.push({ flavor: 'mean', fn: (t) => tf.mean(t, [1, 2]) });
      ops.push({ flavor: 'full-window avgPool', fn: (t) => tf.avgPool(t, [shape[1], shape[2]], 1, 'valid') });
      break;
    case 'relu':
      ops.push({ flavor: 'relu', fn: (t) => tf.relu(t) });
      break;
    case 'conv': {
      const f = tf.tensor4d(inputs.filter, c.filter);
      const groups = c.conv.groups ?? 1;
      if (groups === 1) {
        ops.push({ flavor: 'conv2d', fn: (t) => tf.conv2d(t, f, 1, c.conv.padding), keep: [f] });
        break;
      }
      // tfjs has no grouped conv2d: what its users write is split the channels, one conv2d per
      // group, concat (the filter is split once, outside the timing).
      const fs = tf.split(f, groups, 3);
      f.dispose();
      ops.push({
        flavor: `split + ${groups} conv2d + concat`,
        fn: (t) =>
          tf.tidy(() =>
            tf.concat(
              tf.split(t, groups, 3).map((xg, g) => tf.conv2d(xg, fs[g], 1, c.conv.padding)),
              3,
            ),
          ),
        keep: fs,
      });
      break;
    }
    case 'conv3d': {
      const f = tf.tensor5d(inputs.filter, c.filter);
      ops.push({ flavor: 'conv3d', fn: (t) => tf.conv3d(t, f, 1, c.conv.padding), keep: [f] });
      break;
    }
    case 'convPool': {
      const f = tf.tensor4d(inputs.filter, c.filter);
      ops.push({
        flavor: 'fused conv2d+relu, maxPool',
        fn: (t) =>
          tf.tidy(() =>
            tf.maxPool(
              tf.fused.conv2d({ x: t, filter: f, strides: 1, pad: c.conv.padding, activation: 'relu' }),
              c.pool.size,
              c.pool.strides,
              c.pool.padding,
            ),
          ),
        keep: [f],
      });
      break;
    }
    case 'matMul': {
      const b = tf.tensor2d(inputs.filter, c.filter);
      ops.push({ flavor: 'matMul', fn: (t) => tf.matMul(t, b), keep: [b] });
      break;
    }
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
  const xT = tf.tensor(inputs.x, shape);
  const impl = `tfjs-${backend}`;
  const variants = [];
  for (const { flavor, fn } of ops) {
    const op = () => fn(xT).dispose();
    const io = () => {
      const t = tf.tensor(inputs.x, shape);
      const y = fn(t);
      const d = y.dataSync();
      t.dispose();
      y.dispose();
      return d;
    };
    variants.push({
      impl,
      mode: 'op',
      flavor,
      run: op,
      result: () => {
        const y = fn(xT);
        const d = y.dataSync().slice();
        y.dispose();
        return d;
      },
    });
    variants.push({ impl, mode: 'io', flavor, run: io, result: () => io().slice() });
  }
  return {
    variants,
    activate: () => tf.setBackend(backend),
    dispose: () => {
      xT.dispose();
      for (const o of ops) for (const k of o.keep ?? []) k.dispose();
    },
  };
}
