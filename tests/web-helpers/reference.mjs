// The demo's computations replayed in Node through the public JS API (bindings/node.mjs), so
// the browser tests can compare what the page shows with what the library computes.
import { loadCondense } from '../../bindings/node.mjs';

let instance = null;
export async function condense() {
  instance ??= await loadCondense({ simd: true, threads: false });
  return instance;
}

function kernel(settings) {
  return { shape: [3, 3, 1, 1], data: Float32Array.from(settings.kernel) };
}

/** Input -> Filter -> Detect -> Condense x repeats, with the settings the page reports. */
export async function pipeline(rgba, width, height, size, settings) {
  const cd = await condense();
  const x = cd.fromImageData({ data: rgba, width, height }, { channels: 1, size });
  const filter = cd.conv2d(x, kernel(settings), { padding: settings.convPadding });
  const detect = cd.relu(filter);
  const condensed = [];
  let prev = detect;
  const o = { poolSize: settings.pool.size, strides: settings.pool.stride, padding: settings.pool.padding };
  for (let i = 0; i < settings.repeats; i++) {
    prev = settings.pool.type === 'max' ? cd.maxPool2d(prev, o) : cd.avgPool2d(prev, o);
    condensed.push(prev);
  }
  return { x, filter, detect, condensed };
}

export function dims(t) {
  return t.shape.length === 4 ? [t.shape[1], t.shape[2]] : [t.shape[0], t.shape[1]];
}

export function sum(data) {
  let s = 0;
  for (const v of data) s += v;
  return s;
}
