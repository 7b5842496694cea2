// The pipeline panels in headless Chromium: the starting kernel leaves dead space and the
// captions count it (equal to the same count in Node), maps wider than their panel are drawn
// by max at the panel's size (pixels equal toImageData in Node), non-finite maps are said and
// drawn "bad", failed panels are cleared, off-screen panels are not drawn, and the timing line
// measures to the painted frame.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, idle, openDemo, startBrowser } from '../web-helpers/browser.mjs';
import { encodeRgbaPng, testPattern } from '../web-helpers/png.mjs';
import { condense, pipeline } from '../web-helpers/reference.mjs';
import { presetById } from '../../bindings/lesson.mjs';
import { BAD_COLOUR } from '../../web/views/panels.mjs';

const W = 320;
const RGBA = testPattern(W, W);
const PNG = encodeRgbaPng(W, W, RGBA);

let env;
let page;
let problems;

async function setRange(selector, value) {
  await page.$eval(
    selector,
    (el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

const counts = () => page.evaluate(() => window.condenseDemo.counts());
const share = (data, keep) => data.reduce((n, v) => n + (keep(v) ? 1 : 0), 0) / data.length;

// The canvas's pixels, read back from the page.
const canvasPixels = (stage) =>
  page.$eval(`[data-stage="${stage}"] canvas`, (c) => ({
    width: c.width,
    height: c.height,
    data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data),
  }));

before(async () => {
  env = await startBrowser();
  ({ page, problems } = await openDemo(env));
  await page.setInputFiles('#file', { name: 'pattern.png', mimeType: 'image/png', buffer: PNG });
  await idle(page);
});

after(async () => {
  if (env) await env.close();
});

describe('pipeline panels: counts, drawing, oddities, timing', () => {
  test("starts on the lesson's edge kernel; Detect and Condense count zero / active as Node does", async () => {
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.deepEqual(r.settings.kernel, presetById('edge').kernel);
    assert.equal(await page.inputValue('#preset'), 'edge');
    const ref = await pipeline(RGBA, W, W, [400, 400], r.settings);
    const c = await counts();
    const maps = { detect: ref.detect, 'condense-1': ref.condensed[0] };
    for (const [stage, map] of Object.entries(maps)) {
      assert.equal(
        c[stage].zero,
        share(map.data, (v) => v === 0),
        `${stage} zero share`,
      );
      assert.equal(
        c[stage].active,
        share(map.data, (v) => v > 0),
        `${stage} active share`,
      );
      const text = await page.textContent(`[data-stage="${stage}"] .counts`);
      assert.match(text, new RegExp(`${(100 * c[stage].zero).toFixed(1)}% zero`));
      assert.match(text, new RegExp(`${(100 * c[stage].active).toFixed(1)}% active`));
    }
    // The lesson's point, counted: ReLU leaves dead space, pooling raises the active share.
    assert.ok(c.detect.zero > 0.25, `Detect is ${c.detect.zero} zero`);
    assert.ok(c['condense-1'].active > c.detect.active, 'pooling raises the share of active pixels');
    assert.equal(await page.isVisible('[data-stage="filter"] .counts'), false, 'Filter is not counted');
  });

  test('maps wider than their panel are drawn at its size by max, pixel for pixel as toImageData in Node', async () => {
    await page.selectOption('#size', '1024');
    await idle(page);
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    const ref = await pipeline(RGBA, W, W, [1024, 1024], r.settings);
    const cd = await condense();
    for (const [stage, map] of [
      ['detect', ref.detect],
      ['condense-1', ref.condensed[0]],
    ]) {
      const px = await canvasPixels(stage);
      const panelWidth = await page.$eval(`[data-stage="${stage}"] .viz`, (v) => v.clientWidth);
      assert.equal(px.width, panelWidth, `${stage} drawn at the panel's width (device pixel ratio 1)`);
      assert.ok(px.width < map.shape[2], `${stage} is drawn smaller than the map`);
      assert.equal(await page.getAttribute(`[data-stage="${stage}"]`, 'data-drawn'), `${px.height}x${px.width}`);
      const want = cd.toImageData(map, { size: [px.height, px.width], bad: BAD_COLOUR, infinite: 'bad' });
      assert.deepEqual(px.data, Array.from(want.data), `${stage}: the page's pixels are Node's`);
      assert.match(await page.textContent(`[data-stage="${stage}"] .range`), /drawn 1:\d+\.\d/);
      assert.match(await page.getAttribute(`[data-stage="${stage}"] .range`, 'title'), /MAX/);
    }
    // Drawn by max, Detect (1:~3.7) and Condense (1:~1.8) show the same maxima: Condense is not
    // brighter by display alone. (Averaging Detect down, as before, dimmed its thin edges.)
    const mean = (px) => {
      let s = 0;
      for (let i = 0; i < px.data.length; i += 4) s += px.data[i] + px.data[i + 1] + px.data[i + 2];
      return s / (px.data.length / 4);
    };
    const detect = mean(await canvasPixels('detect'));
    const condensed = mean(await canvasPixels('condense-1'));
    assert.ok(condensed <= detect * 1.1, `Condense ${condensed.toFixed(1)} vs Detect ${detect.toFixed(1)}`);
    await page.locator('#pipeline').screenshot({ path: join(ARTIFACTS, 'web-live-1024.png') });
    await page.selectOption('#size', '400');
    await idle(page);
  });

  test('a kernel value of 1e39 (float32: Infinity): the maps say so and draw it "bad"', async () => {
    await page.fill('#kernel-grid input:nth-child(5)', '1e39');
    await idle(page);
    const c = await counts();
    assert.ok(c.filter.nonFinite > 0, 'Filter has non-finite values');
    assert.match(c.filter.badNote, /not finite \(.*(\+∞|−∞|NaN).*\): drawn as “bad”/);
    assert.equal(await page.isVisible('[data-stage="filter"] .bad-note .swatch.bad'), true, 'the legend colour');
    const px = await canvasPixels('filter');
    let bad = 0;
    for (let i = 0; i < px.data.length; i += 4) {
      if (BAD_COLOUR.every((v, k) => px.data[i + k] === v)) bad++;
    }
    assert.ok(bad > 0, 'bad pixels drawn in the legend colour');
    assert.doesNotMatch(await page.textContent('[data-stage="filter"] .range'), /^0 … 0/);
    await page.locator('#pipeline').screenshot({ path: join(ARTIFACTS, 'web-live-nonfinite.png') });
    await page.selectOption('#preset', 'edge');
    await idle(page);
    assert.equal((await counts()).filter.nonFinite, 0);
    assert.equal(await page.isVisible('[data-stage="filter"] .bad-note'), false);
  });

  test('a stage that cannot run is cleared, not dimmed over the old map', async () => {
    await page.check('input[name="pool-padding"][value="valid"]');
    await setRange('#pool-size', 6);
    await setRange('#pool-stride', 6);
    await setRange('#repeats', 5);
    await idle(page);
    const error = await page.textContent('[data-stage="condense-4"] .panel-error');
    assert.ok(error.length > 0);
    const px = await canvasPixels('condense-4');
    assert.ok(
      px.data.every((v) => v === 0),
      'the failed panel holds no pixels',
    );
    assert.equal(await page.getAttribute('[data-stage="condense-4"]', 'data-drawn'), 'cleared');
    await page.check('input[name="pool-padding"][value="same"]');
    await setRange('#pool-size', 2);
    await setRange('#pool-stride', 2);
    await setRange('#repeats', 1);
    await idle(page);
  });

  test('panels off screen are not coloured until they scroll into view', async () => {
    await page.locator('#gap').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    await setRange('#pool-size', 3);
    await idle(page);
    assert.equal(await page.getAttribute('[data-stage="condense-1"]', 'data-drawn'), 'off-screen');
    await page.locator('#figure').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => document.querySelector('[data-stage="condense-1"]').dataset.drawn !== 'off-screen',
    );
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    const ref = await pipeline(RGBA, W, W, [400, 400], r.settings);
    assert.equal(
      (await counts())['condense-1'].zero,
      share(ref.condensed[0].data, (v) => v === 0),
    );
    await setRange('#pool-size', 2);
    await idle(page);
  });

  test('the timing line measures from the change to the painted frame', async () => {
    await setRange('#pool-size', 3);
    await idle(page);
    await page.waitForFunction(() => window.condenseDemo.lastResult().timings.painted !== undefined);
    const t = (await page.evaluate(() => window.condenseDemo.lastResult())).timings;
    assert.ok(t.painted >= t.frame, `painted ${t.painted} >= compute + draw ${t.frame}`);
    assert.match(await page.textContent('#perf-line'), /input → painted \d+\.\d ms/);
    await setRange('#pool-size', 2);
    await idle(page);
  });

  test('phone: the counts fit under the panels', async () => {
    const phone = await env.browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
    });
    await phone.goto(`${env.server.url}/web/`);
    await phone.waitForFunction(() => window.condenseDemo && window.condenseDemo.lastResult());
    await phone.evaluate(() => window.condenseDemo.idle());
    await phone.locator('[data-stage="detect"]').scrollIntoViewIfNeeded();
    await phone.evaluate(() => window.condenseDemo.idle());
    const box = await phone.locator('[data-stage="detect"] .counts').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the Detect counts are on screen');
    await phone.screenshot({ path: join(ARTIFACTS, 'web-live-phone.png') });
    await phone.close();
  });

  test('no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(problems, []);
  });
});
