// memory() / releaseMemory(), and the memory promises of issue 5 item 3: the wasm heap stays
// flat over 10,000 mixed calls, a failed huge request leaves the instance usable, and nothing
// returned to JavaScript aliases wasm memory that a later call overwrites.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { iota, randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import { assertExact } from '../js-helpers/checks.mjs';
import { hugeInput } from '../js-helpers/elementwise.mjs';

const { cd, memory } = await loadForTest();

const r = rng(99);
const img = randomTensor(r, [1, 40, 40, 1], 0, 1);
const batch = randomTensor(r, [2, 12, 10, 17]);
const small = randomTensor(r, [5, 7, 3]);
const filter1 = randomTensor(r, [3, 3, 1, 1]);
const filter17 = randomTensor(r, [3, 3, 17, 8]);
const dw = randomTensor(r, [3, 3, 17, 2]);
const rgba = { data: Uint8ClampedArray.from({ length: 30 * 20 * 4 }, (_, i) => (i * 37) & 255), width: 30, height: 20 };

// Every public op, several shapes; each entry returns a result.
const MIXED = [
  () => cd.conv2d(img, filter1, { padding: 'same' }),
  () => cd.conv2d(batch, filter17, { strides: 2, padding: 1, bias: new Float32Array(8).fill(0.5), activation: 'relu' }),
  () => cd.depthwiseConv2d(batch, dw, { padding: 'same', dilations: 2 }),
  () => cd.relu(batch),
  () => cd.relu6(small),
  () => cd.clamp(img, { min: 0.2, max: 0.8 }),
  () => cd.leakyRelu(batch, { alpha: 0.1 }),
  () => cd.maxPool2d(img, { poolSize: 3, strides: 2, padding: 'same' }),
  () => cd.maxPool2d(batch, { poolSize: 2, ceilMode: true }),
  () => cd.avgPool2d(batch, { poolSize: 3, strides: 1, padding: 1, countIncludePad: true }),
  () => cd.avgPool2d(small, { poolSize: [2, 3], dilations: [1, 2] }),
  () => cd.pool(img, { windowShape: 5, poolingType: 'AVG', padding: 'SAME' }),
  () => cd.globalAvgPool2d(batch, { keepDims: true }),
  () => cd.globalMaxPool2d(small),
  () => cd.convPool2d(img, filter1, { padding: 'same' }),
  () => cd.convPool2d(batch, filter17, { pool: { type: 'avg', poolSize: 3, strides: 2, padding: 'same' } }),
  () => cd.fromImageData(rgba, { channels: 3, size: [16, 24] }),
  () => cd.toImageData(tensor([40, 40], img.data), { colormap: 'viridis' }),
];

function snapshot(result) {
  return Float32Array.from(result.data);
}

test('memory: reports the reusable buffers and the wasm memory size', () => {
  const m = cd.memory();
  for (const key of ['reservedBytes', 'heapBytes', 'residentBytes', 'residentTensors']) {
    assert.equal(typeof m[key], 'number', `memory().${key}`);
  }
  assert.equal(m.residentBytes, 0, 'no resident tensors yet');
  assert.equal(m.residentTensors, 0, 'no resident tensors yet');
  assert.equal(m.heapBytes, memory.buffer.byteLength, 'heapBytes is the wasm memory size');
  assert.equal(m.reservedBytes, 0, 'a fresh instance holds no buffers');
  cd.conv2d(img, filter1);
  const after = cd.memory();
  assert.ok(
    after.reservedBytes >= img.data.byteLength + filter1.data.byteLength,
    `reservedBytes ${after.reservedBytes} covers the inputs`,
  );
  assert.equal(after.heapBytes, memory.buffer.byteLength);
});

test('memory: heapBytes and reservedBytes stay flat over 10,000 mixed calls after warm-up', () => {
  const first = MIXED.map((call) => call());
  const want = first.map(snapshot);
  for (const call of MIXED) call(); // warm-up: every buffer at its largest
  const before = cd.memory();
  for (let i = 0; i < 10000; i++) {
    const k = i % MIXED.length;
    const result = MIXED[k]();
    if (i >= 10000 - MIXED.length)
      assertExact(snapshot(result), want[k], `call ${k} still gives the same answer`, { signedZero: true });
  }
  assert.deepEqual(cd.memory(), before, 'memory() after 10,000 calls');
  assert.equal(memory.buffer.byteLength, before.heapBytes, 'the wasm memory did not grow');
  // The first results were never overwritten by the 10,000 calls after them.
  first.forEach((result, k) =>
    assertExact(snapshot(result), want[k], `first result of call ${k}`, { signedZero: true }),
  );
});

test('memory: releaseMemory frees the buffers; the instance keeps working; wasm memory never shrinks', () => {
  MIXED.forEach((call) => call());
  const held = cd.memory();
  assert.ok(held.reservedBytes > 0);
  cd.releaseMemory();
  const released = cd.memory();
  assert.equal(released.reservedBytes, 0, 'nothing reserved after releaseMemory');
  assert.equal(released.heapBytes, held.heapBytes, 'wasm memory does not shrink');
  assertExact(
    cd.maxPool2d(iota([1, 4, 4, 1]), { poolSize: 3, strides: 2, padding: 'same' }).data,
    [10, 11, 14, 15],
    'works after release',
  );
  assert.ok(cd.memory().reservedBytes > 0, 'buffers come back on demand');
  cd.releaseMemory();
  cd.releaseMemory(); // twice is harmless
  assert.equal(cd.memory().reservedBytes, 0);
  // Results taken before the release are untouched (they were never views).
  const r1 = cd.relu(tensor([4], [-1, 2, -3, 4]));
  cd.releaseMemory();
  cd.relu(tensor([4], [9, 9, 9, 9]));
  assertExact(r1.data, [0, 2, 0, 4], 'result survives releaseMemory');
});

