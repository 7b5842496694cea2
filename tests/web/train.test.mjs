// §6 of the demo in headless Chromium: the pooling notebook's MNIST model, with and without
// pooling, trained in two module Web Workers on condense's TensorFlow.js backend. The workers
// start on the 'condense' backend with the notebook's parameter counts; a digit drawn on the
// pad gets a prediction and every layer's output from both models; one short epoch (32 steps of
// 32 digits) lifts held-out accuracy from chance to a real threshold and fills the shift table
// with five numbers per model; Stop stops. Plus the drawn digit's MNIST-like preprocessing (pure).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasStats, cspViolations, openDemo, startBrowser } from '../web-helpers/browser.mjs';
import { inkBox, mnistLike, SIDE } from '../../web/lib/train-digit.mjs';

const READY_MS = 120_000; // two workers: fetch 7.9 MB of digits, compile condense's wasm, build the models
const TRAIN_MS = 400_000; // one short epoch each; generous for a loaded machine (about 40 s when idle)

let env;
let page;
let problems;

const snapshot = () => page.evaluate(() => window.condenseDemo.train());

async function waitFor(predicate, timeout, what) {
  await page.waitForFunction(predicate, null, { timeout, polling: 250 }).catch(async (error) => {
    error.message += `\nwaiting for ${what}; the section: ${JSON.stringify(await snapshot()).slice(0, 2000)}\n${problems.join('\n')}`;
    throw error;
  });
}

/** Draws a digit-like stroke (a "7") on the pad with the mouse. */
async function drawSeven() {
  await page.locator('#train-pad').scrollIntoViewIfNeeded();
  const box = await page.locator('#train-pad').boundingBox();
  const at = (fx, fy) => [box.x + fx * box.width, box.y + fy * box.height];
  await page.mouse.move(...at(0.25, 0.22));
  await page.mouse.down();
  for (const [fx, fy] of [
    [0.45, 0.22],
    [0.72, 0.22],
    [0.62, 0.45],
    [0.52, 0.65],
    [0.45, 0.82],
  ]) {
    await page.mouse.move(...at(fx, fy), { steps: 6 });
  }
  await page.mouse.up();
}

async function waitForPredictions(previous) {
  await waitFor(
    (prev) => {
      const s = window.condenseDemo.train().models;
      const fresh = (p, q) => p && (!q || JSON.stringify(p.probs) !== JSON.stringify(q));
      return fresh(s.pool.prediction, prev && prev.pool) && fresh(s.flat.prediction, prev && prev.flat);
    },
    60_000,
    'both predictions',
    previous && { pool: previous.pool.prediction.probs, flat: previous.flat.prediction.probs },
  );
  return (await snapshot()).models;
}

before(async () => {
  env = await startBrowser();
  ({ page, problems } = await openDemo(env));
});

after(async () => {
  if (env) await env.close();
});

describe('the drawn digit is made MNIST-like (pure)', () => {
  test('scaled into a 20-pixel box and centred by its centre of mass', () => {
    const W = 280;
    const ink = new Float32Array(W * W);
    for (let y = 40; y < 240; y++) for (let x = 180; x < 200; x++) ink[y * W + x] = 1; // a "1", off centre
    assert.deepEqual(inkBox(ink, W, W), { x0: 180, y0: 40, x1: 200, y1: 240 });
    const digit = mnistLike(ink, W, W);
    assert.equal(digit.length, SIDE * SIDE);
    const box = inkBox(digit, SIDE, SIDE);
    assert.equal(box.y1 - box.y0, 20, 'the tall side fills the 20-pixel box');
    assert.equal(box.x1 - box.x0, 2, 'the aspect ratio is kept (200 x 20 → 20 x 2)');
    let mass = 0;
    let mx = 0;
    let my = 0;
    digit.forEach((v, i) => {
      mass += v;
      mx += v * ((i % SIDE) + 0.5);
      my += v * (Math.floor(i / SIDE) + 0.5);
    });
    assert.ok(Math.abs(mx / mass - 14) <= 0.5 && Math.abs(my / mass - 14) <= 0.5, `centre ${mx / mass}, ${my / mass}`);
    assert.equal(mnistLike(new Float32Array(W * W), W, W), null, 'nothing drawn, nothing to predict');
  });
});

