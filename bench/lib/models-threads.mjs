// The notebook model's training step (NB32 / NB64 of models-bench.mjs) on the 'condense'
// TensorFlow.js backend at one thread and at every core. One condense backend runs per process,
// so this driver alternates child processes (one thread, all cores, one thread, ...) and reports
// each setting's median and their ratio; every child first checks that its first-step loss has
// the single-thread child's bits (the threaded build's results are bit-identical).
//
//   node bench/lib/models-threads.mjs [batch=32] [pairs=3]
//   node bench/lib/models-threads.mjs --child <1|auto> <batch>   (one measurement; prints JSON)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

async function child(threads, batch) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const tfl = await import('@tensorflow/tfjs-layers');
  const { registerCondenseBackend } = await import('../../bindings/tfjs/node.mjs');
  const { notebookModel } = await import('./models.mjs');
  const { loadMnist, mnistBatch } = await import('./models-node.mjs');
  const condense = await registerCondenseBackend({ simd: true, threads: threads === 'auto' ? 'auto' : false });
  await tf.setBackend('condense');
  const model = notebookModel(tfl);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const b = mnistBatch(loadMnist().train, batch, 0);
  const x = tf.tensor4d(b.x, [batch, 28, 28, 1]);
  const y = tf.tensor2d(b.y, [batch, 10]);
  const first = await model.trainOnBatch(x, y);
  const lossBits = new Uint32Array(Float32Array.of(first).buffer)[0];
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
  const times = [];
  const until = performance.now() + 4000;
  while (times.length < 5 || performance.now() < until) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    times.push(performance.now() - t0);
  }
  times.sort((p, q) => p - q);
  const medianMs = times[Math.floor(times.length / 2)];
  process.stdout.write(
    JSON.stringify({ backend: condense.backend, threads: condense.threads, lossBits, medianMs, calls: times.length }),
  );
  condense.dispose();
}

function run(threads, batch) {
  const r = spawnSync(process.execPath, [SELF, '--child', threads, String(batch)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child (${threads}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function main(argv) {
  if (argv[0] === '--child') return child(argv[1], Number(argv[2]));
  const batch = Number(argv[0] ?? 32);
  const pairs = Number(argv[1] ?? 3);
  const start = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  const one = [];
  const all = [];
  let cores = null;
  for (let i = 0; i < pairs; i++) {
    const a = run('1', batch);
    const b = run('auto', batch);
    if (a.lossBits !== b.lossBits) throw new Error(`first-step loss bits differ: ${a.lossBits} vs ${b.lossBits}`);
    one.push(a.medianMs);
    all.push(b.medianMs);
    cores = b.threads;
    console.log(
      `pair ${i + 1}: 1 thread ${a.medianMs.toFixed(1)} ms (${a.backend}), ${b.threads} threads ${b.medianMs.toFixed(1)} ms (${b.backend}), loss bits equal`,
    );
  }
  const med = (v) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)];
  const end = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  console.log(
    `NB${batch} training step: 1 thread ${med(one).toFixed(1)} ms, ${cores} threads ${med(all).toFixed(1)} ms, ` +
      `speed-up ${(med(one) / med(all)).toFixed(2)}x (medians of ${pairs} alternating process pairs; load ${start} -> ${end})`,
  );
}

await main(process.argv.slice(2));
