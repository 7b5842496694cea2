// Browser / worker / bundler entry. The .wasm is fetched relative to this file by default;
// pass { wasmUrl }, { locateFile } or { wasmBinary } when it is served elsewhere, or import
// 'condense/inline' where no bundler copies it.
import { load, simdSupported } from './load.mjs';

export { simdSupported };

// One literal new URL('…', import.meta.url) per file, evaluated only when that build is loaded:
// bundlers that understand the pattern (webpack 5, Vite, Rollup plugins, Parcel) see the
// literals, emit exactly these two files and rewrite the URLs.
const DEFAULT_URLS = {
  simd: () => new URL('../dist/condense-simd.wasm', import.meta.url),
  scalar: () => new URL('../dist/condense-scalar.wasm', import.meta.url),
};

// Vite's dev server runs this module from its pre-bundled copy in node_modules/.vite/deps/,
// without the .wasm next to it: the URL then points into node_modules/.vite/dist/, and the file
// is fetched from the package's own folder, which the dev server serves as it is.
const VITE_DEPS = /\/node_modules\/\.vite\/dist\/(condense-\w+\.wasm)$/;

function defaultUrl(kind) {
  const url = DEFAULT_URLS[kind]();
  const vite = VITE_DEPS.exec(url.pathname);
  return vite ? new URL(`../../condense/dist/${vite[1]}`, url).href : url.href;
}

const SOURCE = {
  key: 'default',
  bytes: (build, fetchWasm) => fetchWasm(defaultUrl(build.kind)),
  glue: async (kind) =>
    (kind === 'simd' ? await import('../dist/condense-simd.mjs') : await import('../dist/condense-scalar.mjs')).default,
};

export function loadCondense(options) {
  return load(options, SOURCE);
}
