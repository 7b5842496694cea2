// A bank of 16 named 7x7 filters for global average pooling, and the pipeline's starting
// settings. (The pipeline's 3x3 presets are the lesson module's: ../../bindings/lesson.mjs.)
import { DEFAULT_SETTINGS, presetById } from '../../bindings/lesson.mjs';

/**
 * The page starts on the lesson's edge kernel (-1 around, 8 in the centre). Its weights sum to
 * 0, so flat regions filter to 0 and ReLU leaves "dead space" — about half of Detect is zero on
 * the sample photos, and pooling raises the share of active pixels, as the lesson says. (The
 * exercise's emboss kernel sums to 1: flat regions keep their brightness, only a few percent of
 * Detect is zero, and the dead space the lesson talks about hardly shows.)
 */
export const DEMO_SETTINGS = Object.freeze({ ...DEFAULT_SETTINGS, kernel: presetById('edge').kernel });

export const BANK_SIZE = 7;
const R = (BANK_SIZE - 1) / 2;

function grid(fn) {
  const k = [];
  for (let y = -R; y <= R; y++) for (let x = -R; x <= R; x++) k.push(fn(x, y));
  return k;
}

const gauss = (x, y, s) => Math.exp(-(x * x + y * y) / (2 * s * s));

// Zero mean (a pure feature detector: flat regions give 0), then the positive weights sum to 1,
// so on an image in [0, 1] every ReLU response lies in [0, 1] and the scores are comparable.
function detector(k) {
  const mean = k.reduce((a, b) => a + b, 0) / k.length;
  const z = k.map((v) => v - mean);
  const pos = z.reduce((a, b) => a + Math.max(b, 0), 0);
  return z.map((v) => v / pos);
}

// Derivative of a Gaussian across direction `deg` (0 = left to right): responds to edges
// that go from dark to light along that direction.
function edge(deg, sigma) {
  const t = (deg * Math.PI) / 180;
  return detector(grid((x, y) => (x * Math.cos(t) + y * Math.sin(t)) * gauss(x, y, sigma)));
}

// Negative Laplacian of a Gaussian: a bright spot on a dark surround (sign -1: a dark spot).
function blob(sigma, sign) {
  return detector(grid((x, y) => sign * (2 * sigma * sigma - x * x - y * y) * gauss(x, y, sigma)));
}

function stripes(deg, wavelength, sigma) {
  const t = (deg * Math.PI) / 180;
  return detector(
    grid((x, y) => Math.cos((2 * Math.PI * (x * Math.cos(t) + y * Math.sin(t))) / wavelength) * gauss(x, y, sigma)),
  );
}

/** 16 named filters: edges at four orientations and two scales, spots and blobs, textures. */
export const BANK = [
  { name: 'edge │ fine', k: edge(0, 0.8) },
  { name: 'edge ╱ fine', k: edge(-45, 0.8) },
  { name: 'edge ─ fine', k: edge(90, 0.8) },
  { name: 'edge ╲ fine', k: edge(45, 0.8) },
  { name: 'edge │ coarse', k: edge(0, 2) },
  { name: 'edge ╱ coarse', k: edge(-45, 2) },
  { name: 'edge ─ coarse', k: edge(90, 2) },
  { name: 'edge ╲ coarse', k: edge(45, 2) },
  { name: 'bright spot', k: blob(0.9, 1) },
  { name: 'bright blob', k: blob(1.8, 1) },
  { name: 'dark spot', k: blob(0.9, -1) },
  { name: 'dark blob', k: blob(1.8, -1) },
  { name: 'stripes ═', k: stripes(90, 3, 1.6) },
  { name: 'stripes ║', k: stripes(0, 3, 1.6) },
  { name: 'stripes ╱', k: stripes(-45, 3, 1.6) },
  { name: 'checker / corner', k: detector(grid((x, y) => x * y * gauss(x, y, 1.2))) },
];

/** The whole bank as one filter tensor, HWIO [7, 7, 1, 16]: one conv2d computes all 16 maps. */
export function bankTensor() {
  const n = BANK.length;
  const data = new Float32Array(BANK_SIZE * BANK_SIZE * n);
  BANK.forEach((f, o) =>
    f.k.forEach((v, i) => {
      data[i * n + o] = v;
    }),
  );
  return { shape: [BANK_SIZE, BANK_SIZE, 1, n], data };
}
