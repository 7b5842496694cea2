// Tiny VGG (CNN Explainer's trained model, ../models/tiny-vgg/, MIT) on condense's core API:
// model.json's topology and weightsManifest are read as tf.loadLayersModel reads them (the
// weight groups' files concatenated in order, each weight a float32 slice in manifest order),
// and the layers run as conv2d (with its bias) → relu → … → maxPool2d → flatten → dense, with
// the softmax taken from the logits as Keras's softmax does (exp(x - max) / sum). No DOM: the
// page and the tests in Node use the same code.

/** The model's ten classes, in output order (a 10-class subset of Tiny ImageNet). */
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
export const TINY_VGG_SIZE = 64;
export const TINY_VGG_URL = new URL('../models/tiny-vgg/', import.meta.url);

const prod = (shape) => shape.reduce((a, b) => a * b, 1);

/**
 * The weights of a layers-model: `json` is model.json, `buffers` the ArrayBuffers of every path
 * of every weightsManifest group, in manifest order. Returns Map(name -> { shape, data }).
 */
export function parseWeights(json, buffers) {
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    all.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  const weights = new Map();
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization) {
      const what = spec.quantization ? `quantized to ${spec.quantization.dtype}` : spec.dtype;
      throw new Error(`Tiny VGG: weight ${spec.name} is ${what}; this page reads float32 weights only`);
    }
    const bytes = prod(spec.shape) * 4;
    if (offset + bytes > total) throw new Error(`Tiny VGG: the weight files end inside ${spec.name}`);
    weights.set(spec.name, { shape: spec.shape, data: new Float32Array(all.slice(offset, offset + bytes).buffer) });
    offset += bytes;
  }
  if (offset !== total)
    throw new Error(`Tiny VGG: ${total - offset} bytes of the weight files are not in the manifest`);
  return weights;
}

/**
 * The layer list of a Sequential model of Conv2D / Activation / MaxPooling2D / Flatten / Dense
 * layers, with their weights: [{ name, kind, config, kernel, bias }], and the input shape.
 */
export function buildModel(json, weights) {
  const config = json.modelTopology.model_config.config;
  const layerConfigs = Array.isArray(config) ? config : config.layers;
  const inputShape = layerConfigs[0].config.batch_input_shape.slice(1);
  const layers = layerConfigs.map(({ class_name: kind, config: c }) => {
    const known = ['Conv2D', 'Activation', 'MaxPooling2D', 'Flatten', 'Dense'];
    if (!known.includes(kind)) throw new Error(`Tiny VGG: layer ${c.name} is a ${kind}, which this page does not run`);
    const layer = { name: c.name, kind, config: c };
    if (kind === 'Conv2D' || kind === 'Dense') {
      layer.kernel = weights.get(`${c.name}/kernel`);
      layer.bias = c.use_bias ? weights.get(`${c.name}/bias`) : undefined;
      if (!layer.kernel || (c.use_bias && !layer.bias)) throw new Error(`Tiny VGG: weights of ${c.name} are missing`);
    }
    return layer;
  });
  return { inputShape, layers };
}

/** Reads model.json and its weight files over fetch (the page) and builds the model. */
export async function fetchTinyVgg(base = TINY_VGG_URL, fetchFn = fetch) {
  const get = async (url) => {
    const response = await fetchFn(url);
    if (!response.ok) throw new Error(`Tiny VGG: ${url} gave HTTP ${response.status}`);
    return response;
  };
  const json = await (await get(new URL('model.json', base))).json();
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const buffers = await Promise.all(paths.map(async (p) => (await get(new URL(p, base))).arrayBuffer()));
  return buildModel(json, parseWeights(json, buffers));
}

/**
 * The model's input from RGBA pixels ({ data, width, height }, e.g. a canvas's ImageData), as
 * CNN Explainer prepares it: the centre square, resized bilinearly (TF's half-pixel centres,
 * cd.fromImageData) to 64x64, RGB / 255. Returns [1, 64, 64, 3].
 */
export function modelInput(cd, { data, width, height }) {
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const crop = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * width + left) * 4;
    crop.set(data.subarray(from, from + side * 4), y * side * 4);
  }
  const size = [TINY_VGG_SIZE, TINY_VGG_SIZE];
  return cd.fromImageData({ data: crop, width: side, height: side }, { channels: 3, size });
}

/** Keras's softmax of one row of logits: exp(x - max) / sum. */
export function softmax(logits) {
  const max = Math.max(...logits);
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

const ACTIVATIONS = { linear: undefined, relu: 'relu' };

/**
 * Runs the model on x ([1, 64, 64, 3] in [0, 1]) with condense `cd`. Returns { layers: [{ name,
 * kind, what, output, ms }], logits, probs, ms }: every layer's output tensor (Flatten and the
 * Dense layer included; the Dense layer's output is the logits, its softmax is `probs`).
 */
export function runModel(cd, model, x) {
  const t0 = performance.now();
  const layers = [];
  let y = x;
  let logits = null;
  for (const layer of model.layers) {
    const c = layer.config;
    const s = performance.now();
    let what;
    if (layer.kind === 'Conv2D') {
      const [kh, kw, , filters] = layer.kernel.shape;
      y = cd.conv2d(y, layer.kernel, {
        strides: c.strides,
        padding: c.padding,
        dilations: c.dilation_rate,
        bias: layer.bias && layer.bias.data,
        activation: ACTIVATIONS[c.activation],
      });
      what = `Conv2D ${kh}×${kw}, ${filters} filters, ${c.padding}`;
    } else if (layer.kind === 'Activation') {
      if (c.activation !== 'relu') throw new Error(`Tiny VGG: activation ${c.activation} is not run here`);
      y = cd.relu(y);
      what = 'ReLU';
    } else if (layer.kind === 'MaxPooling2D') {
      y = cd.maxPool2d(y, { poolSize: c.pool_size, strides: c.strides, padding: c.padding });
      what = `MaxPooling2D ${c.pool_size.join('×')}, stride ${c.strides[0]}`;
    } else if (layer.kind === 'Flatten') {
      y = { shape: [y.shape[0], prod(y.shape.slice(1))], data: y.data }; // NHWC order, as Keras's channels_last
      what = 'Flatten';
    } else {
      // Dense: the logits, then the softmax from them as Keras's softmax activation does.
      y = cd.dense(y, layer.kernel, { bias: layer.bias && layer.bias.data });
      logits = Array.from(y.data);
      what = `Dense ${layer.kernel.shape[1]}${c.activation === 'softmax' ? ' + softmax' : ''}`;
      if (c.activation !== 'softmax' && c.activation !== 'linear') throw new Error(`Tiny VGG: ${c.activation}?`);
    }
    layers.push({ name: c.name, kind: layer.kind, what, output: y, ms: performance.now() - s });
  }
  const last = model.layers[model.layers.length - 1];
  const probs = last.config.activation === 'softmax' ? softmax(logits) : logits;
  return { layers, logits, probs, ms: performance.now() - t0 };
}

/** The last 4-D output of the model (Tiny VGG: max_pool_2, [1, 13, 13, 10]). */
export function lastMaps(result) {
  return [...result.layers].reverse().find((l) => l.output.shape.length === 4);
}

/** Cosine similarity of two vectors (0 when either is all zeros). */
export function cosine(a, b) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Parameters of a Dense head of `units` outputs on maps [h, w, c]: with Flatten (h*w*c inputs)
 * and with global average pooling (c inputs).
 */
export function headParams([h, w, c], units) {
  return { flattenInputs: h * w * c, flatten: h * w * c * units + units, gapInputs: c, gap: c * units + units };
}
