// Keeps the benchmarks working (never gates on timings):
// 1. `node --expose-gc bench/peers.bench.mjs --smoke`: every case, every library, every output
//    checked against the reference; skipped when the peer packages are not installed.
// 2. the browser benchmark page (bench/index.html) in headless Chromium with ?smoke, under its
//    own CSP; skipped when Chromium or playwright-core is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PEERS = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  'onnxruntime-web',
];
const CASE_IDS = ['A', 'B', 'C', 'D', 'E1', 'E2', 'F', 'G', 'H', 'I', 'Z', 'M1', 'M2', 'M3', 'V1', 'R1', 'R2'];
const CHROMIUM = '/usr/bin/chromium';

test('peers benchmark --smoke: every case runs and every output is checked', { timeout: 180_000 }, (t) => {
  const missing = PEERS.filter((p) => !existsSync(join(ROOT, 'node_modules', p, 'package.json')));
  if (missing.length) {
    t.skip(`peer packages not installed (${missing.join(', ')}): run npm install`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'condense-bench-'));
  const out = join(dir, 'smoke.json');
  try {
    const r = spawnSync(process.execPath, ['--expose-gc', 'bench/peers.bench.mjs', '--smoke', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    assert.equal(r.status, 0, `bench exited ${r.status} (signal ${r.signal})\n${r.stdout}\n${r.stderr}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.smoke, true);
    assert.deepEqual(
      report.cases.map((c) => c.id),
      CASE_IDS,
    );
    for (const c of report.cases) {
      const impls = new Set(c.checks.map((x) => `${x.impl} ${x.mode}`));
      for (const want of [
        'condense-simd io',
        'condense-simd io+out',
        'condense-scalar io',
        'condense-scalar io+out',
        'tfjs-wasm op',
        'tfjs-wasm io',
        'tfjs-cpu op',
        'tfjs-cpu io',
        'ort-web op',
        'ort-web io',
      ]) {
        assert.ok(impls.has(want), `case ${c.id}: no output check for ${want}`);
      }
      for (const x of c.checks) {
        assert.ok(
          x.ok,
          `case ${c.id} ${x.impl} ${x.mode}: ${JSON.stringify(x.vsReference)} ${JSON.stringify(x.vsCondense)}`,
        );
        assert.ok(x.vsReference.ok, `case ${c.id} ${x.impl} ${x.mode}: not checked against the reference`);
        if (x.impl !== 'condense-simd')
          assert.ok(x.vsCondense && x.vsCondense.ok, `case ${c.id} ${x.impl} ${x.mode}: not checked against condense`);
      }
      // Every checked variant was timed; nothing unchecked was.
      assert.equal(c.timings.length, c.checks.length, `case ${c.id}: timings do not match the checked outputs`);
      for (const tm of c.timings) assert.ok(tm.medianUs > 0, `case ${c.id} ${tm.impl} ${tm.mode}: no time`);
    }
    assert.equal(report.allChecked, true);
    for (const k of ['condense-simd', 'condense-scalar']) {
      assert.ok(report.ready[k].medianMs > 0, `no ready time for ${k}`);
      assert.ok(report.sizes[k].gzip > 0, `no size for ${k}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('browser benchmark page (?smoke) runs every case under its CSP', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`no Chromium at ${CHROMIUM}`);
    return;
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    t.skip('playwright-core is not installed: run npm install');
    return;
  }
  const { startServer } = await import('../../scripts/serve.mjs');
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    await page.goto(`${server.url}/bench/?smoke`);
    await page.waitForFunction(() => window.condenseBench && window.condenseBench.status !== 'running', null, {
      timeout: 100_000,
    });
    const state = await page.evaluate(() => window.condenseBench);
    assert.equal(state.error, null);
    assert.equal(state.status, 'done');
    assert.deepEqual(
      state.results.map((r) => r.id),
      CASE_IDS,
    );
    for (const r of state.results) {
      assert.equal(r.checks.length, 4, `case ${r.id}: SIMD and scalar, io and io+out`);
      assert.ok(
        r.checks.every((c) => c.ok),
        `case ${r.id}: ${JSON.stringify(r.checks)}`,
      );
      assert.ok(r.summary.condenseSimdIoUs > 0 && r.summary.condenseScalarIoUs > 0, `case ${r.id}: no time`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
