// §6: the pooling notebook's MNIST model trained with and without pooling, each in its own module
// Web Worker (web/gen/train-worker.mjs, bundled from ../lib/train-worker.mjs by
// scripts/build-web.mjs) on condense's TensorFlow.js backend. The page stays responsive: it
// only draws what the workers report (summary, progress, curves, epoch times, the shift table)
// and what they answer for the drawn digit. The workers start when the section comes near the
// screen (or on the first click), so the rest of the page never waits for them.
import { drawCurves } from './train-plot.mjs';
import { showPredictions } from './train-maps.mjs';
import { createPad } from './train-pad.mjs';

const KEYS = ['pool', 'flat'];
const WORKER_URL = new URL('../gen/train-worker.mjs', import.meta.url);
const DATA_URL = new URL('../gen/mnist.bin', import.meta.url);
const DIST_URL = new URL('../../dist/', import.meta.url);
const $ = (id) => document.getElementById(id);
const pct = (v) => `${(v * 100).toFixed(1)}%`;
const int = (n) => n.toLocaleString('en');

function emptyRun() {
  return { steps: [], epochs: [], totalSteps: 0, stepsPerEpoch: 0, epochsTotal: 0, times: [] };
}

function newModel(key) {
  return {
    key,
    worker: null,
    ready: false,
    info: null,
    run: emptyRun(),
    shifts: [null, null, null, null, null],
    running: false,
    stopped: false,
    done: false,
    error: null,
    prediction: null,
    node: $(key === 'pool' ? 'train-model-pool' : 'train-model-flat'),
  };
}

function summaryRows(table, summary) {
  const body = table.tBodies[0];
  body.replaceChildren();
  const head = body.insertRow();
  for (const t of ['Layer (type)', 'Output Shape', 'Param #']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t;
    head.append(th);
  }
  for (const r of summary.rows) {
    const row = body.insertRow();
    row.insertCell().textContent = `${r.name} (${r.type})`;
    row.insertCell().textContent = `(${r.outputShape.map((d) => (d === null ? 'None' : d)).join(', ')})`;
    row.insertCell().textContent = int(r.params);
  }
  const total = body.insertRow();
  total.className = 'train-total';
  const cell = total.insertCell();
  cell.colSpan = 2;
  cell.textContent = 'Total params';
  total.insertCell().textContent = int(summary.total);
}

function showStatus(m, started) {
  const status = m.node.querySelector('.train-status');
  const progress = m.node.querySelector('.train-progress');
  const last = m.run.steps[m.run.steps.length - 1];
  progress.max = Math.max(1, m.run.totalSteps);
  progress.value = last ? last.step : 0;
  if (m.error) status.textContent = `error: ${m.error}`;
  else if (!m.ready) status.textContent = started ? 'starting the worker…' : 'not started';
  else if (!last)
    status.textContent = m.running ? 'scoring held-out digits before training…' : 'ready, not trained yet';
  else {
    const epoch = Math.min(m.run.epochsTotal, last.epoch);
    const state = m.running
      ? last.step >= m.run.totalSteps
        ? 'measuring the shifts…'
        : 'training'
      : m.stopped
        ? 'stopped'
        : 'done';
    status.textContent =
      `${state} · epoch ${epoch}/${m.run.epochsTotal} · step ${last.step}/${m.run.totalSteps} · ` +
      `loss ${last.loss.toFixed(3)} · ${last.ms.toFixed(0)} ms/step`;
  }
}

function showEpochs(ui, models) {
  const body = ui.epochTable.tBodies[0];
  body.replaceChildren();
  const n = Math.max(...KEYS.map((k) => models[k].run.epochs.length));
  for (let e = 0; e < n; e++) {
    const row = body.insertRow();
    row.insertCell().textContent = e === 0 ? 'before training' : String(e);
    for (const k of KEYS) {
      const ep = models[k].run.epochs[e];
      row.insertCell().textContent = !ep
        ? '…'
        : e === 0
          ? pct(ep.valAccuracy)
          : `${(ep.ms / 1000).toFixed(1)} s · ${pct(ep.valAccuracy)}`;
    }
  }
}

