// "Time it at 1024x1024": the pipeline's stages on the current image at 1024x1024, with the
// SIMD and the scalar build (both instances stay loaded), medians of several runs. Runs yield
// to the browser between repetitions so the page stays responsive.
import { runLesson } from '../../bindings/lesson.mjs';

const $ = (id) => document.getElementById(id);
const SIZE = 1024;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/** input: source() (the decoded image); pipeline: settings() (the lesson's settings). */
export function createBench(context, input, pipeline) {
  const button = $('bench');
  const out = $('bench-result');
  let result = null;

  async function timeEngine(cd, reps) {
    const source = input.source();
    const settings = { ...pipeline.settings(), repeats: 1, size: [SIZE, SIZE] };
    const image = source.canvas
      .getContext('2d', { willReadFrequently: true })
      .getImageData(0, 0, source.width, source.height);
    const t = { fromImageData: [], conv2d: [], relu: [], pool: [], colour: [], fused: [] };
    for (let r = 0; r < reps + 1; r++) {
      const run = runLesson(cd, image, settings, { fused: true });
      const t0 = performance.now();
      cd.toImageData(run.filtered);
      cd.toImageData(run.detected);
      cd.toImageData(run.condensed[0]);
      const colour = performance.now() - t0;
      if (r > 0) {
        // the first run warms up
        for (const k of ['fromImageData', 'conv2d', 'relu', 'fused']) t[k].push(run.timings[k]);
        t.pool.push(run.timings.pool[0]);
        t.colour.push(colour);
      }
      await pause();
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
    m.pipeline = m.conv2d + m.relu + m.pool;
    m.frame = m.pipeline + m.colour;
    return m;
  }

  button.addEventListener('click', () =>
    context.track(
      (async () => {
        if (!input.source()) return;
        button.disabled = true;
        out.textContent = `Timing ${SIZE}×${SIZE} with the threaded (where it runs), SIMD and scalar builds…`;
        try {
          const kinds = [];
          try {
            const threaded = await context.engine('threads');
            if (threaded.threads > 1) kinds.push(['SIMD + threads', threaded, 9]);
          } catch {
            /* no threads in this page */
          }
          try {
            kinds.push(['SIMD', await context.engine('simd'), 9]);
          } catch {
            /* no SIMD in this engine */
          }
          kinds.push(['scalar', await context.engine('scalar'), 5]);
          const rows = [];
          for (const [name, cd, reps] of kinds) rows.push([name, cd.backend, await timeEngine(cd, reps)]);
          const keys = [
            ['fromImageData', 'fromImageData (resize)'],
            ['conv2d', 'conv2d 3×3'],
            ['relu', 'relu'],
            ['pool', 'pool'],
            ['pipeline', 'conv2d + relu + pool'],
            ['fused', 'fused convPool2d'],
            ['colour', 'toImageData ×3'],
            ['frame', 'frame (pipeline + colour)'],
          ];
          out.innerHTML = `<table class="bench"><caption>Median milliseconds at ${SIZE}×${SIZE} on this device</caption>
        <thead><tr><th scope="col">stage</th>${rows.map((r) => `<th scope="col">${r[1]}</th>`).join('')}</tr></thead>
        <tbody>${keys.map(([k, label]) => `<tr><th scope="row">${label}</th>${rows.map((r) => `<td>${r[2][k].toFixed(2)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
          result = Object.fromEntries(rows.map((r) => [r[1], r[2]]));
        } catch (error) {
          out.textContent = `Timing failed: ${error.message}`;
        } finally {
          button.disabled = false;
        }
      })(),
    ),
  );

  return { snapshot: () => result };
}
