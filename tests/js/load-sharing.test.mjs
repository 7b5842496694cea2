// One module per page: repeated and concurrent loadCondense() calls with the same source share one
// fetch and one compiled WebAssembly.Module (instances stay separate); backend names the binary
// actually running (read from the .wasm, not from the options); condense/inline works the same.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import * as browserEntry from '../../bindings/index.mjs';
import * as inlineEntry from '../../bindings/inline.mjs';
import { loadCondense } from '../../bindings/node.mjs';
import { SIMD, BACKEND } from '../js-helpers/load.mjs';

const dist = (f) => new URL(`../../dist/${f}`, import.meta.url);
const simdBytes = new Uint8Array(await readFile(dist('condense-simd.wasm')));
const scalarBytes = new Uint8Array(await readFile(dist('condense-scalar.wasm')));
const x = { shape: [1, 2, 2, 1], data: Float32Array.of(-1, 2, -3, 4) };

// Counts WebAssembly.compile calls of a condense-sized module (Node's fetch compiles its own small
// HTTP parser on first use) and fetches while fn runs.
async function counting(fn) {
  const counts = { compile: 0, fetch: [] };
  const { compile } = WebAssembly;
  const { fetch } = globalThis;
  WebAssembly.compile = (...args) => {
    if (args[0].byteLength > 100_000) counts.compile += 1;
    return compile.apply(WebAssembly, args);
  };
  globalThis.fetch = (url, init) => {
    counts.fetch.push(String(url));
    return fetch(url, init);
  };
  try {
    return { result: await fn(), counts };
  } finally {
    WebAssembly.compile = compile;
    globalThis.fetch = fetch;
  }
}

test('20 concurrent loads of a wasmUrl: one fetch, one compile, 20 independent instances', async () => {
  const url = `data:application/wasm;base64,${Buffer.from(SIMD ? simdBytes : scalarBytes).toString('base64')}#share`;
  const { result: instances, counts } = await counting(() =>
    Promise.all(
      Array.from({ length: 20 }, () => browserEntry.loadCondense({ simd: SIMD, threads: false, wasmUrl: url })),
    ),
  );
  assert.deepEqual(counts, { compile: 1, fetch: [url] });
  assert.equal(new Set(instances).size, 20);
  const r = instances[0].upload(x);
  assert.throws(() => instances[1].relu(r), /another condense instance/, 'instances are separate');
  r.dispose();
  // Later calls reuse the same module too.
  const again = await counting(() => browserEntry.loadCondense({ simd: SIMD, threads: false, wasmUrl: url }));
  assert.deepEqual(again.counts, { compile: 0, fetch: [] });
  assert.deepEqual(Array.from(again.result.relu(x).data), [0, 2, 0, 4]);
});

test('default location (Node entry) and the same wasmBinary object: compiled once', async () => {
  const single = { simd: SIMD, threads: false };
  await loadCondense(single); // warm
  const node = await counting(() => Promise.all([loadCondense(single), loadCondense(single)]));
  assert.equal(node.counts.compile, 0);
  const wasmBinary = SIMD ? simdBytes.slice() : scalarBytes.slice();
  const bin = await counting(() =>
    Promise.all([loadCondense({ ...single, wasmBinary }), loadCondense({ ...single, wasmBinary })]),
  );
  assert.equal(bin.counts.compile, 1);
});

test('backend names the binary that runs, whatever simd says', async () => {
  const a = await loadCondense({ simd: false, wasmBinary: simdBytes });
  assert.equal(a.backend, 'wasm-simd');
  const b = await loadCondense({ wasmBinary: scalarBytes });
  assert.equal(b.backend, 'wasm-scalar');
  for (const cd of [a, b]) assert.deepEqual(Array.from(cd.relu(x).data), [0, 2, 0, 4]);
  await assert.rejects(loadCondense({ simd: true, wasmBinary: scalarBytes }), /simd: true .* is the scalar build/);
  // A wasm module that is not a condense build is refused by name.
  const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
  await assert.rejects(loadCondense({ wasmBinary: empty }), /wasmBinary is not a condense \.wasm of this version/);
});

test('condense/inline: the same API with the .wasm embedded, no fetch', async () => {
  const { result: cd, counts } = await counting(() => inlineEntry.loadCondense({ simd: SIMD, threads: false }));
  assert.equal(cd.backend, BACKEND);
  assert.deepEqual(counts.fetch, []);
  assert.deepEqual(Array.from(cd.relu(x).data), [0, 2, 0, 4]);
  assert.equal(inlineEntry.simdSupported(), browserEntry.simdSupported());
  const embedded = await import('../../dist/condense-inline.mjs');
  assert.deepEqual(Buffer.from(embedded.simd, 'base64'), Buffer.from(simdBytes));
  assert.deepEqual(Buffer.from(embedded.scalar, 'base64'), Buffer.from(scalarBytes));
});

test('the glue and the inline module never mention import.meta', async () => {
  for (const f of ['condense-simd.mjs', 'condense-scalar.mjs', 'condense-inline.mjs']) {
    assert.doesNotMatch(await readFile(dist(f), 'utf8'), /import\.meta/, f);
  }
});
