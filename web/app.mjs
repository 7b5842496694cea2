// The demo page: loads condense (the threaded build where the page is cross-origin isolated, else
// SIMD where supported; single-threaded or the scalar build on request; every instance is kept), wires the views together and re-runs the pipeline once per animation
// frame while controls move. Views never import each other: this file hands each one the
// state and callbacks it needs. Only condense's public API is used (../bindings/index.mjs and
// the lesson pipeline built on it, ../bindings/lesson.mjs).
import { loadCondense, simdSupported, threadsSupported } from '../bindings/index.mjs';
import { createSettings, MAX_REPEATS } from './lib/state.mjs';
import { checkFused, createCompute, mapSummary } from './lib/compute.mjs';
import { DEMO_SETTINGS } from './lib/filters.mjs';
import { createMessages, watchOverflow } from './views/messages.mjs';
import { createInput } from './views/input.mjs';
import { createControls } from './views/controls.mjs';
import { createPanels } from './views/panels.mjs';
import { createPerfLine } from './views/perf.mjs';
import { createInspector } from './views/inspector.mjs';
import { createPoolStep } from './views/poolstep.mjs';
import { createInvariance } from './views/invariance.mjs';
import { createGap } from './views/gap.mjs';
import { createCnn } from './views/cnn.mjs';
import { createPairs } from './views/cnn-pairs.mjs';
import { createTinyVggLoader } from './lib/tiny-vgg-loader.mjs';
import { createBench } from './views/bench.mjs';
import { createSandbox } from './views/sandbox.mjs';
import { createTrain } from './views/train.mjs';

const $ = (id) => document.getElementById(id);
const messages = createMessages($('message'), $('message-text'), $('message-close'));
watchOverflow(document.querySelectorAll('.table-wrap, .bench-result'));

// ---- engines -----------------------------------------------------------------------------

// 'threads': loadCondense's default (threads: 'auto': every core where the page is cross-origin
// isolated, one thread otherwise); 'simd' and 'scalar': single-thread builds.
const engines = new Map(); // 'threads' | 'simd' | 'scalar' -> Promise<Condense>
const ENGINE_OPTIONS = { threads: {}, simd: { simd: true, threads: false }, scalar: { simd: false } };
function engine(kind) {
  if (!engines.has(kind)) engines.set(kind, loadCondense(ENGINE_OPTIONS[kind]));
  return engines.get(kind);
}

let cd = null;
const backendBadge = $('backend');
const forceScalar = $('force-scalar');
const threadsOff = $('threads-off');

// "Threads off" is kept in the URL (?threads=off), so a reload or a shared link keeps it.
function threadsOffInUrl() {
  return new URLSearchParams(location.search).get('threads') === 'off';
}
function setThreadsOffInUrl(off) {
  const url = new URL(location.href);
  if (off) url.searchParams.set('threads', 'off');
  else url.searchParams.delete('threads');
  history.replaceState(history.state, '', url);
}

// ---- scheduling: at most one run per animation frame -----------------------------------------

let pendingTasks = 0;
let idleWaiters = [];
function settle() {
  if (pendingTasks !== 0) return;
  const waiters = idleWaiters;
  idleWaiters = [];
  requestAnimationFrame(() => waiters.forEach((resolve) => resolve()));
}
async function track(promise) {
  pendingTasks++;
  try {
    return await promise;
  } finally {
    pendingTasks--;
    settle();
  }
}

let frameRequested = false;
let dirty = { pipeline: false, gap: false };
let inputAt = 0; // when the first change behind the next frame came in (the timing line's start)
function schedule(what) {
  Object.assign(dirty, what);
  if (frameRequested) return;
  frameRequested = true;
  inputAt = performance.now();
  pendingTasks++;
  requestAnimationFrame(runFrame);
}

const context = {
  cd: () => cd,
  engine,
  messages,
  schedule,
  track,
};

const input = createInput(context);
const settings = createSettings(DEMO_SETTINGS);
createControls({ settings });

// ---- the pipeline: compute, draw, inspect ---------------------------------------------------

const compute = createCompute();
const figure = createPanels({ maxRepeats: MAX_REPEATS });
const updatePerf = createPerfLine($('perf-line'));
let poolStep = null;
const inspector = createInspector({
  panels: figure.panels,
  settings,
  cd: () => cd,
  onPick: (y, x) => poolStep.pick(y, x),
});

