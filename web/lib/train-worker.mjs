// The training worker: one notebook model (with or without pooling) trained with tfjs-layers on
// the 'condense' TensorFlow.js backend, off the page's main thread. scripts/build-web.mjs bundles
// this file with tfjs into web/gen/train-worker.mjs (a module worker has no import map), so the
// page starts that file, not this one.
//
// Messages in:  { type: 'init', pooling, dataUrl, distUrl }  → 'ready' (backend, build, threads, summary, digits)
//               { type: 'train', epochs, trainSize, batchSize, learningRate, seed, shiftDigits }
//                   → 'start', 'step'…, 'epoch'…, then 'shift' × 5 (unless stopped), 'done'
//               { type: 'stop' }     the running training stops after its current step
//               { type: 'shifts', shiftDigits }  → 'shift' × 5, 'done' (measures the model as it is)
//               { type: 'predict', id, pixels }  → 'prediction' (probabilities and every layer's output)
// Everything else: 'error' with a message.
import * as tf from '@tensorflow/tfjs-core';
// The union package (@tensorflow/tfjs) registers these two; tfjs-core alone does not, and layers
// training needs the gradients (and t.argMax()-style calls the chained ops).
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerCondenseBackend } from '../../bindings/tfjs/index.mjs';
import {
  accuracy,
  batchTensors,
  kerasSummary,
  notebookModel,
  parseMnist,
  permutation,
  SHIFTS,
  SIDE,
} from './train-model.mjs';

const VAL_DIGITS = 500; // held-out digits scored after every epoch

let pooling = true;
let data = null;
let model = null;
let probe = null; // a model sharing `model`'s layers whose outputs are every layer's output
let generation = 0; // bumped by 'train' and 'stop': a loop whose generation is stale ends
let running = Promise.resolve();

const post = (message, transfer) => self.postMessage(message, transfer ?? []);

// A macrotask without setTimeout's clamping: lets 'stop' and 'predict' in between two steps.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = () =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

function freshModel(seed) {
  if (model) {
    model.optimizer?.dispose();
    model.dispose();
  }
  model = notebookModel(tfl, { pooling, seed });
  probe = tfl.model({ inputs: model.inputs, outputs: model.layers.map((l) => l.output) });
  return model;
}

async function init({ dataUrl, distUrl, pooling: withPooling }) {
  pooling = withPooling !== false;
  // loadCondense's default: the threaded build when the page (so this worker) is cross-origin
  // isolated, else the SIMD build on this worker's thread.
  const condense = await registerCondenseBackend({ locateFile: (name) => new URL(name, distUrl).href });
  if (!(await tf.setBackend('condense'))) throw new Error("tf.setBackend('condense') failed");
  const response = await fetch(dataUrl);
  if (!response.ok) throw new Error(`${dataUrl}: HTTP ${response.status} (build it with npm run build)`);
  data = parseMnist(await response.arrayBuffer());
  freshModel(1);
  post({
    type: 'ready',
    backend: tf.getBackend(),
    build: condense.backend,
    threads: condense.threads,
    summary: kerasSummary(model),
    digits: { train: data.train.n, test: data.test.n },
    valDigits: VAL_DIGITS,
  });
}

async function measureShifts(gen, digits) {
  const n = Math.min(digits, data.test.n);
  for (const k of SHIFTS) {
    const start = performance.now();
    const acc = accuracy(tf, model, data.test, n, k);
    post({ type: 'shift', k, accuracy: acc, digits: n, ms: performance.now() - start });
    await yieldToMessages();
    if (gen !== generation) return false;
  }
  return true;
}

async function trainEpoch(gen, options, epoch, stats) {
  const { trainSize, batchSize, seed } = options;
  const order = permutation(trainSize, seed * 1000 + epoch);
  const steps = Math.ceil(trainSize / batchSize);
  let ms = 0;
  for (let s = 0; s < steps; s++) {
    const size = Math.min(batchSize, trainSize - s * batchSize);
    const { x, y } = batchTensors(tf, data.train, order, s * batchSize, size);
    const start = performance.now();
    const [loss, acc] = await model.trainOnBatch(x, y);
    ms += performance.now() - start;
    tf.dispose([x, y]);
    stats.step++;
    post({ type: 'step', step: stats.step, epoch, loss, accuracy: acc, ms: performance.now() - start });
    await yieldToMessages();
    if (gen !== generation) return null;
  }
  return ms;
}