function showShifts(ui, models) {
  for (const k of KEYS) {
    const cells = ui.shiftTable.querySelector(`tr[data-model="${k}"]`).cells;
    models[k].shifts.forEach((s, i) => (cells[i + 1].textContent = s ? pct(s.accuracy) : '–'));
  }
  const [p, f] = KEYS.map((k) => models[k].shifts);
  if (p.every(Boolean) && f.every(Boolean)) {
    const keep = (s) => s[4].accuracy / s[0].accuracy;
    ui.shiftSummary.textContent =
      `Measured on ${int(p[0].digits)} held-out digits. Shifted by 4 pixels, the model with pooling keeps ` +
      `${pct(keep(p))} of its unshifted accuracy (${pct(p[0].accuracy)} → ${pct(p[4].accuracy)}), the model ` +
      `without pooling ${pct(keep(f))} (${pct(f[0].accuracy)} → ${pct(f[4].accuracy)}). ` +
      (keep(p) > keep(f)
        ? 'Pooling made this model less sensitive to where the digit is.'
        : 'This run does not show pooling buying invariance: train longer, or run it again.');
  } else ui.shiftSummary.textContent = '';
}

function showButtons(ui, models) {
  const ready = KEYS.every((k) => models[k].ready);
  const running = KEYS.some((k) => models[k].running);
  ui.start.textContent = running ? 'Restart both' : 'Train both models';
  ui.stop.disabled = !running;
  ui.measure.disabled = !ready || running;
}

function snapshotOf(m) {
  const last = m.run.steps[m.run.steps.length - 1] ?? null;
  const p = m.prediction;
  return {
    ready: m.ready,
    backend: m.info && m.info.backend,
    build: m.info && m.info.build,
    summary: m.info && m.info.summary,
    running: m.running,
    stopped: m.stopped,
    done: m.done,
    error: m.error,
    step: last ? last.step : 0,
    totalSteps: m.run.totalSteps,
    epochs: m.run.epochs.map((e) => ({ ...e })),
    shifts: m.shifts.map((s) => (s ? s.accuracy : null)),
    prediction: p ? { probs: p.probs.slice(), layers: p.layers.map((l) => ({ name: l.name, shape: l.shape })) } : null,
  };
}

function snapshot(models, started, backend) {
  return { started, backend, models: Object.fromEntries(KEYS.map((k) => [k, snapshotOf(models[k])])) };
}

// What a worker's message changes in its model's state (see ../lib/train-worker.mjs).
function apply(m, msg) {
  switch (msg.type) {
    case 'ready':
      Object.assign(m, { ready: true, info: msg });
      break;
    case 'start':
      m.run = {
        ...emptyRun(),
        totalSteps: msg.stepsPerEpoch * msg.epochs,
        stepsPerEpoch: msg.stepsPerEpoch,
        epochsTotal: msg.epochs,
      };
      Object.assign(m, { running: true, stopped: false, done: false, shifts: [null, null, null, null, null] });
      break;
    case 'step':
      m.run.steps.push({ step: msg.step, epoch: msg.epoch, loss: msg.loss, accuracy: msg.accuracy, ms: msg.ms });
      break;
    case 'epoch':
      m.run.epochs.push({ epoch: msg.epoch, step: msg.step, valAccuracy: msg.valAccuracy, ms: msg.ms });
      break;
    case 'shift':
      m.shifts[msg.k] = { accuracy: msg.accuracy, digits: msg.digits, ms: msg.ms };
      break;
    case 'done':
      Object.assign(m, { running: false, stopped: msg.stopped, done: !msg.stopped });
      break;
    case 'error':
      Object.assign(m, { error: `${msg.during}: ${msg.message}`, running: false });
      break;
  }
}

function findUi() {
  return {
    size: $('train-size'),
    epochs: $('train-epochs'),
    evalDigits: $('train-eval'),
    start: $('train-start'),
    stop: $('train-stop'),
    measure: $('train-measure'),
    backend: $('train-backend'),
    loss: $('train-loss'),
    acc: $('train-acc'),
    epochTable: $('train-epochs-table'),
    shiftTable: $('train-shift-table'),
    shiftSummary: $('train-shift-summary'),
    preds: $('train-preds'),
    maps: $('train-maps'),
  };
}

// Calls `start` once `section` comes within 300 px of the screen.
function whenNear(section, start) {
  if (!('IntersectionObserver' in window)) return;
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        start();
      }
    },
    { rootMargin: '300px' },
  );
  observer.observe(section);
}