let last = null; // the last run: { source, backend, settings, result, timings, fused, fusedKey }
let inputTensor = null;
let inputGeneration = 0;
let fusedTimer = 0;

const fusedKey = () => JSON.stringify([settings.current(), inputTensor && inputTensor.shape, cd && cd.backend]);
const showPerf = () =>
  updatePerf(last && { backend: last.backend, timings: last.timings, fused: last.fused }, cd ? cd.memory() : null);

function runPipeline(x, source) {
  const frameStart = performance.now();
  if (inputTensor !== x) inputGeneration++;
  inputTensor = x;
  const ran = settings.snapshot();
  const result = compute.run(cd, x, ran);
  const draw = figure.show(cd, result, ran, source);
  const { conv2d, relu, pool } = result.timings;
  const timings = { fromImageData: input.fromImageMs(), conv2d, relu, pool, draw };
  timings.compute = conv2d + relu + pool.reduce((a, b) => a + b, 0);
  timings.frame = performance.now() - frameStart;
  // The frame is painted before the next animation frame's callbacks run: measure to there.
  const since = inputAt;
  requestAnimationFrame(() => {
    timings.painted = performance.now() - since;
    if (last && last.timings === timings) showPerf();
  });
  const fresh = last && last.fusedKey === fusedKey();
  last = {
    source,
    backend: cd.backend,
    settings: ran,
    result,
    timings,
    fused: fresh ? last.fused : null,
    fusedKey: last ? last.fusedKey : null,
  };
  showPerf();
  inspector.refresh();
  scheduleFused();
}

// The fused convPool2d (conv -> ReLU -> pool in one pass) is timed when the controls rest,
// so it never slows live dragging; its result is checked against the three-step pipeline.
function scheduleFused() {
  clearTimeout(fusedTimer);
  fusedTimer = setTimeout(() => {
    const run = last;
    if (!cd || !run || !run.result.condensed[0] || run.fusedKey === fusedKey()) return;
    try {
      run.fused = checkFused(cd, run.result.x, settings.current(), run.result.condensed[0]);
      run.fusedKey = fusedKey();
    } catch (error) {
      run.fused = { error: error.message };
    }
    showPerf();
  }, 250);
}

function snapshot() {
  if (!last) return null;
  const { result } = last;
  return {
    backend: last.backend,
    source: last.source,
    settings: last.settings,
    timings: JSON.parse(JSON.stringify(last.timings)),
    fused: last.fused ? { ...last.fused } : null,
    input: mapSummary('input', result.x, figure.label('input')),
    filter: mapSummary('filter', result.filtered, figure.label('filter')),
    detect: mapSummary('detect', result.detected, figure.label('detect')),
    condense: result.condensed.map((t, j) => mapSummary(`condense-${j + 1}`, t, figure.label(`condense-${j + 1}`))),
  };
}

// What the pooling animation and the timing panel know of the pipeline.
const pipeline = {
  settings: () => settings.snapshot(),
  detected: () => (last ? last.result.detected : null),
  condensed: (n) => (last ? last.result.condensed[n] : null),
  detectImage: () => figure.panels[2].image,
  detectViz: () => figure.panels[2].canvas.parentElement,
  inputGeneration: () => inputGeneration,
};
poolStep = createPoolStep(context, pipeline);
const invariance = createInvariance(context, { tensor: () => input.tensor(), settings: () => settings.snapshot() });
const sandbox = createSandbox(context);
const tinyVgg = createTinyVggLoader(context);
const cnn = createCnn(context, input, tinyVgg);
const gap = createGap(context, input, tinyVgg);
const pairs = createPairs(context, tinyVgg);
const bench = createBench(context, input, pipeline);
const train = createTrain(context);

// The pooling step follows the pipeline only while it is on screen, and after the frame is
// painted: at 1024x1024 finding its crop costs more than the pipeline itself.
let poolStepStale = false;
let poolStepVisible = true;
function refreshPoolStep() {
  poolStepStale = true;
  if (!poolStepVisible) return;
  track(
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        if (poolStepStale && cd) poolStep.refresh();
        poolStepStale = false;
        resolve();
      }),
    ),
  );
}
if (typeof IntersectionObserver === 'function') {
  new IntersectionObserver(([entry]) => {
    poolStepVisible = entry.isIntersecting;
    if (poolStepVisible && poolStepStale) refreshPoolStep();
  }).observe($('poolstep'));
}

