// The demo under bad input, a strict Content-Security-Policy, a phone-size screen and the
// keyboard: a corrupt file, a text file renamed .png, a 0-byte file and a 20000x20000 image
// each give a message and the page keeps working; drag and drop and paste work.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, canvasStats, cspViolations, idle, openDemo, startBrowser } from '../web-helpers/browser.mjs';
import { encodeHugePng, encodeRgbaPng, testPattern } from '../web-helpers/png.mjs';

const GOOD = encodeRgbaPng(96, 96, testPattern(96, 96));

function corruptPng() {
  const bytes = Buffer.from(GOOD);
  // Keep the signature and the IHDR chunk (33 bytes), scramble the compressed pixels.
  for (let i = 41; i < bytes.length - 12; i++) bytes[i] = (i * 37) & 0xff;
  return bytes;
}

function webFiles(dir = join(ROOT, 'web')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? webFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

let env;
let page;
let problems;

async function upload(selector, name, buffer, mimeType = 'image/png') {
  await page.setInputFiles(selector, { name, mimeType, buffer });
  await idle(page);
}

async function message() {
  const visible = await page.isVisible('#message');
  return {
    visible,
    kind: await page.getAttribute('#message', 'data-kind'),
    text: await page.textContent('#message-text'),
  };
}

async function stillWorks(expectedSource) {
  const r = await page.evaluate(() => window.condenseDemo.lastResult());
  assert.equal(r.source.name, expectedSource, 'the previous image is still in use');
  const s = await canvasStats(page, '[data-stage="condense-1"] canvas');
  assert.ok(s.colours > 8 && s.opaque === s.pixels, 'the Condense panel is still drawn');
  // And a control still re-runs the pipeline.
  await page.check('input[name="pool-type"][value="avg"]');
  await idle(page);
  assert.equal((await page.evaluate(() => window.condenseDemo.lastResult())).settings.pool.type, 'avg');
  await page.check('input[name="pool-type"][value="max"]');
  await idle(page);
}

before(async () => {
  env = await startBrowser();
  ({ page, problems } = await openDemo(env));
});

after(async () => {
  if (env) await env.close();
});

describe('Content-Security-Policy', () => {
  test('the page sets a strict CSP first in <head>, without unsafe-eval or unsafe-inline', () => {
    const html = readFileSync(join(ROOT, 'web/index.html'), 'utf8');
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    const meta = head.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
    assert.ok(meta, 'CSP meta tag');
    assert.ok(head.indexOf(meta[0]) < head.indexOf('<script'), 'the CSP comes before any script');
    const policy = Object.fromEntries(
      meta[1]
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    assert.deepEqual(policy['default-src'], ["'self'"]);
    assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(policy['style-src'], ["'self'"]);
    assert.doesNotMatch(meta[1], /(?<!wasm-)unsafe-eval|unsafe-inline|\*|https?:/);
    assert.ok(!meta[1].replace("'wasm-unsafe-eval'", '').includes('unsafe'), meta[1]);
  });

  test('no inline scripts, inline styles, event-handler attributes or eval in the demo sources', () => {
    for (const file of webFiles()) {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.html')) {
        assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: inline <script>`);
        assert.doesNotMatch(text, /\sstyle=|<style/, `${file}: inline style`);
        assert.doesNotMatch(text, /\son[a-z]+=/, `${file}: event-handler attribute`);
      }
      if (file.endsWith('.mjs')) {
        assert.doesNotMatch(
          text,
          /\beval\(|new Function|style="|setAttribute\('style'|javascript:/,
          `${file}: needs unsafe-eval/inline`,
        );
      }
    }
  });

  test('the library loads and runs under that policy with no violation', async () => {
    assert.equal(await page.evaluate(() => window.condenseDemo.backend()), 'wasm-simd-threads');
    assert.deepEqual(await cspViolations(page), []);
  });
});

describe('bad files', () => {
  const cases = [
    [
      'a corrupt PNG',
      'corrupt.png',
      () => corruptPng(),
      /“corrupt\.png” starts like a PNG image but could not be decoded/,
    ],
    [
      'a text file renamed .png',
      'notes.png',
      () => Buffer.from('hello, this is not an image\nat all\n'),
      /“notes\.png” is not an image this browser can read: it starts with “hello, this is not an/,
    ],
    ['a 0-byte file', 'empty.png', () => Buffer.alloc(0), /“empty\.png” is empty \(0 bytes\)/],
    [
      'a 20000x20000 PNG',
      'huge.png',
      () => encodeHugePng(20000, 20000),
      /“huge\.png” is a PNG of 20000×20000 pixels \(400 megapixels\): too large/,
    ],
  ];
  for (const [what, name, make, expected] of cases) {
    test(`${what}: a visible message, and the page keeps working`, async () => {
      const buffer = make();
      const t0 = Date.now();
      await upload('#file', name, buffer);
      assert.ok(Date.now() - t0 < 5000, 'answered within 5 s');
      const m = await message();
      assert.equal(m.visible, true);
      assert.equal(m.kind, 'error');
      assert.match(m.text, expected);
      assert.match(m.text, /The previous image is still in use\.$/);
      await stillWorks('Chelsea the cat');
      if (name === 'huge.png') await page.screenshot({ path: join(ARTIFACTS, 'web-bad-file.png') });
    });
  }

  test('a large image is downscaled with a notice and used', async () => {
    await upload('#file', 'big.png', encodeHugePng(3000, 2400));
    const m = await message();
    assert.equal(m.kind, 'notice');
    assert.match(m.text, /“big\.png” is 3000×2400 \(7\.2 megapixels\); it was downscaled to 2048×1638/);
    assert.equal(await page.textContent('#current-name'), 'big.png · 3000×2400');
    const r = await page.evaluate(() => window.condenseDemo.lastResult());
    assert.equal(r.source.name, 'big.png');
    assert.deepEqual(r.input.shape, [400, 400]);
  });

  test('image B for global average pooling: a bad file gives a message, B stays', async () => {
    const before = (await page.evaluate(() => window.condenseDemo.gap())).B.name;
    await upload('#gap-file', 'b.png', Buffer.from('not a png'));
    const m = await message();
    assert.equal(m.kind, 'error');
    assert.match(m.text, /^Image B: “b\.png” is not an image/);
    assert.equal((await page.evaluate(() => window.condenseDemo.gap())).B.name, before);
    await upload('#gap-file', 'b-good.png', GOOD);
    assert.equal((await page.evaluate(() => window.condenseDemo.gap())).B.name, 'b-good.png');
    assert.equal(await page.inputValue('#gap-b-select'), 'upload');
  });

  test('drag and drop, and paste, take image files (and explain anything else)', async () => {
    const transfer = (name, b64, type) =>
      page.evaluateHandle(
        ([n, data, t]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], n, { type: t }));
          return dt;
        },
        [name, b64, type],
      );
    const png = GOOD.toString('base64');

    await page.dispatchEvent('#dropzone', 'dragenter', {
      dataTransfer: await transfer('dropped.png', png, 'image/png'),
    });
    assert.equal(await page.getAttribute('#dropzone', 'class'), 'dropzone dragging');
    await page.dispatchEvent('#dropzone', 'drop', { dataTransfer: await transfer('dropped.png', png, 'image/png') });
    await idle(page);
    assert.equal((await page.evaluate(() => window.condenseDemo.lastResult())).source.name, 'dropped.png');
    assert.equal(await page.getAttribute('#dropzone', 'class'), 'dropzone');

    await page.dispatchEvent('#dropzone', 'drop', {
      dataTransfer: await transfer('dropped.txt', Buffer.from('plain text').toString('base64'), 'text/plain'),
    });
    await idle(page);
    assert.match((await message()).text, /“dropped\.txt” is not an image/);

    const dt = await transfer('pasted.png', png, 'image/png');
    await page.evaluate(
      (d) => document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true })),
      dt,
    );
    await idle(page);
    assert.equal((await page.evaluate(() => window.condenseDemo.lastResult())).source.name, 'pasted.png');
    assert.equal(await page.isVisible('#message'), false, 'a good image clears the message');
  });

  test('no console errors, page errors or CSP violations after all that', async () => {
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  });
});

describe('keyboard and screen readers', () => {
  test('every control has a label, every image a text alternative; the message is a live region', async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button, textarea')]
        .filter(
          (el) =>
            !(el.labels && el.labels.length) &&
            !el.getAttribute('aria-label') &&
            !el.getAttribute('aria-labelledby') &&
            !el.textContent.trim(),
        )
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
    const noAlt = await page.evaluate(() =>
      [...document.querySelectorAll('img')].filter((img) => !img.alt).map((img) => img.src),
    );
    assert.deepEqual(noAlt, []);
    const unnamed = await page.evaluate(
      () =>
        [...document.querySelectorAll('.panel:not([hidden]) canvas, .inv-map canvas')].filter(
          (c) => !c.getAttribute('aria-label'),
        ).length,
    );
    assert.equal(unnamed, 0);
    assert.equal(await page.getAttribute('#message', 'aria-live'), 'polite');
  });

  test('the keyboard reaches the file picker and the samples, and loads a sample', async () => {
    await page.goto(`${env.server.url}/web/`);
    await page.waitForFunction(() => window.condenseDemo && window.condenseDemo.lastResult());
    await idle(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    const order = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(
          () => document.activeElement.id || document.activeElement.dataset.sample || document.activeElement.tagName,
        ),
      );
    }
    assert.deepEqual(order, ['force-scalar', 'threads-off', 'file', 'chelsea', 'coffee', 'rocket']);
    await page.keyboard.press('Enter'); // the rocket sample
    await idle(page);
    assert.equal((await page.evaluate(() => window.condenseDemo.lastResult())).source.name, 'Falcon 9 rocket launch');
  });
});

describe('an engine without WebAssembly SIMD', () => {
  test('gets the scalar build, and the switch says why it cannot change', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const noSimd = await context.newPage();
    const errors = [];
    noSimd.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    noSimd.on('pageerror', (e) => errors.push(e.message));
    // condense probes SIMD by validating a 31-byte module: make this engine say no.
    await noSimd.addInitScript(() => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = (bytes) => (bytes.byteLength === 31 ? false : validate(bytes));
    });
    await noSimd.goto(`${env.server.url}/web/`);
    await noSimd.waitForFunction(() => window.condenseDemo && window.condenseDemo.lastResult());
    await noSimd.evaluate(() => window.condenseDemo.idle());
    assert.equal(await noSimd.textContent('#backend'), 'wasm-scalar');
    assert.equal(await noSimd.isChecked('#force-scalar'), true);
    assert.equal(await noSimd.isDisabled('#force-scalar'), true);
    assert.equal(await noSimd.textContent('[data-stage="condense-1"] .shape'), '398×398 → 199×199');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('phone-size screen', () => {
  test('fits 390 px without sideways scrolling; a tap inspects a pixel', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      hasTouch: true,
      isMobile: true,
    });
    const phone = await context.newPage();
    const errors = [];
    phone.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.goto(`${env.server.url}/web/`);
    await phone.waitForFunction(
      () => window.condenseDemo && window.condenseDemo.lastResult() && window.condenseDemo.gap(),
    );
    await phone.evaluate(() => window.condenseDemo.idle());
    const widths = await phone.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.doc <= widths.view, `page is ${widths.doc} px wide in a ${widths.view} px screen`);
    const a = await phone.locator('[data-stage="input"]').boundingBox();
    const b = await phone.locator('[data-stage="filter"]').boundingBox();
    assert.ok(a.width < 200 && Math.abs(a.y - b.y) < 2, 'panels two by two');
    const canvas = phone.locator('[data-stage="detect"] canvas');
    await canvas.scrollIntoViewIfNeeded();
    await canvas.tap();
    await phone.waitForSelector('#inspector.active');
    assert.match(await phone.textContent('#inspector .ro-title'), /^Detect at row \d+, column \d+/);
    await phone.screenshot({ path: join(ARTIFACTS, 'web-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
