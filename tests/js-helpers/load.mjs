// Loads the build under test (CONDENSE_SIMD=false: the scalar build; anything else: SIMD), always
// single-threaded (threads: false: the default 'auto' would load the threaded build in Node), and
// captures the instance's WebAssembly.Memory, so tests can prove that results are not views
// into it.
import assert from 'node:assert/strict';
import { loadCondense } from '../../bindings/node.mjs';

export const SIMD = process.env.CONDENSE_SIMD !== 'false';
export const BACKEND = SIMD ? 'wasm-simd' : 'wasm-scalar';

// -> { cd, memory } where memory is the module's exported WebAssembly.Memory.
export async function loadForTest(extra = {}) {
  const memories = [];
  const original = WebAssembly.instantiate;
  WebAssembly.instantiate = async function instantiate(...args) {
    const result = await original.apply(this, args);
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory) memories.push(value);
    }
    return result;
  };
  let cd;
  try {
    cd = await loadCondense({ simd: process.env.CONDENSE_SIMD !== 'false', threads: false, ...extra });
  } finally {
    WebAssembly.instantiate = original;
  }
  assert.equal(cd.backend, BACKEND, 'CONDENSE_SIMD selects the build');
  assert.equal(memories.length, 1, 'the module exports exactly one WebAssembly.Memory');
  return { cd, memory: memories[0] };
}

// -> cd alone, for tests that need no handle on the memory (the pooling family's tests).
export async function loadBuild(extra = {}) {
  return (await loadForTest(extra)).cd;
}
