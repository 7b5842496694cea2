// Packaging, esbuild: a fresh project installs the tarball and esbuild (a devDependency of THAT
// project). esbuild copies no asset, so:
//   - 'condense/inline' (the .wasm embedded) bundles with no option into ESM, IIFE and CommonJS
//     for the browser, and into ESM and CommonJS Node programs that run from another folder;
//   - the default entry finds the .wasm where the user copies it through locateFile / wasmUrl,
//     and when it is not deployed the error names the URL and the fix.
// Browser bundles run in headless Chromium under a strict CSP, on both builds.
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
  pageHtml,
  removeDir,
  run,
  runPage,
  serveDir,
} from '../package-fixtures/harness.mjs';

const ESBUILD = process.env.CONDENSE_TEST_ESBUILD ?? '0.28.2';

describe(`esbuild ${ESBUILD}`, () => {
  let pack;
  let dir;
  let env;
  let pub;
  let server;
  let spaServer;
  let bareServer;
  let browser;
  const inlineBuilds = {};

  const esbuild = async (...args) => {
    const r = await run(join(env.PATH, 'node'), ['esbuild.build.mjs', ...args], { cwd: dir, env, timeout: 60_000 });
    assert.equal(r.code, 0, `esbuild ${args} failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('esbuild', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`esbuild@${ESBUILD}`]);
    await copyFixtures('bundler', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
    env = await bareEnv();

    // The default entry, ESM, with the .wasm files copied next to the bundle by hand.
    pub = join(dir, 'public');
    await mkdir(pub);
    assert.deepEqual(await esbuild(), { warnings: [], errors: [] }, 'esbuild warnings or errors');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    await writeFile(join(pub, 'index.html'), html.replace('./entry.mjs', './app.js'));
    const distDir = join(dir, 'node_modules/condense/dist');
    for (const f of await readdir(distDir)) if (f.endsWith('.wasm')) await cp(join(distDir, f), join(pub, f));
    // The default entry as an IIFE (esbuild empties import.meta there), given wasmUrl or wasmBinary.
    await esbuild('entry.mjs', 'iife', 'browser', join(pub, 'app-iife.js'));
    await writeFile(join(pub, 'iife.html'), pageHtml('./app-iife.js', { module: false }));
    // The same bundle without the .wasm files, on a single-page-app host (every missing path
    // answered with index.html) and on a plain static host.
    const bare = join(dir, 'public-without-wasm');
    await mkdir(bare);
    for (const f of ['app.js', 'index.html']) await cp(join(pub, f), join(bare, f));

    // 'condense/inline' for the browser in three formats, each alone in its folder.
    for (const format of ['esm', 'iife', 'cjs']) {
      const out = join(dir, `inline-${format}`);
      inlineBuilds[format] = { built: await esbuild('entry-inline.mjs', format, 'browser', join(out, 'app.js')) };
      await writeFile(join(out, 'index.html'), pageHtml('./app.js', { module: format === 'esm' }));
      inlineBuilds[format].server = await serveDir(out);
    }

    server = await serveDir(pub);
    spaServer = await serveDir(bare, { fallback: 'index.html' });
    bareServer = await serveDir(bare);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const s of [server, spaServer, bareServer, ...Object.values(inlineBuilds).map((b) => b.server)]) {
      await s?.close();
    }
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  for (const format of ['esm', 'iife', 'cjs']) {
    test(`condense/inline, ${format} bundle: no warning, one file, computes on both builds with no request for a .wasm`, async () => {
      const { built, server: s } = inlineBuilds[format];
      assert.deepEqual(built, { warnings: [], errors: [] }, 'no import.meta warning, no error');
      assert.deepEqual((await readdir(join(dir, `inline-${format}`))).sort(), ['app.js', 'index.html']);
      const js = await readFile(join(dir, `inline-${format}`, 'app.js'), 'utf8');
      assert.deepEqual(js.match(/.{0,40}(import\.meta|\beval\(|new Function\().{0,40}/g), null);
      for (const simd of [true, false]) {
        s.requests.length = 0;
        const { result, problems } = await runPage(browser, `${s.url}/index.html?simd=${simd}`);
        checkProbe(assert, result, { simd });
        assert.deepEqual(problems, []);
        assert.deepEqual(
          s.requests.filter((p) => !['/index.html', '/app.js', '/favicon.ico'].includes(p)),
          [],
        );
      }
    });
  }

  for (const format of ['esm', 'cjs']) {
    test(`Node program bundled (${format}) and moved to another folder: condense/inline runs, the default entry says what to do`, async () => {
      const ext = format === 'esm' ? 'mjs' : 'cjs';
      const deploy = join(dir, `deploy-${format}`);
      await mkdir(deploy);
      const inline = await esbuild('node-inline.mjs', format, 'node', join(dir, `build-${format}`, `inline.${ext}`));
      assert.deepEqual(inline, { warnings: [], errors: [] });
      await esbuild('node-plain.mjs', format, 'node', join(dir, `build-${format}`, `plain.${ext}`));
      for (const f of [`inline.${ext}`, `plain.${ext}`]) await cp(join(dir, `build-${format}`, f), join(deploy, f));
      for (const simd of [true, false]) {
        const r = await run(join(env.PATH, 'node'), [`inline.${ext}`, String(simd)], { cwd: deploy, env });
        assert.equal(r.code, 0, r.stderr);
        checkProbe(assert, JSON.parse(r.stdout), { simd });
      }
      const r = await run(join(env.PATH, 'node'), [`plain.${ext}`, 'true'], { cwd: deploy, env });
      const { error } = JSON.parse(r.stdout);
      assert.match(error, /^Error: condense: cannot read /);
      assert.match(error, /condense\/inline/);
      assert.match(error, /wasmBinary/);
    });
  }

  for (const simd of [true, false]) {
    test(`default entry: .wasm copied next to the bundle + locateFile, simd: ${simd}`, async () => {
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

  test('default entry bundled as an IIFE (import.meta = {}): wasmUrl works, nothing evaluates an invalid URL', async () => {
    for (const simd of [true, false]) {
      const file = `/condense-${simd ? 'simd' : 'scalar'}.wasm`;
      const { result, problems } = await runPage(
        browser,
        `${server.url}/iife.html?mode=wasmUrl&simd=${simd}&wasmUrl=${file}`,
      );
      checkProbe(assert, result, { simd });
      assert.deepEqual(problems, []);
    }
  });

  test('default entry: wasmUrl pointing at the copied file', async () => {
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
    assert.match(result.error, /condense\/inline/);
  });

  test('.wasm not deployed, plain static host: one request, the error names the URL and the 404', async () => {
    bareServer.requests.length = 0;
    const { result } = await runPage(browser, `${bareServer.url}/index.html?simd=false`);
    assert.ok(result.error, 'loading must fail');
    assert.ok(
      result.error.includes(`${bareServer.url}/dist/condense-scalar.wasm`),
      `the message names the URL: ${result.error}`,
    );
    assert.match(result.error, /HTTP 404/);
    assert.deepEqual(
      bareServer.requests.filter((p) => p.endsWith('.wasm')),
      ['/dist/condense-scalar.wasm'],
      'no second guess',
    );
  });
});
