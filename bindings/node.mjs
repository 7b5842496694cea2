// Node entry (ESM). Reads the .wasm from dist/ with fs, so no fetch of file paths is needed.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { load, simdSupported, threadsSupported } from './load.mjs';

export { simdSupported, threadsSupported };

async function readDefault(build) {
  let path = `../dist/${build.wasm}`;
  try {
    path = new URL(`../dist/${build.wasm}`, import.meta.url);
    const bytes = await readFile(path);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  } catch (error) {
    throw new Error(
      `condense: cannot read ${path} (${error.message}). If condense was bundled into a file that moved ` +
        "away from node_modules, import from 'condense/inline' (the .wasm embedded), keep condense external " +
        'to the bundle, or pass loadCondense({ wasmBinary })',
      { cause: error },
    );
  }
}

// The threaded build: its CommonJS glue through createRequire (3.1.6's ES6 glue cannot run
// pthreads in Node); the glue starts its worker_threads from the .worker.cjs script.
const THREADED = {
  glue: async () => createRequire(import.meta.url)('../dist/condense-simd-threads.cjs'),
  options: () => ({
    locateFile: (name) =>
      name.endsWith('.worker.js')
        ? fileURLToPath(new URL('../dist/condense-simd-threads.worker.cjs', import.meta.url))
        : name,
  }),
  nodeWorkers: true,
};

const SOURCE = {
  key: 'node',
  bytes: readDefault,
  cores: availableParallelism,
  threaded: THREADED,
  glue: async (kind) =>
    (kind === 'simd' ? await import('../dist/condense-simd.mjs') : await import('../dist/condense-scalar.mjs')).default,
};

export function loadCondense(options) {
  return load(options, SOURCE);
}
