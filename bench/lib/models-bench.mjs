// The model cases of issue 12 (`npm run bench -- --cases models`): Tiny VGG predict at batch 1
// and 16, and one training step (SGD, tfjs-layers' trainOnBatch) of the pooling notebook's MNIST
// model at batch 32 and 64, on the 'condense' TensorFlow.js backend, tfjs-wasm (XNNPACK) and
// tfjs-cpu, in one process. Same inputs and same initial weights on every backend; each
// backend's output (softmax, or the first step's loss) is checked against tfjs-cpu's before its
// time counts. A backend that cannot run a case (tfjs-wasm has no Conv2DBackpropFilter) gets
// its error recorded as its result. Node-only.
import { loadMnist, loadTinyVgg, mnistBatch, sampleImages } from './models-node.mjs';
import { modelFlops, notebookModel, syntheticImages } from './models.mjs';
import { measure, median } from './timing.mjs';

export const MODEL_CASES = [
  { id: 'TV1', title: 'Tiny VGG predict, batch 1', kind: 'predict', batch: 1, target: null },
  {
    id: 'TV16',
    title: 'Tiny VGG predict, batch 16',
    kind: 'predict',
    batch: 16,
    target: { vs: 'tfjs-wasm', min: 1.5, text: '≥ 1.5x tfjs-wasm' },
  },
  ...[32, 64].map((batch) => ({
    id: `NB${batch}`,
    title: `notebook model training step (SGD), batch ${batch}`,
    kind: 'train',
    batch,
    target: { vs: 'tfjs-cpu', min: 20, gflops: 15, text: '≥ 20x tfjs-cpu and ≥ 15 GFLOP/s' },
  })),
];

// tfjs backend name → the implementation's name in the report.
export const MODEL_IMPLS = { condense: 'condense', wasm: 'tfjs-wasm', cpu: 'tfjs-cpu' };
const REFERENCE = 'cpu';

// Model calls take milliseconds to seconds: fewer calls than the kernel cases. A variant slower
// than SLOW_US per call (tfjs-cpu's training steps) is timed in the first round only.
export const MODEL_FULL = { warmCalls: 1, warmMs: 200, minCalls: 3, targetMs: 1500, batchUs: 100 };
export const MODEL_SMOKE = { warmCalls: 1, warmMs: 0, minCalls: 1, targetMs: 0, batchUs: 100 };
const SLOW_US = 2e6;
const SMOKE_TRAIN_BATCH = 4; // --smoke checks the training path at a small batch

const SOFTMAX_ATOL = 1e-5;
const LOSS_RTOL = 1e-4;

/**
 * Which model cases `--cases` names ('models' = all of them), and the other ids. No --cases:
 * every model case, except in --smoke runs (run them there with `--smoke --cases models`).
 */
export function pickModelCases(ids, smoke) {
  if (!ids || ids.length === 0) return { models: smoke ? [] : MODEL_CASES, rest: null };
  const models = [];
  const rest = [];
  for (const id of ids) {
    const up = id.toUpperCase();
    if (up === 'MODELS') models.push(...MODEL_CASES);
    else {
      const c = MODEL_CASES.find((m) => m.id === up);
      if (c) models.push(c);
      else rest.push(id);
    }
  }
  return { models: [...new Set(models)], rest };
}

function errorText(e) {
  return String(e && e.message ? e.message : e).split('\n')[0];
}

async function predictInputs(batch) {
  const photos = await sampleImages();
  const per = 64 * 64 * 3;
  const x = new Float32Array(batch * per);
  for (let i = 0; i < batch; i++) {
    // The photos first, then seeded synthetic images.
    x.set(i < photos.length ? photos[i].x : syntheticImages(1, 1000 + i), i * per);
  }
  return { x, shape: [batch, 64, 64, 3] };
}

/** Prepares one case on one backend: { run, result, dispose } (or throws what the backend throws). */
async function prepare(tf, tfl, c, backend, shared) {
  await tf.setBackend(backend);
  if (c.kind === 'predict') {
    const model = await loadTinyVgg(tfl);
    const { x, shape } = shared.input;
    const run = () => {
      const t = tf.tensor4d(x, shape);
      const y = model.predict(t);
      const d = y.dataSync();
      tf.dispose([t, y]);
      return d;
    };
    return { run, result: () => run().slice(), dispose: () => model.dispose(), flops: modelFlops(model).forward };
  }
  const model = notebookModel(tfl);
  const ts = shared.initial.map((v) => tf.tensor(v.data, v.shape));
  model.setWeights(ts);
  tf.dispose(ts);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const { batches, batch } = shared;
  let i = 0;
  const run = async () => {
    const b = batches[i++ % batches.length];
    const x = tf.tensor4d(b.x, [batch, 28, 28, 1]);
    const y = tf.tensor2d(b.y, [batch, 10]);
    try {
      return await model.trainOnBatch(x, y);
    } finally {
      tf.dispose([x, y]);
    }
  };
  return {
    run,
    result: run, // the first step from the shared initial weights: its loss
    dispose: () => {
      model.optimizer.dispose();
      model.dispose();
    },
    flops: modelFlops(model).training,
  };
}

