// Packaging, TypeScript: the tarball and TypeScript installed into a fresh project;
// tests/types/usage.ts (every function, option and type of bindings/index.d.ts, plus
// @ts-expect-error lines for wrong calls) checked with `tsc --noEmit --strict` through the
// package's "exports" under several resolution modes, then compiled and run in Node so the
// declarations and the runtime agree.
import assert from 'node:assert/strict';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ROOT,
  bareEnv,
  freshProject,
  installFromRegistry,
  installTarball,
  packRepo,
  removeDir,
  run,
} from '../package-fixtures/harness.mjs';

const TYPESCRIPT = process.env.CONDENSE_TEST_TYPESCRIPT ?? '7.0.2';
// The oldest TypeScript the declarations support (README "Install"): checked with the modes it
// has (nodenext, node16; 'bundler' resolution came in 5.0).
const TYPESCRIPT_MIN = process.env.CONDENSE_TEST_TYPESCRIPT_MIN ?? '4.7.4';
const TYPES_NODE = process.env.CONDENSE_TEST_TYPES_NODE ?? '20';
const TYPES_DIR = join(ROOT, 'tests/types');

const BASE = {
  target: 'es2022',
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  forceConsistentCasingInFileNames: true,
};
const CONFIGS = {
  // Node ESM project ("type": "module"), DOM lib as a browser-and-Node library user has.
  nodenext: {
    compilerOptions: { ...BASE, module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    files: ['usage.ts'],
  },
  // Vite / esbuild style projects.
  bundler: {
    compilerOptions: { ...BASE, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] },
    files: ['usage.ts'],
  },
  // Node-only project: @types/node, no DOM lib.
  node: {
    compilerOptions: { ...BASE, module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: ['node'] },
    files: ['node-only.ts'],
  },
  // Node-only project with neither DOM lib nor @types/node.
  bare: {
    compilerOptions: { ...BASE, module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: [] },
    files: ['bare.ts'],
  },
  // condense/image (image/index.d.ts) with the Node types.
  image: {
    compilerOptions: {
      ...BASE,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2022'],
      types: ['node'],
    },
    files: ['image.ts'],
  },
  // CommonJS TypeScript (require) under nodenext and the older node16 mode.
  cjs: {
    compilerOptions: { ...BASE, module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: ['node'] },
    files: ['require.cts'],
  },
  cjs16: {
    compilerOptions: { ...BASE, module: 'node16', moduleResolution: 'node16', lib: ['es2022'], types: ['node'] },
    files: ['require.cts'],
  },
};

