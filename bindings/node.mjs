// Node entry (ESM). Reads the .wasm from dist/ with fs, so no fetch of file paths is needed.
import { readFile } from 'node:fs/promises';
import { load, simdSupported } from './load.mjs';

export { simdSupported };

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

const SOURCE = {
  key: 'node',
  bytes: readDefault,
  glue: async (kind) =>
    (kind === 'simd' ? await import('../dist/condense-simd.mjs') : await import('../dist/condense-scalar.mjs')).default,
};

export function loadCondense(options) {
  return load(options, SOURCE);
}
