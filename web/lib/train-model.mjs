// The pooling notebook's Keras MNIST model, with and without its two MaxPooling2D layers, and
// what the training worker measures with it: the Keras-style summary, held-out accuracy, the
// same digits shifted by k pixels, and every layer's output for one digit. tfjs-core and
// tfjs-layers are passed in (the worker bundles them); the digits are uint8 28x28 images.
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
export const CLASSES = 10;
export const SHIFTS = [0, 1, 2, 3, 4];

/**
 * Conv2D(32, 3, same, relu) → MaxPooling2D(2, 2, same) → Conv2D(32, 3, same, relu) →
 * MaxPooling2D(2, 2, same) → Flatten → Dense(128, relu) → Dense(10, softmax); `pooling: false`
 * drops both pooling layers. Glorot-uniform kernels seeded by `seed` (Keras's default
 * initializer, made repeatable).
 */
export function notebookModel(tfl, { pooling = true, seed = 1 } = {}) {
  const init = (k) => tfl.initializers.glorotUniform({ seed: seed * 16 + k });
  const conv = (k, extra) =>
    tfl.layers.conv2d({
      filters: 32,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(k),
      ...extra,
    });
  const pool = () => tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' });
  const layers = [conv(1, { inputShape: [SIDE, SIDE, 1] })];
  if (pooling) layers.push(pool());
  layers.push(conv(2));
  if (pooling) layers.push(pool());
  layers.push(
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3) }),
    tfl.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(4) }),
  );
  return tfl.sequential({ layers });
}

const KERAS_NAMES = { Conv2D: 'conv2d', MaxPooling2D: 'max_pooling2d', Flatten: 'flatten', Dense: 'dense' };

/** model.summary() as Keras prints it: layer names (conv2d, conv2d_1, …), output shapes, parameters. */
export function kerasSummary(model) {
  const seen = new Map();
  const rows = model.layers.map((layer) => {
    const type = layer.getClassName();
    const base = KERAS_NAMES[type] ?? type.toLowerCase();
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      name: n === 0 ? base : `${base}_${n}`,
      type,
      outputShape: [null, ...layer.outputShape.slice(1)],
      params: layer.countParams(),
    };
  });
  return { rows, total: model.countParams() };
}

/**
 * Digit `i` of `pixels` (uint8) shifted by k pixels, zero-filled, into `out` (floats 0..1) at
 * `at`. The direction cycles with i (right, left, down, up) so every shift is measured in all four.
 */
export function shiftedDigit(pixels, i, k, out, at) {
  const src = i * PIXELS;
  const [dy, dx] = [
    [0, k],
    [0, -k],
    [k, 0],
    [-k, 0],
  ][i % 4];
  out.fill(0, at, at + PIXELS);
  for (let y = 0; y < SIDE; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= SIDE) continue;
    for (let x = 0; x < SIDE; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < SIDE) out[at + y * SIDE + x] = pixels[src + sy * SIDE + sx] / 255;
    }
  }
}

/** Share of `set`'s first `n` digits, shifted by `k`, that the model classifies right (batches of 100). */
export function accuracy(tf, model, set, n, k = 0) {
  const batch = 100;
  const x = new Float32Array(batch * PIXELS);
  let right = 0;
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    for (let j = 0; j < m; j++) shiftedDigit(set.pixels, s + j, k, x, j * PIXELS);
    const best = tf.tidy(() =>
      tf.argMax(model.predict(tf.tensor4d(x.subarray(0, m * PIXELS), [m, SIDE, SIDE, 1])), -1).dataSync(),
    );
    for (let j = 0; j < m; j++) right += best[j] === set.labels[s + j] ? 1 : 0;
  }
  return right / n;
}

/** A training batch: digits order[from..from+size) of `set` as tensors x [size, 28, 28, 1] and one-hot y. */
export function batchTensors(tf, set, order, from, size) {
  const x = new Float32Array(size * PIXELS);
  const y = new Float32Array(size * CLASSES);
  for (let j = 0; j < size; j++) {
    const i = order[(from + j) % order.length];
    for (let p = 0; p < PIXELS; p++) x[j * PIXELS + p] = set.pixels[i * PIXELS + p] / 255;
    y[j * CLASSES + set.labels[i]] = 1;
  }
  return { x: tf.tensor4d(x, [size, SIDE, SIDE, 1]), y: tf.tensor2d(y, [size, CLASSES]) };
}

/** A seeded permutation of 0..n-1 (mulberry32 + Fisher-Yates): the order of an epoch. */
export function permutation(n, seed) {
  let a = seed >>> 0;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Parses web/gen/mnist.bin (see scripts/build-web.mjs) into { train, test } sets of { pixels, labels, n }. */
export function parseMnist(buffer) {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'MNST') throw new Error('mnist.bin: not the demo’s MNIST file (run npm run build)');
  const nTrain = view.getUint32(4, true);
  const nTest = view.getUint32(8, true);
  const n = nTrain + nTest;
  if (bytes.length !== 12 + n + n * PIXELS) throw new Error(`mnist.bin: ${bytes.length} bytes, not ${n} digits`);
  const labels = bytes.subarray(12, 12 + n);
  const pixels = bytes.subarray(12 + n);
  return {
    train: { labels: labels.subarray(0, nTrain), pixels: pixels.subarray(0, nTrain * PIXELS), n: nTrain },
    test: { labels: labels.subarray(nTrain), pixels: pixels.subarray(nTrain * PIXELS), n: nTest },
  };
}
