// How live the demo is at 1024x1024: headless Chromium moves the Window slider and measures, in
// the page, from the input event to the painted frame (the second animation frame after the
// event: the demo redraws in the first, the browser paints it, then the second runs). Median
// over --moves moves (default 40). A benchmark, not a test: the figure goes to the README.
//
//   node bench/demo-responsiveness.mjs                      this tree (build dist/ first)
//   node bench/demo-responsiveness.mjs --before DIR         also a checkout of an earlier
//        commit with its own dist/ built, measured in the same run (before / after)
//   options: --moves N, --size 400|512|1024, --json FILE (every sample), --label NAME
import { writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    moves: { type: 'string', default: '40' },
    size: { type: 'string', default: '1024' },
    json: { type: 'string' },
    label: { type: 'string', default: 'this tree' },
  },
});
const MOVES = Math.max(30, Number(args.moves));
const SIZE = args.size;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

// One input event on the Window slider, timed to the painted frame in the page.
async function move(page, value) {
  return page.evaluate(async (v) => {
    await window.condenseDemo.idle();
    await new Promise((r) => setTimeout(r, 30));
    const slider = document.getElementById('pool-size');
    const t0 = performance.now();
    slider.value = String(v);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const ms = performance.now() - t0;
    await window.condenseDemo.idle();
    const t = window.condenseDemo.lastResult().timings;
    return { ms, frame: t.frame, draw: t.draw, compute: t.compute };
  }, value);
}

async function measure(browser, root, label) {
  const server = await startServer({ port: 0, root });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${server.url}/web/`);
    await page.waitForFunction(() => window.condenseDemo && window.condenseDemo.lastResult(), null, {
      timeout: 60000,
    });
    await page.selectOption('#size', SIZE);
    await page.evaluate(() => window.condenseDemo.idle());
    await page.locator('#figure').scrollIntoViewIfNeeded();
    const shape = await page.textContent('[data-stage="filter"] .shape');
    const values = [2, 3, 4, 3];
    for (let i = 0; i < 5; i++) await move(page, values[i % 4]); // warm-up
    const samples = [];
    for (let i = 0; i < MOVES; i++) samples.push(await move(page, values[i % 4]));
    if (errors.length) throw new Error(`${label}: page errors: ${errors.join('; ')}`);
    const ms = samples.map((s) => s.ms);
    return {
      label,
      filter: shape,
      moves: MOVES,
      median: median(ms),
      p90: pct(ms, 0.9),
      computeDrawMedian: median(samples.map((s) => s.frame)),
      computeMedian: median(samples.map((s) => s.compute)),
      samples,
    };
  } finally {
    await page.close();
    await server.close();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const runs = [];
try {
  if (args.before) runs.push(await measure(browser, `${resolve(args.before)}${sep}`, 'before'));
  runs.push(await measure(browser, ROOT, args.label));
} finally {
  await browser.close();
}
console.log(`Window slider at ${SIZE}x${SIZE}, headless Chromium, input event -> painted frame (ms):`);
console.log('| build | moves | median | p90 | compute + draw (median) | compute (median) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of runs) {
  const f = (v) => v.toFixed(1);
  console.log(
    `| ${r.label} | ${r.moves} | ${f(r.median)} | ${f(r.p90)} | ${f(r.computeDrawMedian)} | ${f(r.computeMedian)} |`,
  );
}
if (args.json) writeFileSync(args.json, `${JSON.stringify(runs, null, 2)}\n`);
