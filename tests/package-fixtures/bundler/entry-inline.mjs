// A bundler's browser entry for 'condense/inline' (the .wasm embedded): no top-level await and
// nothing module-relative, so it bundles to ESM, IIFE and CommonJS alike. ?simd=true|false|auto.
import { loadCondense } from 'condense/inline';
import { probe } from './probe.mjs';

const q = new URLSearchParams(location.search);
const options = {};
if (q.has('simd')) options.simd = q.get('simd') === 'auto' ? 'auto' : q.get('simd') === 'true';
probe(loadCondense, options).then((result) => {
  window.__condense = result;
});
