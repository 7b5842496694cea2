// condense against TensorFlow.js (wasm = XNNPACK, cpu) and onnxruntime-web (wasm EP, one
// thread) in one Node process: cases A–I, Z, M1–M3, V1, R1–R2 of lib/cases.mjs, identical seeded
// inputs, every output checked against a plain-JS reference (and against condense) before its
// time counts, medians, ratios against the fastest peer, the scalar/SIMD ratio, ready times and
// shipped sizes. Writes bench/results/latest.json and the table in bench/README.md.
//
//   npm run bench                       (= node --expose-gc bench/peers.bench.mjs)
//   node --expose-gc bench/peers.bench.mjs --smoke [--out FILE]   tiny counts, all checks, < 60 s
//   options: --cases A,B,E1  --rounds N (default 3)  --ready-runs N (default 5)  --out FILE
//            --no-write (no latest.json / README update)
//            --threads (also condense's threaded build at every core, beside its SIMD build at one
//            thread; ORT-web at numThreads = the cores)
//            --render FILE (rewrite the README table from a results JSON, no measuring)
//   model cases (lib/models-bench.mjs: Tiny VGG predict, the notebook model's training step on the
//   'condense' tfjs backend vs tfjs-wasm and tfjs-cpu): run after the kernel cases;
//   `--cases models` (or TV1,TV16,NB32,NB64) runs only them; --smoke runs them only when named.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CASES, makeInputs, selectCases, tolerance } from './lib/cases.mjs';
import { compare, referenceOutput } from './lib/reference.mjs';
import { FULL, SMOKE, measure, median } from './lib/timing.mjs';
import { condenseVariants } from './lib/condense-runner.mjs';
import { tfjsPrepare } from './lib/tfjs-runner.mjs';
import { ortPrepare } from './lib/ort-runner.mjs';
import { summarize, resultsTable, gflopsTable, threadsTable, fmtRatio, fmtUs } from './lib/report.mjs';
import { condenseBuild, libraryVersions, machineInfo, readyTimes, sizes } from './lib/node-env.mjs';
import { pickModelCases } from './lib/models-bench.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PEER_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  'onnxruntime-web',
];
const README = `${ROOT}bench/README.md`;
const LATEST = `${ROOT}bench/results/latest.json`;
const MARK_START = '<!-- bench:results:start -->';
const MARK_END = '<!-- bench:results:end -->';

