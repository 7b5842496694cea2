// Loading: picks the SIMD or scalar build, finds and checks the .wasm, compiles it once per page
// (every loadCondense() with the same source shares one fetch and one WebAssembly.Module),
// instantiates it and returns the API. Shared by the entries: index.mjs (browsers, bundlers),
// node.mjs (Node) and inline.mjs (the .wasm embedded), which differ only in `source`.
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

export const BUILDS = {
  simd: { kind: 'simd', backend: 'wasm-simd', wasm: 'condense-simd.wasm' },
  scalar: { kind: 'scalar', backend: 'wasm-scalar', wasm: 'condense-scalar.wasm' },
  'simd-threads': { kind: 'simd-threads', backend: 'wasm-simd-threads', wasm: 'condense-simd-threads.wasm' },
};

// The default pool for threads: 'auto' (every core, at most this many).
export const AUTO_THREADS_CAP = 8;
const MAX_THREADS = 16;

// Shared wasm memory: SharedArrayBuffer exists, the page is cross-origin isolated (browsers hide
// SharedArrayBuffer otherwise, or refuse to post it) and the engine makes a shared memory.
export function threadsSupported() {
  try {
    if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated === false) return false;
    if (!simdSupported()) return false;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return memory.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

function availableCores(source) {
  const n = source.cores?.() ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  return Number.isInteger(n) && n > 0 ? n : 1;
}

// The threads option: 'auto' (the default), false, or an integer in [1, MAX_THREADS].
export function threadsOption(threads) {
  if (threads === undefined) return 'auto';
  if (threads === 'auto' || threads === false) return threads;
  if (Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS) return threads;
  throw new TypeError(
    `loadCondense: threads must be 'auto', false or an integer in [1, ${MAX_THREADS}] (got ${String(threads)})`,
  );
}

// Why the threaded build cannot run here, or null when it can: it is a SIMD build, it needs an
// entry that can start its workers, and shared memory (SharedArrayBuffer, which browsers give
// only to cross-origin-isolated pages).
export function whyNoThreads(simd, source) {
  if (simd === false) return 'simd: false was requested and the threaded build is a SIMD build';
  if (!source.threaded) return source.noThreads ?? 'this entry has no threaded build';
  if (globalThis.crossOriginIsolated === false) {
    return (
      'the page is not cross-origin isolated (no SharedArrayBuffer): serve it with the headers ' +
      'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp'
    );
  }
  if (typeof SharedArrayBuffer !== 'function') return 'this engine has no SharedArrayBuffer';
  if (!threadsSupported()) return 'this engine cannot make a shared WebAssembly.Memory with SIMD';
  return null;
}

// The threads 'auto' runs: every core up to AUTO_THREADS_CAP where the threaded build can run and
// there are two or more; 0 otherwise (a single-thread build).
export function autoThreads(simd, source) {
  if (whyNoThreads(simd, source) !== null) return 0;
  const cores = Math.min(availableCores(source), AUTO_THREADS_CAP);
  return cores >= 2 ? cores : 0;
}

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
const WHERE =
  "serve the .wasm files of the package's dist/ folder there (any Content-Type), pass loadCondense({ wasmUrl }), " +
  "{ locateFile } or { wasmBinary }, or import from 'condense/inline' (the .wasm embedded)";

// Throws an Error naming the URL and what came back when bytes are not a wasm module.
export function checkWasmBytes(bytes, source) {
  const head = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 64));
  if (head.length >= 4 && WASM_MAGIC.every((b, i) => head[i] === b)) return;
  const text = new TextDecoder().decode(head).replace(/\s+/g, ' ').trim();
  const what = head.length === 0 ? 'an empty response' : `${JSON.stringify(text.slice(0, 40))}...`;
  throw new Error(`condense: ${source} is not a WebAssembly module (it starts with ${what}); ${WHERE}`);
}