async function train(gen, options) {
  const { epochs, batchSize } = options;
  const trainSize = Math.min(options.trainSize, data.train.n);
  const opts = { ...options, trainSize };
  freshModel(options.seed);
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const stepsPerEpoch = Math.ceil(trainSize / batchSize);
  const val = Math.min(VAL_DIGITS, data.test.n);
  post({ type: 'start', epochs, stepsPerEpoch, trainSize, batchSize, valDigits: val });
  post({ type: 'epoch', epoch: 0, step: 0, valAccuracy: accuracy(tf, model, data.test, val), ms: 0 });
  const stats = { step: 0 };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const ms = await trainEpoch(gen, opts, epoch, stats);
    if (ms === null) {
      post({ type: 'done', stopped: true, step: stats.step });
      return;
    }
    post({ type: 'epoch', epoch, step: stats.step, valAccuracy: accuracy(tf, model, data.test, val), ms });
    await yieldToMessages();
  }
  const measured = await measureShifts(gen, options.shiftDigits);
  post({ type: 'done', stopped: !measured, step: stats.step });
}

// Every layer's output for one drawn digit (the last one is the softmax).
function predict({ id, pixels }) {
  const outputs = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(pixels), [1, SIDE, SIDE, 1]);
    return probe.predict(x).map((t) => ({ shape: t.shape.slice(1), data: t.dataSync().slice() }));
  });
  const summary = kerasSummary(model).rows;
  const layers = outputs.map((o, i) => ({ name: summary[i].name, type: summary[i].type, ...o }));
  const probs = Array.from(layers[layers.length - 1].data);
  post(
    { type: 'prediction', id, probs, layers },
    layers.map((l) => l.data.buffer),
  );
}

function checkTrainOptions(o) {
  const need = (name, ok) => {
    if (!ok) throw new Error(`train: ${name} is invalid (${String(o[name])})`);
  };
  need('epochs', Number.isInteger(o.epochs) && o.epochs >= 1 && o.epochs <= 50);
  need('trainSize', Number.isInteger(o.trainSize) && o.trainSize >= 1);
  need('batchSize', Number.isInteger(o.batchSize) && o.batchSize >= 1 && o.batchSize <= 1024);
  need('learningRate', Number.isFinite(o.learningRate) && o.learningRate > 0);
  need('seed', Number.isInteger(o.seed));
  need('shiftDigits', Number.isInteger(o.shiftDigits) && o.shiftDigits >= 1);
}

const handlers = {
  init,
  train(message) {
    checkTrainOptions(message);
    const gen = ++generation;
    running = running.then(() => (gen === generation ? train(gen, message) : undefined));
    return running;
  },
  stop() {
    generation++;
  },
  shifts(message) {
    if (!Number.isInteger(message.shiftDigits) || message.shiftDigits < 1) {
      throw new Error(`shifts: shiftDigits is invalid (${String(message.shiftDigits)})`);
    }
    const gen = ++generation;
    running = running.then(async () => {
      if (gen !== generation) return;
      const measured = await measureShifts(gen, message.shiftDigits);
      post({ type: 'done', stopped: !measured, step: null });
    });
    return running;
  },
  predict,
};

self.onmessage = async (event) => {
  const message = event.data;
  try {
    const handler = handlers[message && message.type];
    if (!handler) throw new Error(`unknown message ${JSON.stringify(message && message.type)}`);
    if (message.type !== 'init' && !data) throw new Error(`${message.type}: the worker is not initialised`);
    await handler(message);
  } catch (error) {
    running = Promise.resolve();
    post({ type: 'error', message: error.message, during: message && message.type });
  }
};
