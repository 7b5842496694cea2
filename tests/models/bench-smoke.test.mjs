// Keeps the model benchmark working (never gates on timings): `peers.bench.mjs --smoke --cases
// models` runs every model case on condense, tfjs-wasm and tfjs-cpu with tiny counts (training
// steps at batch 4) and checks every output against tfjs-cpu's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('model benchmark --smoke: every model case runs and every output is checked', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'condense-models-bench-'));
  const out = join(dir, 'models.json');
  try {
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', 'bench/peers.bench.mjs', '--smoke', '--cases', 'models', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 230_000 },
    );
    assert.equal(r.status, 0, `bench exited ${r.status} (signal ${r.signal})\n${r.stdout}\n${r.stderr}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.smoke, true);
    assert.deepEqual(
      report.cases.map((c) => c.id),
      ['TV1', 'TV16', 'NB32', 'NB64'],
    );
    for (const c of report.cases) {
      const check = (impl) => c.checks.find((x) => x.impl === impl);
      assert.equal(check('tfjs-cpu')?.ok, true, `${c.id}: tfjs-cpu ran`);
      assert.equal(check('condense')?.ok, true, `${c.id}: condense agrees with tfjs-cpu: ${check('condense')?.reason}`);
      const timed = new Set(c.timings.map((t) => t.impl));
      assert.ok(timed.has('condense') && timed.has('tfjs-cpu'), `${c.id}: condense and tfjs-cpu timed`);
      assert.ok(c.flopsPerImage > 1e7, `${c.id}: FLOPs per image counted`);
      if (c.kind === 'predict') assert.equal(check('tfjs-wasm')?.ok, true, `${c.id}: tfjs-wasm agrees`);
      // tfjs-wasm cannot train a convnet; its error is the recorded result.
      else assert.match(check('tfjs-wasm')?.error ?? '', /Conv2DBackpropFilter' not registered for backend 'wasm'/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
