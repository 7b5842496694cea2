// What section 5 pools, for one decoded image (a canvas source as lib/decode.mjs makes them):
// Tiny VGG's last block (max_pool_2) on the centre square in colour at 64x64 and its global
// averages, and the global averages of the hand-made bank of 7x7 filters (without its mirrored
// pairs) on the same square in grayscale at 224x224.
import { BANK, BANK_SIZE, bankTensor } from './filters.mjs';
import { fitRegion } from './samples.mjs';
import { lastMaps, modelInput, runModel } from './tiny-vgg.mjs';

export const BANK_INPUT = 224;

/**
 * The bank without mirrored pairs: a filter that is minus an earlier one is dropped. The bank's
 * filters have zero mean, so relu(k*x) - relu(-k*x) = k*x averages to ~0 over an image ('valid'
 * convolution): the pair's two averages are the same number on every image.
 */
export function unmirroredBank() {
  const keep = [];
  const dropped = [];
  BANK.forEach((f, i) => {
    const twin = BANK.slice(0, i).find((g) => g.k.every((v, j) => Math.abs(v + f.k[j]) < 1e-9));
    if (twin) dropped.push({ name: f.name, twin: twin.name });
    else keep.push(i);
  });
  const full = bankTensor();
  const out = keep.length;
  const data = new Float32Array(BANK_SIZE * BANK_SIZE * out);
  for (let t = 0; t < BANK_SIZE * BANK_SIZE; t++) {
    keep.forEach((i, o) => (data[t * out + o] = full.data[t * BANK.length + i]));
  }
  return { names: keep.map((i) => BANK[i].name), dropped, tensor: { shape: [BANK_SIZE, BANK_SIZE, 1, out], data } };
}

/** { x, maps, pooled, bankPooled } of a source { canvas, width, height }. */
export function pooledFeatures(cd, model, bank, src) {
  const r = fitRegion(src.width, src.height, BANK_INPUT, 'crop');
  const square = src.canvas.getContext('2d', { willReadFrequently: true }).getImageData(r.sx, r.sy, r.sw, r.sh);
  const x = modelInput(cd, square);
  const maps = lastMaps(runModel(cd, model, x)).output;
  const pooled = Array.from(cd.globalAvgPool2d(maps).data);
  const g = cd.fromImageData(square, { channels: 1, size: r.out });
  const bankMaps = cd.conv2d(g, bank.tensor, { padding: 'valid', activation: 'relu' });
  return { x, maps, pooled, bankPooled: Array.from(cd.globalAvgPool2d(bankMaps).data) };
}
