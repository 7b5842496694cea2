// tfjs-core with its gradients and chained ops, tfjs-backend-cpu and condense/tfjs as one module
// for Node tests. tfjs-core's Node build registers no gradients and its ESM dist has
// extensionless imports Node cannot load, so the tests import an esbuild bundle of the ESM dist
// (one copy of tfjs-core for everything in it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const TFJS_NODE = fileURLToPath(new URL('../../bindings/tfjs/node.mjs', import.meta.url));
const NODE_ENTRY = fileURLToPath(new URL('../../bindings/node.mjs', import.meta.url));

export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The bare '@tensorflow/tfjs-core' resolves to the same ESM dist the specs import relatively.
  mainFields: ['module', 'main'],
  // tfjs-core's package.json "sideEffects" list would let esbuild drop side-effect imports.
  ignoreAnnotations: true,
  // CommonJS parts of the bundle get a `require`; the import is renamed so that it cannot clash
  // with a bundled module's own `createRequire` import (bindings/node.mjs has one).
  banner: {
    js: `import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);`,
  },
  logLevel: 'error',
  // condense's Node entry stays outside the bundle (imported from the checkout by URL): it finds
  // dist/ next to itself, which the threaded build needs (its glue and worker script are files).
  plugins: [
    {
      name: 'condense-node-entry',
      setup(b) {
        b.onResolve({ filter: /^\.\.\/node\.mjs$/ }, (args) =>
          args.importer === TFJS_NODE ? { path: pathToFileURL(NODE_ENTRY).href, external: true } : undefined,
        );
      },
    },
  ],
};

// Bundles `contents` (an ES module resolved from this folder) into a temporary file and runs
// `use(path)`; the folder is removed afterwards.
export async function withBundle(contents, use) {
  const dir = mkdtempSync(join(tmpdir(), 'condense-tfjs-'));
  try {
    const outfile = join(dir, 'bundle.mjs');
    await build({ ...ESBUILD_OPTIONS, stdin: { contents, resolveDir: here, sourcefile: 'entry.mjs' }, outfile });
    return await use(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The options that load the build under test: CONDENSE_SIMD=false the scalar build, else SIMD,
// single-threaded (the bytes passed); CONDENSE_THREADS=auto the default load instead (the threaded
// build where it runs: in Node on two or more cores).
export const THREADED = process.env.CONDENSE_THREADS === 'auto';
export function loadOptions() {
  const simd = process.env.CONDENSE_SIMD !== 'false';
  if (THREADED) return simd ? {} : { simd };
  const wasm = new URL(`../../dist/condense-${simd ? 'simd' : 'scalar'}.wasm`, import.meta.url);
  return { simd, threads: false, wasmBinary: readFileSync(wasm) };
}

// { tf, registerCondenseBackend, condenseKernelNames, CondenseBackend } from one bundle.
export async function loadTf() {
  const contents = `
    import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
    import '@tensorflow/tfjs-core/dist/register_all_gradients';
    export * as tf from '@tensorflow/tfjs-core';
    export * from '../../bindings/tfjs/node.mjs';
  `;
  return withBundle(contents, (path) => import(pathToFileURL(path).href));
}
