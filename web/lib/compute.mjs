// The pipeline's computation for the page: the lesson (../../bindings/lesson.mjs) into reused
// output buffers, the fused convPool2d check, and the summaries the test hook reports. No DOM.
import { runFused, runLesson } from '../../bindings/lesson.mjs';

export function dims(t) {
  const s = t.shape;
  return s.length === 4 ? [s[1], s[2]] : [s[0], s[1]];
}

export function stats(data) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, sum };
}

/** A few fixed positions of a map, the same for the page and the tests. */
export function pickPositions(h, w) {
  return [
    [0, 0],
    [h - 1, w - 1],
    [h >> 1, w >> 1],
    [Math.floor(h / 3), Math.floor(w / 4)],
    [Math.floor((2 * h) / 3), Math.floor((3 * w) / 5)],
    [Math.floor(h / 5), Math.floor((4 * w) / 5)],
  ];
}

/** Shape, range, sum and the values at pickPositions of a map (null shape when it was not computed). */
export function mapSummary(stage, tensor, label) {
  if (!tensor) return { stage, shape: null, label };
  const [h, w] = dims(tensor);
  const s = stats(tensor.data);
  return {
    stage,
    label,
    shape: [h, w],
    min: s.min,
    max: s.max,
    sum: s.sum,
    picks: pickPositions(h, w).map(([y, x]) => ({ y, x, v: tensor.data[y * w + x] })),
  };
}

/** Float32Arrays kept between runs, one per key, replaced when the size changes. */
export function createBuffers() {
  const buffers = new Map();
  return function buffer(key, count) {
    let b = buffers.get(key);
    if (!b || b.length !== count) {
      b = new Float32Array(count);
      buffers.set(key, b);
    }
    return b;
  };
}

/** The number of values a lesson step writes, from the library (undefined if the step cannot run). */
function outputCount(cd, step, inputs) {
  if (step.fn === 'relu') return inputs[0].data.length;
  const shapes = inputs.length === 1 ? inputs[0].shape : inputs.map((t) => t.shape);
  try {
    return cd.outputShape(step.fn, shapes, step.options).reduce((a, b) => a * b, 1);
  } catch {
    return undefined; // the step itself reports the error
  }
}

export function createCompute() {
  const buffer = createBuffers();
  return {
    /** The lesson on the input tensor x; a failing stage stops the run (result.failed says where). */
    run(cd, x, settings) {
      const out = (step, inputs) => {
        const count = outputCount(cd, step, inputs);
        return count > 0 ? buffer(step.stage, count) : undefined;
      };
      return runLesson(cd, x, settings, { out, onError: 'stop' });
    },
  };
}

/** Times the one-pass convPool2d and compares it with the three-step run's first Condense map. */
export function checkFused(cd, x, settings, condensed) {
  const t0 = performance.now();
  const fused = runFused(cd, x, settings);
  const ms = performance.now() - t0;
  const ref = condensed.data;
  let maxDiff = 0;
  for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i] - fused.data[i]));
  return { ms, maxAbsDiff: maxDiff, sameShape: fused.data.length === ref.length };
}
