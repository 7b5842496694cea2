// Launches Debian's Chromium headless through playwright-core (it downloads nothing), serves the
// repository with scripts/serve.mjs on a free port, and collects every console error, page
// error and CSP violation so a test can fail on them.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function startBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A new page on the demo with its problems collected in `problems` (console errors, page errors, CSP violations). */
export async function openDemo(env, { viewport = { width: 1280, height: 900 } } = {}) {
  const page = await env.browser.newPage({ viewport, deviceScaleFactor: 1 });
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`);
    });
  });
  await page.goto(`${env.server.url}/web/`);
  await page.waitForFunction(
    () => window.condenseDemo && window.condenseDemo.lastResult() && window.condenseDemo.gap(),
  );
  await idle(page);
  return { page, problems };
}

/** Waits until the page has nothing pending (decoding, a frame, loading). */
export async function idle(page) {
  await page.evaluate(() => window.condenseDemo.idle());
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/** Statistics of a canvas's pixels, to tell a drawn map from a blank one. */
export async function canvasStats(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const colours = new Set();
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 255) opaque++;
      if (colours.size < 64) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { width, height, opaque, pixels: width * height, colours: colours.size };
  });
}
