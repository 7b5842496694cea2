// Runs the model cases (models-bench.mjs) for peers.bench.mjs and reports them: the console
// line per case, bench/results/models-latest.json and the "Models on the TensorFlow.js backend"
// table in bench/README.md (between its own markers, so a models-only run leaves the kernel
// table alone). Node-only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runModelCase, MODEL_FULL, MODEL_SMOKE } from './models-bench.mjs';
import { fmtRatio } from './report.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = `${ROOT}bench/README.md`;
export const MODELS_LATEST = `${ROOT}bench/results/models-latest.json`;
const MARK_START = '<!-- bench:models:start -->';
const MARK_END = '<!-- bench:models:end -->';

const ms = (us) =>
  us === null || us === undefined ? '—' : us >= 1e5 ? `${Math.round(us / 1e3)}` : (us / 1e3).toFixed(1);
const gf = (x) => (x === null || x === undefined ? '—' : x.toFixed(2));

/**
 * Registers the condense backend (tf already has cpu and wasm), runs `cases`, and returns the
 * models report. Writes models-latest.json and the README block when `write`; `out` too.
 */
export async function benchModels(
  tf,
  cases,
  { rounds, smoke, write, out, gc, log, machine, build, versions, threads },
) {
  const tfl = await import('@tensorflow/tfjs-layers');
  const { registerCondenseBackend } = await import('../../bindings/tfjs/node.mjs');
  // One condense backend per process: with --threads it runs the threaded build at every core
  // (compare with a run without --threads); that run leaves the single-thread README table alone.
  const condense = await registerCondenseBackend({ simd: true, threads: threads ? 'auto' : false });
  if (threads) {
    log(`models: condense backend ${condense.backend} at ${condense.threads} threads`);
    write = false;
  }
  const results = [];
  for (const c of cases) {
    const r = await runModelCase(tf, tfl, c, { rounds, smoke, gc, log });
    results.push(r);
    const s = r.summary;
    const t = (name) => r.timings.find((x) => x.impl === name);
    const failed = r.checks.filter((x) => !x.ok);
    log(
      `${c.id.padEnd(4)} condense ${ms(s.condenseUs)} ms (${gf(s.gflops)} GFLOP/s) | tfjs-wasm ${ms(t('tfjs-wasm')?.medianUs)} ms | ` +
        `tfjs-cpu ${ms(t('tfjs-cpu')?.medianUs)} ms | ×wasm ${fmtRatio(s.vsWasm)} ×cpu ${fmtRatio(s.vsCpu)} | ` +
        `target ${s.target.text}: ${s.target.met === null ? '—' : s.target.met ? 'met' : 'not met'}` +
        `${failed.length ? ` | not run: ${failed.map((x) => x.impl).join(', ')}` : ''}`,
    );
  }
  machine.loadavgEnd = (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100);
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    smoke,
    machine,
    condense: { ...build, backend: condense.backend, threads: condense.threads },
    versions: { ...versions, '@tensorflow/tfjs-layers': tfl.version_layers },
    method: {
      ...(smoke ? MODEL_SMOKE : MODEL_FULL),
      rounds,
      note: 'per-call µs: median over calls in a round, then over rounds; calls slower than 2 s are timed in the first round only',
    },
    cases: results,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json);
  }
  if (write && !smoke) {
    mkdirSync(dirname(MODELS_LATEST), { recursive: true });
    writeFileSync(MODELS_LATEST, json);
    writeModelsReadme(report);
    log('wrote bench/results/models-latest.json and the models table in bench/README.md');
  }
  return report;
}

function cell(r, impl) {
  const t = r.timings.find((x) => x.impl === impl);
  if (t) return ms(t.medianUs);
  const c = r.checks.find((x) => x.impl === impl);
  if (c?.error) return `fails: "${c.error}"`;
  if (c && !c.ok) return `check failed: ${c.reason}`;
  return '—';
}

/** The markdown table of a models report (also pasted into the main README's Performance section). */
export function modelsTable(report) {
  const rows = [
    '| case | condense ms | tfjs-wasm ms | tfjs-cpu ms | condense ÷ wasm | condense ÷ cpu | condense GFLOP/s | target | met |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of report.cases) {
    const s = r.summary;
    rows.push(
      `| ${r.id} ${r.title}${r.batch !== undefined && !r.title.endsWith(`batch ${r.batch}`) ? ` (run at batch ${r.batch})` : ''} | ${cell(r, 'condense')} | ${cell(r, 'tfjs-wasm')} | ${cell(r, 'tfjs-cpu')} | ` +
        `${fmtRatio(s.vsWasm)} | ${fmtRatio(s.vsCpu)} | ${gf(s.gflops)} | ${s.target.text} | ${s.target.met === null ? '—' : s.target.met ? 'yes' : 'no'} |`,
    );
  }
  return rows.join('\n');
}

export function modelsMarkdown(report) {
  const m = report.machine;
  const per = (kind) => report.cases.find((r) => r.kind === kind)?.flopsPerImage;
  const fl = [
    per('predict') && `Tiny VGG ${(per('predict') / 1e6).toFixed(2)} MFLOP per image forward`,
    per('train') && `the notebook model ${(per('train') / 1e6).toFixed(2)} MFLOP per image forward + backward`,
  ]
    .filter(Boolean)
    .join(', ');
  return [
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC with \`${report.command}\` (${report.method.rounds} round${report.method.rounds === 1 ? '' : 's'}; ` +
      `load average ${m.loadavg.join(' ')} at the start, ${m.loadavgEnd.join(' ')} at the end; condense commit ${report.condense.commit}, SIMD build).`,
    '',
    'Per call, medians, milliseconds: a fresh input tensor from a Float32Array, `model.predict` and `dataSync()` ' +
      "(Tiny VGG), or `model.trainOnBatch` (SGD, one step, loss read back) of the pooling notebook's MNIST model. " +
      '"condense ÷ peer" = peer time ÷ condense time (> 1: condense is faster). Before timing, every backend\'s softmax ' +
      "(within 1e-5, same top-1) or first-step loss (1e-4 relative) was checked against tfjs-cpu's from identical weights " +
      `and inputs. GFLOP/s: Conv2D and Dense multiply-adds from the layer shapes (${fl}). ` +
      `Machine: ${m.cpu}, ${m.nproc} cores, Node ${m.node}.`,
    '',
    modelsTable(report),
  ].join('\n');
}

export function writeModelsReadme(report) {
  const block = `${MARK_START}\n${modelsMarkdown(report)}\n${MARK_END}`;
  let text = existsSync(README) ? readFileSync(README, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(MARK_START);
  const b = text.indexOf(MARK_END);
  if (a < 0 || b < a)
    text = `${text.trimEnd()}\n\n## Models on the TensorFlow.js backend\n\n<!-- prettier-ignore-start -->\n${block}\n<!-- prettier-ignore-end -->\n`;
  else text = text.slice(0, a) + block + text.slice(b + MARK_END.length);
  writeFileSync(README, text);
}