describe('§6: train the notebook model with and without pooling', () => {
  test("two workers start on the 'condense' backend with the notebook's summaries (211,690 / 3,222,250)", async () => {
    await page.locator('#train').scrollIntoViewIfNeeded();
    await waitFor(
      () => {
        const { models } = window.condenseDemo.train();
        return (models.pool.ready && models.flat.ready) || models.pool.error || models.flat.error;
      },
      READY_MS,
      'both workers ready',
    );
    const { models, backend } = await snapshot();
    for (const key of ['pool', 'flat']) {
      assert.equal(models[key].error, null, `${key}: ${models[key].error}`);
      assert.equal(models[key].backend, 'condense');
      assert.equal(models[key].build, 'wasm-simd-threads', 'the workers of an isolated page run threaded');
    }
    assert.match(backend, /'condense'.*wasm-simd-threads/);
    const params = (key) => models[key].summary.rows.map((r) => [r.name, r.params]);
    assert.deepEqual(params('pool'), [
      ['conv2d', 320],
      ['max_pooling2d', 0],
      ['conv2d_1', 9248],
      ['max_pooling2d_1', 0],
      ['flatten', 0],
      ['dense', 200832],
      ['dense_1', 1290],
    ]);
    assert.deepEqual(params('flat'), [
      ['conv2d', 320],
      ['conv2d_1', 9248],
      ['flatten', 0],
      ['dense', 3211392],
      ['dense_1', 1290],
    ]);
    assert.equal(models.pool.summary.total, 211690);
    assert.equal(models.flat.summary.total, 3222250);
    const totals = await page.$$eval('.train-summary tr.train-total', (rows) =>
      rows.map((r) => r.cells[r.cells.length - 1].textContent),
    );
    assert.deepEqual(totals, ['211,690', '3,222,250']);
  });

  test("drawing a digit gives both models' predictions and every layer's output", async () => {
    await drawSeven();
    const models = await waitForPredictions(null);
    for (const key of ['pool', 'flat']) {
      const { probs } = models[key].prediction;
      assert.equal(probs.length, 10);
      assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-4, `${key}: probabilities sum to 1`);
    }
    assert.deepEqual(
      models.pool.prediction.layers.map((l) => l.shape),
      [[28, 28, 32], [14, 14, 32], [14, 14, 32], [7, 7, 32], [1568], [128], [10]],
    );
    assert.deepEqual(
      models.flat.prediction.layers.map((l) => l.shape),
      [[28, 28, 32], [28, 28, 32], [25088], [128], [10]],
    );
    assert.equal(await page.locator('.train-answer').count(), 2);
    // The maps drawn: conv, pool, conv, pool, dense (with pooling); conv, conv, dense (without).
    assert.equal(await page.locator('.train-maps-col.pool canvas.train-map').count(), 5);
    assert.equal(await page.locator('.train-maps-col.flat canvas.train-map').count(), 3);
    const seen = await canvasStats(page, '#train-seen');
    assert.ok(seen.colours > 2, 'the 28x28 digit the models see is drawn');
    const map = await canvasStats(page, '.train-maps-col.pool canvas.train-map');
    assert.deepEqual([map.width, map.height], [8 * 28 + 7, 4 * 28 + 3], '32 maps of 28x28, 8 a row');
    assert.ok(map.colours > 8, 'the first layer’s maps are not blank');
  });

  test('one short epoch in the workers lifts held-out accuracy from chance; five shifts measured per model', async () => {
    const before = (await snapshot()).models;
    await page.selectOption('#train-size', '1000');
    await page.selectOption('#train-epochs', '1');
    await page.selectOption('#train-eval', '500');
    await page.click('#train-start');
    await waitFor(
      () => {
        const { models } = window.condenseDemo.train();
        return (models.pool.done && models.flat.done) || models.pool.error || models.flat.error;
      },
      TRAIN_MS,
      'both models trained and measured',
    );
    const { models } = await snapshot();
    for (const key of ['pool', 'flat']) {
      const m = models[key];
      assert.equal(m.error, null, `${key}: ${m.error}`);
      assert.equal(m.totalSteps, 32, `${key}: 1,000 digits in batches of 32`);
      assert.equal(m.step, 32);
      assert.equal(m.epochs.length, 2, `${key}: held-out accuracy before training and after the epoch`);
      const [untrained, trained] = m.epochs.map((e) => e.valAccuracy);
      assert.ok(untrained < 0.25, `${key}: untrained accuracy ${untrained} is near chance`);
      // Deterministic (seeded weights and order): 72.6% with pooling, 80.6% without, on 500 held-out digits.
      assert.ok(trained >= 0.6, `${key}: held-out accuracy after 32 steps ${trained}`);
      assert.ok(m.epochs[1].ms > 0, `${key}: the epoch is timed`);
      assert.equal(m.shifts.length, 5);
      for (const s of m.shifts) assert.ok(Number.isFinite(s) && s >= 0 && s <= 1, `${key}: shift accuracy ${s}`);
      assert.equal(m.shifts[0], trained, `${key}: the unshifted column is the held-out accuracy`);
    }
    const cells = await page.$$eval('#train-shift-table tbody tr', (rows) =>
      rows.map((r) =>
        Array.from(r.cells)
          .slice(1)
          .map((c) => c.textContent),
      ),
    );
    assert.equal(cells.length, 2);
    for (const row of cells) {
      assert.equal(row.length, 5, 'columns 0, 1, 2, 3, 4 px');
      for (const c of row) assert.match(c, /^\d{1,3}\.\d%$/);
    }
    assert.match(await page.textContent('#train-shift-summary'), /Shifted by 4 pixels/);
    for (const id of ['#train-loss', '#train-acc']) {
      assert.ok((await canvasStats(page, id)).colours > 4, `${id}: curves drawn`);
    }
    assert.equal(await page.locator('#train-epochs-table tbody tr').count(), 2);
    // The drawn digit is answered again by the trained models.
    const after = await waitForPredictions(before);
    assert.notDeepEqual(after.pool.prediction.probs, before.pool.prediction.probs);
  });

  test('Stop stops both models mid-epoch', async () => {
    await page.click('#train-start');
    await waitFor(
      () => {
        const { models } = window.condenseDemo.train();
        return models.pool.running && models.pool.step >= 2 && models.flat.running && models.flat.step >= 1;
      },
      TRAIN_MS,
      'both models training',
    );
    assert.equal(await page.textContent('#train-start'), 'Restart both');
    await page.click('#train-stop');
    await waitFor(
      () => {
        const { models } = window.condenseDemo.train();
        return !models.pool.running && !models.flat.running;
      },
      60_000,
      'both stopped',
    );
    const { models } = await snapshot();
    for (const key of ['pool', 'flat']) {
      assert.equal(models[key].stopped, true, key);
      assert.ok(models[key].step < models[key].totalSteps, `${key}: stopped at step ${models[key].step}`);
    }
    assert.equal(await page.isDisabled('#train-stop'), true);
    assert.equal(await page.isDisabled('#train-measure'), false);
  });

  test('no console error, failed request or CSP violation', async () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(await cspViolations(page), []);
  });
});
