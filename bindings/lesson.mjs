// The lesson pipeline (Kaggle "Maximum Pooling", d2l.ai §7.5) defined once, on condense's
// public JS API only: Input -> Filter (conv2d with a 3x3 kernel) -> Detect (ReLU) -> Condense
// (max or average pooling), condensed N times. The CLI, the demo page and its timing panel all
// run it from here. `cd` is any loaded condense instance (loadCondense()); nothing is imported.

/**
 * The 3x3 kernels of the lessons and the classic image-kernel demos, row-major. `aliases` are
 * other spellings presetById accepts (the CLI's `sobel-bottom`, the exercise's `exercise`).
 */
export const PRESETS = Object.freeze([
  preset('emboss', 'Emboss (the exercise’s kernel)', [-2, -1, 0, -1, 1, 1, 0, 1, 2], ['exercise']),
  preset('edge', 'Edge detect (the lesson’s kernel)', [-1, -1, -1, -1, 8, -1, -1, -1, -1]),
  preset('bottom-sobel', 'Bottom Sobel', [-1, -2, -1, 0, 0, 0, 1, 2, 1], ['sobel-bottom']),
  preset('top-sobel', 'Top Sobel', [1, 2, 1, 0, 0, 0, -1, -2, -1], ['sobel-top']),
  preset('left-sobel', 'Left Sobel', [1, 0, -1, 2, 0, -2, 1, 0, -1], ['sobel-left']),
  preset('right-sobel', 'Right Sobel', [-1, 0, 1, -2, 0, 2, -1, 0, 1], ['sobel-right']),
  preset('outline', 'Outline (4-neighbour)', [0, -1, 0, -1, 4, -1, 0, -1, 0]),
  preset('sharpen', 'Sharpen', [0, -1, 0, -1, 5, -1, 0, -1, 0]),
  preset('blur', 'Blur (Gaussian)', [0.0625, 0.125, 0.0625, 0.125, 0.25, 0.125, 0.0625, 0.125, 0.0625]),
  preset('identity', 'Identity', [0, 0, 0, 0, 1, 0, 0, 0, 0]),
]);

function preset(id, name, kernel, aliases = []) {
  return Object.freeze({ id, name, kernel: Object.freeze(kernel), aliases: Object.freeze(aliases) });
}

/** The preset with this id or alias (case-insensitive), or undefined. */
export function presetById(id) {
  const key = String(id).toLowerCase();
  return PRESETS.find((p) => p.id === key || p.aliases.includes(key));
}

/** The preset whose kernel equals these 9 numbers, or undefined. */
export function presetOfKernel(kernel) {
  const flat = flatKernel(kernel);
  return PRESETS.find((p) => p.kernel.every((v, i) => v === flat[i]));
}

function flatKernel(kernel) {
  if (typeof kernel === 'string') {
    const p = presetById(kernel);
    if (!p)
      throw new RangeError(`lesson: unknown kernel preset '${kernel}' (valid: ${PRESETS.map((q) => q.id).join(', ')})`);
    return p.kernel;
  }
  const flat =
    Array.isArray(kernel) && kernel.length === 3 && kernel.every(Array.isArray)
      ? kernel.flat()
      : Array.from(kernel ?? []);
  if (flat.length !== 9 || !flat.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new RangeError(
      `lesson: a kernel is 9 finite numbers, row by row, or 3 rows of 3 (got ${JSON.stringify(kernel)})`,
    );
  }
  return flat;
}

/** A 3x3 kernel (9 numbers row-major, 3 rows, or a preset id) as a conv2d filter, HWIO [3, 3, 1, 1]. */
export function kernelTensor(kernel) {
  return { shape: [3, 3, 1, 1], data: Float32Array.from(flatKernel(kernel)) };
}

/** The lesson's settings: the demo's defaults (the exercise). */
export const DEFAULT_SETTINGS = Object.freeze({
  kernel: PRESETS[0].kernel,
  convPadding: 'valid',
  pool: Object.freeze({ type: 'max', size: 2, stride: 2, padding: 'same' }),
  repeats: 1,
});

