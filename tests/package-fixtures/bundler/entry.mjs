// A bundler's browser entry: imports the package by name. ?mode= picks how the .wasm is found:
//   (none)      no option: the package's default (../dist/<file>.wasm relative to its module)
//   locateFile  the .wasm files were copied next to the bundle: locateFile resolves them there
//   wasmUrl     ?wasmUrl=<url> passed as is
// and ?simd=true|false|auto.
import { loadCondense } from 'condense';
import { probe } from './probe.mjs';

const q = new URLSearchParams(location.search);
const options = {};
if (q.has('simd')) options.simd = q.get('simd') === 'auto' ? 'auto' : q.get('simd') === 'true';
const mode = q.get('mode');
if (mode === 'locateFile') options.locateFile = (fileName) => new URL(fileName, import.meta.url).href;
if (mode === 'wasmUrl') options.wasmUrl = new URL(q.get('wasmUrl'), location.href);
// No top-level await: Vite 5's default build target refuses it.
probe(loadCondense, options).then((result) => {
  window.__condense = result;
});
