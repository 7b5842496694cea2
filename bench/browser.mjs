// The browser benchmark page (bench/index.html): condense's cases, SIMD and scalar builds, with
// every output checked against the plain-JS reference before its time counts. The results are
// also exposed as window.condenseBench for automated runs.
import { loadCondense, simdSupported } from '../bindings/index.mjs';
import { makeInputs, selectCases, tolerance } from './lib/cases.mjs';
import { compare, referenceOutput } from './lib/reference.mjs';
import { FULL, SMOKE, measure, median } from './lib/timing.mjs';
import { condenseVariants } from './lib/condense-runner.mjs';
import { condenseTable, fmtRatio, fmtUs, summarize } from './lib/report.mjs';

const params = new URLSearchParams(location.search);
const smoke = params.has('smoke');
const rounds = Math.max(1, Number(params.get('rounds') ?? 1) || 1);
// Browsers coarsen performance.now() (5–100 µs): time fast calls in batches of >= 2 ms.
const timing = { ...(smoke ? SMOKE : FULL), batchUs: 2000 };

const $ = (id) => document.getElementById(id);
const state = { status: 'running', smoke, results: [], error: null };
window.condenseBench = state;

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
}

function addRow(r) {
  const s = r.summary;
  const tr = document.createElement('tr');
  cell(tr, `${r.id} ${r.title}`);
  cell(tr, fmtUs(s.condenseSimdIoUs));
  cell(tr, fmtUs(s.condenseSimdIoOutUs));
  cell(tr, fmtUs(s.condenseScalarIoUs));
  cell(tr, fmtUs(s.condenseScalarIoOutUs));
  cell(tr, fmtRatio(s.scalarOverSimd));
  const passed = r.checks.filter((c) => c.ok).length;
  cell(tr, `${passed}/${r.checks.length}`, passed === r.checks.length ? 'ok' : 'fail');
  $('results').tBodies[0].appendChild(tr);
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run() {
  $('run').disabled = true;
  $('results').tBodies[0].replaceChildren();
  $('markdown').textContent = '';
  state.status = 'running';
  state.results = [];
  state.error = null;
  try {
    const cases = selectCases(params.get('cases')?.split(',').filter(Boolean));
    const builds = {};
    if (simdSupported()) builds['condense-simd'] = await loadCondense({ simd: true, threads: false });
    builds['condense-scalar'] = await loadCondense({ simd: false });
    $('env').textContent =
      `${navigator.userAgent}; ${navigator.hardwareConcurrency} logical cores; ` +
      `crossOriginIsolated: ${self.crossOriginIsolated}; SIMD: ${simdSupported() ? 'yes' : 'no (scalar build only)'}; ` +
      `${rounds} round(s)${smoke ? ', smoke counts' : ''}`;
    for (const c of cases) {
      setStatus(`case ${c.id}: reference…`);
      await nextFrame();
      const inputs = makeInputs(c);
      const ref = referenceOutput(c, inputs);
      const tol = tolerance(c);
      const variants = Object.entries(builds).flatMap(([name, cd]) =>
        condenseVariants(name, cd, c, inputs, ref.length),
      );
      const checks = [];
      for (const v of variants) {
        let check;
        try {
          check = compare(await v.result(), ref, tol);
        } catch (e) {
          check = { ok: false, reason: String(e) };
        }
        v.checked = check.ok;
        checks.push({ impl: v.impl, mode: v.mode, ok: check.ok, vsReference: check });
      }
      const runs = new Map();
      for (let round = 0; round < rounds; round++) {
        for (const v of variants) {
          if (!v.checked) continue;
          setStatus(`case ${c.id}: ${v.impl} ${v.mode} (round ${round + 1}/${rounds})`);
          await nextFrame();
          const m = await measure(v.run, timing);
          const key = `${v.impl}|${v.mode}`;
          if (!runs.has(key)) runs.set(key, { impl: v.impl, mode: v.mode, list: [] });
          runs.get(key).list.push(m.medianUs);
        }
      }
      const timings = [...runs.values()].map((t) => ({
        impl: t.impl,
        mode: t.mode,
        medianUs: median(t.list),
        roundsUs: t.list,
      }));
      const result = { id: c.id, title: c.title, checks, timings, summary: summarize(c, timings) };
      state.results.push(result);
      addRow(result);
    }
    $('markdown').textContent = condenseTable(state.results);
    const failed = state.results.flatMap((r) => r.checks).filter((c) => !c.ok).length;
    state.status = failed ? 'failed' : 'done';
    setStatus(
      failed ? `done: ${failed} output check(s) FAILED` : `done: ${state.results.length} cases, all outputs checked`,
      failed > 0,
    );
  } catch (e) {
    state.status = 'error';
    state.error = String(e && e.stack ? e.stack : e);
    setStatus(`error: ${e && e.message ? e.message : e}`, true);
  } finally {
    $('run').disabled = false;
  }
}

$('run').addEventListener('click', run);
run();
