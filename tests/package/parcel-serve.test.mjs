// Packaging, Parcel 2's development server: a fresh project installs the tarball and Parcel,
// serves index.html (its module script imports 'condense') with the default config and no
// condense option, and the page computes in headless Chromium on both builds with no console
// error and no HTTP error (a .wasm the server does not have would be a 404). Parcel's development output needs a looser CSP
// than condense's own, like webpack's (README "Bundlers"); the page has none.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  bareEnv,
  checkProbe,
  copyFixtures,
  freshProject,
  installFromRegistry,
  installTarball,
  launchChromium,
  packRepo,
  pageHtml,
  removeDir,
  runPage,
} from '../package-fixtures/harness.mjs';

const PARCEL = process.env.CONDENSE_TEST_PARCEL ?? '2.16.4';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// Starts parcel.serve.mjs; resolves to the URL once the first build is served.
function serve(dir, env, port) {
  const child = spawn(join(env.PATH, 'node'), ['parcel.serve.mjs', String(port)], { cwd: dir, env });
  let out = '';
  let err = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parcel serve: no build after 180 s\n${out}\n${err}`)), 180_000);
    child.stdout.on('data', (data) => {
      out += data;
      const line = /\{"url":.*\}/.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line[0]).url);
      }
    });
    child.stderr.on('data', (data) => (err += data));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`parcel serve exited (${code}):\n${out}\n${err}`));
    });
  });
  return { child, url };
}

describe(`Parcel ${PARCEL} development server, default config`, () => {
  let pack;
  let dir;
  let browser;
  let server;
  let url;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('parcel-serve', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`parcel@${PARCEL}`]);
    await copyFixtures('bundler', dir);
    await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
    await writeFile(join(dir, 'index.html'), pageHtml('./entry-plain.mjs', { csp: null }));
    server = serve(dir, await bareEnv(), await freePort());
    url = await server.url;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill();
      await exited;
    }
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  for (const simd of [true, false]) {
    test(`computes with no option, simd: ${simd}; no console or HTTP error`, async () => {
      const { result, problems } = await runPage(browser, `${url}/index.html?simd=${simd}`);
      checkProbe(assert, result, { simd });
      assert.deepEqual(problems, []);
    });
  }
});
