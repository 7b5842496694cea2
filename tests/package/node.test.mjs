// Packaging: `npm pack` the repository, install the tarball into a fresh project with a PATH
// that holds node and nothing else (no emscripten, cmake or compiler), and use it from plain
// Node ESM and CommonJS with both builds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import {
  BACKEND,
  NPM_CLI,
  bareEnv,
  checkProbe,
  copyFixtures,
  freshProject,
  packRepo,
  removeDir,
  run,
  runConsumer,
} from '../package-fixtures/harness.mjs';
import { cp, writeFile } from 'node:fs/promises';

describe('npm pack + fresh install, Node', () => {
  let pack;
  let dir;

  before(async () => {
    pack = await packRepo();
    // No "type" field: the project is CommonJS by default, with one .mjs and one .cjs consumer.
    dir = await freshProject('node');
    // Install with the bare environment too: npm itself needs nothing but node.
    const env = await bareEnv();
    assert.ok(NPM_CLI, 'npm-cli.js not found next to node');
    const r = await run(
      join(env.PATH, 'node'),
      [NPM_CLI, 'install', pack.tarball, '--offline', '--no-audit', '--no-fund'],
      {
        cwd: dir,
        env,
        timeout: 120_000,
      },
    );
    assert.equal(r.code, 0, `npm install of the tarball with PATH=${env.PATH} failed:\n${r.stdout}\n${r.stderr}`);
    await copyFixtures('node', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
  });

  after(async () => {
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  test('the tarball ships the entries, the declarations and both builds, and nothing else', () => {
    const files = new Set(pack.files);
    for (const f of [
      'package.json',
      'bindings/api.mjs',
      'bindings/load.mjs',
      'bindings/index.mjs',
      'bindings/node.mjs',
      'bindings/index.cjs',
      'bindings/index.d.ts',
      'dist/condense-simd.mjs',
      'dist/condense-simd.wasm',
      'dist/condense-scalar.mjs',
      'dist/condense-scalar.wasm',
      'bindings/inline.mjs',
      'dist/condense-inline.mjs',
      'dist/condense-jpeg.mjs',
      'image/wasm/LICENSE-libjpeg-turbo.md',
    ]) {
      assert.ok(files.has(f), `${f} is missing from the tarball`);
    }
    const stray = pack.files.filter((f) => /^(src|tests|build|scripts|cmake|bench|web|\.ci|node_modules)\//.test(f));
    assert.deepEqual(stray, [], 'source, tests and build trees must not ship');
    assert.ok(!pack.files.some((f) => f.endsWith('.tgz')), 'no tarball inside the tarball');
  });

  for (const simd of [true, false]) {
    test(`ESM import { loadCondense } from 'condense', simd: ${simd}`, async () => {
      const out = await runConsumer(dir, 'esm.mjs', [String(simd)]);
      checkProbe(assert, out, { simd });
      assert.match(out.entry, /\/node_modules\/condense\/bindings\/node\.mjs$/, 'the "node" + "import" condition');
    });

    test(`CommonJS require('condense'), simd: ${simd}`, async () => {
      const out = await runConsumer(dir, 'cjs.cjs', [String(simd)]);
      checkProbe(assert, out, { simd });
      assert.match(out.entry, /\/node_modules\/condense\/bindings\/index\.cjs$/, 'the "node" + "require" condition');
      assert.ok(out.exports.includes('loadCondense'));
    });
  }

  test("ESM import from 'condense/inline' (the .wasm embedded) on both builds", async () => {
    await writeFile(
      join(dir, 'inline.mjs'),
      "import { loadCondense } from 'condense/inline';\nimport { probe } from './probe.mjs';\n" +
        'const simd = process.argv[2] === "true";\nconsole.log(JSON.stringify(await probe(loadCondense, { simd })));\n',
    );
    for (const simd of [true, false])
      checkProbe(assert, await runConsumer(dir, 'inline.mjs', [String(simd)]), { simd });
  });

  test('ESM with no options: the threaded build from the installed package on 2+ cores (SIMD on one)', async () => {
    const out = await runConsumer(dir, 'esm.mjs', ['auto']);
    checkProbe(assert, out);
    assert.equal(out.simdSupported, true);
    assert.equal(out.backend, availableParallelism() >= 2 ? 'wasm-simd-threads' : BACKEND.true);
  });

  test('a wasmBinary that is an HTML page fails with an error that says so', async () => {
    const out = await runConsumer(dir, 'esm.mjs', ['false']);
    assert.match(out.htmlError, /^Error: condense: wasmBinary is not a WebAssembly module/);
    assert.match(out.htmlError, /starts with "<!DOCTYPE html>/);
  });
});
