// Packaging, Vite: a fresh project installs the tarball and Vite (a devDependency of THAT
// project), makes a production build with no config and no condense option, serves dist/ and
// runs it in headless Chromium under a strict CSP. Vite finds the .wasm files by itself: it
// rewrites bindings/index.mjs's new URL(`../dist/${file}`, import.meta.url) into hashed assets.
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  bareEnv,
  checkProbe,
  copyFixtures,
  freshProject,
  installFromRegistry,
  installTarball,
  launchChromium,
  packRepo,
  removeDir,
  run,
  runPage,
  serveDir,
} from '../package-fixtures/harness.mjs';

// Vite 8 needs Node ^20.19 or >= 22.12; this image has Node 20.20.
const VITE = process.env.CONDENSE_TEST_VITE ?? '8.3.8';

describe(`Vite ${VITE} production build in Chromium`, () => {
  let pack;
  let dir;
  let server;
  let browser;
  let built;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('vite', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`vite@${VITE}`]);
    await copyFixtures('bundler', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
    const env = await bareEnv();
    const r = await run(join(env.PATH, 'node'), ['vite.build.mjs'], { cwd: dir, env, timeout: 120_000 });
    assert.equal(r.code, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
    built = JSON.parse(r.stdout.trim().split('\n').pop());
    server = await serveDir(join(dir, 'dist'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  test('the build emits both .wasm files as hashed assets, with no warnings', () => {
    assert.deepEqual(built.warnings, []);
    const wasm = built.files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 2, `two .wasm assets: ${wasm}`);
    assert.ok(wasm.some((f) => /^assets\/condense-simd-[\w-]+\.wasm$/.test(f)));
    assert.ok(wasm.some((f) => /^assets\/condense-scalar-[\w-]+\.wasm$/.test(f)));
  });

  for (const simd of [true, false, 'auto']) {
    test(`no option needed, simd: ${simd}`, async () => {
      server.requests.length = 0;
      const { result, problems } = await runPage(browser, `${server.url}/index.html?simd=${simd}`);
      checkProbe(assert, result, { simd: simd === 'auto' ? true : simd });
      assert.deepEqual(problems, []);
      const kind = simd === false ? 'scalar' : 'simd';
      const fetched = server.requests.filter((p) => p.endsWith('.wasm'));
      assert.equal(fetched.length, 1, `one .wasm fetched: ${fetched}`);
      assert.match(fetched[0], new RegExp(`^/assets/condense-${kind}-[\\w-]+\\.wasm$`));
    });
  }

  test('locateFile overrides the location Vite chose (here: a file that does not exist)', async () => {
    const { result, problems } = await runPage(browser, `${server.url}/index.html?mode=locateFile&simd=false`);
    // locateFile resolves next to the bundle chunk (assets/), where Vite put only hashed names.
    assert.ok(result.error, 'loading must fail');
    assert.match(result.error, /\/assets\/condense-scalar\.wasm/);
    assert.deepEqual(
      problems.filter((p) => !/404/.test(p)),
      [],
    );
  });

  test('the build ships no unused copies of the glue', () => {
    assert.deepEqual(
      built.files.filter((f) => f.endsWith('.mjs')),
      [],
    );
  });
});
