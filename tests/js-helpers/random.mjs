// Seeded random data for the agreement tests. Every failure message carries the seed and the
// case, so a failing case can be replayed alone (Catch2's CAPTURE).

// mulberry32: a tiny, well-mixed 32-bit generator.
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

// Channel counts around the SIMD widths (4, 8, 16) and a real layer width.
export const CHANNELS = [...Array.from({ length: 17 }, (_, i) => i + 1), 64];

export function randomData(r, count, lo = -1, hi = 1) {
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = lo + (hi - lo) * r.next();
  return data;
}

export function tensor(shape, data) {
  return { shape, data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

export function randomTensor(r, shape, lo = -1, hi = 1) {
  return {
    shape,
    data: randomData(
      r,
      shape.reduce((a, b) => a * b, 1),
      lo,
      hi,
    ),
  };
}

// 0, 1, 2, ... in the given shape.
export function iota(shape, start = 0) {
  const count = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: count }, (_, i) => start + i) };
}

// Every padding form the API accepts, with random values.
export function randomPadding(r, maxPad = 3) {
  const p = () => r.int(0, maxPad);
  switch (r.int(0, 7)) {
    case 0:
      return 'valid';
    case 1:
      return 'same';
    case 2:
      return r.pick(['VALID', 'SAME', 'same_lower', 'SAME_UPPER', 'SAME_LOWER']);
    case 3:
      return p();
    case 4:
      return [
        [p(), p()],
        [p(), p()],
      ];
    case 5:
      return [
        [0, 0],
        [p(), p()],
        [p(), p()],
        [0, 0],
      ];
    case 6:
      return 'valid';
    default:
      return 'same';
  }
}

// A number or an [h, w] pair (both forms are exercised).
export function randomPair(r, lo, hi) {
  return r.chance(0.5) ? r.int(lo, hi) : [r.int(lo, hi), r.int(lo, hi)];
}

// A random NHWC shape (rank 3 sometimes, to check it comes back as rank 3).
export function randomShape(r, { maxN = 3, maxHW = 12, channels = CHANNELS } = {}) {
  const h = r.int(1, maxHW),
    w = r.int(1, maxHW),
    c = r.pick(channels);
  return r.chance(0.25) ? [h, w, c] : [r.int(1, maxN), h, w, c];
}

export function describeCase(obj) {
  return JSON.stringify(obj, (k, v) => (v instanceof Float32Array ? `Float32Array(${v.length})` : v));
}
