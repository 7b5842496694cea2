// Packaging, webpack 5 with target: 'node': a fresh project installs the tarball and webpack,
// bundles a Node program that uses the default entry ('condense', node-plain.mjs) with nothing
// but mode, target, entry and output path, in production and development mode; each output
// folder is moved to another place (a deploy folder, with no node_modules around it) and run
// there with Node on both builds. webpack emits the .wasm files as assets next to the bundle and
// rewrites bindings/node.mjs's new URL('../dist/…', import.meta.url) to point at them.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  bareEnv,
  checkProbe,
  copyFixtures,
  freshProject,
  installFromRegistry,
  installTarball,
  packRepo,
  removeDir,
  run,
} from '../package-fixtures/harness.mjs';

const WEBPACK = process.env.CONDENSE_TEST_WEBPACK ?? '5.113.0';

describe(`webpack ${WEBPACK}, target node, no other config`, () => {
  let pack;
  let dir;
  let deploy;
  let env;
  const builds = {};

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('webpack-node', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`webpack@${WEBPACK}`]);
    await copyFixtures('bundler', dir);
    await writeFile(join(dir, 'probe.mjs'), await readFile(new URL('../package-fixtures/probe.mjs', import.meta.url)));
    env = await bareEnv();
    deploy = await mkdtemp(join(tmpdir(), 'condense-webpack-node-deploy-'));
    for (const mode of ['production', 'development']) {
      const out = join(dir, `out-${mode}`);
      const r = await run(join(env.PATH, 'node'), ['webpack-node.build.mjs', mode, out], { cwd: dir, env });
      assert.equal(r.code, 0, `webpack ${mode} failed:\n${r.stdout}\n${r.stderr}`);
      const moved = join(deploy, mode);
      await cp(out, moved, { recursive: true });
      builds[mode] = { built: JSON.parse(r.stdout.trim().split('\n').pop()), moved };
    }
  });

  after(async () => {
    await removeDir(dir);
    await removeDir(deploy);
    await removeDir(pack?.dir);
  });

  for (const mode of ['production', 'development']) {
    test(`${mode}: no warning, no error, the two single-thread .wasm files emitted`, () => {
      const { built } = builds[mode];
      assert.deepEqual(built.errors, []);
      assert.deepEqual(built.warnings, []);
      assert.ok(built.files.filter((f) => f.endsWith('.wasm')).length >= 2, `files: ${built.files}`);
    });

    for (const simd of [true, false]) {
      test(`${mode}: the bundle moved to a deploy folder computes, simd: ${simd}`, async () => {
        const { moved } = builds[mode];
        const r = await run(join(env.PATH, 'node'), [join(moved, 'app.cjs'), String(simd)], {
          cwd: deploy,
          env,
          timeout: 60_000,
        });
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.equal(r.stderr, '');
        checkProbe(assert, JSON.parse(r.stdout.trim().split('\n').pop()), { simd });
      });
    }
  }
});
