// The command line's inputs and outputs beyond one file: - for standard input, several inputs
// into a folder, --size keeping the aspect, --channels rgb (the kernel on each colour channel)
// and --npy (NumPy 1.0 files, parsed here from their header, holding the API's maps).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCondense } from '../../bindings/node.mjs';
import { decodeImage, decodePngSync } from '../../image/node.mjs';
import { CLI, FIXTURES, runCli } from '../cli-fixtures/run.mjs';
import { testPixels, writePng } from '../cli-fixtures/pngwriter.mjs';

const EDGE = [-1, -1, -1, -1, 8, -1, -1, -1, -1];
let dir;
let cd;
let small;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'condense-cli-features-'));
  cd = await loadCondense({ threads: false });
  small = { data: testPixels(40, 30, 2), width: 40, height: 30 };
  await writeFile(join(dir, 'small.png'), writePng({ width: 40, height: 30, rgba: small.data }));
});
after(() => rm(dir, { recursive: true, force: true }));

function withStdin(args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.end(input);
  });
}

/** Parses a .npy file: checks the magic, version 1.0 and a '<f4' C-order header. */
function parseNpy(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 'magic and version 1.0');
  const headerLength = bytes.readUInt16LE(8);
  assert.equal((10 + headerLength) % 64, 0, 'data starts on a 64-byte boundary');
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \((\d+, )*\d+\), \} *\n$/);
  const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(',').map(Number);
  const body = bytes.subarray(10 + headerLength);
  const data = new Float32Array(body.length / 4);
  for (let i = 0; i < data.length; i++) data[i] = body.readFloatLE(4 * i);
  return { shape, data };
}

