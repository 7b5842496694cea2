// loadCondense options (simd, wasmUrl, locateFile, wasmBinary), the entries (Node ESM, CommonJS,
// the browser ESM entry used from Node with explicit bytes), independent instances, and the
// two builds agreeing bit for bit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadCondense, simdSupported } from '../../bindings/node.mjs';
import * as browserEntry from '../../bindings/index.mjs';
import { BACKEND, SIMD, loadForTest } from '../js-helpers/load.mjs';
import { iota, randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import { assertExact } from '../js-helpers/checks.mjs';

const { cd } = await loadForTest();
const WASM = SIMD ? 'condense-simd.wasm' : 'condense-scalar.wasm';
const bytes = await readFile(new URL(`../../dist/${WASM}`, import.meta.url));
const dataUrl = (buffer, type = 'application/wasm') => `data:${type};base64,${Buffer.from(buffer).toString('base64')}`;

// A known answer: SEMANTICS §2, 3x3 max pool, stride 2, 'same'.
function works(instance, context) {
  assertExact(
    instance.maxPool2d(iota([1, 4, 4, 1]), { poolSize: 3, strides: 2, padding: 'same' }).data,
    [10, 11, 14, 15],
    context,
  );
}

test('loadCondense: CONDENSE_SIMD selects the build; backend names it', () => {
  assert.equal(cd.backend, BACKEND);
  works(cd, 'the build under test');
  assert.ok(Object.isFrozen(cd), 'the API object is frozen');
});

test("loadCondense: simd 'auto' (default) picks SIMD where the engine has it (Node 20 does)", async () => {
  assert.equal(simdSupported(), true);
  for (const options of [{ threads: false }, { simd: 'auto', threads: false }]) {
    const instance = await loadCondense(options);
    assert.equal(instance.backend, 'wasm-simd', `options ${JSON.stringify(options)}`);
    works(instance, 'auto');
  }
  const scalar = await loadCondense({ simd: false });
  assert.equal(scalar.backend, 'wasm-scalar', "simd: false runs the scalar build (threads 'auto' included)");
  const simd = await loadCondense({ simd: true, threads: false });
  assert.equal(simd.backend, 'wasm-simd');
});

test('loadCondense: wasmBinary as a Uint8Array, an ArrayBuffer, or a view at an offset', async () => {
  const simd = process.env.CONDENSE_SIMD !== 'false';
  const a = await loadCondense({ simd, threads: false, wasmBinary: new Uint8Array(bytes) });
  assert.equal(a.backend, BACKEND);
  works(a, 'Uint8Array');
  const b = await loadCondense({
    simd,
    threads: false,
    wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  });
  works(b, 'ArrayBuffer');
  const padded = new Uint8Array(bytes.length + 16);
  padded.set(bytes, 8);
  const c = await loadCondense({ simd, threads: false, wasmBinary: padded.subarray(8, 8 + bytes.length) });
  works(c, 'view at an offset');
});

test('loadCondense: wasmUrl and locateFile (fetched; data: URLs work in Node)', async () => {
  const simd = process.env.CONDENSE_SIMD !== 'false';
  works(await loadCondense({ simd, threads: false, wasmUrl: dataUrl(bytes) }), 'wasmUrl string');
  works(await loadCondense({ simd, threads: false, wasmUrl: new URL(dataUrl(bytes)) }), 'wasmUrl URL');
  const asked = [];
  const viaLocate = await loadCondense({
    simd,
    threads: false,
    locateFile: (name) => {
      asked.push(name);
      return dataUrl(bytes);
    },
  });
  works(viaLocate, 'locateFile');
  assert.deepEqual(asked, [WASM], 'locateFile is asked for the build file name');
  // The browser ESM entry, given its bytes, runs in Node too.
  const viaBrowser = await browserEntry.loadCondense({ simd, threads: false, wasmUrl: dataUrl(bytes) });
  assert.equal(viaBrowser.backend, BACKEND);
  works(viaBrowser, 'index.mjs');
});

test('loadCondense: a wrong .wasm location fails with a message naming it', async () => {
  const simd = process.env.CONDENSE_SIMD !== 'false';
  await assert.rejects(loadCondense({ simd, wasmUrl: 'data:text/html,<!doctype html><title>404</title>' }), (e) =>
    /data:text\/html.* is not a WebAssembly module \(it starts with "<!doctype html>/.test(e.message),
  );
  await assert.rejects(
    loadCondense({ simd, wasmUrl: 'data:application/wasm;base64,' }),
    /is not a WebAssembly module \(it starts with an empty response\)/,
  );
  await assert.rejects(
    loadCondense({ simd, wasmBinary: new Uint8Array([1, 2, 3, 4]) }),
    /wasmBinary is not a WebAssembly module/,
  );
  await assert.rejects(loadCondense({ simd, locateFile: () => 'data:text/plain,Not Found' }), /"Not Found"/);
  // The browser entry without a location fetches ../dist/*.wasm relative to itself; Node's
  // fetch has no file: URLs, so this fails, naming the URL it tried.
  await assert.rejects(browserEntry.loadCondense({ simd }), new RegExp(`could not fetch file://.*dist/${WASM}`));
});

test('loadCondense: bad options are rejected with TypeError naming the option', async () => {
  const cases = [
    [{ simd: 'yes' }, /^loadCondense: simd/],
    [{ simd: 1 }, /^loadCondense: simd/],
    [{ simd: null }, /^loadCondense: simd/],
    [5, /^loadCondense: options/],
    ['simd', /^loadCondense: options/],
    [{ wasmUrl: 5 }, /^loadCondense: wasmUrl/],
    [{ locateFile: 'condense.wasm' }, /^loadCondense: locateFile/],
    [{ wasmBinary: 'AGFzbQ==' }, /^loadCondense: wasmBinary/],
    [{ wasmBinary: [0, 97, 115, 109] }, /^loadCondense: wasmBinary/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(
      loadCondense(options),
      (e) => e instanceof TypeError && message.test(e.message),
      JSON.stringify(options),
    );
  }
  // A rejected load leaves other instances alone.
  works(cd, 'after the failed loads');
});

test('loadCondense: the CommonJS entry', async () => {
  const require = createRequire(import.meta.url);
  const cjs = require('../../bindings/index.cjs');
  assert.equal(typeof cjs.loadCondense, 'function');
  const instance = await cjs.loadCondense({ simd: process.env.CONDENSE_SIMD !== 'false', threads: false });
  assert.equal(instance.backend, BACKEND);
  works(instance, 'CommonJS');
});

test('loadCondense: instances are independent', async () => {
  const a = await loadCondense({ simd: process.env.CONDENSE_SIMD !== 'false', threads: false });
  const b = await loadCondense({ simd: process.env.CONDENSE_SIMD !== 'false', threads: false });
  const x = randomTensor(rng(1), [1, 32, 32, 3]);
  const ra = a.avgPool2d(x);
  b.releaseMemory();
  b.conv2d(x, randomTensor(rng(2), [3, 3, 3, 8]), { padding: 'same' });
  assert.ok(b.memory().reservedBytes > 0);
  a.releaseMemory();
  assert.ok(b.memory().reservedBytes > 0, "releasing a does not touch b's buffers");
  assertExact(a.avgPool2d(x).data, ra.data, 'a unaffected by b');
});

test('loadCondense: the SIMD and scalar builds agree bit for bit on every op', async () => {
  const simd = await loadCondense({ simd: true, threads: false });
  const scalar = await loadCondense({ simd: false });
  const r = rng(123);
  const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-40];
  const spiced = (t) => {
    for (let i = 0; i < t.data.length; i += 13) t.data[i] = specials[(i / 13) % specials.length];
    return t;
  };
  for (const c of [1, 3, 4, 5, 8, 16, 17, 64]) {
    const x = randomTensor(r, [2, 11, 13, c], -2, 2);
    const xs = spiced(randomTensor(r, [2, 11, 13, c], -2, 2));
    const filter = randomTensor(r, [3, 3, c, r.pick([1, 4, 5, 17])]);
    const dwf = randomTensor(r, [3, 3, c, r.pick([1, 2])]);
    const calls = [
      (m) => m.conv2d(x, filter, { padding: 'same', bias: new Float32Array(filter.shape[3]).fill(0.25) }),
      (m) => m.conv2d(x, filter, { strides: 2, dilations: 1, padding: 1, activation: 'relu6' }),
      (m) => m.conv2d(xs, filter, { padding: 'same' }),
      (m) => m.depthwiseConv2d(x, dwf, { padding: 'same', dilations: 2 }),
      (m) => m.relu(xs),
      (m) => m.relu6(xs),
      (m) => m.clamp(xs, { min: -1, max: 1 }),
      (m) => m.leakyRelu(xs),
      (m) => m.maxPool2d(xs, { poolSize: 3, strides: 2, padding: 'same' }),
      (m) => m.maxPool2d(x, { poolSize: 2, ceilMode: true, padding: 1 }),
      (m) => m.avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same' }),
      (m) => m.avgPool2d(xs, { poolSize: 2, countIncludePad: true, padding: 1, ceilMode: true }),
      (m) => m.pool(x, { windowShape: [2, 3], dilations: [2, 1], poolingType: 'AVG' }),
      (m) => m.globalAvgPool2d(x),
      (m) => m.globalMaxPool2d(xs),
      (m) => m.globalAvgPool2d(xs),
      (m) => m.convPool2d(x, filter, { padding: 'same', pool: { type: 'avg', poolSize: 3, strides: 2, padding: 1 } }),
      (m) => m.convPool2d(x, filter, { padding: 'same' }),
    ];
    calls.forEach((call, k) => {
      const a = call(simd).data,
        b = call(scalar).data;
      assert.equal(a.length, b.length);
      const ua = new Uint32Array(a.buffer),
        ub = new Uint32Array(b.buffer);
      for (let i = 0; i < ua.length; i++) {
        if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) {
          assert.fail(`c=${c} call ${k} element ${i}: simd ${a[i]} vs scalar ${b[i]}`);
        }
      }
    });
  }
  const img = { data: Uint8ClampedArray.from({ length: 17 * 9 * 4 }, (_, i) => (i * 29) & 255), width: 17, height: 9 };
  assertExact(
    simd.fromImageData(img, { size: [5, 31] }).data,
    scalar.fromImageData(img, { size: [5, 31] }).data,
    'fromImageData',
  );
  const map = tensor([3, 4], [0, 1, NaN, -Infinity, 2, 3, 4, 5, Infinity, 6, 7, 8]);
  assert.deepEqual(simd.toImageData(map).data, scalar.toImageData(map).data, 'toImageData');
});