/** The options of the pooling step: { poolSize, strides, padding }. */
export function poolOptions(settings) {
  const { size, stride = size, padding = 'valid' } = settings.pool;
  return { poolSize: size, strides: stride, padding };
}

/**
 * The operations after the input, in order: one object per stage, each a call of condense's
 * public API `cd[fn](input, ...args, options)`. Callers can size output buffers with
 * `cd.outputShape(step.fn, [input.shape, ...args.map((a) => a.shape)], step.options)`.
 */
export function lessonSteps(settings) {
  const steps = [
    {
      stage: 'filter',
      fn: 'conv2d',
      args: [kernelTensor(settings.kernel)],
      options: { padding: settings.convPadding ?? 'valid' },
    },
    { stage: 'detect', fn: 'relu', args: [], options: {} },
  ];
  const pool = { fn: settings.pool.type === 'avg' ? 'avgPool2d' : 'maxPool2d', options: poolOptions(settings) };
  for (let i = 1; i <= (settings.repeats ?? 1); i++) steps.push({ stage: `condense-${i}`, args: [], ...pool });
  return steps;
}

const now = () => performance.now();

function toTensor(cd, image, settings, timings) {
  if (image && image.shape) return image;
  const t0 = now();
  const size = settings.size ?? [image.height, image.width];
  const x = cd.fromImageData(image, { channels: 1, size });
  timings.fromImageData = now() - t0;
  return x;
}

/**
 * Runs the lesson on `image`: a tensor (the grayscale input, [1, h, w, 1]) or RGBA pixels
 * ({ data, width, height }, turned to grayscale at `settings.size` ([h, w]; default: as is)).
 * Options: `out(step, inputs)` may return a Float32Array for a step's output (reused buffers);
 * `onError: 'throw'` (default) or `'stop'` (later stages are skipped; the result says where);
 * `fused: true` also times the one-pass convPool2d of the first condense step.
 * Returns { x, filtered, detected, condensed: [...], maps: { stage: tensor }, timings, failed }.
 */
export function runLesson(cd, image, settings, { out, onError = 'throw', fused = false } = {}) {
  const timings = { fromImageData: 0, conv2d: 0, relu: 0, pool: [] };
  const x = toTensor(cd, image, settings, timings);
  const maps = { input: x };
  const condensed = [];
  let failed = null;
  let prev = x;
  for (const step of lessonSteps(settings)) {
    const inputs = [prev, ...step.args];
    const buffer = out ? out(step, inputs) : undefined;
    const t0 = now();
    let y;
    try {
      y = cd[step.fn](...inputs, buffer ? { ...step.options, out: buffer } : step.options);
    } catch (error) {
      if (onError !== 'stop') throw error;
      if (step.fn === 'conv2d') timings.conv2d = now() - t0;
      failed = { stage: step.stage, error };
      break;
    }
    const ms = now() - t0;
    if (step.fn === 'conv2d') timings.conv2d = ms;
    else if (step.fn === 'relu') timings.relu = ms;
    else {
      timings.pool.push(ms);
      condensed.push(y);
    }
    maps[step.stage] = y;
    prev = y;
  }
  const result = { x, filtered: maps.filter ?? null, detected: maps.detect ?? null, condensed, maps, timings, failed };
  if (fused && !failed) {
    const t0 = now();
    result.fused = runFused(cd, x, settings);
    timings.fused = now() - t0;
  }
  return result;
}

/** conv2d -> ReLU -> one pooling step in one pass (convPool2d): the first Condense map. */
export function runFused(cd, x, settings) {
  const { poolSize, strides, padding } = poolOptions(settings);
  return cd.convPool2d(x, kernelTensor(settings.kernel), {
    padding: settings.convPadding ?? 'valid',
    activation: 'relu',
    pool: { type: settings.pool.type === 'avg' ? 'avg' : 'max', poolSize, strides, padding },
  });
}
