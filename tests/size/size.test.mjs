// The size report (scripts/size-report.mjs) on the real build: every shipped build within
// package.json's sizeBudget (this test fails when one is over), with sizes that agree with an
// independent measurement; and the report's own verdicts on made-up packages, so a report
// that always said "within budget" would fail here too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/size-report.mjs');

function report(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('size report: the real build', () => {
  let pkg;
  before(async () => {
    pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  });

  test('package.json has a sizeBudget and an npm "size" script that runs the report', () => {
    assert.equal(typeof pkg.sizeBudget?.gzipTotalPerBuildKB, 'number');
    assert.equal(pkg.scripts.size, 'node scripts/size-report.mjs');
  });

  test('every build (wasm + glue, gzip -9) is within the budget', async () => {
    const r = await report([]);
    assert.equal(r.code, 0, `over budget or failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /\| condense-simd +\| dist\/condense-simd\.wasm/);
    assert.match(r.stdout, /\| condense-scalar +\| dist\/condense-scalar\.mjs/);
    assert.match(r.stdout, /condense-simd: [\d.]+ KB gzipped within/);
    assert.match(r.stdout, /condense-scalar: [\d.]+ KB gzipped within/);
    assert.match(r.stdout, /\| condense-simd-threads +\| dist\/condense-simd-threads\.worker\.js/);
    assert.match(r.stdout, /condense-simd-threads: [\d.]+ KB gzipped within/);
  });

  test('--json sizes agree with an independent measurement of each file', async () => {
    const r = await report(['--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.builds.map((b) => b.name).sort(), [
      'condense-scalar',
      'condense-simd',
      'condense-simd-threads',
    ]);
    for (const b of out.builds) {
      const threaded = b.name.endsWith('-threads');
      const parts = [['wasm', '.wasm'], ['glue', '.mjs'], ...(threaded ? [['worker', '.worker.js']] : [])];
      for (const [part, ext] of parts) {
        const bytes = await readFile(join(ROOT, 'dist', b.name + ext));
        assert.equal(b[part].file, `dist/${b.name}${ext}`);
        assert.equal(b[part].raw, bytes.length, `${b[part].file} raw`);
        assert.equal(b[part].gzip, gzipSync(bytes, { level: 9 }).length, `${b[part].file} gzip`);
      }
      assert.equal(b.total.gzip, b.wasm.gzip + b.glue.gzip + (threaded ? b.worker.gzip : 0));
      const budgetKB = threaded ? pkg.sizeBudget.gzipTotalThreadedBuildKB : pkg.sizeBudget.gzipTotalPerBuildKB;
      assert.equal(b.budgetKB, budgetKB);
      assert.equal(b.overBudget, b.total.gzip > budgetKB * 1024);
      assert.equal(b.overBudget, false, `${b.name}: ${b.total.gzip} bytes gzipped`);
    }
    assert.ok(
      out.shared.files.some((f) => f.file === 'bindings/api.mjs'),
      'the shared JS API is reported',
    );
  });
});

describe('size report: verdicts on made-up packages', () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'condense-size-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fakePackage(name, { budget, wasmBytes = 4096, files, worker = false } = {}) {
    const root = join(dir, name);
    await mkdir(join(root, 'dist'), { recursive: true });
    await writeFile(join(root, 'dist/a.wasm'), randomBytes(wasmBytes)); // random: gzip cannot shrink it
    await writeFile(join(root, 'dist/a.mjs'), 'export default 1;\n'.repeat(50));
    if (worker) await writeFile(join(root, 'dist/a.worker.js'), randomBytes(2048));
    await writeFile(
      join(root, 'package.json'),
      JSON.stringify({
        name,
        files: files || ['dist/a.wasm', 'dist/a.mjs'],
        ...(budget === undefined ? {} : { sizeBudget: budget }),
      }),
    );
    return root;
  }

  test('a build over the budget: exit 1, its name and size on standard error', async () => {
    const root = await fakePackage('over', { budget: { gzipTotalPerBuildKB: 3 } });
    const r = await report(['--root', root]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /a: 4\.\d KB gzipped OVER the budget of 3 KB/);
    assert.match(r.stderr, /size-report: a is 4\.\d KB gzipped, over the budget of 3 KB/);
  });

  test('the same build under a larger budget: exit 0', async () => {
    const root = await fakePackage('under', { budget: { gzipTotalPerBuildKB: 5 } });
    const r = await report(['--root', root]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /a: 4\.\d KB gzipped within 5 KB \(\d+%\)/);
  });

  test('a threaded build (dist/a.* with a worker script): its own budget counts the worker too', async () => {
    const files = ['dist/a.*'];
    const under = await fakePackage('threaded-under', {
      budget: { gzipTotalPerBuildKB: 5, gzipTotalThreadedBuildKB: 7 },
      files,
      worker: true,
    });
    let r = await report(['--root', under]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\| a +\| dist\/a\.worker\.js/);
    assert.match(r.stdout, /a: 6\.\d KB gzipped within 7 KB/);
    const over = await fakePackage('threaded-over', {
      budget: { gzipTotalPerBuildKB: 7, gzipTotalThreadedBuildKB: 5 },
      files,
      worker: true,
    });
    r = await report(['--root', over]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stderr,
      /a is 6\.\d KB gzipped, over the budget of 5 KB \(package\.json sizeBudget\.gzipTotalThreadedBuildKB\)/,
    );
  });

  const broken = [
    ['no sizeBudget', {}, /no "sizeBudget" object/],
    [
      'a misspelt budget key',
      { budget: { gzipTotalPerBuildKb: 60 } },
      /sizeBudget\.gzipTotalPerBuildKb is not a known budget/,
    ],
    [
      'a budget that is not a number',
      { budget: { gzipTotalPerBuildKB: '60' } },
      /must be a positive number \(got "60"\)/,
    ],
    [
      'a listed build file that is missing',
      { budget: { gzipTotalPerBuildKB: 60 }, files: ['dist/a.wasm', 'dist/a.mjs', 'dist/b.wasm', 'dist/b.mjs'] },
      /dist\/b\.wasm is missing: build it first/,
    ],
    [
      'a wasm without glue',
      { budget: { gzipTotalPerBuildKB: 60 }, files: ['dist/a.wasm'] },
      /dist\/a\.wasm has no JS glue/,
    ],
  ];
  for (const [what, options, message] of broken) {
    test(`${what}: exit 2 and what is wrong`, async () => {
      const root = await fakePackage(what.replace(/\W+/g, '-'), options);
      const r = await report(['--root', root]);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, message);
    });
  }
});
