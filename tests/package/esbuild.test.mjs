// Packaging, esbuild: a fresh project installs the tarball and esbuild (a devDependency of
// THAT project), bundles a browser entry that imports 'condense', copies the .wasm files next
// to the bundle, and runs it in headless Chromium under a strict CSP. Also what a user sees
// when the .wasm is not where it is looked for.
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
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

const ESBUILD = process.env.CONDENSE_TEST_ESBUILD ?? '0.28.2';

describe(`esbuild ${ESBUILD} bundle in Chromium`, () => {
  let pack;
  let dir;
  let pub;
  let server;
  let spaServer;
  let bareServer;
  let browser;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('esbuild', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`esbuild@${ESBUILD}`]);
    await copyFixtures('bundler', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));

    // Bundle with nothing but node on PATH.
    pub = join(dir, 'public');
    await mkdir(pub);
    const env = await bareEnv();
    const r = await run(join(env.PATH, 'node'), ['esbuild.build.mjs'], { cwd: dir, env, timeout: 60_000 });
    assert.equal(r.code, 0, `esbuild failed:\n${r.stdout}\n${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout), { warnings: [], errors: [] }, 'esbuild warnings or errors');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    await writeFile(join(pub, 'index.html'), html.replace('./entry.mjs', './app.js'));
    // What the README documents for esbuild: copy the .wasm files next to the bundle.
    const distDir = join(dir, 'node_modules/condense/dist');
    for (const f of await readdir(distDir)) if (f.endsWith('.wasm')) await cp(join(distDir, f), join(pub, f));

    // The same bundle without the .wasm files beside it, on a single-page-app host (every
    // missing path answered with index.html) and on a plain static host.
    const bare = join(dir, 'public-without-wasm');
    await mkdir(bare);
    for (const f of ['app.js', 'index.html']) await cp(join(pub, f), join(bare, f));

    server = await serveDir(pub);
    spaServer = await serveDir(bare, { fallback: 'index.html' });
    bareServer = await serveDir(bare);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await spaServer?.close();
    await bareServer?.close();
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  test('the bundle holds the glue (no separate .mjs requests) and no eval', async () => {
    const files = await readdir(pub);
    assert.deepEqual(files.sort(), ['app.js', 'condense-scalar.wasm', 'condense-simd.wasm', 'index.html']);
    const js = await readFile(join(pub, 'app.js'), 'utf8');
    assert.doesNotMatch(js, /\beval\(|new Function\(/);
  });

  for (const simd of [true, false]) {
    test(`.wasm copied next to the bundle + locateFile, simd: ${simd}`, async () => {
      server.requests.length = 0;
      const { result, problems } = await runPage(browser, `${server.url}/index.html?mode=locateFile&simd=${simd}`);
      checkProbe(assert, result, { simd });
      assert.deepEqual(problems, []);
      assert.deepEqual(
        server.requests.filter((p) => p.endsWith('.wasm')),
        [`/condense-${simd ? 'simd' : 'scalar'}.wasm`],
      );
    });
  }

  test('wasmUrl pointing at the copied file', async () => {
    const { result, problems } = await runPage(
      browser,
      `${server.url}/index.html?mode=wasmUrl&simd=false&wasmUrl=/condense-scalar.wasm`,
    );
    checkProbe(assert, result, { simd: false });
    assert.deepEqual(problems, []);
  });

  test('wrong wasmUrl pointing at an HTML page: the error names the URL and says it is not WebAssembly', async () => {
    const { result } = await runPage(browser, `${server.url}/index.html?mode=wasmUrl&simd=true&wasmUrl=/index.html`);
    assert.ok(result.error, 'loading must fail');
    assert.ok(result.error.includes(`${server.url}/index.html`), `the message names the URL: ${result.error}`);
    assert.match(result.error, /is not a WebAssembly module \(it starts with "<!doctype html>/i);
  });

  test('.wasm not deployed, host answers every path with index.html: a clear error, not a wasm compile error', async () => {
    // The default location, ../dist/<file>.wasm relative to the bundle, does not exist here; a
    // single-page-app host sends its HTML page with status 200 instead.
    const { result } = await runPage(browser, `${spaServer.url}/index.html?simd=true`);
    assert.ok(result.error, 'loading must fail');
    assert.ok(
      result.error.includes(`${spaServer.url}/dist/condense-simd.wasm`),
      `the message names the URL: ${result.error}`,
    );
    assert.match(result.error, /is not a WebAssembly module \(it starts with "<!doctype html>/i);
    assert.match(result.error, /wasmUrl|locateFile/, 'the message names the option that fixes it');
  });

  test('.wasm not deployed, plain static host: the error names the URL and the 404', async () => {
    const { result } = await runPage(browser, `${bareServer.url}/index.html?simd=false`);
    assert.ok(result.error, 'loading must fail');
    assert.ok(
      result.error.includes(`${bareServer.url}/dist/condense-scalar.wasm`),
      `the message names the URL: ${result.error}`,
    );
    assert.match(result.error, /HTTP 404/);
  });

  test('.wasm copied next to the bundle works with no option at all', async () => {
    const { result } = await runPage(browser, `${server.url}/index.html?simd=false`);
    checkProbe(assert, result, { simd: false });
  });
});
