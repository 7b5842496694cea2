// Size report: each WebAssembly build that package.json ships (every dist/*.wasm in "files",
// with its JS glue of the same name), raw and gzipped (zlib level 9, as a server or CDN
// compresses it at its best), against package.json's "sizeBudget":
//   "sizeBudget": { "gzipTotalPerBuildKB": 60 }   (wasm + glue of one build, gzipped; 1 KB = 1024 bytes)
// A browser downloads ONE build (SIMD, or scalar where SIMD is missing), so the budget is per build.
// A threaded build (a pthreads worker script beside its glue: dist/X.worker.js) is what a
// cross-origin-isolated page downloads instead; its total includes the worker script and it has
// its own budget, "gzipTotalThreadedBuildKB" (Emscripten's pthreads runtime makes its glue ~3x
// the single-thread glue). "files" may list a build as a glob, "dist/X.*".
// The JS API shared by every build (the browser entry's modules) is reported on its own line.
//
// Usage: node scripts/size-report.mjs [--json] [--root DIR]
// Exit codes: 0 within budget, 1 over budget, 2 a build file or the budget is missing or malformed.
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const BUDGET_KEYS = ['gzipTotalPerBuildKB', 'gzipTotalThreadedBuildKB'];
const GLUE_EXTENSIONS = ['.mjs', '.cjs', '.js'];
const SHARED_JS = ['bindings/index.mjs', 'bindings/load.mjs', 'bindings/api.mjs'];
// The JS API's runtime and op slices, every file of these folders (a page loads them all).
const SHARED_JS_DIRS = ['bindings/runtime', 'bindings/ops'];

async function sharedFiles(root, files) {
  const list = SHARED_JS.filter((s) => files.includes(s));
  for (const dir of SHARED_JS_DIRS) {
    if (!files.includes(`${dir}/*.mjs`)) continue;
    const names = (await readdir(join(root, dir))).filter((f) => f.endsWith('.mjs')).sort();
    list.push(...names.map((f) => `${dir}/${f}`));
  }
  return list;
}

class ReportError extends Error {}