function parseArgs(argv) {
  const a = { smoke: false, out: null, cases: null, rounds: null, readyRuns: null, write: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--smoke') a.smoke = true;
    else if (k === '--out') a.out = next();
    else if (k === '--cases') a.cases = next().split(',').filter(Boolean);
    else if (k === '--rounds') a.rounds = Number(next());
    else if (k === '--ready-runs') a.readyRuns = Number(next());
    else if (k === '--no-write') a.write = false;
    else if (k === '--threads') a.threads = true;
    else if (k === '--render') a.render = next();
    else if (k === '--help' || k === '-h') {
      console.log(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(0, 13)
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown option ${k}`);
  }
  if (a.smoke) a.write = false;
  a.rounds ??= a.smoke ? 1 : 3;
  a.readyRuns ??= a.smoke ? 1 : 5;
  if (!(a.rounds >= 1) || !(a.readyRuns >= 1)) throw new Error('--rounds and --ready-runs must be >= 1');
  return a;
}

export function missingPeers() {
  return PEER_PACKAGES.filter((p) => !existsSync(`${ROOT}node_modules/${p}/package.json`));
}

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

// Allocate and free a few 16 MB buffers so the C library's mmap threshold is already raised:
// otherwise whichever library runs first pays the page faults.
function prefault() {
  let keep = [];
  for (let i = 0; i < 4; i++) {
    const b = new Float32Array(4 * 1024 * 1024);
    b.fill(i + 1);
    keep.push(b);
  }
  keep = null;
  gc();
}

const log = (...m) => console.log(...m);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.render) {
    // Re-renders bench/README.md's table from a results JSON (no measuring).
    writeReadme(JSON.parse(readFileSync(args.render, 'utf8')));
    log(`rendered the table in bench/README.md from ${args.render}`);
    return;
  }
  const missing = missingPeers();
  if (missing.length) {
    console.error(
      `peers.bench: missing packages ${missing.join(', ')}: run \`npm install\` (they are devDependencies)`,
    );
    process.exit(2);
  }
  for (const f of ['condense-simd.wasm', 'condense-scalar.wasm']) {
    if (!existsSync(`${ROOT}dist/${f}`)) {
      console.error(`peers.bench: dist/${f} is missing: run \`npm run build\` first`);
      process.exit(2);
    }
  }
  if (typeof globalThis.gc !== 'function')
    log('note: run with --expose-gc (npm run bench does) so gc() runs between cases');
  const picked = pickModelCases(args.cases, args.smoke);
  const cases = picked.rest === null || picked.rest.length ? selectCases(picked.rest) : [];
  const timingOptions = args.smoke ? SMOKE : FULL;
  const machine = machineInfo();
  const build = condenseBuild(); // before loading: dist/ may be rebuilt while the benchmark runs
  if (build.distOlderThanSources)
    log(
      'warning: dist/ is older than the last commit to the C++ sources (src/, bindings/**/*.cc): run `npm run build` first',
    );
  log(
    `condense benchmark${args.smoke ? ' (smoke)' : ''}: ${machine.cpu}, ${machine.nproc} cores, Node ${machine.node}, load ${machine.loadavg.join(' ')}`,
  );

  prefault();

  const { loadCondense } = await import('../bindings/node.mjs');
  const condense = {
    'condense-simd': await loadCondense({ simd: true, threads: false }),
    'condense-scalar': await loadCondense({ simd: false }),
  };
  const cores = availableParallelism();
  if (args.threads) {
    const threaded = await loadCondense({ threads: 'auto' });
    if (threaded.backend !== 'wasm-simd-threads') throw new Error('--threads: the threaded build did not load');
    condense['condense-simd-threads'] = threaded;
    log(`threads: condense-simd-threads at ${threaded.threads} threads (${cores} cores)`);
  }
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not initialise');
  const tfjsWasmFlags = {
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the cpu backend did not initialise');
  const ort = (await import('onnxruntime-web')).default;
  ort.env.wasm.numThreads = args.threads ? cores : 1;
  ort.env.logLevel = 'error';

  const results = [];
  let failures = 0;
  for (const c of cases) {
    gc();
    const inputs = makeInputs(c);
    const ref = referenceOutput(c, inputs);
    const tol = tolerance(c);
    const peerTol = { atol: tol.atol * 2, rtol: tol.rtol * 2 };

    // Prepare every implementation (tfjs tensors are created while their backend is active).
    const impls = [];
    for (const [name, cd] of Object.entries(condense)) {
      impls.push({
        name,
        variants: condenseVariants(name, cd, c, inputs, ref.length),
        activate: () => {},
        dispose: () => {},
      });
    }
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      impls.push({ name: `tfjs-${backend}`, tf: true, ...tfjsPrepare(tf, backend, c, inputs) });
    }
    impls.push({ name: 'ort-web', ...(await ortPrepare(ort, c, inputs)) });
    // Not a library: the floor under condense's io figure, a plain JS typed-array copy of the
    // input into a preallocated array plus a fresh copy of an output-sized array (what the
    // copy in and the copy out cost without any kernel). Not output-checked; shown separately.
    const floorIn = new Float32Array(inputs.x.length);
    const floorOut = new Float32Array(ref.length).fill(1);
    const floor = {
      impl: 'copy-floor',
      mode: 'io',
      noCheck: true,
      run: () => {
        floorIn.set(inputs.x);
        return floorOut.slice();
      },
    };
    impls.push({ name: 'copy-floor', variants: [floor], activate: () => {}, dispose: () => {} });

    // Check every output before any time counts.
    const checks = [];
    let condenseOut = null;
    for (const impl of impls) {
      await impl.activate();
      for (const v of impl.variants) {
        if (v.noCheck) {
          v.checked = true;
          continue;
        }
        let got;
        let error = null;
        try {
          got = await v.result();
        } catch (e) {
          error = String(e && e.stack ? e.stack.split('\n').slice(0, 2).join(' ') : e);
        }
        const vsReference = error ? { ok: false, reason: error } : compare(got, ref, tol);
        if (v.impl === 'condense-simd' && v.mode === 'io' && !error) condenseOut = got;
        const vsCondense =
          v.impl === 'condense-simd' || error || !condenseOut ? null : compare(got, condenseOut, peerTol);
        const ok = vsReference.ok && (vsCondense === null || vsCondense.ok);
        v.checked = ok;
        checks.push({ impl: v.impl, mode: v.mode, flavor: v.flavor, ok, vsReference, vsCondense });
        if (!ok) {
          failures++;
          log(
            `  CHECK FAILED ${c.id} ${v.impl} ${v.mode}${v.flavor ? ` (${v.flavor})` : ''}: ` +
              `${vsReference.ok ? `vs condense: ${vsCondense.reason}` : `vs reference: ${vsReference.reason}`}`,
          );
        }
      }
    }

    // Time the checked variants, rotating the order of implementations each round.
    const rounds = new Map();
    for (let r = 0; r < args.rounds; r++) {
      const order = impls.slice(r % impls.length).concat(impls.slice(0, r % impls.length));
      for (const impl of order) {
        await impl.activate();
        for (const v of impl.variants) {
          if (!v.checked) continue;
          const before = impl.tf ? tf.memory().numTensors : 0;
          gc();
          const m = await measure(v.run, timingOptions);
          if (impl.tf && tf.memory().numTensors !== before)
            throw new Error(`${c.id} ${v.impl} ${v.mode} leaks tensors`);
          const key = `${v.impl}|${v.mode}|${v.flavor ?? ''}`;
          if (!rounds.has(key)) rounds.set(key, { impl: v.impl, mode: v.mode, flavor: v.flavor, runs: [] });
          rounds.get(key).runs.push(m);
        }
      }
    }
    for (const impl of impls) {
      await impl.activate();
      await impl.dispose();
    }
    const all = [...rounds.values()].map((t) => ({
      impl: t.impl,
      mode: t.mode,
      flavor: t.flavor,
      medianUs: median(t.runs.map((m) => m.medianUs)),
      roundsUs: t.runs.map((m) => Math.round(m.medianUs * 100) / 100),
      callsPerRound: t.runs.map((m) => m.calls),
      batch: t.runs[0].batch,
    }));
    const timings = all.filter((t) => t.impl !== 'copy-floor');
    const copyFloor = all.find((t) => t.impl === 'copy-floor');
    const result = {
      id: c.id,
      title: c.title,
      kind: c.kind,
      input: c.input,
      filter: c.filter,
      roofline: c.roofline,
      flops: c.flops,
      tolerance: tol,
      outputLength: ref.length,
      checks,
      timings,
      copyFloor,
    };
    result.summary = summarize(c, timings);
    result.summary.copyFloorUs = copyFloor ? copyFloor.medianUs : null;
    results.push(result);
    const s = result.summary;
    log(
      `${c.id.padEnd(3)} condense ${fmtUs(s.condenseSimdIoUs)} µs (out ${fmtUs(s.condenseSimdIoOutUs)}, scalar ${fmtUs(s.condenseScalarIoUs)}) | ` +
        `fastest peer ${s.fastestPeer ? `${s.fastestPeer.impl} ${fmtUs(s.fastestPeer.ioUs)}` : '—'} | ratio ${fmtRatio(s.ratioIo)} | ` +
        `target ${s.target.text}: ${s.target.met === null ? '—' : s.target.met ? 'met' : 'not met'} | checks ${checks.filter((x) => x.ok).length}/${checks.length}` +
        (s.condenseThreadsIoUs === null
          ? ''
          : ` | all cores ${fmtUs(s.condenseThreadsIoUs)} µs = ${fmtRatio(s.threadsOverSimd)} of 1 thread, ${fmtRatio(s.threadsVsFastest)} vs fastest peer`),
    );
  }

  if (picked.models.length) {
    const { benchModels } = await import('./lib/models-report.mjs');
    const modelReport = await benchModels(tf, picked.models, {
      ...args,
      out: cases.length ? null : args.out,
      gc,
      log,
      machine: { ...machine },
      build,
      versions: libraryVersions(),
    });
    const modelChecks = modelReport.cases.flatMap((r) => r.checks);
    // tfjs-wasm's training steps fail by design (no Conv2DBackpropFilter): an error is a result there.
    const bad = modelChecks.filter((x) => !x.ok && !(x.error && x.impl !== 'condense'));
    if (bad.length) process.exitCode = 1;
    log(`model checks: ${modelChecks.filter((x) => x.ok).length} passed, ${bad.length} failed`);
    if (!cases.length) return;
  }

  const readyTargets = ['condense-simd', 'condense-scalar', 'tfjs-wasm', 'ort-web'];
  if (args.threads) readyTargets.splice(2, 0, 'condense-simd-threads');
  const ready = readyTimes(readyTargets, args.readyRuns);
  const sizeInfo = sizes();
  log(
    `ready (import → first result): ${Object.entries(ready)
      .map(([k, v]) => `${k} ${v.medianMs.toFixed(1)} ms`)
      .join(', ')}`,
  );
  log(
    `sizes (wasm + glue, gzip): condense-simd ${(sizeInfo['condense-simd'].gzip / 1024).toFixed(1)} KB, condense-scalar ${(sizeInfo['condense-scalar'].gzip / 1024).toFixed(1)} KB`,
  );

  machine.loadavgEnd = (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100);
  const report = {
    date: new Date().toISOString(),
    command: process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench',
    smoke: args.smoke,
    machine,
    condense: build,
    versions: libraryVersions(),
    tfjsWasm: tfjsWasmFlags,
    ortThreads: ort.env.wasm.numThreads,
    method: {
      ...timingOptions,
      rounds: args.rounds,
      gc: typeof globalThis.gc === 'function',
      note: 'per-call µs; median over calls within a round, then median over rounds',
    },
    cases: results,
    ready,
    readyTargetMs: 30,
    sizes: sizeInfo,
    sizeTargetGzipBytes: 60 * 1024,
    allChecked: failures === 0 && results.every((r) => r.checks.length > 0 && r.checks.every((x) => x.ok)),
    failures,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (args.out) {
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, json);
  }
  if (args.write) {
    mkdirSync(dirname(LATEST), { recursive: true });
    writeFileSync(LATEST, json);
    writeReadme(report);
    log('wrote bench/results/latest.json and the table in bench/README.md');
  }
  log(`checks: ${results.reduce((n, r) => n + r.checks.filter((x) => x.ok).length, 0)} passed, ${failures} failed`);
  if (failures) process.exitCode = 1;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function markdown(report) {
  const m = report.machine;
  const lines = [];
  lines.push(
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC with \`${report.command}\` ` +
      `(${report.method.rounds} round${report.method.rounds === 1 ? '' : 's'}; load average ${m.loadavg.join(' ')} at the start, ${m.loadavgEnd.join(' ')} at the end).`,
  );
  lines.push('');
  const b = report.condense;
  lines.push(
    `condense: commit ${b.commit}${b.uncommittedSourceChanges ? ` plus ${b.uncommittedSourceChanges} uncommitted change(s) to the C++ sources` : ''}, dist/ built ${b.distBuilt ? b.distBuilt.slice(0, 16).replace('T', ' ') : '?'} UTC` +
      `${b.distOlderThanSources ? ' — OLDER than the last commit to the C++ sources: rebuild (npm run build) and rerun' : ''}.`,
  );
  lines.push(`Machine: ${m.cpu}, \`nproc\` = ${m.nproc}, ${m.platform}; Node ${m.node} (V8 ${m.v8}); ${m.emcc}.`);
  lines.push(
    `Peers: ${Object.entries(report.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} ` +
      `(tfjs-wasm binary: SIMD ${report.tfjsWasm.simd ? 'yes' : 'no'}, threads ${report.tfjsWasm.threads ? 'yes' : 'no'}; ORT numThreads ${report.ortThreads ?? 1}).`,
  );
  lines.push('');
  lines.push(
    'Per-call µs, medians. "io" = the caller holds a Float32Array and gets a fresh one back (what a user pays); ' +
      'condense "io+out" writes into a caller-owned array (`{ out }`); peers\' "op" = data already inside the library. ' +
      'Ratio = fastest peer io ÷ condense SIMD io (> 1: condense is faster); in brackets with `{ out }`. ' +
      `Every output was checked against a plain-JS reference and against condense before its time counted (${report.allChecked ? 'all passed' : `${report.failures} FAILED`}).`,
  );
  lines.push('');
  lines.push(resultsTable(report.cases));
  lines.push('');
  const threads = threadsTable(report.cases);
  if (threads) {
    lines.push(threads);
    lines.push('');
  }
  const compute = gflopsTable(report.cases);
  if (compute) {
    lines.push(compute);
    lines.push('');
  }
  lines.push('| start-up and size | measured | target | met |');
  lines.push('|---|---|---|---|');
  for (const [k, v] of Object.entries(report.ready)) {
    const isCd = k === 'condense-simd' || k === 'condense-scalar'; // the threaded build: no target
    lines.push(
      `| ready: import → first result, ${k} (fresh Node process, median of ${v.runs.length}) | ${v.medianMs.toFixed(1)} ms | ${isCd ? `≤ ${report.readyTargetMs} ms` : '—'} | ${isCd ? (v.medianMs <= report.readyTargetMs ? 'yes' : 'no') : '—'} |`,
    );
  }
  for (const [k, v] of Object.entries(report.sizes)) {
    const isBuild = k === 'condense-simd' || k === 'condense-scalar';
    const label = isBuild ? `${k}: wasm + JS glue` : k;
    lines.push(
      `| size: ${label} | ${kb(v.raw)} raw, ${kb(v.gzip)} gzip | ${isBuild ? '≤ 60 KB gzip' : '—'} | ${isBuild ? (v.gzip <= report.sizeTargetGzipBytes ? 'yes' : 'no') : '—'} |`,
    );
  }
  const losing = report.cases.filter((r) => r.summary.target.met === false);
  lines.push('');
  if (losing.length) {
    lines.push(
      'Targets not met in this run: ' +
        losing
          .map((r) => {
            const t = r.summary.target;
            return `${r.id} (${fmtRatio(t.ratio)} vs ${t.against}, target ${t.text})`;
          })
          .join('; ') +
        '.',
    );
  } else {
    lines.push('Every per-case target was met in this run.');
  }
  return lines.join('\n');
}

function writeReadme(report) {
  const block = `${MARK_START}\n${markdown(report)}\n${MARK_END}`;
  let text = existsSync(README)
    ? readFileSync(README, 'utf8')
    : `# Benchmarks\n\n<!-- prettier-ignore-start -->\n${MARK_START}\n${MARK_END}\n<!-- prettier-ignore-end -->\n`;
  const a = text.indexOf(MARK_START);
  const b = text.indexOf(MARK_END);
  if (a < 0 || b < a) text = `${text.trimEnd()}\n\n${block}\n`;
  else text = text.slice(0, a) + block + text.slice(b + MARK_END.length);
  writeFileSync(README, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}

export { CASES };
