// Packaging, browsers without a bundler: the tarball installed into a fresh project, a page
// whose external <script type="module"> imports ./node_modules/condense/bindings/index.mjs
// under a strict CSP (script-src 'self' 'wasm-unsafe-eval'), and the same from a module Web
// Worker, in headless Chromium. Also the failure modes of a wrong wasmUrl.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  BACKEND,
  checkProbe,
  copyFixtures,
  freshProject,
  installTarball,
  launchChromium,
  packRepo,
  removeDir,
  runPage,
  serveDir,
} from '../package-fixtures/harness.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'";

describe('no bundler: <script type="module"> and a module worker in Chromium', () => {
  let pack;
  let dir;
  let server;
  let browser;
  let other; // another origin (another port), sending no CORS header

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('browser', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await copyFixtures('browser', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
    // The same page under a CSP without 'wasm-unsafe-eval'.
    const page = await readFile(join(dir, 'index.html'), 'utf8');
    assert.ok(page.includes(" 'wasm-unsafe-eval'"));
    await writeFile(join(dir, 'no-wasm-csp.html'), page.replaceAll(" 'wasm-unsafe-eval'", ''));
    other = await serveDir(dir);
    // A worker's CSP comes from its own response headers, not from the page's meta tag.
    server = await serveDir(dir, {
      headers: (path) => (path.endsWith('worker.mjs') ? { 'Content-Security-Policy': CSP } : {}),
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await other?.close();
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  for (const simd of [true, false, 'auto']) {
    test(`page, simd: ${simd}`, async () => {
      const { result, problems, violations } = await runPage(browser, `${server.url}/index.html?simd=${simd}`);
      checkProbe(assert, result, { simd: simd === 'auto' ? true : simd });
      assert.equal(result.simdSupported, true, 'Chromium supports wasm SIMD');
      assert.equal(result.cspEnforced, true, 'the CSP must be in force (eval refused)');
      assert.deepEqual(problems, []);
      assert.deepEqual(violations, []);
    });
  }

  test('the page fetched only its own files, the glue and the one .wasm it needed', async () => {
    server.requests.length = 0;
    const { result } = await runPage(browser, `${server.url}/index.html?simd=false`);
    checkProbe(assert, result, { simd: false });
    const wasm = server.requests.filter((p) => p.endsWith('.wasm'));
    assert.deepEqual(wasm, ['/node_modules/condense/dist/condense-scalar.wasm']);
  });

  for (const simd of [true, false]) {
    test(`module worker (new Worker(url, { type: 'module' })), simd: ${simd}`, async () => {
      const { result, problems, violations } = await runPage(browser, `${server.url}/worker.html?simd=${simd}`);
      checkProbe(assert, result, { simd });
      assert.equal(result.inWorker, true);
      assert.equal(result.workerCspEnforced, true, "the worker's CSP must be in force");
      assert.equal(result.cspEnforced, true);
      assert.deepEqual(problems, []);
      assert.deepEqual(violations, []);
    });
  }

  test('wasmUrl pointing at an HTML page: the error names the URL and says it is not WebAssembly', async () => {
    const bad = `${server.url}/index.html`;
    const { result } = await runPage(browser, `${server.url}/index.html?simd=false&wasmUrl=${encodeURIComponent(bad)}`);
    assert.ok(result.error, 'loading must fail');
    assert.ok(result.error.includes(bad), `the message names ${bad}: ${result.error}`);
    assert.match(result.error, /is not a WebAssembly module/);
    assert.match(result.error, /starts with "<!doctype html>/i);
    assert.match(result.error, /wasmUrl/, 'the message says which option fixes it');
  });

  test('wasmUrl pointing at a missing file: the error names the URL and the HTTP status', async () => {
    const bad = `${server.url}/nowhere/condense-scalar.wasm`;
    const { result, problems } = await runPage(
      browser,
      `${server.url}/index.html?simd=false&wasmUrl=${encodeURIComponent(bad)}`,
    );
    assert.ok(result.error, 'loading must fail');
    assert.ok(result.error.includes(bad), `the message names ${bad}: ${result.error}`);
    assert.match(result.error, /HTTP 404/);
    // Chromium itself logs the failed request; nothing else may go wrong.
    assert.deepEqual(
      problems.filter((p) => !/404/.test(p)),
      [],
    );
  });

  test('wasmUrl pointing at the right file (an absolute URL) works', async () => {
    const good = `${server.url}/node_modules/condense/dist/condense-simd.wasm`;
    const { result, problems } = await runPage(
      browser,
      `${server.url}/index.html?simd=true&wasmUrl=${encodeURIComponent(good)}`,
    );
    checkProbe(assert, result, { simd: true });
    assert.equal(result.backend, BACKEND.true);
    assert.deepEqual(problems, []);
  });

  test("a CSP without 'wasm-unsafe-eval': the error names the directive to add", async () => {
    const { result } = await runPage(browser, `${server.url}/no-wasm-csp.html?simd=false`);
    assert.ok(result.error, 'loading must fail');
    assert.match(
      result.error,
      /Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src/,
    );
    assert.doesNotMatch(result.error, /Aborted|ASSERTIONS/);
  });

  test('a .wasm on another origin without CORS: the error names the URL and the header', async () => {
    const bad = `${other.url}/node_modules/condense/dist/condense-scalar.wasm`;
    const { result } = await runPage(browser, `${server.url}/index.html?simd=false&wasmUrl=${encodeURIComponent(bad)}`);
    assert.ok(result.error, 'loading must fail');
    assert.ok(result.error.includes(`could not fetch ${bad}`), result.error);
    assert.match(result.error, /Access-Control-Allow-Origin/);
    assert.match(result.error, /connect-src/);
    assert.match(result.error, /wasmBinary/);
  });

  test("errors never carry Emscripten's abort text", async () => {
    const bad = `${server.url}/nowhere/condense-simd.wasm`;
    const { result } = await runPage(browser, `${server.url}/index.html?simd=true&wasmUrl=${encodeURIComponent(bad)}`);
    assert.match(result.error, /HTTP 404 Not Found; serve the \.wasm files/);
    assert.match(result.error, /condense\/inline/);
    assert.doesNotMatch(result.error, /Aborted|ASSERTIONS/);
  });
});
