// Packaging, Parcel 2: a fresh project installs the tarball and Parcel, builds index.html (its
// module script imports 'condense') for production with the default config and no condense
// option, and runs it in headless Chromium under a strict CSP on both builds. Parcel finds the
// .wasm by itself: bindings/index.mjs's literal new URL('../dist/…', import.meta.url).
import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
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
  pageHtml,
  removeDir,
  run,
  runPage,
  serveDir,
} from '../package-fixtures/harness.mjs';

const PARCEL = process.env.CONDENSE_TEST_PARCEL ?? '2.16.4';

describe(`Parcel ${PARCEL} production build, default config`, () => {
  let pack;
  let dir;
  let server;
  let browser;
  let built;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('parcel', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`parcel@${PARCEL}`]);
    await copyFixtures('bundler', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
    await writeFile(join(dir, 'index.html'), pageHtml('./entry-plain.mjs'));
    const env = await bareEnv();
    const r = await run(join(env.PATH, 'node'), ['parcel.build.mjs'], { cwd: dir, env, timeout: 180_000 });
    assert.equal(r.code, 0, `parcel failed:\n${r.stdout}\n${r.stderr}`);
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

  test('both .wasm files emitted', () => {
    assert.equal(built.files.filter((f) => f.endsWith('.wasm')).length, 2, `files: ${built.files}`);
  });

  for (const simd of [true, false]) {
    test(`computes with no option, simd: ${simd}; one .wasm request, no 404`, async () => {
      server.requests.length = 0;
      const { result, problems } = await runPage(browser, `${server.url}/index.html?simd=${simd}`);
      checkProbe(assert, result, { simd });
      assert.deepEqual(problems, []);
      assert.equal(server.requests.filter((p) => p.endsWith('.wasm')).length, 1, `${server.requests}`);
    });
  }
});
