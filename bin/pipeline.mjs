// The command line's computations besides the lesson itself (bindings/lesson.mjs): the RGB
// variant of the pipeline, and the value statistics it prints.

/** min, max and mean of a Float32Array. */
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
  return { min, max, mean: sum / data.length };
}

// The lesson on an RGB map: the 3x3 kernel on each channel (a depthwise convolution), then
// the same ReLU and pooling, per channel.
export function lessonRgb(cd, x, settings) {
  const k = settings.kernel;
  const filter = { shape: [3, 3, 3, 1], data: Float32Array.from({ length: 27 }, (_, i) => k[Math.floor(i / 3)]) };
  const filtered = cd.depthwiseConv2d(x, filter, { padding: settings.convPadding });
  const detected = cd.relu(filtered);
  const condensed = [];
  const pool = settings.pool.type === 'avg' ? 'avgPool2d' : 'maxPool2d';
  const { size, stride, padding } = settings.pool;
  for (let i = 0, prev = detected; i < settings.repeats; i++) {
    prev = cd[pool](prev, { poolSize: size, strides: stride, padding });
    condensed.push(prev);
  }
  return { x, filtered, detected, condensed };
}
