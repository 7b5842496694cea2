// Node entry (CommonJS). loadCondense is async anyway, so it loads the ESM entry on demand.
'use strict';

exports.loadCondense = function loadCondense(options) {
  return import('./node.mjs').then((m) => m.loadCondense(options));
};

// The 31-byte SIMD probe of load.mjs (kept in sync by tests/package).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

exports.simdSupported = function simdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
};

// Shared wasm memory (load.mjs's threadsSupported): what the threaded build needs.
exports.threadsSupported = function threadsSupported() {
  try {
    if (typeof SharedArrayBuffer !== 'function' || !exports.simdSupported()) return false;
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
};
