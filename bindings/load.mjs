// Loading: picks the SIMD or scalar build, finds and checks the .wasm, instantiates it, and
// returns the API. Shared by the browser entry (index.mjs) and the Node entry (node.mjs).
import { createApi } from './api.mjs';
import { checkOptions } from './runtime/options.mjs';

// A 31-byte module whose one function does i32.const 0; i8x16.splat; i8x16.popcnt: it
// validates only where the engine supports wasm SIMD.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function simdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

const BUILDS = {
  simd: { backend: 'wasm-simd', wasm: 'condense-simd.wasm', glue: () => import('../dist/condense-simd.mjs') },
  scalar: { backend: 'wasm-scalar', wasm: 'condense-scalar.wasm', glue: () => import('../dist/condense-scalar.mjs') },
};

export function chooseBuild(simd) {
  if (simd === undefined || simd === 'auto') return simdSupported() ? BUILDS.simd : BUILDS.scalar;
  if (simd === true) {
    if (!simdSupported()) {
      throw new Error('loadCondense: simd: true was requested but this engine does not support WebAssembly SIMD');
    }
    return BUILDS.simd;
  }
  if (simd === false) return BUILDS.scalar;
  throw new TypeError(`loadCondense: simd must be 'auto', true or false (got ${String(simd)})`);
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

// Throws an Error naming the URL and what came back when bytes are not a wasm module.
export function checkWasmBytes(bytes, source) {
  const head = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 64));
  if (head.length >= 4 && WASM_MAGIC.every((b, i) => head[i] === b)) return;
  const text = new TextDecoder().decode(head).replace(/\s+/g, ' ').trim();
  const what = head.length === 0 ? 'an empty response' : `${JSON.stringify(text.slice(0, 40))}...`;
  throw new Error(
    `condense: ${source} is not a WebAssembly module (it starts with ${what}); ` +
      'serve the .wasm from dist/ next to the glue, or pass loadCondense({ wasmUrl }) or { locateFile }',
  );
}

async function fetchWasm(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`condense: could not fetch ${url}: ${error.message}`);
  }
  if (!response.ok) {
    throw new Error(
      `condense: fetching ${url} failed with HTTP ${response.status} ${response.statusText}; ` +
        'serve the .wasm from dist/ next to the glue, or pass loadCondense({ wasmUrl }) or { locateFile }',
    );
  }
  const bytes = await response.arrayBuffer();
  checkWasmBytes(bytes, url);
  return bytes;
}

function checkLoadOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TypeError('loadCondense: options must be an object');
  checkOptions('loadCondense', options, ['simd', 'wasmUrl', 'locateFile', 'wasmBinary']);
  const { wasmUrl, locateFile, wasmBinary } = options;
  if (wasmUrl !== undefined && typeof wasmUrl !== 'string' && typeof wasmUrl?.href !== 'string') {
    throw new TypeError('loadCondense: wasmUrl must be a string or URL');
  }
  if (locateFile !== undefined && typeof locateFile !== 'function') {
    throw new TypeError('loadCondense: locateFile must be a function (fileName) => url');
  }
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer) && !ArrayBuffer.isView(wasmBinary)) {
    throw new TypeError('loadCondense: wasmBinary must be an ArrayBuffer or a typed array');
  }
  return options;
}

// readDefault(build) returns the bytes when no location is given (Node reads the file next to
// the glue; the browser fetches it relative to this module).
export async function load(options, readDefault) {
  const o = checkLoadOptions(options);
  const build = chooseBuild(o.simd);
  let bytes;
  if (o.wasmBinary !== undefined) {
    bytes = ArrayBuffer.isView(o.wasmBinary)
      ? o.wasmBinary.buffer.slice(o.wasmBinary.byteOffset, o.wasmBinary.byteOffset + o.wasmBinary.byteLength)
      : o.wasmBinary;
    checkWasmBytes(bytes, 'wasmBinary');
  } else if (o.wasmUrl !== undefined || o.locateFile !== undefined) {
    const url =
      o.wasmUrl !== undefined
        ? typeof o.wasmUrl === 'string'
          ? o.wasmUrl
          : o.wasmUrl.href
        : String(o.locateFile(build.wasm));
    bytes = await fetchWasm(url);
  } else {
    bytes = await readDefault(build, fetchWasm);
  }
  const { default: createModule } = await build.glue();
  const Module = await createModule({ wasmBinary: bytes });
  return createApi(Module, build.backend);
}
