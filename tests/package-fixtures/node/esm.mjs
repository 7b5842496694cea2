// Plain Node ESM consumer of the installed package. Usage: node esm.mjs <simd: true|false|auto>
import { loadCondense, simdSupported } from 'condense';
import { probe } from './probe.mjs';

const arg = process.argv[2] ?? 'auto';
const simd = arg === 'auto' ? 'auto' : arg === 'true';
// An explicit build runs single-threaded; 'auto' passes no option (the default: threads too).
const result = await probe(loadCondense, arg === 'auto' ? undefined : { simd, threads: false });
// A wasmBinary that is really an HTML page must fail with a message saying so.
const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Not found</body></html>');
const htmlError = await loadCondense({ wasmBinary: html }).then(
  () => 'loaded?!',
  (e) => `${e.name}: ${e.message}`,
);
console.log(
  JSON.stringify({
    ...result,
    entry: import.meta.resolve('condense'),
    simdSupported: simdSupported(),
    htmlError,
  }),
);
