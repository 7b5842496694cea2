// Packaging, Rollup 4: a fresh project installs the tarball, Rollup and
// @rollup/plugin-node-resolve, bundles 'condense/inline' (the .wasm embedded) into one file with
// output.file and runs it in headless Chromium under a strict CSP, on both builds.
import assert from 'node:assert/strict';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
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

const ROLLUP = process.env.CONDENSE_TEST_ROLLUP ?? '4.69.3';
const NODE_RESOLVE = process.env.CONDENSE_TEST_NODE_RESOLVE ?? '16.0.3';

describe(`Rollup ${ROLLUP} + @rollup/plugin-node-resolve ${NODE_RESOLVE}, output.file`, () => {
  let pack;
  let dir;
  let server;
  let browser;
  let built;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('rollup', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`rollup@${ROLLUP}`, `@rollup/plugin-node-resolve@${NODE_RESOLVE}`]);
    await copyFixtures('bundler', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
    const env = await bareEnv();
    const r = await run(join(env.PATH, 'node'), ['rollup.build.mjs'], { cwd: dir, env });
    assert.equal(r.code, 0, `rollup failed:\n${r.stdout}\n${r.stderr}`);
    built = JSON.parse(r.stdout.trim().split('\n').pop());
    await writeFile(join(dir, 'public', 'index.html'), pageHtml('./app.js'));
    server = await serveDir(join(dir, 'public'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  test('one file, no warning, no import.meta', async () => {
    assert.deepEqual(built, { warnings: [], files: ['app.js'] });
    assert.deepEqual((await readdir(join(dir, 'public'))).sort(), ['app.js', 'index.html']);
    const js = await readFile(join(dir, 'public', 'app.js'), 'utf8');
    assert.deepEqual(js.match(/.{0,40}(import\.meta|\beval\(|new Function\().{0,40}/g), null);
  });

  for (const simd of [true, false, 'auto']) {
    test(`computes with no option, simd: ${simd}, and requests no .wasm`, async () => {
      server.requests.length = 0;
      const { result, problems } = await runPage(browser, `${server.url}/index.html?simd=${simd}`);
      checkProbe(assert, result, { simd: simd === 'auto' ? true : simd });
      assert.deepEqual(problems, []);
      assert.deepEqual(
        server.requests.filter((p) => p.endsWith('.wasm')),
        [],
      );
    });
  }
});