// The build a condense .wasm says it is: the custom section "condense.build" the wasm build
// appends ("simd" or "scalar"), read from the bytes so a SIMD binary is named even on an engine
// that cannot compile it.
export function buildOf(bytes, source) {
  const u8 = new Uint8Array(bytes);
  const leb = (at) => {
    let value = 0;
    for (let shift = 0; at < u8.length; shift += 7) {
      const b = u8[at++];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return [value, at];
    }
    return [Infinity, at];
  };
  for (let at = 8; at < u8.length;) {
    const [size, start] = leb(at + 1);
    if (u8[at] === 0) {
      const [len, name] = leb(start);
      if (new TextDecoder().decode(u8.subarray(name, name + len)) === 'condense.build') {
        const kind = new TextDecoder().decode(u8.subarray(name + len, start + size));
        if (BUILDS[kind]) return BUILDS[kind];
      }
    }
    at = start + size;
  }
  throw new Error(
    `condense: ${source} is not a condense .wasm of this version (it names no build); ` +
      'use the .wasm files shipped in the same package as this JavaScript',
  );
}

async function fetchWasm(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(
      `condense: could not fetch ${url} (${error.message}): if it is on another origin, that server must send ` +
        "Access-Control-Allow-Origin for this page, and the page's CSP must allow it in connect-src; " +
        `otherwise ${WHERE}`,
    );
  }
  if (!response.ok) {
    throw new Error(`condense: fetching ${url} failed with HTTP ${response.status} ${response.statusText}; ${WHERE}`);
  }
  const bytes = await response.arrayBuffer();
  checkWasmBytes(bytes, url);
  return bytes;
}

// Compiles, turning a CSP refusal into a message that says which directive to add.
async function compile(bytes, source) {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    if (/Content.Security.Policy|unsafe-eval|CSP/i.test(String(error?.message))) {
      throw new Error(
        "condense: the page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its " +
          `script-src (e.g. script-src 'self' 'wasm-unsafe-eval'). The browser said: ${error.message}`,
        { cause: error },
      );
    }
    throw new Error(`condense: ${source} does not compile: ${error.message}`, { cause: error });
  }
}

function checkLoadOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TypeError('loadCondense: options must be an object');
  checkOptions('loadCondense', options, [
    'simd',
    'threads',
    'wasmUrl',
    'locateFile',
    'wasmBinary',
    'warnResidentBytes',
  ]);
  const { wasmUrl, locateFile, wasmBinary, warnResidentBytes } = options;
  if (wasmUrl !== undefined && typeof wasmUrl !== 'string' && typeof wasmUrl?.href !== 'string') {
    throw new TypeError('loadCondense: wasmUrl must be a string or URL');
  }
  if (locateFile !== undefined && typeof locateFile !== 'function') {
    throw new TypeError('loadCondense: locateFile must be a function (fileName) => url');
  }
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer) && !ArrayBuffer.isView(wasmBinary)) {
    throw new TypeError('loadCondense: wasmBinary must be an ArrayBuffer or a typed array');
  }
  if (
    warnResidentBytes !== undefined &&
    warnResidentBytes !== Infinity &&
    !(Number.isSafeInteger(warnResidentBytes) && warnResidentBytes >= 0)
  ) {
    throw new TypeError('loadCondense: warnResidentBytes must be a non-negative integer or Infinity');
  }
  return options;
}

// One compiled module per source: string keys for URLs and default locations, the caller's
// object for wasmBinary. A failed load is forgotten, so a later call tries again.
const compiledByKey = new Map();
const compiledByBinary = new WeakMap();

function cached(map, key, make) {
  let entry = map.get(key);
  if (!entry) {
    entry = make();
    map.set(key, entry);
    entry.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
  }
  return entry;
}

async function compileChecked(bytesPromise, source) {
  const bytes = await bytesPromise;
  checkWasmBytes(bytes, source);
  const build = buildOf(bytes, source);
  if (build.kind !== 'scalar' && !simdSupported()) {
    throw new Error(
      `condense: ${source} is the SIMD build, which this engine cannot run; pass locateFile ` +
        '(fileName) => url instead of wasmUrl so the scalar build can be fetched, or point it at condense-scalar.wasm',
    );
  }
  return { module: await compile(bytes, source), build };
}

