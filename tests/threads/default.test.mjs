// loadCondense's default, threads: 'auto': the threaded build on every core (at most
// AUTO_THREADS_CAP) wherever it can run, a single-thread build where it cannot (a single-thread
// wasmBinary, no SharedArrayBuffer, condense/inline, simd: false, no threaded .wasm where
// locateFile points), an error saying why for an explicit thread count that cannot run,
// threads: 1 loading (the glue used to wait forever for an empty pool), one compile for
// concurrent loads, and dispose() leaving no worker behind. Loads that could hang run in a
// child process with a timeout, so a hang fails the test instead of stalling the run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AUTO_THREADS_CAP } from '../../bindings/load.mjs';
import * as inlineEntry from '../../bindings/inline.mjs';
import { loadCondense, threadsSupported } from '../../bindings/node.mjs';

const NODE_ENTRY = fileURLToPath(new URL('../../bindings/node.mjs', import.meta.url));
const CJS_ENTRY = fileURLToPath(new URL('../../bindings/index.cjs', import.meta.url));
const CORES = availableParallelism();
const skip = threadsSupported() ? false : 'no shared wasm memory in this Node';
const skipCores = skip || (CORES >= 2 ? false : 'one core: the default is single-threaded here');
const dist = (f) => new URL(`../../dist/${f}`, import.meta.url);
const x = { shape: [1, 2, 2, 1], data: Float32Array.of(-1, 2, -3, 4) };
const works = (cd) => assert.deepEqual(Array.from(cd.relu(x).data), [0, 2, 0, 4]);
const dataUrl = (bytes) => `data:application/wasm;base64,${Buffer.from(bytes).toString('base64')}`;

// Runs an ES module script in a child node; returns stdout and the wall time. A child that does
// not finish within `timeout` ms is killed and fails the test.
function child(script, { timeout = 30_000, args = [] } = {}) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [...args, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout,
  });
  const ms = performance.now() - start;
  assert.equal(result.signal, null, `the child did not finish in ${timeout} ms; stderr: ${result.stderr}`);
  assert.equal(result.status, 0, `child exit ${result.status}; stderr: ${result.stderr}`);
  return { out: result.stdout.trim(), err: result.stderr, ms };
}

test('the default load in Node is the threaded build on every core (capped)', { skip: skipCores }, async () => {
  const want = Math.min(CORES, AUTO_THREADS_CAP);
  for (const options of [undefined, {}, { threads: 'auto' }, { simd: true }, { simd: 'auto' }]) {
    const cd = await loadCondense(options);
    try {
      assert.equal(cd.backend, 'wasm-simd-threads', JSON.stringify(options));
      assert.equal(cd.threads, want, JSON.stringify(options));
      works(cd);
    } finally {
      cd.dispose();
    }
  }
});

test('the CommonJS entry: the same default', { skip: skipCores }, async () => {
  const cjs = createRequire(import.meta.url)(CJS_ENTRY);
  const cd = await cjs.loadCondense();
  try {
    assert.equal(cd.backend, 'wasm-simd-threads');
    assert.equal(cd.threads, Math.min(CORES, AUTO_THREADS_CAP));
    works(cd);
  } finally {
    cd.dispose();
  }
});

test("'auto' runs the build it is given: a single-thread wasmBinary or wasmUrl runs on one thread", async () => {
  const simd = await readFile(dist('condense-simd.wasm'));
  const threaded = await readFile(dist('condense-simd-threads.wasm'));
  for (const options of [{ wasmBinary: new Uint8Array(simd) }, { wasmUrl: dataUrl(simd) }]) {
    const cd = await loadCondense(options);
    assert.equal(cd.backend, 'wasm-simd', Object.keys(options)[0]);
    assert.equal(cd.threads, 1);
    works(cd);
  }
  if (skipCores) return;
  const cd = await loadCondense({ wasmBinary: new Uint8Array(threaded) });
  try {
    assert.equal(cd.backend, 'wasm-simd-threads', 'a threaded wasmBinary runs threaded');
    assert.equal(cd.threads, Math.min(CORES, AUTO_THREADS_CAP));
  } finally {
    cd.dispose();
  }
});

