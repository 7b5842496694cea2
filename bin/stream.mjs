// The command line's pipeline a band of rows at a time: each stage (input, filter, detect,
// condense-1, ...) computes the rows its consumers ask for from the rows of the stage before
// it, through condense's public ops on band tensors with explicit padding, so that no
// full-size float map is ever held (--size keep on a 12-megapixel photo: 48 MB a map, 144 MB
// for an RGB one). The maps are computed twice: a first pass takes each stage's statistics
// (and writes the .npy files), a second draws the panels with those scales. Each output
// element comes from the same input elements, in the same order, as the whole-map op computes
// it: the bands are whole rows, and the padding the whole map would have at its top and bottom
// edge is given explicitly to the bands that reach those edges.
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileError } from './io.mjs';

/** Rows of stage 0 a band holds when nothing else asks (the passes' step). */
export const BAND_ROWS = 64;

// TF's padding along one axis: 'same' puts floor(total / 2) before; 'valid' none.
function pads(padding, inSize, outSize, k, s) {
  if (padding === 'valid') return [0, 0];
  const total = Math.max((outSize - 1) * s + k - inSize, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * A stage's rows, computed on demand and kept in a sliding window: `rows(a, b)` returns rows
 * a to b - 1 (a Float32Array of (b - a) * width * channels values, valid until the next call).
 * `compute(a, b, out)` fills `out` with rows a to b - 1. A request that starts inside (or up to
 * `keep` rows past the start of) the window reuses the rows it has and computes only the rest.
 */
class Stage {
  constructor(shape, compute, keep) {
    this.shape = shape;
    this.rowLength = shape[2] * shape[3];
    this.compute = compute;
    this.keep = keep;
    this.buffer = new Float32Array(0);
    this.start = 0;
    this.end = 0;
  }

  reset() {
    this.start = this.end = 0;
  }

  rows(a, b) {
    const n = this.rowLength;
    if (a >= this.start && b <= this.end) return this.buffer.subarray((a - this.start) * n, (b - this.start) * n);
    // Keep the rows of the window from a (or up to `keep` rows before it) that are still there.
    const from = a >= this.start && a <= this.end ? Math.max(this.start, a - this.keep) : a;
    const kept = a >= this.start && a <= this.end ? this.end - from : 0;
    const size = (b - from) * n;
    if (this.buffer.length < size) {
      const grown = new Float32Array(Math.max(size, Math.ceil(this.buffer.length * 1.5)));
      grown.set(this.buffer.subarray((from - this.start) * n, (from - this.start + kept) * n));
      this.buffer = grown;
    } else if (kept > 0) {
      this.buffer.copyWithin(0, (from - this.start) * n, (from - this.start + kept) * n);
    }
    this.compute(from + kept, b, this.buffer.subarray(kept * n, size));
    this.start = from;
    this.end = b;
    return this.buffer.subarray((a - from) * n, (b - from) * n);
  }
}

/**
 * The lesson's stages as banded computations. `source` gives the input map: `{ shape, rows(a, b,
 * out) }` ([1, h, w, channels]; rows fills `out` with that band). `o` holds the command line's
 * options (kernel, padding, pool, times, channels). Returns the stages in order, each
 * `{ stage, shape, rows(a, b) }`. The whole-map shapes come from condense's outputShape, so bad
 * options fail here with the op's own message before anything is computed.
 */
export function bandedLesson(cd, source, o) {
  const C = source.shape[3];
  const rgb = C === 3;
  const k = o.kernel.values;
  const filter = rgb
    ? { shape: [3, 3, 3, 1], data: Float32Array.from({ length: 27 }, (_, i) => k[Math.floor(i / 3)]) }
    : { shape: [3, 3, 1, 1], data: Float32Array.from(k) };
  const conv = rgb ? 'depthwiseConv2d' : 'conv2d';
  const pool = o.pool.type === 'avg' ? 'avgPool2d' : 'maxPool2d';
  const poolOptions = { poolSize: o.pool.size, strides: o.pool.stride };
  const keep = Math.max(3, o.pool.size) + 1;

  const stages = [];
  const input = new Stage(source.shape, (a, b, out) => source.rows(a, b, out), keep);
  stages.push(input);

  // A windowed op (kernel k, stride s along both axes) as a stage computed from `prev`.
  const windowed = (prev, shape, fn, args, options, kk, s, padding) => {
    const [, inH, inW] = prev.shape;
    const [, outH, outW] = shape;
    const [top] = pads(padding, inH, outH, kk, s);
    const [left, right] = pads(padding, inW, outW, kk, s);
    return new Stage(
      shape,
      (a, b, out) => {
        const first = a * s - top; // the first input row of output row a's window (may be padding)
        const last = (b - 1) * s - top + kk; // one past the last input row of output row b - 1's
        const lo = Math.max(0, first);
        const hi = Math.min(inH, last);
        const band = { shape: [1, hi - lo, inW, prev.shape[3]], data: prev.rows(lo, hi) };
        const padding = [
          [lo - first, last - hi],
          [left, right],
        ];
        cd[fn](band, ...args, { ...options, padding, out });
      },
      keep,
    );
  };

  const convShape = cd.outputShape(conv, [source.shape, filter.shape], { padding: o.padding });
  const filtered = windowed(input, convShape, conv, [filter], {}, 3, 1, o.padding);
  stages.push(filtered);
  const detected = new Stage(
    convShape,
    (a, b, out) => {
      const band = filtered.rows(a, b);
      cd.relu({ shape: [1, b - a, convShape[2], convShape[3]], data: band }, { out });
    },
    keep,
  );
  stages.push(detected);
  let prev = detected;
  for (let i = 0; i < o.times; i++) {
    const shape = cd.outputShape(pool, prev.shape, { ...poolOptions, padding: o.pool.padding });
    prev = windowed(prev, shape, pool, [], poolOptions, o.pool.size, o.pool.stride, o.pool.padding);
    stages.push(prev);
  }
  return stages;
}

/**
 * The first pass: every row of every stage once, top to bottom in steps of about BAND_ROWS
 * input rows. Returns each stage's `{ min, max, mean, finiteMin, finiteMax }` (min, max and
 * mean as a loop over the whole map computes them, in the same order; finiteMin / finiteMax
 * over the finite values, Infinity / -Infinity when there are none). `npyPaths` (optional, one
 * path a stage) get each map as a .npy file (NumPy format 1.0, little-endian float32, C order),
 * written a band at a time.
 */
export function statsPass(stages, npyPaths) {
  for (const s of stages) s.reset();
  const H = stages[0].shape[1];
  const steps = Math.max(1, Math.ceil(H / BAND_ROWS));
  const acc = stages.map(() => ({ min: Infinity, max: -Infinity, sum: 0, finiteMin: Infinity, finiteMax: -Infinity }));
  const done = stages.map(() => 0);
  const files = npyPaths ? stages.map((s, i) => openNpy(npyPaths[i], s.shape)) : null;
  try {
    for (let step = 1; step <= steps; step++) {
      // From the last stage back: a later stage's rows pull the earlier ones' into their windows.
      for (let i = stages.length - 1; i >= 0; i--) {
        const h = stages[i].shape[1];
        const target = step === steps ? h : Math.min(h, Math.ceil((step * h) / steps));
        if (target <= done[i]) continue;
        const data = stages[i].rows(done[i], target);
        done[i] = target;
        const a = acc[i];
        let { min, max, sum, finiteMin, finiteMax } = a;
        for (let j = 0; j < data.length; j++) {
          const v = data[j];
          if (v < min) min = v;
          if (v > max) max = v;
          sum += v;
          if (v - v === 0) {
            if (v < finiteMin) finiteMin = v;
            if (v > finiteMax) finiteMax = v;
          }
        }
        Object.assign(a, { min, max, sum, finiteMin, finiteMax });
        if (files) files[i].write(data);
      }
    }
  } finally {
    if (files) for (const f of files) f.close();
  }
  return stages.map((s, i) => {
    const { min, max, sum, finiteMin, finiteMax } = acc[i];
    const count = s.shape.reduce((x, y) => x * y, 1);
    return { min, max, mean: sum / count, finiteMin, finiteMax };
  });
}

// A .npy file written in pieces: the header now, then the map's values in order.
function openNpy(path, shape) {
  const fail = (error) => {
    throw fileError(`cannot write ${path}: ${error.code === 'ENOENT' ? 'no such directory' : error.message}`);
  };
  let fd;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    fail(error);
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY 1.0
  new DataView(head.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
  const put = (bytes) => {
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (error) {
      fail(error);
    }
  };
  put(head);
  return {
    write(values) {
      if (LITTLE_ENDIAN) {
        put(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
        return;
      }
      const bytes = new Uint8Array(values.length * 4);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
      put(bytes);
    },
    close() {
      closeSync(fd);
    },
  };
}