// The key of the compiled-module cache for a load of `wanted`: the URL (wasmUrl, or locateFile's
// answer for the build's file name) or the entry's default location; null for a wasmBinary (cached
// by the caller's object).
function sourceKey(o, wanted, source) {
  if (o.wasmBinary !== undefined) return null;
  if (o.wasmUrl !== undefined) return `url ${typeof o.wasmUrl === 'string' ? o.wasmUrl : o.wasmUrl.href}`;
  if (o.locateFile !== undefined) return `url ${String(o.locateFile(wanted.wasm))}`;
  return `${source.key} ${wanted.kind}`;
}

// source: { key, bytes(build, fetchWasm) -> ArrayBuffer | Uint8Array, glue(kind) -> factory,
// threaded?: { glue(o), options(o), nodeWorkers }, cores?() }.
function compiledFor(o, wanted, source, key) {
  if (key === null) {
    return cached(compiledByBinary, o.wasmBinary, () => {
      const b = o.wasmBinary;
      const bytes = ArrayBuffer.isView(b) ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b;
      return compileChecked(bytes, 'wasmBinary');
    });
  }
  if (key.startsWith('url ')) {
    const url = key.slice(4);
    return cached(compiledByKey, key, () => compileChecked(fetchWasm(url), url));
  }
  return cached(compiledByKey, key, () => compileChecked(source.bytes(wanted, fetchWasm), wanted.wasm));
}

// Instantiates the glue over an already compiled module (Emscripten's instantiateWasm hook), so
// the glue never fetches or compiles anything itself. extra: the threaded glue's options. A
// worker of the threaded glue that fails to start (its script refused by a CSP or COEP, not
// served, or failing to load) rejects the load instead of leaving it waiting for that worker.
function instantiate(factory, module, extra) {
  let fail;
  const failed = new Promise((resolve, reject) => {
    fail = reject;
  });
  const moduleArg = {
    ...extra,
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(module, imports).then(
        (instance) => receive(instance, module),
        (error) => fail(new Error(`condense: instantiating the module failed: ${error.message}`, { cause: error })),
      );
      return {};
    },
  };
  const stopWorkers = () => moduleArg.PThread?.terminateAllThreads?.();
  let created;
  try {
    created = factory(moduleArg); // a refused new Worker() throws here
  } catch (error) {
    stopWorkers();
    if (extra.condenseThreads === undefined) throw error;
    throw new Error(`condense: the threaded build could not start its workers: ${error.message}`, { cause: error });
  }
  for (const worker of moduleArg.PThread?.unusedWorkers ?? []) {
    const onError = (event) => {
      const what =
        event?.message ||
        'its script did not load: serve condense-simd-threads.worker.js and .js next to the .wasm (or say ' +
          'where with locateFile), and let a Content-Security-Policy (worker-src) and COEP allow them';
      fail(new Error(`condense: a worker of the threaded build did not start (${what})`));
    };
    if (typeof worker.on === 'function') worker.on('error', onError);
    else worker.addEventListener?.('error', onError);
  }
  return Promise.race([created, failed]).catch((error) => {
    stopWorkers();
    throw error;
  });
}

// The threaded instance's pool: started after instantiation (its workers were spawned by the
// glue, Module.condenseThreads - 1 of them); in Node the workers are unref'd so they never keep a
// process alive. dispose() stops and joins the threads and terminates the workers.
function startPool(Module, threads, nodeWorkers) {
  if (Module.startThreads(threads) !== 0) {
    const message = Module.lastError();
    Module.PThread.terminateAllThreads();
    throw new Error(`condense: ${message}`);
  }
  if (nodeWorkers) {
    for (const worker of [...Module.PThread.runningWorkers, ...Module.PThread.unusedWorkers]) worker.unref?.();
  }
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    Module.stopThreads();
    Module.PThread.terminateAllThreads();
  };
}