test('memory: requests over the ceiling fail before anything is allocated', () => {
  MIXED.forEach((call) => call());
  const before = cd.memory();
  const over = [
    () => cd.conv2d(iota([1, 1, 1, 1]), tensor([1, 1, 1, 2], [1, 1]), { padding: 20000 }),
    () => cd.maxPool2d(iota([1, 1, 1, 1]), { poolSize: 24000, strides: 1, padding: 23999 }),
    () => cd.conv2d(iota([1, 2, 2, 1]), tensor([2, 2, 1, 1], [1, 1, 1, 1]), { dilations: 40000, padding: 'same' }),
    () => cd.fromImageData({ data: new Uint8ClampedArray(4), width: 1, height: 1 }, { size: [60000, 60000] }),
    () => cd.relu(hugeInput()),
  ];
  for (const call of over) {
    assert.throws(call, RangeError);
    assert.deepEqual(cd.memory(), before, `${call} allocated nothing`);
  }
});

test('memory: outputs never alias memory that a later call overwrites (out arrays too)', () => {
  const x = randomTensor(rng(7), [1, 8, 8, 4]);
  const y = randomTensor(rng(8), [1, 8, 8, 4]);
  const same = { poolSize: 2 };
  const results = [cd.maxPool2d(x, same), cd.avgPool2d(x, same), cd.maxPool2d(y, same), cd.relu(x), cd.relu(y)];
  const outs = [new Float32Array(64), new Float32Array(64)];
  cd.maxPool2d(x, { ...same, out: outs[0] });
  cd.avgPool2d(y, { ...same, out: outs[1] });
  const kept = [...results.map(snapshot), ...outs.map((o) => Float32Array.from(o))];
  for (let i = 0; i < 50; i++) MIXED[i % MIXED.length]();
  cd.maxPool2d(y, same);
  cd.relu(x);
  [...results.map((res) => res.data), ...outs].forEach((data, i) =>
    assertExact(data, kept[i], `result ${i}`, { signedZero: true }),
  );
  const buffers = new Set([...results.map((res) => res.data.buffer), ...outs.map((o) => o.buffer)]);
  assert.equal(buffers.size, results.length + outs.length, 'every result has its own buffer');
  assert.ok(![...buffers].includes(memory.buffer), 'none is the wasm memory');
});

test('memory: a huge request that fails inside wasm leaves the instance usable', () => {
  // 1x1 input, 1x1 filter, padding 10000: the 20001^2 output (1.6 GB) passes validation and is
  // allocated, then the zero-padded copy (another 1.6 GB) cannot be: a RangeError from C++.
  let error;
  try {
    cd.conv2d(iota([1, 1, 1, 1]), tensor([1, 1, 1, 1], [1]), { padding: 10000 });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof RangeError, `RangeError expected, got ${error}`);
  assert.match(error.message, /^conv2d: /);
  // The same instance computes correctly right after, with every op.
  const want = MIXED.map((call) => snapshot(call()));
  assertExact(
    cd.maxPool2d(iota([1, 4, 4, 1]), { poolSize: 3, strides: 2, padding: 'same' }).data,
    [10, 11, 14, 15],
    'canary',
  );
  MIXED.forEach((call, k) =>
    assertExact(snapshot(call()), want[k], `call ${k} after the failure`, { signedZero: true }),
  );
  cd.releaseMemory();
  assert.equal(cd.memory().reservedBytes, 0, 'releaseMemory returns the huge buffers');
  // And the heap is flat again from here on.
  MIXED.forEach((call) => call());
  const before = cd.memory();
  for (let i = 0; i < 500; i++) MIXED[i % MIXED.length]();
  assert.deepEqual(cd.memory(), before);
});

test('memory: a large result is a fresh Float32Array of its own, every float written (no stale bytes)', () => {
  // Large enough for the uninitialised fresh allocation in Node; -1 everywhere before ReLU.
  const count = 4 * 96 * 96 * 4;
  const x = { shape: [4, 96, 96, 4], data: new Float32Array(count).fill(-1) };
  const ys = [];
  for (let i = 0; i < 8; i++) {
    ys.push(cd.relu(x).data);
    // A garbage-full allocation of the same size in between, freed again, so stale bytes exist.
    new Float32Array(count).fill(12345);
  }
  for (const y of ys) {
    assert.ok(y instanceof Float32Array);
    assert.equal(y.length, count);
    assert.equal(y.byteOffset, 0);
    assert.equal(y.buffer.byteLength, count * 4, 'the buffer holds exactly the result');
    assert.ok(y.buffer instanceof ArrayBuffer && y.buffer !== memory.buffer);
    assert.ok(
      y.every((v) => Object.is(v, 0)),
      'every float is ReLU(-1) = +0',
    );
  }
  assert.equal(new Set(ys.map((y) => y.buffer)).size, ys.length, 'every result has its own buffer');
  const p = cd.maxPool2d(
    { shape: [1, 112, 112, 8], data: Float32Array.from({ length: 112 * 112 * 8 }, (_, i) => i) },
    { poolSize: 2 },
  );
  assert.equal(p.data.length, 56 * 56 * 8);
  assert.equal(p.data[0], 8 * 112 + 8, 'max of the first window');
  assert.equal(p.data[p.data.length - 1], 112 * 112 * 8 - 1, 'max of the last window');
});
