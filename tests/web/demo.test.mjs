// The demo in headless Chromium: every panel drawn and labelled with its shape, the values on
// the page equal the same computation through the JS API in Node, the inspector, the pooling
// animation, the invariance experiment, global average pooling of Tiny VGG's last block, the
// scalar switch and timing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, canvasStats, cspViolations, idle, openDemo, ROOT, startBrowser } from '../web-helpers/browser.mjs';
import { encodeRgbaPng, testPattern } from '../web-helpers/png.mjs';
import { condense, dims, pipeline, sum } from '../web-helpers/reference.mjs';
import { circleMap, poolChain, litDifference } from '../../web/lib/shapes.mjs';
import { buildModel, lastMaps, modelInput, parseWeights, runModel } from '../../web/lib/tiny-vgg.mjs';
import { PRESETS } from '../../bindings/lesson.mjs';
import { fitRegion } from '../../web/lib/samples.mjs';

const W = 320; // the uploaded test image: square (so every fit mode uses all of it), <= 2048 (kept exact)
const RGBA = testPattern(W, W);
const PNG = encodeRgbaPng(W, W, RGBA);

let env;
let page;
let problems;

function assertSameMap(summary, tensor, what) {
  const [h, w] = dims(tensor);
  assert.deepEqual(summary.shape, [h, w], `${what}: shape`);
  for (const { y, x, v } of summary.picks) {
    assert.equal(v, tensor.data[y * w + x], `${what}: value at (${y}, ${x})`);
  }
  const s = sum(tensor.data);
  assert.ok(Math.abs(summary.sum - s) <= 1e-6 * Math.max(1, Math.abs(s)), `${what}: sum ${summary.sum} vs ${s}`);
}

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

async function upload(name = 'pattern.png', buffer = PNG) {
  await page.setInputFiles('#file', { name, mimeType: 'image/png', buffer });
  await idle(page);
}

before(async () => {
  env = await startBrowser();
  ({ page, problems } = await openDemo(env));
});

after(async () => {
  if (env) await env.close();
});

