// Packaging, Vite 5, 7 and the current major: a fresh project per version installs the tarball
// and Vite, then with no config and no condense option (1) makes a production build, served and
// run in headless Chromium under a strict CSP, and (2) runs Vite's dev server, whose dependency
// pre-bundling (optimizeDeps) moves bindings/index.mjs into node_modules/.vite/deps/ without
// the .wasm: the package then fetches it from its own folder (bindings/index.mjs, VITE_DEPS).
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
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
  run,
  runPage,
  serveDir,
} from '../package-fixtures/harness.mjs';

// Vite 8 needs Node ^20.19 or >= 22.12; this image has Node 20.20.
const VERSIONS = (process.env.CONDENSE_TEST_VITE ?? '5.4.9,7.3.8,8.3.8').split(',');

let pack;
let browser;
before(async () => {
  pack = await packRepo();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await removeDir(pack?.dir);
});

// Vite's own module as the consumer project resolves it.
async function importVite(dir) {
  const pkg = JSON.parse(await readFile(join(dir, 'node_modules/vite/package.json'), 'utf8'));
  let entry = pkg.exports['.'];
  while (typeof entry === 'object') entry = entry.import ?? entry.default;
  return import(pathToFileURL(join(dir, 'node_modules/vite', entry)).href);
}

for (const version of VERSIONS) {
  describe(`Vite ${version}: production build and dev server, no config`, () => {
    let dir;
    let server;
    let dev;
    let built;
    const devRequests = [];

    before(async () => {
      dir = await freshProject(`vite${version.split('.')[0]}`, { type: 'module' });
      await installTarball(dir, pack.tarball);
      await installFromRegistry(dir, [`vite@${version}`]);
      await copyFixtures('bundler', dir);
      await cp(new URL('../package-fixtures/probe.mjs', import.meta.url), join(dir, 'probe.mjs'));
      const env = await bareEnv();
      const r = await run(join(env.PATH, 'node'), ['vite.build.mjs'], { cwd: dir, env, timeout: 120_000 });
      assert.equal(r.code, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
      built = JSON.parse(r.stdout.trim().split('\n').pop());
      server = await serveDir(join(dir, 'dist'));
      // The dev server: its client talks over a WebSocket and injects scripts, so no CSP here.
      await writeFile(join(dir, 'dev.html'), pageHtml('./entry.mjs', { csp: null }));
      const vite = await importVite(dir);
      dev = await vite.createServer({
        root: dir,
        configFile: false,
        logLevel: 'silent',
        server: { host: '127.0.0.1', port: 0, hmr: false },
        // The test's own recorder of request paths (nothing condense needs).
        plugins: [
          {
            name: 'record-requests',
            configureServer(s) {
              s.middlewares.use((req, res, next) => {
                devRequests.push(req.url);
                next();
              });
            },
          },
        ],
      });
      await dev.listen();
    });

    after(async () => {
      await dev?.close();
      await server?.close();
      await removeDir(dir);
    });

    test('build: both .wasm files emitted as hashed assets, no warnings, no copy of the glue', () => {
      assert.deepEqual(built.warnings, []);
      const wasm = built.files.filter((f) => f.endsWith('.wasm'));
      assert.equal(wasm.length, 2, `two .wasm assets: ${wasm}`);
      assert.ok(wasm.some((f) => /^assets\/condense-simd-[\w-]+\.wasm$/.test(f)));
      assert.ok(wasm.some((f) => /^assets\/condense-scalar-[\w-]+\.wasm$/.test(f)));
      assert.deepEqual(
        built.files.filter((f) => f.endsWith('.mjs')),
        [],
      );
    });

    for (const simd of [true, false, 'auto']) {
      test(`build: no option needed, simd: ${simd}`, async () => {
        server.requests.length = 0;
        const { result, problems } = await runPage(browser, `${server.url}/index.html?simd=${simd}`);
        checkProbe(assert, result, { simd: simd === 'auto' ? true : simd });
        assert.deepEqual(problems, []);
        const kind = simd === false ? 'scalar' : 'simd';
        const fetched = server.requests.filter((p) => p.endsWith('.wasm'));
        assert.equal(fetched.length, 1, `one .wasm fetched: ${fetched}`);
        assert.match(fetched[0], new RegExp(`^/assets/condense-${kind}-[\\w-]+\\.wasm$`));
      });
    }

    test('build: locateFile overrides the location Vite chose (here: a file that does not exist)', async () => {
      const { result, problems } = await runPage(browser, `${server.url}/index.html?mode=locateFile&simd=false`);
      assert.ok(result.error, 'loading must fail');
      assert.match(result.error, /\/assets\/condense-scalar\.wasm/);
      assert.deepEqual(
        problems.filter((p) => !/404/.test(p)),
        [],
      );
    });

    for (const simd of [true, false]) {
      test(`dev server: no option and no optimizeDeps setting needed, simd: ${simd}`, async () => {
        const base = dev.resolvedUrls.local[0].replace(/\/$/, '');
        devRequests.length = 0;
        const { result, problems } = await runPage(browser, `${base}/dev.html?simd=${simd}`, { timeout: 60_000 });
        checkProbe(assert, result, { simd });
        assert.deepEqual(problems, [], 'no 404, no console error');
        const paths = devRequests.map((u) => u.split('?')[0]);
        assert.ok(
          paths.some((p) => /^\/node_modules\/\.vite\/deps\/condense\.js$/.test(p)),
          `condense ran from its pre-bundled copy: ${paths}`,
        );
        assert.deepEqual(
          paths.filter((p) => p.endsWith('.wasm')),
          [`/node_modules/condense/dist/condense-${simd ? 'simd' : 'scalar'}.wasm`],
        );
      });
    }
  });
}
