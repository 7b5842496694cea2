// Packaging, webpack 5: a fresh project installs the tarball and webpack, builds the default
// entry ('condense', entry-plain.mjs) with nothing but mode, entry and output path, in production and
// in development mode, and runs both in headless Chromium on both builds. webpack finds the .wasm
// by itself: bindings/index.mjs's literal new URL('../dist/…', import.meta.url) become assets.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
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

const WEBPACK = process.env.CONDENSE_TEST_WEBPACK ?? '5.113.0';

describe(`webpack ${WEBPACK}, target web, no config`, () => {
  let pack;
  let dir;
  let browser;
  const builds = {};

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('webpack', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`webpack@${WEBPACK}`]);
    await copyFixtures('bundler', dir);
    await writeFile(join(dir, 'probe.mjs'), await readFile(new URL('../package-fixtures/probe.mjs', import.meta.url)));
    const env = await bareEnv();
    for (const mode of ['production', 'development']) {
      const out = join(dir, `out-${mode}`);
      const r = await run(join(env.PATH, 'node'), ['webpack.build.mjs', mode, out], { cwd: dir, env });
      assert.equal(r.code, 0, `webpack ${mode} failed:\n${r.stdout}\n${r.stderr}`);
      const built = JSON.parse(r.stdout.trim().split('\n').pop());
      // webpack's development output evaluates its modules with eval(): no CSP there.
      const csp = mode === 'production' ? undefined : null;
      await writeFile(join(out, 'index.html'), pageHtml('./app.js', { module: false, csp }));
      builds[mode] = { built, server: await serveDir(out) };
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const b of Object.values(builds)) await b.server.close();
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  for (const mode of ['production', 'development']) {
    test(`${mode}: no warning but the .wasm size hint, no error, both .wasm files emitted as assets`, () => {
      const { built } = builds[mode];
      assert.deepEqual(built.errors, []);
      // webpack's production performance hint (assets over 244 KiB) names the SIMD .wasm (~269
      // KiB raw, ~99 KiB gzipped); it is advice, not a failure (README, bundlers). Nothing else.
      const other = built.warnings.filter((w) => !/asset size limit: [^]*Assets: \s*\S+\.wasm \(\d+ KiB\)\s*$/.test(w));
      assert.deepEqual(other, [], 'no "Critical dependency" or any other warning');
      assert.equal(built.files.filter((f) => f.endsWith('.wasm')).length, 2, `files: ${built.files}`);
    });

    for (const simd of [true, false]) {
      test(`${mode}: computes with no option, simd: ${simd}; one .wasm request, no 404`, async () => {
        const { server } = builds[mode];
        server.requests.length = 0;
        const { result, problems } = await runPage(browser, `${server.url}/index.html?simd=${simd}`);
        checkProbe(assert, result, { simd });
        assert.deepEqual(problems, []);
        assert.equal(server.requests.filter((p) => p.endsWith('.wasm')).length, 1, `${server.requests}`);
      });
    }
  }
});
