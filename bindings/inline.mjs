// The 'condense/inline' entry: the same API, with both .wasm builds embedded (base64, in
// dist/condense-inline.mjs, which the wasm build generates) and both glues imported statically.
// No asset to copy, no module-relative URL, no dynamic import: it bundles into one file with
// any bundler and format (Rollup output.file, esbuild IIFE / CommonJS, Node bundles moved away).
// Costs about 590 KB of base64 in the bundle, decoded only for the build that is loaded. Single-thread
// only: threads: 'auto' (the default) runs the SIMD (or scalar) build on one thread.
import createSimd from '../dist/condense-simd.mjs';
import createScalar from '../dist/condense-scalar.mjs';
import * as embedded from '../dist/condense-inline.mjs';
import { load, simdSupported, threadsSupported } from './load.mjs';

export { simdSupported, threadsSupported };

function decode(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

const SOURCE = {
  key: 'inline',
  bytes: (build) => decode(embedded[build.kind]),
  glue: (kind) => (kind === 'simd' ? createSimd : createScalar),
  // No threaded build embedded (its glue starts workers from script files, which a one-file
  // bundle does not have): threads: 'auto' runs single-threaded here.
  noThreads: "condense/inline embeds only the single-thread builds (import from 'condense' for threads)",
};

export function loadCondense(options) {
  return load(options, SOURCE);
}
