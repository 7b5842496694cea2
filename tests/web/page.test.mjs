// The page's explanations next to the pixels, in headless Chromium: the small-matrix sandbox
// (d2l.ai §7.5's examples, computed by condense on the page and again in Node), the live code
// line, the Stride control following the Window, the invariance experiment's far shift inside
// the map and its counts, the invariance view on an uploaded photo (equal to Node), the
// inspector beside the panels (and on screen after a tap on a phone), the crop on Detect, the
// fit-mode hint, and the phone layout (no sideways page, tables fit or say they scroll).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, idle, openDemo, startBrowser } from '../web-helpers/browser.mjs';
import { encodeRgbaPng, testPattern } from '../web-helpers/png.mjs';
import { condense } from '../web-helpers/reference.mjs';
import { runLesson } from '../../bindings/lesson.mjs';
import { compareMaps, farShift, jitterStats, litBox, circleMap, shiftedCrop, SIZE } from '../../web/lib/shapes.mjs';
import { poolCode } from '../../web/views/code.mjs';
import { parseMatrix, parseSpec } from '../../web/views/sandbox.mjs';
import { fitHint } from '../../web/views/input.mjs';

let env;
let page;
let problems;

async function setRange(p, selector, value) {
  await p.$eval(
    selector,
    (el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

const sandbox = () => page.evaluate(() => window.condenseDemo.sandbox());

before(async () => {
  env = await startBrowser();
  ({ page, problems } = await openDemo(env));
});

after(async () => {
  if (env) await env.close();
});

describe('the pure parts (no browser)', () => {
  test('typed matrices and settings, as d2l and Python print them', () => {
    assert.deepEqual(parseMatrix('[[0., 1.], [2., 3.]]'), [
      [0, 1],
      [2, 3],
    ]);
    assert.deepEqual(parseMatrix('0 1 2; 3 4 5'), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    assert.throws(() => parseMatrix('1 x'), /^RangeError: matrix: every entry must be a finite number/);
    assert.throws(() => parseMatrix(' '), /matrix: type at least one row/);
    assert.deepEqual(parseSpec({ type: 'max', size: '(2, 3)', stride: '', padding: '0, 1' }), {
      type: 'max',
      size: [2, 3],
      stride: [2, 3],
      padding: [0, 1],
    });
    assert.throws(() => parseSpec({ type: 'max', size: '2.5', stride: '', padding: '' }), /^RangeError: window:/);
  });

  test('code lines: Keras has no numeric padding, PyTorch no same; condense takes both', () => {
    assert.deepEqual(poolCode({ type: 'max', size: 3, stride: 2, padding: 1 }), {
      keras: "# Keras pools with 'valid' or 'same' only: layers.ZeroPadding2D(1) pads zeros, not −∞",
      tfnn: "tf.nn.pool(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], constant_values=-float('inf')), window_shape=[3, 3], pooling_type='MAX', strides=[2, 2], padding='VALID')",
      torch: 'nn.MaxPool2d(3, stride=2, padding=1)',
      condense: 'cd.maxPool2d(x, { poolSize: 3, strides: 2, padding: 1 })',
    });
    const avg = poolCode({ type: 'avg', size: [2, 3], stride: [2, 3], padding: 'same' });
    assert.equal(avg.keras, "layers.AveragePooling2D(pool_size=(2, 3), strides=(2, 3), padding='same')");
    assert.match(avg.torch, /^# PyTorch's AvgPool2d has no 'same' padding/);
    assert.equal(avg.condense, "cd.avgPool2d(x, { poolSize: [2, 3], strides: [2, 3], padding: 'same' })");
  });

  test('the fit hint: the share a crop keeps, a warning past half lost, nothing for a square', () => {
    const portrait = fitHint(1000, 3000, { sw: 1000, sh: 1000 }, 'crop');
    assert.equal(portrait.warn, true);
    assert.match(portrait.text, /33% of it; the top and bottom 1000 px are not used/);
    const wide = fitHint(451, 300, { sw: 300, sh: 300 }, 'crop');
    assert.equal(wide.warn, false);
    assert.match(wide.text, /67% of it; the left and right 76 px/);
    assert.equal(fitHint(500, 500, { sw: 500, sh: 500 }, 'crop').text, '');
    assert.equal(fitHint(1000, 3000, { sw: 1000, sh: 3000 }, 'keep').text, '');
  });
});

describe('the small-matrix sandbox', () => {
  test('opens on d2l’s 3x3 example: 2x2 max pooling with stride 1 gives [[4, 5], [7, 8]], every window drawn', async () => {
    const s = await sandbox();
    assert.deepEqual(s.input, [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    assert.deepEqual(s.out, [
      [4, 5],
      [7, 8],
    ]);
    assert.match(await page.textContent('#sb-result'), /3×3 → 2×2: \[\[4, 5\], \[7, 8\]\]/);
    assert.equal(await page.locator('#sb-windows .sb-window').count(), 4);
    for (let i = 0; i < 4; i++) {
      const fig = page.locator('#sb-windows .sb-window').nth(i);
      assert.equal(await fig.locator('.sb-cell.in-window').count(), 4, `window ${i} marks 4 cells`);
      assert.equal(await fig.locator('.sb-cell.winner').textContent(), String(s.out[i >> 1][i & 1]));
    }
    assert.equal(
      await page.textContent('#sb-windows .sb-window:nth-child(1) figcaption'),
      '(0, 0) = max(0, 1, 3, 4) = 4',
    );
    assert.match(await page.textContent('#sb-code'), /nn\.MaxPool2d\(2, stride=1\)/);
  });

  test('d2l’s other examples: average, the default stride, padding and stride, a 2x3 window', async () => {
    const expected = {
      'd2l-avg': [
        [2, 3],
        [5, 6],
      ],
      'd2l-default-stride': [[10]],
      'd2l-pad-stride': [
        [5, 7],
        [13, 15],
      ],
      'd2l-rect': [
        [5, 7],
        [13, 15],
      ],
    };
    const cd = await condense();
    for (const [id, out] of Object.entries(expected)) {
      await page.click(`#sb-examples [data-example="${id}"]`);
      const s = await sandbox();
      assert.deepEqual(s.out, out, id);
      // The same call in Node.
      const x = { shape: [s.input.length, s.input[0].length, 1], data: Float32Array.from(s.input.flat()) };
      const fn = s.spec.type === 'avg' ? 'avgPool2d' : 'maxPool2d';
      const y = cd[fn](x, { poolSize: s.spec.size, strides: s.spec.stride, padding: s.spec.padding });
      assert.deepEqual(s.out.flat(), Array.from(y.data), `${id} in Node`);
    }
    // Padding 1 around the 4x4: the padded ring is drawn and each caption says what padding does.
    await page.click('#sb-examples [data-example="d2l-pad-stride"]');
    assert.ok((await page.locator('#sb-windows .sb-window:nth-child(1) .sb-cell.pad').count()) > 0);
    assert.match(
      await page.textContent('#sb-windows .sb-window:nth-child(1) figcaption'),
      /^\(0, 0\) = max\(0, 1, 4, 5\) = 5 · 5 padded cells are −∞$/,
    );
    assert.match(await page.textContent('#sb-code'), /nn\.MaxPool2d\(3, stride=2, padding=1\)/);
    await page.click('#sb-examples [data-example="d2l-default-stride"]');
    assert.match(await page.textContent('#sb-code .code-note'), /defaults to the window/);
  });

  test('a typed matrix is pooled as typed; a bad one is explained and the sandbox keeps working', async () => {
    await page.fill('#sb-matrix', '1, 9; 3 4\n');
    await page.fill('#sb-size', '2');
    await page.fill('#sb-stride', '');
    await page.fill('#sb-padding', 'valid');
    await page.check('input[name="sb-type"][value="avg"]');
    assert.deepEqual((await sandbox()).out, [[4.25]]);
    await page.fill('#sb-matrix', '1 2\n3');
    assert.equal(await page.isVisible('#sb-error'), true);
    assert.match(await page.textContent('#sb-error'), /^matrix: every row needs 2 numbers/);
    await page.fill('#sb-matrix', '1 2 3\n4 5 6');
    await page.fill('#sb-size', '3');
    await page.check('input[name="sb-type"][value="max"]');
    assert.match(await page.textContent('#sb-error'), /maxPool2d/); // condense's own message: window > input
    await page.fill('#sb-padding', 'same');
    assert.deepEqual((await sandbox()).out, [[6]]); // stride 3 = window; 'same' pads one row below
    assert.equal(await page.isVisible('#sb-error'), false);
    await page.click('#sb-examples [data-example="d2l-max"]');
    await page.locator('#sandbox').screenshot({ path: join(ARTIFACTS, 'web-sandbox.png') });
  });
});

describe('the code line and the Stride control', () => {
  test('the code line shows the current pooling as Keras, tf.nn.pool and condense; Stride follows Window', async () => {
    const lines = async () =>
      Object.fromEntries(
        await page.$$eval('#code-line .code-row', (rows) =>
          rows.map((r) => [r.dataset.key, r.querySelector('code').textContent]),
        ),
      );
    assert.deepEqual(await lines(), {
      keras: "layers.MaxPool2D(pool_size=2, strides=2, padding='same')",
      tfnn: "tf.nn.pool(x, window_shape=[2, 2], pooling_type='MAX', strides=[2, 2], padding='SAME')",
      condense: "cd.maxPool2d(x, { poolSize: 2, strides: 2, padding: 'same' })",
    });
    assert.equal(await page.getAttribute('#stride-follow', 'aria-pressed'), 'true');
    await page.check('input[name="pool-type"][value="avg"]');
    await page.check('input[name="pool-padding"][value="valid"]');
    await setRange(page, '#pool-size', 3);
    await idle(page);
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.deepEqual(r.settings.pool, { type: 'avg', size: 3, stride: 3, padding: 'valid' }, 'stride followed');
    assert.equal(await page.textContent('#pool-stride-out'), '3');
    assert.equal(await page.inputValue('#pool-stride'), '3');
    const want = poolCode({ type: 'avg', size: 3, stride: 3, padding: 'valid' });
    assert.deepEqual(await lines(), { keras: want.keras, tfnn: want.tfnn, condense: want.condense });
    assert.equal(want.keras, "layers.AveragePooling2D(pool_size=3, strides=3, padding='valid')");
    assert.equal(await page.textContent('[data-stage="condense-1"] .shape'), '398×398 → 132×132');

    // Moving Stride unlinks it: the Window moves alone; the toggle links them again.
    await setRange(page, '#pool-stride', 1);
    await setRange(page, '#pool-size', 4);
    await idle(page);
    let pool = (await page.evaluate(() => window.condenseDemo.lastResult())).settings.pool;
    assert.deepEqual([pool.size, pool.stride], [4, 1]);
    assert.equal(await page.getAttribute('#stride-follow', 'aria-pressed'), 'false');
    assert.match(await page.textContent('#code-line'), /strides=1,/);
    await page.click('#stride-follow');
    await idle(page);
    pool = (await page.evaluate(() => window.condenseDemo.lastResult())).settings.pool;
    assert.deepEqual([pool.size, pool.stride], [4, 4]);
    assert.equal(await page.textContent('#pool-stride-out'), '4');

    // Back to the lesson's settings.
    await page.check('input[name="pool-type"][value="max"]');
    await page.check('input[name="pool-padding"][value="same"]');
    await setRange(page, '#pool-size', 2);
    await idle(page);
    pool = (await page.evaluate(() => window.condenseDemo.lastResult())).settings.pool;
    assert.deepEqual(pool, { type: 'max', size: 2, stride: 2, padding: 'same' });
  });
});

describe('translation invariance', () => {
  test('the far shift keeps the whole shape inside the map; the exercise’s ring has none', async () => {
    const cd = await condense();
    for (const kind of ['ring', 'small-ring', 'disk']) {
      await page.selectOption('#inv-shape', kind);
      for (let round = 0; round < 3; round++) {
        await page.click('#inv-shift');
        const inv = await page.evaluate(() => window.condenseDemo.invariance());
        const far = inv.shifts.far;
        assert.deepEqual(far, farShift(kind, inv.shifts.A), `${kind}: the page's far shift`);
        if (kind === 'ring') {
          assert.equal(far, null);
          assert.equal(await page.isVisible('#inv-rows [data-row="far"] .inv-maps'), false);
          assert.match(await page.textContent('#inv-summary'), /No far shift/);
          continue;
        }
        assert.ok(Math.abs(far[0] - inv.shifts.A[0]) >= 12, `${kind}: far is far (${far})`);
        assert.equal(inv.lit.far, inv.lit.A, `${kind}: every lit cell of A is still in the far map`);
        const box = litBox(circleMap(kind, ...far).data);
        assert.ok(box.left >= 0 && box.right <= SIZE - 1 && box.top >= 0 && box.bottom <= SIZE - 1);
        const chain = inv.final.far;
        assert.ok(
          chain.some((v, i) => v !== inv.final.A[i]),
          `${kind}: the far map differs after 4 poolings`,
        );
      }
      // The counts over every pair of jitters equal Node's.
      const inv = await page.evaluate(() => window.condenseDemo.invariance());
      const stats = jitterStats(cd, kind);
      assert.deepEqual(inv.stats, stats, `${kind}: pairs that differ`);
      assert.deepEqual(
        inv.steps.map((s) => s.pairsDiffer),
        stats.differ,
      );
    }
    const disk = await page.evaluate(() => window.condenseDemo.invariance());
    assert.equal(disk.stats.pairs, 1176);
    assert.ok(disk.stats.differ[4] > 0.8 * 1176, 'most disk pairs still differ');
    const summary = await page.textContent('#inv-summary');
    assert.match(summary, new RegExp(`${disk.stats.differ[4]} still differ after 4 poolings`));
    assert.match(summary, /lit in columns 16…47.*0 px from a border/);
    await page.selectOption('#inv-shape', 'ring');
  });

  test('on the uploaded photo: the pooled maps of the photo and the photo moved by k px, equal to Node', async () => {
    const w = 160;
    const rgba = testPattern(w, w);
    await page.setInputFiles('#file', {
      name: 'pattern.png',
      mimeType: 'image/png',
      buffer: encodeRgbaPng(w, w, rgba),
    });
    await idle(page);
    await page.locator('#inv-photo').scrollIntoViewIfNeeded();
    await setRange(page, '#inv-k', 3);
    const photo = await page.evaluate(() => window.condenseDemo.invariancePhoto());
    assert.equal(photo.k, 3);
    assert.deepEqual(
      photo.rows.map((r) => r.stage),
      ['detect', 'condense-1', 'condense-2', 'condense-3', 'condense-4'],
    );
    const cd = await condense();
    const x = cd.fromImageData({ data: rgba, width: w, height: w }, { channels: 1, size: [400, 400] });
    const a = runLesson(cd, shiftedCrop(x, 0, 0, photo.margin), photo.settings);
    const b = runLesson(cd, shiftedCrop(x, 3, 0, photo.margin), photo.settings);
    for (const row of photo.rows) {
      const want = compareMaps(a.maps[row.stage].data, b.maps[row.stage].data);
      assert.equal(row.equal, want.equal, `${row.stage}: equal cells`);
      assert.equal(row.cells, want.cells);
      assert.ok(Math.abs(row.diff - want.diff) < 1e-12);
    }
    assert.equal(await page.locator('#inv-photo-table tbody tr').count(), 5);
    assert.match(await page.textContent('#inv-photo-summary'), /^Moved 3 px/);
    await setRange(page, '#inv-k', 0);
    const still = await page.evaluate(() => window.condenseDemo.invariancePhoto());
    assert.ok(
      still.rows.every((r) => r.equal === r.cells),
      'no move: every map equal',
    );
    await page.locator('#invariance').screenshot({ path: join(ARTIFACTS, 'web-invariance-photo.png') });
  });
});

describe('explanations next to the pixels', () => {
  test('the inspector floats right under the inspected panel, on screen; Input cells are gray', async () => {
    await page.click('button.sample[data-sample="chelsea"]');
    await idle(page);
    const canvas = page.locator('[data-stage="condense-1"] canvas');
    const onScreen = (b) => b.x >= 0 && b.x + b.width <= 1280 && b.y >= 0 && b.y + b.height <= 900;
    const scrollFigure = (edge, offset) =>
      page.evaluate(
        ([e, o]) =>
          window.scrollTo(0, document.getElementById('figure').getBoundingClientRect()[e] + window.scrollY + o),
        [edge, offset],
      );
    // The panel near the top of the screen: the inspector sits right under it, above the controls.
    await scrollFigure('top', -40);
    let box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#inspector.active');
    let fig = await page.locator('[data-stage="condense-1"]').boundingBox();
    const controls = await page.locator('.controls').boundingBox();
    let insp = await page.locator('#inspector').boundingBox();
    assert.ok(
      Math.abs(insp.y - (fig.y + fig.height) - 6) <= 2,
      `just under the panel (${insp.y} vs ${fig.y + fig.height})`,
    );
    assert.ok(insp.y < controls.y, 'above the controls, not below them');
    assert.ok(onScreen(insp), `on screen: ${JSON.stringify(insp)}`);
    // The panel at the bottom of the screen: the inspector goes above it, still on screen.
    await scrollFigure('bottom', -880);
    box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 1);
    fig = await page.locator('[data-stage="condense-1"]').boundingBox();
    insp = await page.locator('#inspector').boundingBox();
    assert.ok(
      Math.abs(insp.y + insp.height + 6 - fig.y) <= 2,
      `just above the panel (${insp.y + insp.height} vs ${fig.y})`,
    );
    assert.ok(onScreen(insp), `on screen: ${JSON.stringify(insp)}`);
    const fig2 = await page.locator('[data-stage="detect"]').boundingBox();
    await page.mouse.move(fig2.x + fig2.width / 2, fig2.y + 100);
    const insp2 = await page.locator('#inspector').boundingBox();
    assert.ok(insp2.x <= fig2.x + 1, 'follows the panel');

    // The Filter window reads the Input panel: its cells are gray like the panel.
    await page.focus('[data-stage="filter"] canvas');
    const colours = await page.$$eval('#inspector table.nums:first-of-type td', (tds) =>
      tds.map((td) => getComputedStyle(td).backgroundColor),
    );
    assert.equal(colours.length, 9);
    for (const c of colours) {
      const [r, g, b] = c.match(/\d+/g).map(Number);
      assert.ok(r === g && g === b, `gray cell: ${c}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'web-inspector-beside.png') });
    await page.focus('#file');
  });

  test('the crop of section 3 is marked on the Detect map where the animation reads it', async () => {
    const s = await page.evaluate(() => window.condenseDemo.poolStep());
    const mark = page.locator('[data-stage="detect"] .mark.crop');
    assert.equal(await mark.isVisible(), true);
    const [h, w] = (await page.evaluate(() => window.condenseDemo.lastResult())).detect.shape;
    const style = await mark.evaluate((el) => ({ top: el.style.top, left: el.style.left, height: el.style.height }));
    const near = (css, want, what) => assert.ok(Math.abs(parseFloat(css) - want) < 1e-3, `${what}: ${css} vs ${want}%`);
    near(style.top, (s.top / h) * 100, 'top');
    near(style.left, (s.left / w) * 100, 'left');
    near(style.height, (s.side / h) * 100, 'height');
  });

  test('a fit mode that loses most of the image says how much it keeps', async () => {
    const [w, h] = [100, 400];
    await page.setInputFiles('#file', {
      name: 'tall.png',
      mimeType: 'image/png',
      buffer: encodeRgbaPng(w, h, testPattern(w, h)),
    });
    await idle(page);
    assert.equal(await page.inputValue('#fit'), 'crop');
    assert.equal(await page.isVisible('#fit-hint'), true);
    const text = await page.textContent('#fit-hint');
    assert.match(
      text,
      /keeps the middle 100×100 of this 100×400 image: 25% of it; the top and bottom 150 px are not used/,
    );
    assert.match(text, /Most of the image is lost/);
    assert.equal(await page.getAttribute('#fit-hint', 'class'), 'fit-hint warn');
    await page.selectOption('#fit', 'keep');
    await idle(page);
    assert.equal(await page.isVisible('#fit-hint'), false);
    await page.selectOption('#fit', 'stretch');
    await idle(page);
    assert.match(await page.textContent('#fit-hint'), /squeezes its height 4\.00×/);
    await page.selectOption('#fit', 'crop');
    await page.click('button.sample[data-sample="chelsea"]');
    await idle(page);
    assert.match(await page.textContent('#fit-hint'), /67% of it/);
    assert.equal(await page.getAttribute('#fit-hint', 'class'), 'fit-hint');
  });

  test('no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(problems, []);
  });
});

describe('phone-size screen', () => {
  test('a tap shows the inspector on screen; A and B side by side; tables fit or say they scroll', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      hasTouch: true,
      isMobile: true,
    });
    const phone = await context.newPage();
    const errors = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    phone.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await phone.goto(`${env.server.url}/web/`);
    await phone.waitForFunction(
      () => window.condenseDemo && window.condenseDemo.lastResult() && window.condenseDemo.gap(),
    );
    await phone.evaluate(() => window.condenseDemo.idle());
    for (const stage of ['detect', 'condense-1']) {
      const canvas = phone.locator(`[data-stage="${stage}"] canvas`);
      await canvas.scrollIntoViewIfNeeded();
      await canvas.tap({ position: { x: 40, y: 150 } });
      await phone.waitForSelector('#inspector.active');
      const insp = await phone.locator('#inspector').boundingBox();
      assert.ok(
        insp.y >= 0 && insp.y + insp.height <= 844 + 1,
        `${stage}: the inspector is on screen (${JSON.stringify(insp)})`,
      );
      assert.ok(insp.x >= 0 && insp.x + insp.width <= 390 + 1);
      const c = await canvas.boundingBox();
      assert.ok(c.y + 150 < insp.y, `${stage}: the tapped pixel is not under the inspector`);
      await phone.screenshot({ path: join(ARTIFACTS, `web-phone-inspect-${stage}.png`) });
      await phone.click('#inspector .ro-close');
      assert.equal(await phone.isVisible('#inspector'), false);
    }
    const [a, b] = await Promise.all([0, 1].map((i) => phone.locator('.gap-compare > *').nth(i).boundingBox()));
    assert.ok(Math.abs(a.y - b.y) < 2 && a.x < b.x, `A and B side by side (${a.y}, ${b.y})`);
    const widths = await phone.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.doc <= widths.view, `the page is ${widths.doc} px wide in ${widths.view}`);
    await phone.locator('#inv-photo').scrollIntoViewIfNeeded();
    await phone.evaluate(() => window.condenseDemo.idle());
    const tables = await phone.$$eval('.table-wrap, .bench-result', (boxes) =>
      boxes.map((box) => {
        const hint = box.nextElementSibling;
        return {
          fits: box.scrollWidth <= box.clientWidth + 1,
          hint: !!hint && hint.classList.contains('scroll-hint') && !hint.hidden,
        };
      }),
    );
    assert.ok(tables.length >= 2);
    for (const t of tables) assert.ok(t.fits || t.hint, JSON.stringify(t));
    assert.ok(tables.filter((t) => t.fits).length >= 2, 'the invariance tables fit a phone');
    await phone.locator('#invariance').screenshot({ path: join(ARTIFACTS, 'web-phone-invariance.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
