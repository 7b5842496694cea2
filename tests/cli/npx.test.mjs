// `npx condense` from the packed tarball installed into a fresh project, offline: the "bin"
// entry and every file it needs (PNG codec, renderer, the vendored JPEG decoder) ship, and
// the package still installs with no dependency to fetch.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { decodePngSync as decodePng } from '../../image/node.mjs';
import { testPixels, writePng } from '../cli-fixtures/pngwriter.mjs';
import { FIXTURES } from '../cli-fixtures/run.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM_CLI = join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
const NPX_CLI = join(dirname(process.execPath), '../lib/node_modules/npm/bin/npx-cli.js');

function run(args, { cwd, timeout = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    });
    const out = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill(), timeout);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
}

describe('npx condense from the packed tarball', () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'condense-npx-'));
    const pack = await run([NPM_CLI, 'pack', '--pack-destination', dir, '--loglevel=error'], { cwd: ROOT });
    assert.equal(pack.code, 0, `npm pack failed:\n${pack.stderr}`);
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'cli-user', version: '1.0.0', private: true }));
    // An empty cache and --offline: installing must need nothing from a registry.
    const install = await run(
      [
        NPM_CLI,
        'install',
        join(dir, tarball),
        '--offline',
        '--cache',
        join(dir, '.npm-cache'),
        '--no-package-lock',
        '--loglevel=error',
      ],
      { cwd: dir },
    );
    assert.equal(install.code, 0, `npm install of the tarball failed:\n${install.stderr}`);
    await writeFile(join(dir, 'in.png'), writePng({ width: 30, height: 20, rgba: testPixels(30, 20, 9) }));
    await copyFile(join(FIXTURES, 'photo.jpg'), join(dir, 'in.jpg'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('npx condense --help', async () => {
    const r = await run([NPX_CLI, '--no-install', 'condense', '--help'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString(), /^Usage: condense /);
  });

  for (const input of ['in.png', 'in.jpg']) {
    test(`npx condense ${input} --kernel edge --pool max --out out.png`, async () => {
      const r = await run(
        [
          NPX_CLI,
          '--no-install',
          'condense',
          input,
          '--kernel',
          'edge',
          '--pool',
          'max',
          '--size',
          '40x40',
          '--out',
          'out.png',
          '--json',
        ],
        { cwd: dir },
      );
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout.toString());
      assert.match(report.stages[0].op, /grayscale/);
      assert.deepEqual(report.stages.at(-1).shape, [1, 20, 20, 1]);
      const png = decodePng(await readFile(join(dir, 'out.png')));
      assert.deepEqual([png.width, png.height], [report.output.width, report.output.height]);
    });
  }

  test("the installed bin is the package's bin/condense.mjs, with a node shebang", async () => {
    const installed = join(dir, 'node_modules/condense/bin/condense.mjs');
    assert.match(await readFile(installed, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const pkg = JSON.parse(await readFile(join(dir, 'node_modules/condense/package.json'), 'utf8'));
    assert.equal(pkg.bin.condense.replace(/^\.\//, ''), 'bin/condense.mjs');
  });
});
