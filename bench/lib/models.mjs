// The real models of issue 12 (browser-safe: no Node imports), shared by the model benchmark
// (models-bench.mjs), tests/models/ and the browser test:
// - Tiny VGG (CNN Explainer's trained model, web/models/tiny-vgg/): its input preprocessing
//   (centre square crop, bilinear to 64x64, RGB / 255) and seeded synthetic images;
// - the pooling notebook's MNIST model (Conv2D 32 → MaxPool → Conv2D 32 → MaxPool → Flatten →
//   Dense 128 → Dense 10), with seeded initial weights;
// - FLOP counts from the layer shapes (multiply-adds of Conv2D and Dense only).
import { seededUniform } from './cases.mjs';

export const TINY_VGG_SIZE = 64;
export const TINY_VGG_CLASSES = [
  'lifeboat',
  'ladybug',
  'pizza',
  'bell pepper',
  'school bus',
  'koala',
  'espresso',
  'red panda',
  'orange',
  'sport car',
];

/**
 * An RGBA image ({ data, width, height }) as Tiny VGG's input: the centred square crop,
 * resized bilinearly (half-pixel centres, edges clamped) to size x size, RGB / 255, HWC.
 */
export function preprocessImage({ data, width, height }, size = TINY_VGG_SIZE) {
  const side = Math.min(width, height);
  const top = (height - side) / 2;
  const left = (width - side) / 2;
  const scale = side / size;
  const out = new Float32Array(size * size * 3);
  const px = (y, x, c) => data[(y * width + x) * 4 + c];
  for (let oy = 0; oy < size; oy++) {
    const sy = Math.min(Math.max(top + (oy + 0.5) * scale - 0.5, 0), height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const fy = sy - y0;
    for (let ox = 0; ox < size; ox++) {
      const sx = Math.min(Math.max(left + (ox + 0.5) * scale - 0.5, 0), width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const a = px(y0, x0, c) * (1 - fx) + px(y0, x1, c) * fx;
        const b = px(y1, x0, c) * (1 - fx) + px(y1, x1, c) * fx;
        out[(oy * size + ox) * 3 + c] = (a * (1 - fy) + b * fy) / 255;
      }
    }
  }
  return out;
}

/** `count` seeded synthetic images in [0, 1), concatenated ([count, 64, 64, 3] as one array). */
export function syntheticImages(count, seed, size = TINY_VGG_SIZE) {
  const u = seededUniform(count * size * size * 3, seed);
  for (let i = 0; i < u.length; i++) u[i] = (u[i] + 1) / 2;
  return u;
}

/**
 * The pooling notebook's model (its `model.summary()`: 211,690 parameters), or with
 * `pooling: false` the notebook's no-pooling variant (3,222,250 parameters). Initial weights
 * are seeded (Glorot uniform kernels, zero biases), so every backend starts from the same ones.
 */
export function notebookModel(tfl, { pooling = true, seed = 12 } = {}) {
  const init = (k) => tfl.initializers.glorotUniform({ seed: seed + k });
  const layers = [
    tfl.layers.conv2d({
      filters: 32,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      inputShape: [28, 28, 1],
      kernelInitializer: init(1),
    }),
  ];
  if (pooling) layers.push(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }));
  layers.push(
    tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
  );
  if (pooling) layers.push(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }));
  layers.push(
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3) }),
    tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }),
  );
  return tfl.sequential({ layers });
}

const prod = (a) => a.reduce((x, y) => x * y, 1);

/**
 * Floating-point operations per image of a Sequential model's Conv2D and Dense layers, counted
 * from the layer shapes as 2 per multiply-add (biases, activations, pooling and the loss are not
 * counted). `forward`: one inference. `training`: forward + backward, where the backward pass
 * of each layer costs twice its forward (input gradient and weight gradient) except the first
 * weighted layer, whose input gradient tfjs does not compute.
 */
export function modelFlops(model) {
  let forward = 0;
  let first = null;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    let f = 0;
    if (cls === 'Conv2D') {
      const out = layer.outputShape; // [null, h, w, filters]
      f = 2 * prod(out.slice(1)) * prod(layer.kernelSize) * layer.input.shape[3];
    } else if (cls === 'Dense') {
      f = 2 * layer.input.shape[layer.input.shape.length - 1] * layer.units;
    }
    if (f > 0 && first === null) first = f;
    forward += f;
  }
  return { forward, training: 3 * forward - (first ?? 0) };
}