function check(c, got, want) {
  if (c.kind === 'predict') {
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    const top = (d, r) => {
      let b = 0;
      for (let k = 1; k < 10; k++) if (d[r * 10 + k] > d[r * 10 + b]) b = k;
      return b;
    };
    for (let r = 0; r < c.batch; r++) {
      if (top(got, r) !== top(want, r)) return { ok: false, reason: `image ${r}: top-1 differs from tfjs-cpu` };
    }
    return worst <= SOFTMAX_ATOL
      ? { ok: true, maxAbs: worst }
      : { ok: false, reason: `softmax differs from tfjs-cpu by ${worst} (> ${SOFTMAX_ATOL})` };
  }
  const rel = Math.abs(got - want) / Math.abs(want);
  return rel <= LOSS_RTOL
    ? { ok: true, loss: got, relative: rel }
    : { ok: false, reason: `first-step loss ${got} vs tfjs-cpu ${want} (relative ${rel} > ${LOSS_RTOL})` };
}

async function sharedInputs(tf, tfl, c, smoke) {
  if (c.kind === 'predict') return { input: await predictInputs(c.batch) };
  const batch = smoke ? SMOKE_TRAIN_BATCH : c.batch;
  await tf.setBackend(REFERENCE);
  const m = notebookModel(tfl);
  const initial = m.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync().slice() }));
  m.dispose();
  const data = loadMnist();
  const batches = [0, 1, 2, 3].map((i) => mnistBatch(data.train, batch, i));
  return { initial, batches, batch };
}

/** Runs one model case on every backend: checks, then rounds of timing. */
export async function runModelCase(tf, tfl, c, { rounds, smoke, gc = () => {}, log = () => {} }) {
  const shared = await sharedInputs(tf, tfl, c, smoke);
  const batch = shared.batch ?? c.batch;
  const impls = [];
  const checks = [];
  let want = null;
  // The reference (tfjs-cpu) first: the others are checked against its output.
  for (const backend of [REFERENCE, ...Object.keys(MODEL_IMPLS).filter((b) => b !== REFERENCE)]) {
    const name = MODEL_IMPLS[backend];
    let p = null;
    let got;
    try {
      p = await prepare(tf, tfl, c, backend, shared);
      got = await p.result();
    } catch (e) {
      if (p) await p.dispose();
      checks.push({ impl: name, ok: false, error: errorText(e) });
      log(`  ${c.id} ${name}: ${errorText(e)}`);
      continue;
    }
    if (backend === REFERENCE) want = got;
    const r = backend === REFERENCE ? { ok: true } : check(c, got, want);
    checks.push({ impl: name, ...r });
    if (!r.ok) {
      log(`  CHECK FAILED ${c.id} ${name}: ${r.reason}`);
      await p.dispose();
      continue;
    }
    impls.push({ name, backend, ...p });
  }
  const timing = smoke ? MODEL_SMOKE : MODEL_FULL;
  const runs = new Map(impls.map((i) => [i.name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = impls.slice(r % impls.length).concat(impls.slice(0, r % impls.length));
    for (const impl of order) {
      const done = runs.get(impl.name);
      if (r > 0 && done.length && done[0].medianUs > SLOW_US) continue;
      await tf.setBackend(impl.backend);
      const before = tf.memory().numTensors;
      gc();
      done.push(await measure(impl.run, timing));
      if (tf.memory().numTensors !== before) throw new Error(`${c.id} ${impl.name} leaks tensors`);
    }
  }
  for (const impl of impls) {
    await tf.setBackend(impl.backend);
    await impl.dispose();
  }
  const flopsPerImage = impls[0]?.flops ?? null;
  const timings = impls.map((impl) => {
    const ms = runs.get(impl.name);
    const us = median(ms.map((m) => m.medianUs));
    return {
      impl: impl.name,
      medianUs: us,
      roundsUs: ms.map((m) => Math.round(m.medianUs)),
      calls: ms.map((m) => m.calls),
      gflops: flopsPerImage ? (flopsPerImage * batch) / (us * 1e3) : null,
    };
  });
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    batch,
    flopsPerImage,
    checks,
    timings,
    summary: summarize(c, timings),
  };
}

function summarize(c, timings) {
  const us = (name) => timings.find((t) => t.impl === name)?.medianUs ?? null;
  const cd = us('condense');
  const ratio = (peer) => (cd && us(peer) ? us(peer) / cd : null);
  const s = {
    condenseUs: cd,
    gflops: timings.find((t) => t.impl === 'condense')?.gflops ?? null,
    vsWasm: ratio('tfjs-wasm'),
    vsCpu: ratio('tfjs-cpu'),
  };
  const t = c.target;
  if (!t) s.target = { text: '—', met: null };
  else {
    const r = t.vs === 'tfjs-wasm' ? s.vsWasm : s.vsCpu;
    const met = r === null ? null : r >= t.min && (t.gflops === undefined || (s.gflops ?? 0) >= t.gflops);
    s.target = { text: t.text, met };
  }
  return s;
}