describe('condense: inputs and outputs', () => {
  test('- reads the image from standard input (and --out - writes to standard output)', async () => {
    const bytes = await readFile(join(dir, 'small.png'));
    const piped = await withStdin(['-', '--size', '32', '--panels', 'condense', '--out', '-'], bytes);
    assert.equal(piped.code, 0, piped.stderr);
    assert.match(piped.stderr, /^standard input: 40x30 PNG/);
    const direct = await runCli([join(dir, 'small.png'), '--size', '32', '--panels', 'condense', '--out', '-'], {
      cwd: dir,
    });
    assert.deepEqual(piped.stdout, direct.stdout, 'the same PNG as from the file');
    const empty = await withStdin(['-'], Buffer.alloc(0));
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /cannot read standard input: nothing came in/);
  });

  test('several inputs: one <name>-condense.png each in the --out folder (created), one report each', async () => {
    const out = join(dir, 'panels');
    const r = await runCli(
      [join(dir, 'small.png'), join(FIXTURES, 'photo.jpg'), '--size', '24', '--out', out, '--json'],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    const reports = JSON.parse(r.stdout.toString());
    assert.deepEqual(
      reports.map((x) => x.output.file),
      [join(out, 'small-condense.png'), join(out, 'photo-condense.png')],
    );
    assert.deepEqual((await readdir(out)).sort(), ['photo-condense.png', 'small-condense.png']);
    assert.deepEqual(reports[1].stages[0].shape, [1, 19, 24, 1], 'photo.jpg is 90 x 70: 24 x 19');
  });

  test('several inputs, one unreadable: the others are written, exit 1 names the bad one', async () => {
    const out = join(dir, 'mixed');
    const r = await runCli([join(dir, 'nope.png'), join(dir, 'small.png'), '--size', '16', '--out', out], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot read .*nope\.png: no such file/);
    assert.deepEqual(await readdir(out), ['small-condense.png']);
  });

  test('--size N keeps the aspect (longer side N); WxH is exact; an existing folder as --out', async () => {
    const r = await runCli([join(dir, 'small.png'), '--size', '20', '--out', `${dir}/`, '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout.toString());
    assert.deepEqual(report.stages[0].shape, [1, 15, 20, 1]);
    assert.equal(report.output.file, join(dir, 'small-condense.png'));
    const tall = await runCli([join(FIXTURES, 'rotated-6.jpg'), '--size', '8', '--json', '--out', join(dir, 't.png')]);
    assert.equal(tall.code, 0, tall.stderr);
    assert.deepEqual(JSON.parse(tall.stdout.toString()).stages[0].shape, [1, 8, 6, 1], '30 x 40 upright: 6 x 8');
  });
});

describe('condense: --channels rgb and --npy', () => {
  test("--channels rgb: the kernel on each channel (depthwiseConv2d), maps equal to the API's; .npy files hold them", async () => {
    const png = join(dir, 'rgb.png');
    const r = await runCli([
      join(dir, 'small.png'),
      '--size',
      '20',
      '--channels',
      'rgb',
      '--npy',
      '--out',
      png,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout.toString());
    const x = cd.fromImageData(small, { channels: 3, size: [15, 20] });
    const filter = { shape: [3, 3, 3, 1], data: Float32Array.from({ length: 27 }, (_, i) => EDGE[Math.floor(i / 3)]) };
    const filtered = cd.depthwiseConv2d(x, filter, { padding: 'same' });
    const detected = cd.relu(filtered);
    const condensed = cd.maxPool2d(detected, { poolSize: 2, padding: 'same' });
    const want = { input: x, filter: filtered, detect: detected, 'condense-1': condensed };
    assert.deepEqual(
      report.stages.map((s) => s.npy),
      Object.keys(want).map((stage) => join(dir, `rgb-${stage}.npy`)),
    );
    for (const s of report.stages) {
      const got = parseNpy(await readFile(s.npy));
      assert.deepEqual(got.shape, want[s.stage].shape, s.stage);
      assert.deepEqual(got.data, want[s.stage].data, s.stage);
    }
    const image = decodePngSync(await readFile(png));
    assert.equal(image.width, report.output.width);
    // The input panel shows the colours: its top-left display pixel is the resized RGB * 255.
    const p = report.stages[0].panel;
    const o = (p.y * image.width + p.x) * 4;
    const rgb = [0, 1, 2].map((c) => Math.round(x.data[c] * 255));
    assert.deepEqual([...image.data.subarray(o, o + 3)], rgb);
  });

  test('--npy with the gray pipeline: [1, h, w, 1] float32 maps equal to the API', async () => {
    const r = await runCli([join(dir, 'small.png'), '--size', '12x10', '--npy', '--times', '2'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString(), /wrote small-condense-input\.npy, .*small-condense-condense-2\.npy/);
    const x = cd.fromImageData(small, { channels: 1, size: [10, 12] });
    const got = parseNpy(await readFile(join(dir, 'small-condense-input.npy')));
    assert.deepEqual(got.shape, [1, 10, 12, 1]);
    assert.deepEqual(got.data, x.data);
    const last = parseNpy(await readFile(join(dir, 'small-condense-condense-2.npy')));
    assert.deepEqual(last.shape, [1, 3, 3, 1]);
  });

  test('a gray PNG and its RGBA form give the same panels', async () => {
    const gray = await decodeImage(await readFile(join(FIXTURES, 'gray8.png')));
    assert.equal(gray.channels, 1);
    const a = await runCli([join(FIXTURES, 'gray8.png'), '--size', '20', '--out', '-', '--panels', 'condense']);
    const rgba = await decodeImage(await readFile(join(FIXTURES, 'gray8.png')), { channels: 4 });
    const { encodePngSync } = await import('../../image/node.mjs');
    await writeFile(join(dir, 'gray-rgba.png'), encodePngSync(rgba));
    const b = await runCli([join(dir, 'gray-rgba.png'), '--size', '20', '--out', '-', '--panels', 'condense']);
    assert.equal(a.code, 0, a.stderr);
    assert.deepEqual(a.stdout, b.stdout);
  });
});