// "files" entries of the form dist/NAME.* as the files of dist/ they match (others as they are).
async function expandGlobs(root, files) {
  const out = [];
  for (const f of files) {
    const m = /^((?:\.\/)?dist)\/([^/*]+)\.\*$/.exec(f);
    if (!m) {
      out.push(f);
      continue;
    }
    let names = [];
    try {
      names = await readdir(join(root, m[1]));
    } catch {
      throw new ReportError(`${f}: ${m[1]}/ is missing: build it first (npm run build)`);
    }
    for (const n of names.sort()) if (n.startsWith(`${m[2]}.`)) out.push(`${m[1]}/${n}`);
  }
  return out;
}

async function measure(root, file) {
  let bytes;
  try {
    bytes = await readFile(join(root, file));
  } catch (error) {
    if (error.code === 'ENOENT') throw new ReportError(`${file} is missing: build it first (npm run build)`);
    throw new ReportError(`cannot read ${file}: ${error.message}`);
  }
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Measures every build listed in `root`/package.json and checks the budget. */
export async function sizeReport(root) {
  let pkg;
  try {
    pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  } catch (error) {
    throw new ReportError(`cannot read ${join(root, 'package.json')}: ${error.message}`);
  }
  const budget = pkg.sizeBudget;
  if (!budget || typeof budget !== 'object') throw new ReportError('package.json has no "sizeBudget" object');
  for (const key of Object.keys(budget)) {
    if (!BUDGET_KEYS.includes(key))
      throw new ReportError(`package.json sizeBudget.${key} is not a known budget (known: ${BUDGET_KEYS.join(', ')})`);
  }
  const limitKB = budget.gzipTotalPerBuildKB;
  if (typeof limitKB !== 'number' || !(limitKB > 0)) {
    throw new ReportError(
      `package.json sizeBudget.gzipTotalPerBuildKB must be a positive number (got ${JSON.stringify(limitKB)})`,
    );
  }
  const threadedKB = budget.gzipTotalThreadedBuildKB ?? limitKB;
  if (typeof threadedKB !== 'number' || !(threadedKB > 0)) {
    throw new ReportError(
      `package.json sizeBudget.gzipTotalThreadedBuildKB must be a positive number (got ${JSON.stringify(threadedKB)})`,
    );
  }
  const files = await expandGlobs(root, Array.isArray(pkg.files) ? pkg.files : []);
  const wasmFiles = files.filter((f) => /^(\.\/)?dist\/[^/]+\.wasm$/.test(f));
  if (wasmFiles.length === 0) throw new ReportError('package.json "files" lists no dist/*.wasm build');

  const builds = [];
  for (const wasmFile of wasmFiles) {
    const base = wasmFile.replace(/\.wasm$/, '');
    const glueFile = GLUE_EXTENSIONS.map((ext) => base + ext).find((f) => files.includes(f));
    if (!glueFile) throw new ReportError(`${wasmFile} has no JS glue of the same name in package.json "files"`);
    const wasm = await measure(root, wasmFile);
    const glue = await measure(root, glueFile);
    const worker = files.includes(`${base}.worker.js`) ? await measure(root, `${base}.worker.js`) : undefined;
    const parts = [wasm, glue, ...(worker ? [worker] : [])];
    const total = { raw: parts.reduce((n, p) => n + p.raw, 0), gzip: parts.reduce((n, p) => n + p.gzip, 0) };
    const budgetKB = worker ? threadedKB : limitKB;
    builds.push({
      name: base.replace(/^(\.\/)?dist\//, ''),
      wasm,
      glue,
      ...(worker ? { worker } : {}),
      total,
      budgetKB,
      overBudget: total.gzip > budgetKB * KB,
    });
  }
  const shared = [];
  for (const f of await sharedFiles(root, files)) shared.push(await measure(root, f));
  const sharedTotal = { raw: shared.reduce((n, s) => n + s.raw, 0), gzip: shared.reduce((n, s) => n + s.gzip, 0) };
  return {
    budget: { gzipTotalPerBuildKB: limitKB, gzipTotalThreadedBuildKB: threadedKB },
    builds,
    shared: { files: shared, total: sharedTotal },
  };
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** The report as a Markdown table (it can be pasted into the README as it is). */
export function formatReport(report) {
  const rows = [['build', 'file', 'raw', 'gzip -9']];
  for (const b of report.builds) {
    rows.push([b.name, b.wasm.file, kb(b.wasm.raw), kb(b.wasm.gzip)]);
    rows.push([b.name, b.glue.file, kb(b.glue.raw), kb(b.glue.gzip)]);
    if (b.worker) rows.push([b.name, b.worker.file, kb(b.worker.raw), kb(b.worker.gzip)]);
    rows.push([b.name, '**total**', kb(b.total.raw), `**${kb(b.total.gzip)}**`]);
  }
  if (report.shared.files.length > 0) {
    rows.push([
      '(every build)',
      `the JS API: ${report.shared.files.length} files (index, load, api, runtime/, ops/), each gzipped`,
      kb(report.shared.total.raw),
      kb(report.shared.total.gzip),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) =>
    `| ${r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const limit = report.budget.gzipTotalPerBuildKB;
  const verdicts = report.builds.map(
    (b) =>
      `${b.name}: ${kb(b.total.gzip)} gzipped ${b.overBudget ? `OVER the budget of ${b.budgetKB} KB` : `within ${b.budgetKB} KB (${((100 * b.total.gzip) / (b.budgetKB * KB)).toFixed(0)}%)`}`,
  );
  return [
    line(rows[0]),
    `|${widths.map((w, c) => (c >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.slice(1).map(line),
    '',
    `budget (package.json sizeBudget.gzipTotalPerBuildKB): ${limit} KB per build, wasm + glue gzipped, 1 KB = 1024 bytes`,
    ...(report.builds.some((b) => b.worker)
      ? [
          `threaded builds (sizeBudget.gzipTotalThreadedBuildKB): ${report.budget.gzipTotalThreadedBuildKB} KB, wasm + glue + worker script`,
        ]
      : []),
    ...verdicts,
  ].join('\n');
}

async function main(argv) {
  let root = fileURLToPath(new URL('..', import.meta.url));
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === '--root' && i + 1 < argv.length) root = resolve(argv[++i]);
    else
      throw new ReportError(
        `unknown argument ${JSON.stringify(argv[i])} (usage: node scripts/size-report.mjs [--json] [--root DIR])`,
      );
  }
  const report = await sizeReport(root);
  process.stdout.write(`${json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  const over = report.builds.filter((b) => b.overBudget);
  for (const b of over) {
    process.stderr.write(
      `size-report: ${b.name} is ${kb(b.total.gzip)} gzipped, over the budget of ${b.budgetKB} KB (package.json sizeBudget.${b.worker ? 'gzipTotalThreadedBuildKB' : 'gzipTotalPerBuildKB'})\n`,
    );
  }
  return over.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      if (!(error instanceof ReportError)) throw error;
      process.stderr.write(`size-report: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