describe('the demo page', () => {
  test('loads a sample and draws Input, Filter, Detect and Condense, each labelled with its shape', async () => {
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.equal(r.backend, 'wasm-simd-threads', 'the served page is cross-origin isolated: the threaded build');
    assert.equal(r.source.name, 'Chelsea the cat');
    const expected = {
      input: '400×400',
      filter: '400×400 → 398×398',
      detect: '398×398',
      'condense-1': '398×398 → 199×199',
    };
    for (const [stage, label] of Object.entries(expected)) {
      assert.equal(await page.textContent(`[data-stage="${stage}"] .shape`), label, `${stage} label`);
      const s = await canvasStats(page, `[data-stage="${stage}"] canvas`);
      const [h, w] = label.split(' → ').pop().split('×').map(Number);
      // Drawn at the map's size, or (wider than the panel) at the panel's width by max.
      const panelWidth = await page.$eval(`[data-stage="${stage}"] .viz`, (v) => v.clientWidth);
      assert.equal(s.width, Math.min(w, panelWidth), `${stage} canvas width`);
      assert.equal(s.height, s.width === w ? h : Math.round((h * s.width) / w), `${stage} canvas height`);
      assert.equal(s.opaque, s.pixels, `${stage} is fully drawn`);
      assert.ok(s.colours > 16, `${stage} is not blank (${s.colours} colours)`);
    }
    const threads = await page.evaluate(() => window.condenseDemo.threads());
    assert.ok(threads >= 2, `threads: ${threads}`);
    assert.equal(await page.textContent('#backend'), `wasm-simd-threads ×${threads}`);
    await page.screenshot({ path: join(ARTIFACTS, 'web-desktop.png'), fullPage: true });
  });

  test('an uploaded PNG gives the same maps as the JS API in Node', async () => {
    await upload();
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.equal(r.source.name, 'pattern.png');
    assert.equal(await page.textContent('#current-name'), `pattern.png · ${W}×${W}`);
    const ref = await pipeline(RGBA, W, W, [400, 400], r.settings);
    assertSameMap(r.input, ref.x, 'input');
    assertSameMap(r.filter, ref.filter, 'filter');
    assertSameMap(r.detect, ref.detect, 'detect');
    assert.equal(r.condense.length, 1);
    assertSameMap(r.condense[0], ref.condensed[0], 'condense');
    // A whole row of the condensed map, read from the page.
    const [h, w] = dims(ref.condensed[0]);
    const row = await page.evaluate(
      ([y, width]) => window.condenseDemo.region('condense-1', y, 0, 1, width),
      [h >> 1, w],
    );
    assert.deepEqual(row, Array.from(ref.condensed[0].data.subarray((h >> 1) * w, (h >> 1) * w + w)));
    assert.ok(r.detect.max > 0, 'the pattern has edges');
    // The fused convPool2d, timed when the controls rest, agrees with the three steps.
    await page.waitForFunction(() => window.condenseDemo.lastResult().fused);
    const fused = (await page.evaluate(() => window.condenseDemo.lastResult())).fused;
    assert.equal(fused.maxAbsDiff, 0);
  });

  test('controls re-run the pipeline: sobel, same padding, 3x3 average pooling, condensed 3 times', async () => {
    await page.selectOption('#preset', 'bottom-sobel');
    await page.check('input[name="conv-padding"][value="same"]');
    await page.check('input[name="pool-type"][value="avg"]');
    await page.check('input[name="pool-padding"][value="valid"]');
    await setRange('#pool-stride', 2); // set by hand: the stride no longer follows the window
    await page.focus('#pool-size');
    await page.keyboard.press('ArrowRight'); // 2 -> 3, with the keyboard
    await setRange('#repeats', 3);
    await idle(page);
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.deepEqual(r.settings.kernel, [-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    assert.deepEqual(r.settings.pool, { type: 'avg', size: 3, stride: 2, padding: 'valid' });
    assert.equal(r.settings.repeats, 3);
    const ref = await pipeline(RGBA, W, W, [400, 400], r.settings);
    assertSameMap(r.filter, ref.filter, 'filter');
    assertSameMap(r.detect, ref.detect, 'detect');
    assert.equal(r.condense.length, 3);
    r.condense.forEach((c, i) => assertSameMap(c, ref.condensed[i], `condense ${i + 1}`));
    const labels = ['400×400 → 400×400', '400×400', '400×400 → 199×199', '199×199 → 99×99', '99×99 → 49×49'];
    const stages = ['filter', 'detect', 'condense-1', 'condense-2', 'condense-3'];
    for (let i = 0; i < stages.length; i++) {
      assert.equal(await page.textContent(`[data-stage="${stages[i]}"] .shape`), labels[i]);
      const s = await canvasStats(page, `[data-stage="${stages[i]}"] canvas`);
      assert.ok(s.colours > 8, `${stages[i]} drawn`);
    }
    assert.equal(await page.isVisible('[data-stage="condense-3"]'), true);
    assert.equal(await page.isVisible('[data-stage="condense-4"]'), false);

    // Editing one kernel cell switches to "custom" and re-runs.
    await page.fill('#kernel-grid input:nth-child(5)', '1');
    await idle(page);
    const edited = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.equal(await page.inputValue('#preset'), 'custom');
    assert.deepEqual(edited.settings.kernel, [-1, -2, -1, 0, 1, 0, 1, 2, 1]);
    const ref2 = await pipeline(RGBA, W, W, [400, 400], edited.settings);
    assertSameMap(edited.condense[2], ref2.condensed[2], 'custom kernel, condense 3');

    // A window larger than the map: the step says why instead of breaking the page.
    await setRange('#pool-size', 6);
    await setRange('#pool-stride', 6);
    await setRange('#repeats', 5);
    await idle(page);
    const broken = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.deepEqual(
      broken.condense.map((c) => c.shape),
      [
        [66, 66],
        [11, 11],
        [1, 1],
      ],
    );
    assert.match(
      await page.textContent('[data-stage="condense-4"] .panel-error'),
      /maxPool2d|avgPool2d|window|larger/i,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'web-controls.png'), fullPage: false });

    // Back to the lesson's settings for the next tests.
    await page.selectOption('#preset', 'emboss');
    await page.check('input[name="conv-padding"][value="valid"]');
    await page.check('input[name="pool-type"][value="max"]');
    await page.check('input[name="pool-padding"][value="same"]');
    await setRange('#pool-size', 2);
    await setRange('#pool-stride', 2);
    await setRange('#repeats', 1);
    await idle(page);
    assert.equal(await page.textContent('[data-stage="condense-1"] .shape'), '398×398 → 199×199');
  });

  test('random settings on a non-square image (every fit mode and size) agree with Node', async () => {
    const [w, h] = [300, 180];
    const rgba = testPattern(w, h);
    await upload('wide.png', encodeRgbaPng(w, h, rgba));
    let seed = 7;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 8; round++) {
      const fit = ['crop', 'stretch', 'keep'][round % 3];
      const size = [128, 256, 400][rand(3)];
      await page.selectOption('#fit', fit);
      await page.selectOption('#size', String(size));
      await page.selectOption('#preset', PRESETS[rand(PRESETS.length)].id);
      await page.check(`input[name="conv-padding"][value="${['valid', 'same'][rand(2)]}"]`);
      await page.check(`input[name="pool-type"][value="${['max', 'avg'][rand(2)]}"]`);
      await page.check(`input[name="pool-padding"][value="${['valid', 'same'][rand(2)]}"]`);
      await setRange('#pool-size', 1 + rand(4));
      await setRange('#pool-stride', 1 + rand(4));
      await setRange('#repeats', 1 + rand(3));
      await idle(page);
      const r = await page.evaluate(() => window.condenseDemo.lastResult());
      // The same crop / stretch / aspect as the page, on the same pixels.
      const f = fitRegion(w, h, size, fit);
      const crop = new Uint8Array(f.sw * f.sh * 4);
      for (let y = 0; y < f.sh; y++)
        crop.set(rgba.subarray(((f.sy + y) * w + f.sx) * 4, ((f.sy + y) * w + f.sx + f.sw) * 4), y * f.sw * 4);
      const ref = await pipeline(crop, f.sw, f.sh, f.out, r.settings);
      const what = `round ${round}: ${JSON.stringify({ fit, size, ...r.settings })}`;
      assertSameMap(r.input, ref.x, `${what} input`);
      assertSameMap(r.filter, ref.filter, `${what} filter`);
      assert.equal(r.condense.length, ref.condensed.length, what);
      r.condense.forEach((c, i) => assertSameMap(c, ref.condensed[i], `${what} condense ${i + 1}`));
      const [ch, cw] = dims(ref.condensed[ref.condensed.length - 1]);
      assert.match(
        await page.textContent(`[data-stage="condense-${ref.condensed.length}"] .shape`),
        new RegExp(`→ ${ch}×${cw}$`),
      );
    }
    // Back to the lesson's settings and the square test image.
    await page.selectOption('#fit', 'crop');
    await page.selectOption('#size', '400');
    await page.selectOption('#preset', 'emboss');
    await page.check('input[name="conv-padding"][value="valid"]');
    await page.check('input[name="pool-type"][value="max"]');
    await page.check('input[name="pool-padding"][value="same"]');
    await setRange('#pool-size', 2);
    await setRange('#pool-stride', 2);
    await setRange('#repeats', 1);
    await upload();
    assert.equal(await page.textContent('[data-stage="condense-1"] .shape'), '398×398 → 199×199');
  });

  test('hovering an output pixel shows the window it came from; arrow keys move it', async () => {
    const condensed = page.locator('[data-stage="condense-1"] canvas');
    await condensed.scrollIntoViewIfNeeded();
    const box = await condensed.boundingBox();
    const [px, py] = [box.width * 0.5 + 1, box.height * 0.4 + 1];
    await page.mouse.move(box.x + px, box.y + py);
    await page.waitForSelector('#inspector.active');
    const title = await page.textContent('#inspector .ro-title');
    const m = title.match(/row (\d+), column (\d+) = (\S+)/);
    assert.ok(m, title);
    const [oy, ox] = [Number(m[1]), Number(m[2])];
    assert.deepEqual([oy, ox], [Math.floor((py / box.height) * 199), Math.floor((px / box.width) * 199)]);
    const window4 = await page.evaluate(([y, x]) => window.condenseDemo.region('detect', 2 * y, 2 * x, 2, 2), [oy, ox]);
    const value = (await page.evaluate(([y, x]) => window.condenseDemo.region('condense-1', y, x, 1, 1), [oy, ox]))[0];
    assert.equal(value, Math.max(...window4));
    assert.equal(await page.locator('#inspector table.nums td').count(), 4, 'the 2x2 window is shown with its numbers');
    assert.equal(await page.isVisible('[data-stage="detect"] .mark.window'), true);
    assert.equal(await page.isVisible('[data-stage="condense-1"] .mark.cell'), true);
    assert.match(await page.textContent('#inspector .ro-formula'), /^max\(/);
    await page.screenshot({
      path: join(ARTIFACTS, 'web-inspect.png'),
      clip: { x: 0, y: Math.max(0, box.y - 80), width: 1280, height: 640 },
    });

    // Keyboard: focus the Filter panel, move right; the window is the 3x3 of the input.
    await page.focus('[data-stage="filter"] canvas');
    await page.keyboard.press('ArrowRight');
    const t2 = await page.textContent('#inspector .ro-title');
    assert.match(t2, /Filter.* at row 199, column 200 /);
    assert.equal(await page.locator('#inspector table.nums').count(), 2, 'window and kernel');
    assert.equal(await page.locator('#inspector table.nums').first().locator('td').count(), 9);
    assert.equal(await page.isVisible('[data-stage="input"] .mark.window'), true);
  });

  test('the pooling animation steps through the windows of a crop of Detect and matches Condense', async () => {
    await page.click('#ps-reset');
    for (let i = 0; i < 3; i++) await page.click('#ps-step');
    const s = await page.evaluate(() => window.condenseDemo.poolStep());
    assert.equal(s.step, 2);
    assert.deepEqual(s.outShape, [4, 4]);
    assert.match(s.caption, /^Step 3 of 16: output \(0, 2\) = max\(/);
    assert.equal(s.matchesCondense, true);
    const fromCondense = await page.evaluate(
      ([y, x]) => window.condenseDemo.region('condense-1', y, x, 4, 4),
      s.condenseAt,
    );
    assert.deepEqual(s.out, fromCondense);
    // And against Node: max-pool the crop of the page's Detect map.
    const crop = await page.evaluate(([y, x]) => window.condenseDemo.region('detect', y, x, 8, 8), [s.top, s.left]);
    const cd = await condense();
    const pooled = cd.maxPool2d({ shape: [8, 8, 1], data: Float32Array.from(crop) }, { poolSize: 2 });
    assert.deepEqual(s.out, Array.from(pooled.data));
    assert.equal(await page.locator('#ps-in .ps-cell.in-window').count(), 4);
    assert.equal(await page.locator('#ps-in .ps-cell.winner').count(), 1);
    assert.equal(await page.locator('#ps-out .ps-cell:not(.hidden-value)').count(), 3);

    // Clicking the Detect panel moves the crop there.
    const detect = page.locator('[data-stage="detect"] canvas');
    await detect.scrollIntoViewIfNeeded();
    const box = await detect.boundingBox();
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
    const moved = await page.evaluate(() => window.condenseDemo.poolStep());
    assert.ok(Math.abs(moved.top - 0.75 * 398) < 8 && Math.abs(moved.left - 0.25 * 398) < 8, JSON.stringify(moved));
    await page.click('#ps-play');
    await page.waitForFunction(() => window.condenseDemo.poolStep().step >= 1);
    await page.click('#ps-play'); // pause
  });

  test('translation invariance: small shifts vanish after four max poolings, a far shift does not', async () => {
    const cd = await condense();
    // The exercise's ring fills the map (no far shift fits); the small ring has room to move far.
    for (let round = 0; round < 4; round++) {
      if (round) await page.click('#inv-shift');
      if (round === 2) await page.selectOption('#inv-shape', 'small-ring');
      const kind = round < 2 ? 'ring' : 'small-ring';
      const inv = await page.evaluate(() => window.condenseDemo.invariance());
      assert.equal(inv.kind, kind);
      assert.deepEqual(
        inv.steps.map((s) => s.shape),
        [
          [64, 64],
          [32, 32],
          [16, 16],
          [8, 8],
          [4, 4],
        ],
      );
      const [ax, ay] = inv.shifts.A;
      const [bx, by] = inv.shifts.B;
      assert.ok(Math.max(Math.abs(ax), Math.abs(ay), Math.abs(bx), Math.abs(by)) <= 3, 'jitter of at most 3 px');
      assert.notDeepEqual(inv.shifts.A, inv.shifts.B);
      assert.equal(inv.steps[4].small, 0, 'two small shifts give the same 4x4 map');
      assert.ok(inv.steps[0].small > 0.5, 'but differ at 64x64');
      if (kind === 'ring') assert.equal(inv.shifts.far, null, 'no far shift keeps the exercise ring inside');
      else assert.ok(inv.steps[4].far > 0.3, 'a far shift stays distinct');
      // The same experiment through the API in Node.
      for (const key of kind === 'ring' ? ['A', 'B'] : ['A', 'B', 'far']) {
        const chain = poolChain(cd, circleMap(kind, ...inv.shifts[key]));
        assert.deepEqual(inv.final[key], Array.from(chain[4].data), `${key}: final 4x4 map`);
      }
      const a = poolChain(cd, circleMap(kind, ...inv.shifts.A));
      const b = poolChain(cd, circleMap(kind, ...inv.shifts.B));
      inv.steps.forEach((s, i) => assert.equal(s.small, litDifference(a[i].data, b[i].data), `step ${i}`));
      if (round === 0) assert.match(await page.textContent('#inv-summary'), /same 4×4 map/);
    }
    const s = await canvasStats(page, '#inv-rows .inv-row:nth-child(3) .inv-map:nth-child(5) canvas');
    assert.deepEqual([s.width, s.height], [4, 4]);
    assert.ok(s.colours >= 2);
    await page.selectOption('#inv-shape', 'disk');
    const disk = await page.evaluate(() => window.condenseDemo.invariance());
    assert.equal(disk.kind, 'disk');
    assert.ok(disk.steps[4].far > 0);
    await page.locator('#invariance').screenshot({ path: join(ARTIFACTS, 'web-invariance.png') });
    await page.selectOption('#inv-shape', 'ring');
  });

  test('global average pooling: the last block of Tiny VGG for A and B, 10 averages each, equal to the API in Node', async () => {
    const g = await page.evaluate(() => window.condenseDemo.gap());
    assert.equal(g.layer, 'max_pool_2');
    assert.equal(g.A.name, 'pattern.png');
    assert.deepEqual(g.A.mapsShape, [1, 13, 13, 10]);
    assert.equal(g.B.name, 'Falcon 9 rocket launch');
    assert.equal(g.B.pooled.length, 10);
    for (const v of [...g.A.pooled, ...g.B.pooled]) assert.ok(v >= 0, `average ${v} >= 0 (after ReLU and max pooling)`);
    assert.notDeepEqual(g.A.pooled, g.B.pooled);
    assert.ok(g.cosine > 0 && g.cosine < 1);
    const cd = await condense();
    const json = JSON.parse(readFileSync(join(ROOT, 'web/models/tiny-vgg/model.json'), 'utf8'));
    const bin = readFileSync(join(ROOT, 'web/models/tiny-vgg/group1-shard1of1.bin'));
    const model = buildModel(json, parseWeights(json, [bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length)]));
    const maps = lastMaps(runModel(cd, model, modelInput(cd, { data: RGBA, width: W, height: W }))).output;
    assert.deepEqual(g.A.pooled, Array.from(cd.globalAvgPool2d(maps).data));
    // The hand-made bank for contrast, without its mirrored twins: 14 averages per image.
    assert.equal(g.bank.filters.length, 14);
    assert.equal(g.A.bankPooled.length, 14);
    assert.equal(await page.locator('#gap-a .gap-maps canvas').count(), 10);
    assert.equal(await page.locator('#gap-b .gap-cell').count(), 10);
    const first = await canvasStats(page, '#gap-a .gap-maps canvas:nth-child(4)');
    assert.deepEqual([first.width, first.height], [13, 13]);
    assert.equal(await page.textContent('#gap-a .gap-cell:nth-child(1) .v'), g.A.pooled[0].toFixed(2));
    assert.match(
      await page.textContent('#gap-head'),
      /Flatten → Dense\(10\).*16,910.*GlobalAvgPool2D → Dense\(10\).*110/s,
    );
    // Another B.
    await page.selectOption('#gap-b-select', 'coffee');
    await idle(page);
    assert.equal((await page.evaluate(() => window.condenseDemo.gap())).B.name, 'Coffee cup');
    await page.locator('#gap').screenshot({ path: join(ARTIFACTS, 'web-gap.png') });
  });

  test('the scalar build gives the same maps; both instances are kept', async () => {
    const simd = await page.evaluate(() => window.condenseDemo.lastResult());
    await page.check('#force-scalar');
    await page.waitForFunction(() => window.condenseDemo.backend() === 'wasm-scalar');
    await idle(page);
    const scalar = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.equal(scalar.backend, 'wasm-scalar');
    assert.equal(await page.textContent('#backend'), 'wasm-scalar');
    for (const stage of ['input', 'filter', 'detect']) {
      scalar[stage].picks.forEach((p, i) =>
        assert.ok(Math.abs(p.v - simd[stage].picks[i].v) <= 1e-5, `${stage} pick ${i}`),
      );
    }
    scalar.condense[0].picks.forEach((p, i) => assert.ok(Math.abs(p.v - simd.condense[0].picks[i].v) <= 1e-5));
    await page.uncheck('#force-scalar');
    await page.waitForFunction(() => window.condenseDemo.backend() === 'wasm-simd-threads');
    await idle(page);
  });

  test('"Threads off" reloads the engine single-threaded with the same maps, kept in the URL', async () => {
    const threaded = await page.evaluate(() => window.condenseDemo.lastResult());
    await page.check('#threads-off');
    await page.waitForFunction(() => window.condenseDemo.backend() === 'wasm-simd');
    await idle(page);
    const single = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.equal(await page.textContent('#backend'), 'wasm-simd');
    assert.equal(await page.evaluate(() => window.condenseDemo.threads()), 1);
    assert.equal(new URL(page.url()).searchParams.get('threads'), 'off');
    for (const stage of ['input', 'filter', 'detect']) {
      assert.deepEqual(single[stage].picks, threaded[stage].picks, `${stage}: the same bits`);
    }
    assert.deepEqual(single.condense[0].picks, threaded.condense[0].picks);
    await page.screenshot({ path: join(ARTIFACTS, 'web-threads-off.png') });
    await page.uncheck('#threads-off');
    await page.waitForFunction(() => window.condenseDemo.backend() === 'wasm-simd-threads');
    await idle(page);
    assert.equal(new URL(page.url()).searchParams.get('threads'), null);
  });

  test('performance: per-stage times on the page, live frames at 1024x1024, the 1024 benchmark', async () => {
    const timings = {};
    for (const size of [400, 1024]) {
      await page.selectOption('#size', String(size));
      await idle(page);
      const frames = [];
      for (let i = 0; i < 8; i++) {
        await setRange('#pool-stride', 1 + (i % 3)); // live re-runs while a control moves
        await idle(page);
        frames.push((await page.evaluate(() => window.condenseDemo.lastResult())).timings);
      }
      const med = (k) =>
        frames.map((f) => (Array.isArray(f[k]) ? f[k][0] : f[k])).sort((a, b) => a - b)[frames.length >> 1];
      timings[size] = Object.fromEntries(
        ['conv2d', 'relu', 'pool', 'draw', 'compute', 'frame'].map((k) => [k, med(k)]),
      );
      for (const v of Object.values(timings[size])) assert.ok(Number.isFinite(v) && v >= 0);
      // Maps wider than their panels are drawn at the panel's width (each pixel the max of its
      // block), labelled so.
      const drawn = await page.getAttribute('[data-stage="filter"]', 'data-drawn');
      const shape = await page.textContent('[data-stage="filter"] .shape');
      const panelWidth = await page.$eval('[data-stage="filter"] .viz', (v) => v.clientWidth);
      const side = Math.min(size === 1024 ? 1022 : 398, panelWidth);
      assert.equal(drawn, `${side}x${side}`);
      if (size === 1024) {
        assert.match(await page.textContent('[data-stage="filter"] .range'), /drawn 1:\d/);
        assert.equal(shape, '1024×1024 → 1022×1022');
      }
      const shown = await page.textContent('[data-stage="filter"] .time');
      assert.match(shown, /^(\d+\.\d\d|< 0\.1) ms$/);
    }
    await setRange('#pool-stride', 2);
    await page.selectOption('#size', '400');
    await idle(page);
    await page.click('#bench');
    await page.waitForSelector('#bench-result table', { timeout: 30000 });
    const bench = await page.evaluate(() => window.condenseDemo.bench());
    assert.deepEqual(Object.keys(bench).sort(), ['wasm-scalar', 'wasm-simd', 'wasm-simd-threads']);
    for (const row of Object.values(bench)) assert.ok(row.conv2d > 0 && row.frame >= row.pipeline);
    writeFileSync(
      join(ARTIFACTS, 'web-timings.json'),
      `${JSON.stringify({ live: timings, bench1024: bench }, null, 2)}\n`,
    );
    console.log(`# live frame medians (ms): ${JSON.stringify(timings)}`);
    console.log(`# 1024x1024 benchmark medians (ms): ${JSON.stringify(bench)}`);
  });

  test('no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  });
});
