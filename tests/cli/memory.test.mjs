// The command line's memory on a large image with --size keep: the maps are computed a band of
// rows at a time and the panels drawn and deflated a band at a time, so the peak resident set
// grows by a small multiple of the decoded image (the image itself, the PNG decoder's inflated
// rows, a few bands), not by one float map a stage (the version that held every full-size map
// grew by ~13x the decoded image on this test's input).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encodePngSync } from '../../image/node.mjs';
import { CLI } from '../cli-fixtures/run.mjs';

// Peak RSS of a child, reported by the child itself at exit (KB on Linux and macOS).
const REPORT = `process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'))`;

function peakRss(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(REPORT)}`, CLI, ...args],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /MAXRSS (\d+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`condense ${args.join(' ')} exited ${code}: ${err}`));
      else resolve(Number(m[1]) * 1024);
    });
  });
}

// A smooth RGB picture with some texture (gradients and an XOR pattern): quick to deflate.
function picture(width, height) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 3) {
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = (x ^ y) & 255;
    }
  }
  return { data, width, height, channels: 3 };
}

const W = 2400;
const H = 1800;
let dir;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'condense-cli-memory-'));
  await writeFile(join(dir, 'big.png'), encodePngSync(picture(W, H), { filter: 'up', level: 1 }));
  await writeFile(join(dir, 'tiny.png'), encodePngSync(picture(64, 48), { filter: 'up', level: 1 }));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('--size keep on a 2400x1800 RGB PNG: peak RSS grows by at most 5x the decoded image', async (t) => {
  const decoded = W * H * 3; // 13 MB (12.4 MiB)
  const run = (name) =>
    peakRss([join(dir, name), '--size', 'keep', '--npy', '--out', join(dir, `${name}-condense.png`)]);
  const tiny = await run('tiny.png'); // Node, the wasm modules and the code: what any run costs
  const big = await run('big.png');
  const growth = big - tiny;
  const message =
    `peak RSS ${(big / 2 ** 20).toFixed(0)} MiB, ${(growth / 2 ** 20).toFixed(0)} MiB above a 64x48 image's ` +
    `(${(growth / decoded).toFixed(1)}x the ${(decoded / 2 ** 20).toFixed(1)} MiB decoded image; at most 5x)`;
  t.diagnostic(message);
  assert.ok(growth <= 5 * decoded, message);
});
