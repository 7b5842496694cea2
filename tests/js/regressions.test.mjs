// Regressions from the code review: heap corruption on wasm32 (size_t is 32 bits there, so the
// native ASan tests could not see these) and an empty pooling sequence silently accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCondense } from '../../bindings/node.mjs';

const cd = await loadCondense({ simd: process.env.CONDENSE_SIMD !== 'false', threads: false });

function sentinels() {
  return Array.from({ length: 4 }, () => cd.upload({ shape: [4096], data: new Float32Array(4096).fill(42) }));
}
function intact(list) {
  const ok = list.every((t) => t.read().data.every((v) => v === 42));
  for (const t of list) t.dispose();
  return ok;
}

test('maxPool3d, one channel, depth window > 1: the scratch row holds depth x height rows', () => {
  const w = 512;
  const x = { shape: [1, 3, 1, w, 1], data: Float32Array.from({ length: 3 * w }, (_, i) => (i * 7919) % 1000) };
  const guard = sentinels();
  const y = cd.maxPool3d(x, { poolSize: [3, 1, 1], strides: 1 });
  assert.deepEqual(y.shape, [1, 1, 1, w, 1]);
  for (let j = 0; j < w; j++) assert.equal(y.data[j], Math.max(x.data[j], x.data[w + j], x.data[2 * w + j]));
  assert.ok(intact(guard), 'resident tensors untouched');
  cd.releaseMemory();
});

test('maxPool3d with a huge padded window: no pointer-array wrap-around', () => {
  const x = { shape: [1, 200, 200, 1, 2], data: Float32Array.from({ length: 80000 }, (_, i) => i) };
  const opts = {
    poolSize: [65536, 65536, 1],
    padding: [
      [32768, 32768],
      [32768, 32768],
      [0, 0],
    ],
  };
  const guard = sentinels();
  const y = cd.maxPool3d(x, opts);
  assert.deepEqual(Array.from(y.data), [79998, 79999]);
  assert.ok(intact(guard), 'resident tensors untouched');
  cd.releaseMemory();
});

test('convPool2d with a pool window far taller than the conv output: the ring fits', () => {
  const w = 256;
  const c = 64;
  const x = { shape: [1, 2, w, 1], data: Float32Array.from({ length: 2 * w }, (_, i) => (i % 7) + 1) };
  const filter = { shape: [1, 1, 1, c], data: new Float32Array(c).fill(1) };
  const guard = sentinels();
  const y = cd.convPool2d(x, filter, {
    pool: {
      poolSize: [65536, 1],
      strides: 1,
      padding: [
        [32767, 32767],
        [0, 0],
      ],
    },
  });
  for (let j = 0; j < w; j++) {
    const e = Math.max(x.data[j], x.data[w + j]);
    for (let k = 0; k < c; k++) assert.equal(y.data[j * c + k], e);
  }
  assert.ok(intact(guard), 'resident tensors untouched');
  cd.releaseMemory();
});

test('fractionalMaxPool2d: an empty pooling sequence is a RangeError, not "draw one"', () => {
  const x = { shape: [1, 4, 4, 1], data: new Float32Array(16) };
  assert.throws(
    () => cd.fractionalMaxPool2d(x, { rowPoolingSequence: [], colPoolingSequence: [] }),
    (e) =>
      e instanceof RangeError &&
      /^fractionalMaxPool2d: rowPoolingSequence must have at least 2 entries/.test(e.message),
  );
});