// Instantiates a compiled build: the single-thread glue, or the threaded glue with `pool` threads
// (a threaded .wasm given as wasmUrl / wasmBinary under threads: false runs with one).
async function run(o, source, { module, build }, pool) {
  if (o.simd === true && build.kind === 'scalar') {
    throw new Error(
      'loadCondense: simd: true was requested but the .wasm given (wasmUrl or wasmBinary) is the scalar build',
    );
  }
  if (build.kind !== 'simd-threads') {
    const Module = await instantiate(await source.glue(build.kind), module, {});
    return createApi(Module, build.backend, { warnResidentBytes: o.warnResidentBytes, dispose: () => {} });
  }
  const why = whyNoThreads(true, source);
  if (why !== null) throw new Error(`condense: the .wasm given is the threaded build, which cannot run here: ${why}`);
  const factory = await source.threaded.glue(o);
  const extra = { ...source.threaded.options(o), condenseThreads: pool };
  const Module = await instantiate(factory, module, extra);
  const dispose = startPool(Module, pool, source.threaded.nodeWorkers);
  return createApi(Module, build.backend, { warnResidentBytes: o.warnResidentBytes, dispose });
}

async function loadSingle(o, source) {
  const wanted = chooseBuild(o.simd);
  const compiled = await compiledFor(o, wanted, source, sourceKey(o, wanted, source));
  return run(o, source, compiled, 1);
}

// Sources whose threaded build failed to load under 'auto' (its .wasm, glue or workers): later
// 'auto' loads from them go straight to the single-thread build (one failed attempt per page).
const threadedFailed = new Set();

// threads: 'auto': the threaded build where it can run, else (or when it fails to load from
// where the options say: no threaded .wasm or glue there, workers refused) a single-thread build.
// A wasmUrl or wasmBinary is what runs, whatever it is: there is no other build to fall back to.
async function loadAuto(o, source) {
  const count = autoThreads(o.simd, source);
  const wanted = BUILDS['simd-threads'];
  const key = count > 0 ? sourceKey(o, wanted, source) : undefined;
  if (count === 0 || threadedFailed.has(key)) return loadSingle(o, source);
  const given = o.wasmBinary !== undefined || o.wasmUrl !== undefined;
  let compiled;
  try {
    compiled = await compiledFor(o, wanted, source, key);
  } catch (error) {
    if (given) throw error;
    threadedFailed.add(key);
    return loadSingle(o, source);
  }
  if (compiled.build.kind !== 'simd-threads') return run(o, source, compiled, 1);
  try {
    return await run(o, source, compiled, count);
  } catch (error) {
    if (given) throw error;
    threadedFailed.add(key);
    return loadSingle(o, source);
  }
}

// threads: N: the threaded build with N threads, or an error that says why it cannot run.
async function loadThreads(o, source, threads) {
  const why = whyNoThreads(o.simd, source);
  if (why !== null) {
    throw new Error(
      `loadCondense: threads: ${threads} cannot be honoured: ${why}; ` +
        "threads: 'auto' falls back to a single-thread build where threads cannot run",
    );
  }
  const wanted = BUILDS['simd-threads'];
  const cannot = (why, cause) =>
    new Error(`loadCondense: threads: ${threads} cannot be honoured: ${why}`, cause && { cause });
  let compiled;
  try {
    compiled = await compiledFor(o, wanted, source, sourceKey(o, wanted, source));
  } catch (error) {
    throw cannot(error.message, error);
  }
  if (compiled.build.kind !== 'simd-threads') {
    throw cannot(
      `the .wasm given (wasmUrl, locateFile or wasmBinary) is the ${compiled.build.backend} build, ` +
        'not condense-simd-threads.wasm',
    );
  }
  try {
    return await run(o, source, compiled, threads);
  } catch (error) {
    throw cannot(error.message, error);
  }
}

export async function load(options, source) {
  const o = checkLoadOptions(options);
  chooseBuild(o.simd); // checks simd whichever build loads
  const threads = threadsOption(o.threads);
  if (threads === false) return loadSingle(o, source);
  if (threads === 'auto') return loadAuto(o, source);
  return loadThreads(o, source, threads);
}
