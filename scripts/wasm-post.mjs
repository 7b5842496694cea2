// Post-processing of the wasm build's outputs, run by CMake (cmake/wasm.cmake) after each link:
//
//   node scripts/wasm-post.mjs glue <simd|scalar> <dist>
//     - The Emscripten glue (dist/condense-<kind>.mjs) loses its two uses of import.meta.url:
//       the loader always hands it the compiled module (instantiateWasm), so the glue never
//       needs to locate its .wasm, and a glue without import.meta bundles into IIFE / CommonJS
//       (esbuild sets import.meta = {} there) and gives webpack nothing to resolve.
//     - The .wasm gets a custom section "condense.build" holding "simd" or "scalar", so the
//       loader reports the binary actually running whatever the options said.
//   node scripts/wasm-post.mjs glue simd-threads <dist>
//     - The threaded build's CommonJS glue loses the process-wide uncaughtException /
//       unhandledRejection handlers Emscripten installs in Node.
//     - The threaded build's CommonJS glue (condense-simd-threads.cjs, what Node loads with
//       createRequire) is also written as a classic script (.js: what the pthread workers of a
//       page load with importScripts) and as an ES module (.mjs: what a page imports).
//     - Its worker script, when its thread dies inside a chunk (a trap), calls the module's
//       condense_worker_failed, so the caller waiting for the chunk reports a JS error instead
//       of spinning forever, and does not rethrow (which would crash a Node process from the
//       main thread's worker 'error' handler). Node gets it as .worker.cjs (the package is
//       "type": "module"; the glue asks for it through the loader's locateFile), pages as
//       .worker.js.
//     - Its instantiation no longer waits forever for a pool of no workers: the pool size is a
//       run-time expression (the loader's thread count - 1), and 3.1.6's glue releases the
//       "wasm-instantiate" run dependency only from the last pool worker's load callback, so
//       with threads: 1 (no worker) the module never finished loading. The glue now releases it
//       at once when the pool is empty.
//     - A worker that fails to start (its script not found or refused, an error while it loads)
//       no longer makes the glue's 'error' handler log and rethrow: in Node that rethrow was an
//       uncaught exception that ended the host process; the loader listens to the same event and
//       turns it into a rejected load (or, under threads: 'auto', a quiet single-thread build).
//       For the same reason the worker script logs an exception only once the module runs in it
//       (a crash inside a chunk, reported as below); before that it just rethrows.
//     - The .wasm gets its "condense.build" section ("simd-threads").
//   node scripts/wasm-post.mjs inline <dist>
//     - Writes dist/condense-inline.mjs: both .wasm builds as base64 strings (condense/inline).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECTION = 'condense.build';

function fail(message) {
  console.error(`wasm-post: ${message}`);
  process.exit(1);
}

// Replaces exactly one occurrence of `from`; anything else means the glue changed shape.
function replaceOnce(text, from, to, what) {
  const count = text.split(from).length - 1;
  if (count !== 1) fail(`${what}: expected 1 occurrence of ${JSON.stringify(from)}, found ${count}`);
  return text.replace(from, () => to);
}

function writeAtomic(path, data) {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, at];
  }
}

// The payloads of the custom sections called `name`.
function customSections(bytes, name) {
  const found = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    if (id === 0) {
      const [len, nameStart] = readLeb(bytes, start);
      const sectionName = new TextDecoder().decode(bytes.subarray(nameStart, nameStart + len));
      if (sectionName === name) found.push(new TextDecoder().decode(bytes.subarray(nameStart + len, start + size)));
    }
    at = start + size;
  }
  return found;
}

function markWasm(path, kind) {
  const bytes = new Uint8Array(readFileSync(path));
  const existing = customSections(bytes, SECTION);
  if (existing.length > 0) {
    if (existing.length === 1 && existing[0] === kind) return;
    fail(`${path} already carries ${SECTION} = ${existing.join(', ')}`);
  }
  const name = new TextEncoder().encode(SECTION);
  const payload = new TextEncoder().encode(kind);
  const body = [...leb(name.length), ...name, ...payload];
  const section = new Uint8Array([0, ...leb(body.length), ...body]);
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes);
  out.set(section, bytes.length);
  writeAtomic(path, out);
}

function rewriteGlue(path, kind) {
  let text = readFileSync(path, 'utf8');
  if (!text.includes('import.meta')) return; // already processed
  text = replaceOnce(text, 'var _scriptDir = import.meta.url;', 'var _scriptDir = undefined;', path);
  text = replaceOnce(
    text,
    `new URL("condense-${kind}.wasm",import.meta.url).toString()`,
    `"condense-${kind}.wasm"`,
    path,
  );
  if (text.includes('import.meta')) fail(`${path}: import.meta is still used after post-processing`);
  writeAtomic(path, text);
}

const WORKER_CRASH = 'if(Module["__emscripten_thread_crashed"]){Module["__emscripten_thread_crashed"]()}throw ex}';
const WORKER_CRASH_REPORTED =
  'if(Module["__emscripten_thread_crashed"]){Module["__emscripten_thread_crashed"]()}' +
  'if(Module["_condense_worker_failed"]){Module["_condense_worker_failed"]();return}throw ex}';

