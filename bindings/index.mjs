// Browser / worker / bundler entry. The .wasm is fetched relative to this file by default;
// pass { wasmUrl }, { locateFile } or { wasmBinary } when it is served elsewhere, or import
// 'condense/inline' where no bundler copies it.
import { load, simdSupported, threadsSupported } from './load.mjs';

export { simdSupported, threadsSupported };

// One literal new URL('…', import.meta.url) per file, evaluated only when that build is loaded:
// bundlers that understand the pattern (webpack 5, Vite, Rollup plugins, Parcel) see the
// literals, emit exactly these two files and rewrite the URLs.
const DEFAULT_URLS = {
  simd: () => new URL('../dist/condense-simd.wasm', import.meta.url),
  scalar: () => new URL('../dist/condense-scalar.wasm', import.meta.url),
  // Not a literal: bundlers must not emit the threaded build (see threadedUrl).
  'simd-threads': () => new URL(threadedUrl({}, 'condense-simd-threads.wasm')),
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

// The threaded build (cross-origin isolated pages): its ES module for this thread, and for its
// pthread workers the worker script and the classic-script glue they importScripts. Imported by
// a URL computed at run time, so bundlers leave it alone: serve dist/condense-simd-threads.*
// next to the .wasm (or pass locateFile, which is asked for every file by name).
const HERE = import.meta.url;

function threadedUrl(o, name) {
  return o.locateFile ? String(o.locateFile(name)) : new URL('../dist/'.concat(name), HERE).href;
}

const THREADED = {
  glue: async (o) =>
    (await import(/* webpackIgnore: true */ /* @vite-ignore */ threadedUrl(o, 'condense-simd-threads.mjs'))).default,
  options: (o) => ({
    mainScriptUrlOrBlob: threadedUrl(o, 'condense-simd-threads.js'),
    locateFile: (name) => threadedUrl(o, name),
  }),
  nodeWorkers: false,
};

const SOURCE = {
  key: 'default',
  threaded: THREADED,
  bytes: (build, fetchWasm) => fetchWasm(defaultUrl(build.kind)),
  glue: async (kind) =>
    (kind === 'simd' ? await import('../dist/condense-simd.mjs') : await import('../dist/condense-scalar.mjs')).default,
};

export function loadCondense(options) {
  return load(options, SOURCE);
}