function runFrame() {
  frameRequested = false;
  const work = dirty;
  dirty = { pipeline: false, gap: false };
  try {
    if (cd && input.tensor() && work.pipeline) {
      runPipeline(input.tensor(), input.describe());
      refreshPoolStep();
      invariance.photoChanged();
    }
    if (cd && work.gap) {
      cnn.refresh();
      gap.refresh();
      pairs.refresh();
    }
  } catch (error) {
    messages.error(`Something went wrong while computing: ${error.message}`);
    console.warn(error);
  } finally {
    pendingTasks--;
    settle();
  }
}

// The maps are drawn at about the panels' size on screen: redraw when that changes.
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => schedule({ pipeline: true }), 150);
});

input.onChange((what) => {
  schedule({ pipeline: true, gap: what.source });
});
settings.onChange(() => schedule({ pipeline: true }));

async function useEngine(kind) {
  try {
    const next = await track(engine(kind));
    cd = next;
    backendBadge.textContent = cd.threads > 1 ? `${cd.backend} ×${cd.threads}` : cd.backend;
    backendBadge.dataset.backend = cd.backend;
    backendBadge.title = `The WebAssembly build doing the work${cd.threads > 1 ? `, on ${cd.threads} threads` : ', on one thread'}`;
    input.recompute();
    invariance.refresh();
    sandbox.refresh();
    schedule({ pipeline: true, gap: true });
  } catch (error) {
    backendBadge.textContent = 'not loaded';
    messages.error(
      `condense could not be loaded (${kind} build): ${error.message}. Build it with “bash scripts/build.sh” and reload.`,
    );
    throw error;
  }
}

const simd = simdSupported();
if (!simd) {
  forceScalar.checked = true;
  forceScalar.disabled = true;
  forceScalar.parentElement.title = 'This browser has no WebAssembly SIMD: the scalar build is the only one.';
}
if (!threadsSupported()) {
  threadsOff.parentElement.title =
    'No threads here (the page is not cross-origin isolated, or the browser has no SharedArrayBuffer): ' +
    'condense runs on one thread either way.';
}
threadsOff.checked = threadsOffInUrl();
const wantedEngine = () => (forceScalar.checked || !simd ? 'scalar' : threadsOff.checked ? 'simd' : 'threads');
forceScalar.addEventListener('change', () => {
  useEngine(wantedEngine()).catch(() => {});
});
threadsOff.addEventListener('change', () => {
  setThreadsOffInUrl(threadsOff.checked);
  useEngine(wantedEngine()).catch(() => {});
});

// ---- a read-only hook for tests and the curious ------------------------------------------------

Object.defineProperty(window, 'condenseDemo', {
  value: Object.freeze({
    /** Resolves once nothing is pending (decoding, loading, a scheduled frame). */
    idle: () =>
      new Promise((resolve) => {
        idleWaiters.push(resolve);
        settle();
      }),
    backend: () => (cd ? cd.backend : null),
    threads: () => (cd ? cd.threads : null),
    /** Shapes, options, timings and sample values of the last pipeline run. */
    lastResult: snapshot,
    region: (stage, top, left, h, w) => figure.region(stage, top, left, h, w),
    /** Each drawn panel's zero / active shares and non-finite count, as its captions say. */
    counts: () => figure.counts(),
    poolStep: () => {
      if (poolStepStale && cd) {
        poolStep.refresh();
        poolStepStale = false;
      }
      return poolStep.snapshot();
    },
    invariance: () => invariance.snapshot(),
    invariancePhoto: () => invariance.photoNow(),
    gap: () => gap.snapshot(),
    /** Tiny VGG on the current image: its input, every layer's shape and sum, the class scores. */
    cnn: () => cnn.snapshot(),
    /** Cosine similarities of every pair of the samples: Tiny VGG's averages and the hand-made bank's. */
    cnnPairs: () => pairs.snapshot(),
    messages: () => messages.log(),
    memory: () => (cd ? cd.memory() : null),
    bench: () => bench.snapshot(),
    sandbox: () => sandbox.snapshot(),
    /** §6: the two models' workers, summaries, progress, epochs, shift accuracies and predictions. */
    train: () => train.snapshot(),
  }),
});

track(
  (async () => {
    await useEngine(wantedEngine());
    await input.loadSample('chelsea');
    gap.loadB('rocket');
  })(),
).catch((error) => console.warn(error));
