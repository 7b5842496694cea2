// The threaded build in Chromium: scripts/serve.mjs makes pages cross-origin isolated, so a page
// loading condense with { threads: 'auto' } gets 'wasm-simd-threads' (workers started from
// dist/condense-simd-threads.worker.js) with the single-thread build's bits; without the headers
// the same call falls back to the SIMD build.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBrowser } from '../web-helpers/browser.mjs';
import { startServer } from '../../scripts/serve.mjs';

// Runs in the page: loads condense both ways and compares a conv and a pool bit for bit.
async function inPage(threads) {
  const { loadCondense } = await import('/bindings/index.mjs');
  const multi = await loadCondense({ threads });
  const single = await loadCondense({ threads: false });
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const x = { shape: [1, 64, 64, 16], data: Float32Array.from({ length: 64 * 64 * 16 }, next) };
  const f = { shape: [3, 3, 16, 16], data: Float32Array.from({ length: 3 * 3 * 16 * 16 }, next) };
  const same = (a, b) =>
    a.data.length === b.data.length &&
    new Uint32Array(a.data.buffer).every((v, i) => v === new Uint32Array(b.data.buffer)[i]);
  const conv = same(multi.conv2d(x, f, { padding: 'same' }), single.conv2d(x, f, { padding: 'same' }));
  const pool = same(multi.maxPool2d(x, { poolSize: 3, strides: 2 }), single.maxPool2d(x, { poolSize: 3, strides: 2 }));
  const result = { isolated: self.crossOriginIsolated, backend: multi.backend, threads: multi.threads, conv, pool };
  multi.dispose();
  result.afterDispose = multi.threads;
  return result;
}

test('a cross-origin-isolated page runs the threaded build with the same bits', async (t) => {
  const env = await startBrowser();
  t.after(() => env.close());
  const page = await env.browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(`${env.server.url}/web/`);
  const result = await page.evaluate(inPage, 2);
  assert.deepEqual(result, {
    isolated: true,
    backend: 'wasm-simd-threads',
    threads: 2,
    conv: true,
    pool: true,
    afterDispose: 1,
  });
  assert.deepEqual(problems, []);
});

test('without COOP/COEP the page falls back to the SIMD build', async (t) => {
  const env = await startBrowser();
  const plain = await startServer({ port: 0, isolated: false });
  t.after(async () => {
    await env.close();
    await plain.close();
  });
  const page = await env.browser.newPage();
  await page.goto(`${plain.url}/web/`);
  const result = await page.evaluate(inPage, 'auto');
  assert.equal(result.isolated, false);
  assert.equal(result.backend, 'wasm-simd');
  assert.equal(result.threads, 1);
  assert.ok(result.conv && result.pool);
});

// Runs in the page: the default load and an explicit thread count, as { backend, threads, error }.
async function defaultAndExplicit() {
  const { loadCondense } = await import('/bindings/index.mjs');
  const cd = await loadCondense();
  const x = { shape: [1, 2, 2, 1], data: Float32Array.of(-1, 2, -3, 4) };
  const relu = Array.from(cd.relu(x).data);
  const explicit = await loadCondense({ threads: 2 }).then(
    (c) => `loaded ${c.backend}`,
    (e) => e.message,
  );
  return { backend: cd.backend, threads: cd.threads, relu, explicit };
}

test('an isolated page: the default load is the threaded build on every core', async (t) => {
  const env = await startBrowser();
  t.after(() => env.close());
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/web/`);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const result = await page.evaluate(defaultAndExplicit);
  assert.deepEqual(result, {
    backend: cores >= 2 ? 'wasm-simd-threads' : 'wasm-simd',
    threads: cores >= 2 ? Math.min(cores, 8) : 1,
    relu: [0, 2, 0, 4],
    explicit: 'loaded wasm-simd-threads',
  });
});

// The threaded build's pieces made unavailable one at a time: its worker script (as a CSP or COEP
// refusal would), its glue, its .wasm. 'auto' falls back to the SIMD build; an explicit count is an
// error.
for (const [what, file] of [
  ['its worker script', 'condense-simd-threads.worker.js'],
  ['its glue', 'condense-simd-threads.mjs'],
  ['its .wasm', 'condense-simd-threads.wasm'],
]) {
  test(`an isolated page without ${what}: 'auto' falls back to the SIMD build`, async (t) => {
    const env = await startBrowser();
    t.after(() => env.close());
    const page = await env.browser.newPage();
    await page.route(`**/dist/${file}`, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${env.server.url}/web/`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    const result = await page.evaluate(defaultAndExplicit);
    assert.equal(result.backend, 'wasm-simd');
    assert.equal(result.threads, 1);
    assert.deepEqual(result.relu, [0, 2, 0, 4]);
    assert.match(result.explicit, /^loadCondense: threads: 2 cannot be honoured: /, 'threads: 2 cannot run without it');
  });
}

test("an isolated page whose CSP refuses workers: 'auto' falls back, threads: 2 says why", async (t) => {
  const env = await startBrowser();
  t.after(() => env.close());
  const page = await env.browser.newPage();
  await page.route('**/web/', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace("default-src 'self';", "default-src 'self'; worker-src 'none';");
    await route.fulfill({ response, body });
  });
  await page.goto(`${env.server.url}/web/`);
  const result = await page.evaluate(defaultAndExplicit);
  assert.equal(result.backend, 'wasm-simd');
  assert.deepEqual(result.relu, [0, 2, 0, 4]);
  assert.match(result.explicit, /cannot be honoured: .*a worker of the threaded build did not start .*worker-src/);
});