export function createTrain(context) {
  const models = { pool: newModel('pool'), flat: newModel('flat') };
  const ui = findUi();
  let started = false;
  let predictionId = 0;
  let drawRequested = false;
  let pendingDigit = null;

  // ---- drawing what the workers report ------------------------------------------------------

  function redraw() {
    drawRequested = false;
    const runs = Object.fromEntries(KEYS.map((k) => [k, models[k].run]));
    drawCurves(ui.loss, runs, 'loss');
    drawCurves(ui.acc, runs, 'accuracy');
    for (const m of Object.values(models)) showStatus(m, started);
  }
  function requestRedraw() {
    if (drawRequested) return;
    drawRequested = true;
    requestAnimationFrame(redraw);
  }

  // ---- the workers -------------------------------------------------------------------------

  function onMessage(m, msg) {
    apply(m, msg);
    if (msg.type === 'ready') {
      summaryRows(m.node.querySelector('.train-summary'), msg.summary);
      const threads = msg.threads > 1 ? ` ×${msg.threads}` : '';
      ui.backend.textContent = `tfjs backend '${msg.backend}' · condense ${msg.build}${threads} · one worker per model`;
    }
    if ((msg.type === 'ready' || msg.type === 'done') && pendingDigit) predict(pendingDigit);
    if (msg.type === 'start' || msg.type === 'shift') showShifts(ui, models);
    if (msg.type === 'epoch') showEpochs(ui, models);
    if (msg.type === 'prediction' && msg.id === predictionId) {
      m.prediction = { probs: msg.probs, layers: msg.layers };
      showPrediction();
    }
    if (msg.type === 'error') {
      context.messages?.error(`Training (${m.key === 'pool' ? 'with' : 'without'} pooling): ${msg.message}`);
    }
    showButtons(ui, models);
    requestRedraw();
  }

  function start() {
    if (started) return;
    started = true;
    for (const m of Object.values(models)) {
      try {
        m.worker = new Worker(WORKER_URL, { type: 'module', name: `train-${m.key}` });
      } catch (error) {
        m.error = error.message;
        continue;
      }
      m.worker.onmessage = (event) => onMessage(m, event.data);
      m.worker.onerror = (event) => {
        event.preventDefault();
        m.error = `the worker did not start (${event.message || 'web/gen/train-worker.mjs missing? build it with npm run build'})`;
        requestRedraw();
      };
      m.worker.postMessage({ type: 'init', pooling: m.key === 'pool', dataUrl: DATA_URL.href, distUrl: DIST_URL.href });
    }
    ui.backend.textContent = 'starting the workers…';
    requestRedraw();
  }

  // ---- the drawn digit -----------------------------------------------------------------------

  function showPrediction() {
    const predictions = Object.fromEntries(KEYS.map((k) => [k, models[k].prediction]).filter(([, p]) => p));
    showPredictions(context.cd?.() ?? null, ui.preds, ui.maps, predictions);
  }

  function predict(digit) {
    pendingDigit = digit;
    start();
    const id = ++predictionId;
    for (const m of Object.values(models)) {
      if (!m.ready) continue;
      m.worker.postMessage({ type: 'predict', id, pixels: digit });
    }
  }

  const pad = createPad($('train-pad'), $('train-seen'), predict);
  $('train-clear').addEventListener('click', () => {
    pad.clear();
    pendingDigit = null;
    predictionId++;
    for (const m of Object.values(models)) m.prediction = null;
    ui.preds.replaceChildren();
    ui.maps.replaceChildren();
  });

  // ---- controls --------------------------------------------------------------------------------

  ui.start.addEventListener('click', () => {
    start();
    const options = {
      type: 'train',
      epochs: Number(ui.epochs.value),
      trainSize: Number(ui.size.value),
      batchSize: 32,
      learningRate: 1e-3,
      seed: 1,
      shiftDigits: Number(ui.evalDigits.value),
    };
    for (const m of Object.values(models)) {
      m.error = null;
      m.worker?.postMessage(options);
    }
  });
  ui.stop.addEventListener('click', () => {
    for (const m of Object.values(models)) m.worker?.postMessage({ type: 'stop' });
  });
  ui.measure.addEventListener('click', () => {
    for (const m of Object.values(models)) {
      m.shifts = [null, null, null, null, null];
      m.running = true;
      m.worker?.postMessage({ type: 'shifts', shiftDigits: Number(ui.evalDigits.value) });
    }
    showShifts(ui, models);
    showButtons(ui, models);
  });

  whenNear($('train'), start);
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(requestRedraw, 150);
  });
  requestRedraw();

  return {
    start,
    /** What the section shows, for the tests: readiness, summaries, progress, epochs, shifts, predictions. */
    snapshot: () => snapshot(models, started, ui.backend.textContent),
  };
}