test("'auto' falls back when locateFile has no threaded build; later loads do not fetch it again", async () => {
  const simd = await readFile(dist('condense-simd.wasm'));
  const missing = 'data:text/html,<title>404</title>#threads';
  const locateFile = (name) => (name === 'condense-simd-threads.wasm' ? missing : `${dataUrl(simd)}#fallback`);
  const fetched = [];
  const { fetch } = globalThis;
  globalThis.fetch = (url, init) => {
    fetched.push(String(url) === missing ? 'threaded' : 'simd');
    return fetch(url, init);
  };
  try {
    const cd = await loadCondense({ locateFile });
    assert.equal(cd.backend, 'wasm-simd');
    works(cd);
    assert.deepEqual(fetched, skipCores ? ['simd'] : ['threaded', 'simd']);
    fetched.length = 0;
    const again = await Promise.all([loadCondense({ locateFile }), loadCondense({ locateFile })]);
    assert.deepEqual(
      again.map((c) => c.backend),
      ['wasm-simd', 'wasm-simd'],
    );
    assert.deepEqual(fetched, [], 'the failed threaded source is remembered, the SIMD module reused');
  } finally {
    globalThis.fetch = fetch;
  }
});

test("'auto' where the threaded build cannot run: simd: false, condense/inline", async () => {
  const scalar = await loadCondense({ simd: false });
  assert.equal(scalar.backend, 'wasm-scalar');
  assert.equal(scalar.threads, 1);
  const inline = await inlineEntry.loadCondense();
  assert.equal(inline.backend, 'wasm-simd', 'condense/inline embeds no threaded build');
  assert.equal(inline.threads, 1);
  works(inline);
});

test('without SharedArrayBuffer: the default falls back, an explicit thread count says why', () => {
  const script = `
    delete globalThis.SharedArrayBuffer;
    const { loadCondense, threadsSupported } = await import(${JSON.stringify(NODE_ENTRY)});
    const cd = await loadCondense();
    const error = await loadCondense({ threads: 2 }).then(() => 'loaded', (e) => e.message);
    console.log(JSON.stringify({ supported: threadsSupported(), backend: cd.backend, threads: cd.threads, error }));`;
  const result = JSON.parse(child(script).out);
  assert.deepEqual(result, {
    supported: false,
    backend: 'wasm-simd',
    threads: 1,
    error:
      'loadCondense: threads: 2 cannot be honoured: this engine has no SharedArrayBuffer; ' +
      "threads: 'auto' falls back to a single-thread build where threads cannot run",
  });
});