describe(`TypeScript ${TYPESCRIPT}: index.d.ts against tests/types/usage.ts`, () => {
  let pack;
  let dir;
  let env;

  async function tsc(config, extra = []) {
    const r = await run(
      join(env.PATH, 'node'),
      ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${config}.json`, ...extra],
      {
        cwd: dir,
        env,
        timeout: 120_000,
      },
    );
    return { code: r.code, output: `${r.stdout}${r.stderr}`.trim() };
  }

  async function runJs(file) {
    const r = await run(join(env.PATH, 'node'), [file], { cwd: dir, env, timeout: 60_000 });
    assert.equal(r.code, 0, `node ${file} failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  }

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('types', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`typescript@${TYPESCRIPT}`, `@types/node@${TYPES_NODE}`]);
    for (const f of ['usage.ts', 'require.cts', 'node-only.ts', 'image.ts']) await cp(join(TYPES_DIR, f), join(dir, f));
    await writeFile(
      join(dir, 'bare.ts'),
      "import { loadCondense } from 'condense';\nexport const ready: Promise<unknown> = loadCondense({ simd: false });\n",
    );
    for (const [name, config] of Object.entries(CONFIGS)) {
      await writeFile(join(dir, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    }
    env = await bareEnv();
  });

  after(async () => {
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  test('usage.ts names every function, option and exported type of the declarations', async () => {
    // Every declaration file the package ships (index.d.ts, and any it is split into).
    const declFiles = (await readdir(join(ROOT, 'bindings'))).filter((f) => /\.d\.c?ts$/.test(f));
    const dts = (await Promise.all(declFiles.map((f) => readFile(join(ROOT, 'bindings', f), 'utf8')))).join('\n');
    const usage = await readFile(join(TYPES_DIR, 'usage.ts'), 'utf8');
    const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const names = new Set();
    for (const m of code.matchAll(/export\s+(?:declare\s+)?(?:function|interface|type|const)\s+(\w+)/g))
      names.add(m[1]);
    for (const m of code.matchAll(/^\s+(?:readonly\s+)?(\w+)\??\s*[(:]/gm)) names.add(m[1]);
    assert.ok(names.size > 40, `found only ${names.size} names in ${declFiles}`);
    const missing = [...names].filter((n) => !new RegExp(`\\b${n}\\b`).test(usage));
    assert.deepEqual(missing, [], 'index.d.ts members that tests/types/usage.ts never uses');
  });

  test('tsc --noEmit --strict, module/moduleResolution nodenext', async () => {
    const r = await tsc('nodenext');
    assert.equal(r.code, 0, r.output);
    assert.equal(r.output, '');
  });

  test('tsc --noEmit --strict, moduleResolution bundler', async () => {
    const r = await tsc('bundler');
    assert.equal(r.code, 0, r.output);
  });

  test('the @ts-expect-error lines are real errors (a wrong call without it fails)', async () => {
    const usage = await readFile(join(dir, 'usage.ts'), 'utf8');
    const broken = usage.replace("  // @ts-expect-error simd is 'auto' | boolean\n", '');
    assert.notEqual(broken, usage);
    await writeFile(join(dir, 'broken.ts'), broken);
    await writeFile(join(dir, 'tsconfig.broken.json'), JSON.stringify({ ...CONFIGS.nodenext, files: ['broken.ts'] }));
    const r = await tsc('broken');
    assert.notEqual(r.code, 0);
    assert.match(r.output, /broken\.ts\(\d+,\d+\): error TS2322: .*"yes"/);
  });

  test('usage.ts compiled and run in Node: the declared calls work at runtime', async () => {
    const r = await tsc('nodenext', ['--noEmit', 'false', '--outDir', 'out-esm']);
    assert.equal(r.code, 0, r.output);
    const out = await runJs('out-esm/usage.js');
    assert.deepEqual(out, { ok: true, backend: 'wasm-simd' });
  });

  test('a Node-only project (lib es2022 + @types/node, no DOM) type-checks and runs', async () => {
    const r = await tsc('node', ['--noEmit', 'false', '--outDir', 'out-node']);
    assert.equal(r.code, 0, r.output);
    const out = await runJs('out-node/node-only.js');
    assert.deepEqual(out, { backend: 'wasm-scalar', data: [5, 7, 13, 15] });
  });

  test('CommonJS TypeScript (import = require) under nodenext type-checks and runs', async () => {
    const r = await tsc('cjs', ['--noEmit', 'false', '--outDir', 'out-cjs']);
    assert.equal(r.code, 0, r.output);
    const out = await runJs('out-cjs/require.cjs');
    assert.deepEqual(out, { backend: 'wasm-scalar', shape: [1, 2, 2, 1], data: [5, 7, 13, 15] });
  });

  test('CommonJS TypeScript under module node16 resolves the require() declarations (index.d.cts)', async () => {
    const r = await tsc('cjs16');
    assert.equal(r.code, 0, r.output);
  });

  test('a project with neither the DOM lib nor @types/node type-checks (no URL type in the declarations)', async () => {
    const r = await tsc('bare');
    assert.equal(r.code, 0, r.output);
  });

  test('condense/image: image/index.d.ts type-checks and runs (decodeImage, encodePng, fromImageData, grid)', async () => {
    const r = await tsc('image', ['--noEmit', 'false', '--outDir', 'out-image']);
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(await runJs('out-image/image.js'), { ok: true, channels: 4 });
  });
});

describe(`TypeScript ${TYPESCRIPT_MIN} (the oldest supported): the declarations without skipLibCheck`, () => {
  let pack;
  let dir;
  let env;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('types-min', { type: 'module' });
    await installTarball(dir, pack.tarball);
    await installFromRegistry(dir, [`typescript@${TYPESCRIPT_MIN}`, `@types/node@${TYPES_NODE}`]);
    for (const f of ['usage.ts', 'require.cts', 'node-only.ts', 'image.ts']) await cp(join(TYPES_DIR, f), join(dir, f));
    for (const name of ['nodenext', 'node', 'cjs16', 'image']) {
      await writeFile(join(dir, `tsconfig.${name}.json`), JSON.stringify(CONFIGS[name], null, 2));
    }
    env = await bareEnv();
  });

  after(async () => {
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  for (const name of ['nodenext', 'node', 'cjs16', 'image']) {
    test(`tsc ${TYPESCRIPT_MIN} --strict, config ${name} (${CONFIGS[name].files.join(', ')})`, async () => {
      const r = await run(join(env.PATH, 'node'), ['node_modules/typescript/bin/tsc', '-v'], { cwd: dir, env });
      assert.equal(r.stdout.trim(), `Version ${TYPESCRIPT_MIN}`);
      const c = await run(join(env.PATH, 'node'), ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${name}.json`], {
        cwd: dir,
        env,
        timeout: 120_000,
      });
      assert.equal(c.code, 0, `${c.stdout}${c.stderr}`);
    });
  }
});
