// The benchmark cases A–I and Z (from the performance brief, PERF-ANCHORS.md), M1–M3 (matMul),
// V1 (conv3d) and R1–R2 (grouped conv2d), their seeded
// inputs and the issue-4 targets. Browser-safe (no Node imports): the Node benchmark and
// bench/browser.mjs share it.

/** mulberry32: a small seeded generator; uniform floats in [-1, 1), rounded to float32. */
export function seededUniform(count, seed) {
  let a = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296; // [0, 1)
    out[i] = u * 2 - 1;
  }
  return out;
}

function seedOf(id, salt) {
  let h = 2166136261 ^ salt;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const size = (shape) => shape.reduce((a, b) => a * b, 1);

// Targets (issue 4), as ratios on the data-in/out ("io") figure. `vs`: 'fastest' = the fastest
// peer; otherwise one named peer. `min`: the ratio peer time / condense time must be >= min
// (or > min when `strict`).
const POOL_TARGET = { vs: 'fastest', min: 2.5, text: '≥ 2.5x fastest peer' };

export const CASES = [
  {
    id: 'A',
    title: 'max pool 2x2 s2 same, 1x400x400x1',
    kind: 'maxPool',
    input: [1, 400, 400, 1],
    pool: { size: [2, 2], strides: [2, 2], padding: 'same' },
    roofline: 9,
    target: POOL_TARGET,
  },
  {
    id: 'B',
    title: 'max pool 2x2 s2 valid, 1x112x112x64',
    kind: 'maxPool',
    input: [1, 112, 112, 64],
    pool: { size: [2, 2], strides: [2, 2], padding: 'valid' },
    roofline: 46,
    target: POOL_TARGET,
  },
  {
    id: 'C',
    title: 'max pool 3x3 s2 same, 1x112x112x64',
    kind: 'maxPool',
    input: [1, 112, 112, 64],
    pool: { size: [3, 3], strides: [2, 2], padding: 'same' },
    roofline: 46,
    target: POOL_TARGET,
  },
  {
    id: 'D',
    title: 'avg pool 2x2 s2 valid, 1x112x112x64',
    kind: 'avgPool',
    input: [1, 112, 112, 64],
    pool: { size: [2, 2], strides: [2, 2], padding: 'valid' },
    roofline: 46,
    target: POOL_TARGET,
  },
  {
    id: 'E1',
    title: 'global avg pool 1x7x7x512',
    kind: 'globalAvg',
    input: [1, 7, 7, 512],
    roofline: 1.2,
    target: { vs: 'fastest', min: 1.5, text: '≥ 1.5x fastest peer' },
  },
  {
    id: 'E2',
    title: 'global avg pool 1x56x56x256',
    kind: 'globalAvg',
    input: [1, 56, 56, 256],
    roofline: 37,
    target: { vs: 'fastest', min: 1.5, text: '≥ 1.5x fastest peer' },
  },
  {
    id: 'F',
    title: 'ReLU 1x112x112x64',
    kind: 'relu',
    input: [1, 112, 112, 64],
    roofline: 74,
    target: { vs: 'fastest', min: 2, text: '≥ 2x fastest peer' },
  },
  {
    id: 'G',
    title: 'conv 3x3 1→1 same, 1x400x400x1',
    kind: 'conv',
    input: [1, 400, 400, 1],
    filter: [3, 3, 1, 1],
    conv: { padding: 'same' },
    roofline: 58,
    target: { vs: 'fastest', min: 3, text: '≥ 3x fastest peer' },
  },
  {
    id: 'H',
    title: 'conv 3x3 64→64 same, 1x56x56x64',
    kind: 'conv',
    input: [1, 56, 56, 64],
    filter: [3, 3, 64, 64],
    conv: { padding: 'same' },
    roofline: 4644,
    target: { vs: 'tfjs-wasm', min: 1, strict: true, text: 'faster than tfjs-wasm' },
  },
  {
    id: 'I',
    title: 'pipeline 1x400x400x1: conv 3x3 same → ReLU → max pool 2x2 s2 same',
    kind: 'convPool',
    input: [1, 400, 400, 1],
    filter: [3, 3, 1, 1],
    conv: { padding: 'same' },
    pool: { size: [2, 2], strides: [2, 2], padding: 'same' },
    roofline: 58,
    target: { vs: 'fastest', min: 4, text: '≥ 4x fastest peer (fused)' },
  },
  {
    id: 'Z',
    title: 'ReLU on 16 floats (per-call overhead)',
    kind: 'relu',
    input: [16],
    roofline: 0,
    target: { vs: 'tfjs-cpu', min: 1, text: 'no worse than tfjs-cpu' },
  },
  // Matrix products (issue 11): input a [m, k], filter b [k, n]; roofline = 2mkn flops at the
  // 49.8 GFLOP/s f32x4 mul+add peak (PERF-ANCHORS.md).
  matMulCase('M1', 'matMul 256x256 · 256x256', 256, 256, 256),
  matMulCase('M2', 'Dense 1x3136 → 128 (matMul)', 1, 3136, 128),
  matMulCase('M3', 'Dense 32x3136 → 128 (matMul)', 32, 3136, 128),
  // Convolutions of issue 11, filters resident in condense as in the peers (tfjs tensor, ORT
  // initializer). Roofline = the case's flops at the f32x4 peak.
  convCase('V1', 'conv3d 3x3x3 16→16 same, 1x16x32x32x16', {
    kind: 'conv3d',
    input: [1, 16, 32, 32, 16],
    filter: [3, 3, 3, 16, 16],
    conv: { padding: 'same' },
  }),
  convCase('R1', 'grouped conv 3x3 128→128 groups 32 same (ResNeXt), 1x28x28x128', {
    kind: 'conv',
    input: [1, 28, 28, 128],
    filter: [3, 3, 4, 128],
    conv: { padding: 'same', groups: 32 },
  }),
  convCase('R2', 'grouped conv 3x3 64→64 groups 2 same (ONNX group=2), 1x56x56x64', {
    kind: 'conv',
    input: [1, 56, 56, 64],
    filter: [3, 3, 32, 64],
    conv: { padding: 'same', groups: 2 },
  }),
];

// 'same' convolutions at stride 1: the output has the input's spatial size; each output value
// takes prod(filter[0..-2]) multiply-adds.
function convCase(id, title, c) {
  const spatial = c.input.slice(1, -1).reduce((a, b) => a * b, 1);
  const macs = c.filter.slice(0, -1).reduce((a, b) => a * b, 1);
  const flops = 2 * c.input[0] * spatial * c.filter[c.filter.length - 1] * macs;
  return {
    id,
    title,
    ...c,
    residentFilter: true,
    flops,
    roofline: Math.round(flops / 49.8e3),
    target: { vs: 'tfjs-wasm', min: 1, text: 'no slower than tfjs-wasm' },
  };
}

function matMulCase(id, title, m, k, n) {
  const flops = 2 * m * k * n;
  return {
    id,
    title,
    kind: 'matMul',
    input: [m, k],
    filter: [k, n],
    flops,
    roofline: Math.round(flops / 49.8e3),
    target: { vs: 'tfjs-wasm', min: 1, text: 'no slower than tfjs-wasm' },
  };
}

/** The seeded input (and filter) of a case: identical in every process and in the browser. */
export function makeInputs(c) {
  const x = seededUniform(size(c.input), seedOf(c.id, 1));
  const filter = c.filter ? seededUniform(size(c.filter), seedOf(c.id, 2)) : undefined;
  return { x, filter };
}

/** Output-check tolerances: |got - want| <= atol + rtol * |want|. Max pool and ReLU are exact. */
export function tolerance(c) {
  switch (c.kind) {
    case 'maxPool':
    case 'relu':
      return { atol: 0, rtol: 0 };
    case 'avgPool':
      return { atol: 1e-6, rtol: 1e-6 };
    case 'globalAvg':
      return { atol: 1e-6, rtol: 1e-5 };
    case 'matMul':
      // float32 sums of k products in different orders.
      return { atol: 2.5e-7 * c.filter[0], rtol: 1e-5 };
    default: {
      // Convolutions: float32 sums of kh*kw*inC (kd*kh*kw*inC) products, accumulated in different orders.
      const terms = c.filter.slice(0, -1).reduce((a, b) => a * b, 1);
      return { atol: 2.5e-7 * terms, rtol: 1e-5 };
    }
  }
}

export function selectCases(ids) {
  if (!ids || ids.length === 0) return CASES;
  const wanted = new Set(ids.map((s) => s.toUpperCase()));
  const chosen = CASES.filter((c) => wanted.has(c.id));
  const unknown = [...wanted].filter((id) => !CASES.some((c) => c.id === id));
  if (unknown.length)
    throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`);
  return chosen;
}