// The Node glue's process-wide handlers: a library must not turn every uncaught exception or
// unhandled rejection of its host process into a rethrow from inside the glue.
const NODE_HANDLERS =
  'process["on"]("uncaughtException",function(ex){if(!(ex instanceof ExitStatus)){throw ex}});' +
  'process["on"]("unhandledRejection",function(reason){throw reason});';

// The pool's load count in receiveInstance: with no worker to load, nothing ever released the
// "wasm-instantiate" dependency (the module's promise never settled).
const POOL_LOAD = 'var numWorkersToLoad=PThread.unusedWorkers.length;';
const POOL_LOAD_EMPTY = `${POOL_LOAD}if(!numWorkersToLoad)removeRunDependency("wasm-instantiate");`;

// The main thread's handler of a worker's 'error' event: it logged, then rethrew.
const WORKER_ERROR = 'err(message+" "+e.filename+":"+e.lineno+": "+e.message);throw e}';
const WORKER_ERROR_QUIET = '}';
// The worker script's catch: it logged every exception, a failed load included.
const WORKER_CATCH = 'catch(ex){err("worker.js onmessage() captured an uncaught exception: "+ex);';
const WORKER_CATCH_LOADED =
  'catch(ex){if(!Module["_condense_worker_failed"])throw ex;' +
  'err("worker.js onmessage() captured an uncaught exception: "+ex);';

function writeThreaded(dist) {
  const base = join(dist, 'condense-simd-threads');
  let glue = readFileSync(`${base}.cjs`, 'utf8');
  if (glue.includes(NODE_HANDLERS)) {
    glue = replaceOnce(glue, NODE_HANDLERS, '', `${base}.cjs`);
    writeAtomic(`${base}.cjs`, glue);
  }
  if (!glue.includes(POOL_LOAD_EMPTY)) {
    glue = replaceOnce(glue, POOL_LOAD, POOL_LOAD_EMPTY, `${base}.cjs`);
    writeAtomic(`${base}.cjs`, glue);
  }
  if (glue.includes(WORKER_ERROR)) {
    glue = replaceOnce(glue, WORKER_ERROR, WORKER_ERROR_QUIET, `${base}.cjs`);
    writeAtomic(`${base}.cjs`, glue);
  }
  if (glue.includes('process["on"]')) fail(`${base}.cjs: still installs process handlers`);
  replaceOnce(glue, 'locateFile("condense-simd-threads.worker.js")', '', `${base}.cjs`);
  if (!glue.includes('var createCondenseThreadsModule')) fail(`${base}.cjs: no createCondenseThreadsModule`);
  writeAtomic(`${base}.js`, glue);
  writeAtomic(`${base}.mjs`, `${glue}\nexport default createCondenseThreadsModule;\n`);
  let worker = readFileSync(`${base}.worker.js`, 'utf8');
  if (!worker.includes(WORKER_CRASH_REPORTED)) {
    worker = replaceOnce(worker, WORKER_CRASH, WORKER_CRASH_REPORTED, `${base}.worker.js`);
    writeAtomic(`${base}.worker.js`, worker);
  }
  if (!worker.includes(WORKER_CATCH_LOADED)) {
    worker = replaceOnce(worker, WORKER_CATCH, WORKER_CATCH_LOADED, `${base}.worker.js`);
    writeAtomic(`${base}.worker.js`, worker);
  }
  writeAtomic(`${base}.worker.cjs`, worker);
  markWasm(`${base}.wasm`, 'simd-threads');
}

function writeInline(dist) {
  const lines = [
    '// Generated by the wasm build (scripts/wasm-post.mjs): both condense .wasm builds as base64,',
    '// for the condense/inline entry (bindings/inline.mjs). Do not edit.',
  ];
  for (const kind of ['simd', 'scalar']) {
    const bytes = readFileSync(join(dist, `condense-${kind}.wasm`));
    const marks = customSections(new Uint8Array(bytes), SECTION);
    if (marks.length !== 1 || marks[0] !== kind) fail(`condense-${kind}.wasm has no ${SECTION} section "${kind}"`);
    lines.push(`export const ${kind} = '${bytes.toString('base64')}';`);
  }
  writeAtomic(join(dist, 'condense-inline.mjs'), `${lines.join('\n')}\n`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'glue') {
  const [kind, dist] = args;
  if (kind === 'simd-threads') {
    writeThreaded(dist);
  } else if (kind === 'simd' || kind === 'scalar') {
    rewriteGlue(join(dist, `condense-${kind}.mjs`), kind);
    markWasm(join(dist, `condense-${kind}.wasm`), kind);
  } else {
    fail(`unknown build ${kind}`);
  }
} else if (mode === 'inline') {
  writeInline(args[0]);
} else if (mode !== undefined) {
  fail('usage: wasm-post.mjs glue <simd|scalar|simd-threads> <dist> | inline <dist>');
}
