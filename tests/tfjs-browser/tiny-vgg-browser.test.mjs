// condense/tfjs in Chromium without a bundler: a page whose import map points the bare
// specifiers at the packages' ES module builds (tf-core.fesm.js, tf-backend-cpu.fesm.js,
// tf-layers.fesm.js, bindings/tfjs/index.mjs), under the demo's Content-Security-Policy, and a
// module Web Worker under the same policy. Both load Tiny VGG (web/models/tiny-vgg/) with
// tf.loadLayersModel and predict on the 'condense' backend what Node predicts (softmax within
// 1e-5, same top-1). See server.mjs for the two ways the files are served and why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { launchChromium, CHROMIUM } from '../package-fixtures/harness.mjs';
import { startServer, demoCsp } from './server.mjs';
import { loadTinyVgg, sampleImages } from '../../bench/lib/models-node.mjs';
import { syntheticImages } from '../../bench/lib/models.mjs';
import { tf, tfl, setup, maxDiff, argmaxRows } from '../models/helpers.mjs';

const SOFTMAX_ATOL = 1e-5;
let server;
let browser;
let inputs; // { name, x, n, want }[]

before(async () => {
  const photos = await sampleImages();
  inputs = [
    { name: 'coffee.jpg', x: photos.find((p) => p.name === 'coffee.jpg').x, n: 1 },
    { name: 'chelsea.jpg', x: photos.find((p) => p.name === 'chelsea.jpg').x, n: 1 },
    { name: 'synthetic x3 (seed 21)', x: syntheticImages(3, 21), n: 3 },
  ];
  await setup(); // Node's reference: the same model on the 'condense' backend
  const model = await loadTinyVgg(tfl);
  for (const input of inputs)
    input.want = tf.tidy(() =>
      model
        .predict(tf.tensor4d(input.x, [input.n, 64, 64, 3]))
        .dataSync()
        .slice(),
    );
  model.dispose();
  if (!existsSync(CHROMIUM)) return;
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('worker', (w) =>
    w.on('console', (m) => {
      if (m.type() === 'error') problems.push(`worker console.error: ${m.text()}`);
    }),
  );
  await page.goto(`${server.url}/tests/tfjs-browser/page/index.html`);
  await page
    .waitForFunction(() => window.__tinyVgg !== undefined, null, { timeout: 30_000 })
    .catch((e) => {
      e.message += `\n${problems.join('\n')}`;
      throw e;
    });
  return { page, problems };
}

function compare(where, got, input) {
  assert.equal(got.error, undefined, `${where}: ${got.error}`);
  assert.equal(got.backend, 'condense', `${where}: the active backend`);
  assert.equal(got.leaked, 0, `${where}: tensors leaked`);
  const d = maxDiff(Float32Array.from(got.probs), input.want);
  assert.ok(d.abs <= SOFTMAX_ATOL, `${where}, ${input.name}: softmax differs from Node's by ${d.abs}`);
  assert.deepEqual(argmaxRows(got.probs, 10), argmaxRows(input.want, 10), `${where}, ${input.name}: top-1`);
}

for (const where of ['page', 'worker']) {
  test(`Tiny VGG on condense in a ${where} (no bundler, the demo's CSP) predicts what Node predicts`, async (t) => {
    if (!browser) {
      t.skip(`Chromium not found at ${CHROMIUM}`);
      return;
    }
    const { page, problems } = await openPage();
    try {
      assert.equal(await page.evaluate(() => window.__cspEnforced), true, 'the CSP is in force (eval refused)');
      for (const input of inputs) {
        const got = await page.evaluate(
          ([fn, x, n]) => window.__tinyVgg[fn](x, n),
          [where === 'page' ? 'inPage' : 'inWorker', Array.from(input.x), input.n],
        );
        compare(where, got, input);
        if (where === 'worker') {
          assert.equal(got.inWorker, true);
          assert.equal(got.cspEnforced, true, "the worker's CSP is in force (eval refused)");
          assert.deepEqual(got.violations, []);
        }
      }
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

test("the page's policy is the demo's plus the import map's hash only; the worker's is the demo's", (t) => {
  if (!server) {
    t.skip(`Chromium not found at ${CHROMIUM}`);
    return;
  }
  const demo = demoCsp();
  assert.equal(server.csp.worker, demo);
  const hashes = server.csp.page.match(/ 'sha256-[A-Za-z0-9+/]+=*'/g) ?? [];
  assert.equal(hashes.length, 1, 'one hash: the import map');
  assert.equal(server.csp.page.replace(hashes[0], ''), demo);
  assert.match(server.csp.page, /script-src [^;]*'sha256-/);
  assert.doesNotMatch(server.csp.page, /'unsafe-inline'|'unsafe-eval'/);
});