test('a worker that cannot start: the default falls back, an explicit count says why, the process lives', () => {
  // Every worker_threads Worker the glue makes runs a missing script (as a worker script that is
  // not shipped would); the glue used to rethrow its error, ending the process.
  const script = `
    const { createRequire } = await import('node:module');
    const wt = createRequire(import.meta.url)('node:worker_threads');
    const Worker = wt.Worker;
    wt.Worker = class extends Worker { constructor(file, options) { super('/nonexistent/worker.cjs', options); } };
    const { loadCondense } = await import(${JSON.stringify(NODE_ENTRY)});
    const cd = await loadCondense();
    const error = await loadCondense({ threads: 2 }).then((c) => 'loaded ' + c.backend, (e) => e.message);
    console.log(JSON.stringify({ backend: cd.backend, threads: cd.threads, error }));`;
  const { out, err } = child(script);
  const result = JSON.parse(out);
  assert.equal(result.backend, 'wasm-simd');
  assert.equal(result.threads, 1);
  assert.equal(err, '', 'the fallback is quiet: the failure is reported only to an explicit count');
  assert.match(
    result.error,
    /^loadCondense: threads: 2 cannot be honoured: condense: a worker of the threaded build did not start \(Cannot find module/,
  );
});

test('an explicit thread count that cannot run is an error that says why', async () => {
  await assert.rejects(
    loadCondense({ threads: 2, simd: false }),
    /^Error: loadCondense: threads: 2 cannot be honoured: simd: false was requested and the threaded build is a SIMD build/,
  );
  await assert.rejects(
    inlineEntry.loadCondense({ threads: 4 }),
    /threads: 4 cannot be honoured: condense\/inline embeds only the single-thread builds \(import from 'condense' for threads\)/,
  );
  if (skip) return;
  const simd = await readFile(dist('condense-simd.wasm'));
  await assert.rejects(
    loadCondense({ threads: 2, wasmBinary: simd }),
    /threads: 2 cannot be honoured: the \.wasm given \(wasmUrl, locateFile or wasmBinary\) is the wasm-simd build/,
  );
  await assert.rejects(
    loadCondense({ threads: 2, locateFile: () => 'data:text/plain,Not Found' }),
    /is not a WebAssembly module/,
    'no silent fallback for an explicit count',
  );
});

test('threads: 1 loads the threaded build with one thread (no pool worker) and computes', { skip }, () => {
  const script = `
    const { loadCondense } = await import(${JSON.stringify(NODE_ENTRY)});
    const cd = await loadCondense({ threads: 1 });
    const y = cd.maxPool2d({ shape: [1, 4, 4, 1], data: Float32Array.from({ length: 16 }, (_, i) => i) });
    console.log(cd.backend, cd.threads, cd.checkThreads(64), Array.from(y.data).join());
    cd.dispose();`;
  assert.equal(child(script, { timeout: 20_000 }).out, 'wasm-simd-threads 1 1 5,7,13,15');
});

test('concurrent default loads share one compile; each instance has its own pool', { skip: skipCores }, () => {
  const script = `
    const { compile } = WebAssembly;
    let compiles = 0;
    WebAssembly.compile = (...a) => ((compiles += a[0].byteLength > 100000 ? 1 : 0), compile.apply(WebAssembly, a));
    const { loadCondense } = await import(${JSON.stringify(NODE_ENTRY)});
    const all = await Promise.all([loadCondense(), loadCondense(), loadCondense({})]);
    const again = await loadCondense();
    console.log(compiles, new Set(all).size, [...all, again].map((cd) => cd.backend + ':' + cd.threads).join());
    for (const cd of [...all, again]) cd.dispose();`;
  const want = `wasm-simd-threads:${Math.min(CORES, AUTO_THREADS_CAP)}`;
  assert.equal(child(script).out, `1 3 ${[want, want, want, want].join()}`);
});

test('dispose() leaves no worker: the process exits at once, even with a ref-counted worker', { skip }, () => {
  // The loader unrefs the pool's workers; re-ref them so that only dispose() can let the process
  // end: without it the child would hang until killed.
  const script = (dispose) => `
    const { loadCondense } = await import(${JSON.stringify(NODE_ENTRY)});
    const { Worker } = await import('node:worker_threads');
    const made = [];
    const unref = Worker.prototype.unref;
    Worker.prototype.unref = function () { made.push(this); return unref.call(this); };
    const cd = await loadCondense({ threads: 2 });
    for (const w of made) w.ref();
    cd.maxPool2d({ shape: [1, 64, 64, 8], data: new Float32Array(64 * 64 * 8) });
    ${dispose ? 'cd.dispose();' : ''}
    console.log(made.length, cd.threads);`;
  const { out, ms } = child(script(true), { timeout: 20_000 });
  assert.equal(out, '1 1', 'one pool worker, then one thread after dispose()');
  assert.ok(ms < 10_000, `exited after ${ms.toFixed(0)} ms`);
  // The control: the same without dispose() does not exit on its own.
  const hung = spawnSync(process.execPath, ['--input-type=module', '-e', script(false)], {
    encoding: 'utf8',
    timeout: 3_000,
  });
  assert.equal(hung.signal, 'SIGTERM', 'without dispose() the ref-counted worker keeps the process alive');
});
