// The threaded build (condense-simd-threads): every op split across threads gives the SIMD
// single-thread build's bits, on random shapes (some smaller than the thread count); the pool
// starts and stops cleanly (a Node process exits on its own, with or without dispose()); a thread
// that dies inside a chunk surfaces as a JS error on the caller and the instance keeps working.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCondense, threadsSupported } from '../../bindings/node.mjs';

const NODE_ENTRY = fileURLToPath(new URL('../../bindings/node.mjs', import.meta.url));
const skip = threadsSupported() ? false : 'no shared wasm memory in this Node';

// A small deterministic generator (mulberry32), values in [-1, 1) with some exact zeros.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const tensor = (r, shape) => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (r() < 0.05 ? 0 : r() * 2 - 1)),
});
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

// Bit for bit, except that a NaN matches any NaN: wasm leaves a NaN result's sign and payload to
// the engine, and one threaded run gave other NaN bits than the single-thread build for the same
// element (conv2dTranspose, seed 1110, clean-clone CI; not reproduced in four local runs).
function sameBits(got, want, context) {
  assert.deepEqual(got.shape, want.shape, `${context}: shape`);
  const a = new Uint32Array(got.data.buffer, got.data.byteOffset, got.data.length);
  const b = new Uint32Array(want.data.buffer, want.data.byteOffset, want.data.length);
  for (let i = 0; i < a.length; ++i) {
    if (a[i] !== b[i] && !(Number.isNaN(got.data[i]) && Number.isNaN(want.data[i])))
      assert.fail(`${context}: element ${i} differs: ${got.data[i]} vs ${want.data[i]}`);
  }
}

// Each case: (r) -> [name, (cd) -> result]. Sizes range from one row (fewer rows than threads)
// to maps large enough to split.
const CASES = {
  conv2d: (r) => {
    // 1-16 input channels take the GEMM rows, more the direct rows; several images split as
    // one section over images x rows, each thread padding its own copy of an image.
    const [h, w, ci, co, k] = [int(r, 1, 40), int(r, 1, 40), int(r, 1, 24), int(r, 1, 17), int(r, 1, 3)];
    const x = tensor(r, [int(r, 1, 4), h, w, ci]);
    const f = tensor(r, [k, k, ci, co]);
    const o = { padding: r() < 0.5 ? 'same' : 'valid', strides: int(r, 1, 2), bias: tensor(r, [co]).data };
    if (o.padding === 'valid' && (h < k || w < k)) o.padding = 'same';
    if (o.padding === 'same' && h >= k && w >= k && r() < 0.3) o.padMode = r() < 0.5 ? 'reflect' : 'replicate';
    return [`conv2d ${x.shape} * ${f.shape} ${JSON.stringify({ ...o, bias: co })}`, (cd) => cd.conv2d(x, f, o)];
  },
  'conv2d c1 3x3 (row pairs)': (r) => {
    const x = tensor(r, [int(r, 1, 3), int(r, 1, 70), int(r, 3, 70), 1]);
    const f = tensor(r, [3, 3, 1, 1]);
    return [`conv2d ${x.shape}`, (cd) => cd.conv2d(x, f, { padding: 'same', activation: 'relu' })];
  },
  depthwiseConv2d: (r) => {
    const c = int(r, 1, 12);
    const x = tensor(r, [int(r, 1, 3), int(r, 1, 50), int(r, 1, 50), c]);
    const f = tensor(r, [3, 3, c, int(r, 1, 2)]);
    return [`depthwiseConv2d ${x.shape} * ${f.shape}`, (cd) => cd.depthwiseConv2d(x, f, { padding: 'same' })];
  },
  'conv2d groups': (r) => {
    const x = tensor(r, [int(r, 1, 3), int(r, 4, 30), int(r, 4, 30), 4]);
    const f = tensor(r, [3, 3, 2, 6]);
    return [`conv2d groups ${x.shape}`, (cd) => cd.conv2d(x, f, { padding: 'same', groups: 2 })];
  },
  conv1d: (r) => {
    const x = tensor(r, [int(r, 1, 3), int(r, 3, 300), 8]);
    const f = tensor(r, [3, 8, 16]);
    return [`conv1d ${x.shape}`, (cd) => cd.conv1d(x, f, { padding: 'same' })];
  },
  convPool2d: (r) => {
    const x = tensor(r, [1, int(r, 2, 40), int(r, 2, 40), 3]);
    const f = tensor(r, [3, 3, 3, 8]);
    return [`convPool2d ${x.shape}`, (cd) => cd.convPool2d(x, f, { padding: 'same', pool: { poolSize: 2 } })];
  },
  maxPool2d: (r) => {
    const x = tensor(r, [int(r, 1, 3), int(r, 1, 90), int(r, 1, 90), int(r, 1, 2) === 1 ? 1 : int(r, 2, 20)]);
    const o = { poolSize: int(r, 1, 3), strides: int(r, 1, 2), padding: 'same' };
    return [`maxPool2d ${x.shape} ${JSON.stringify(o)}`, (cd) => cd.maxPool2d(x, o)];
  },
  avgPool2d: (r) => {
    const x = tensor(r, [int(r, 1, 3), int(r, 1, 90), int(r, 1, 90), int(r, 1, 2) === 1 ? 1 : int(r, 2, 20)]);
    const o = { poolSize: int(r, 1, 4), strides: int(r, 1, 3), padding: 'same' };
    return [`avgPool2d ${x.shape} ${JSON.stringify(o)}`, (cd) => cd.avgPool2d(x, o)];
  },
  globalAvgPool2d: (r) => {
    const x = tensor(r, [int(r, 1, 5), int(r, 1, 40), int(r, 1, 40), int(r, 1, 40)]);
    return [`globalAvgPool2d ${x.shape}`, (cd) => cd.globalAvgPool2d(x)];
  },
  globalMaxPool2d: (r) => {
    const x = tensor(r, [int(r, 1, 5), int(r, 1, 40), int(r, 1, 40), int(r, 1, 40)]);
    return [`globalMaxPool2d ${x.shape}`, (cd) => cd.globalMaxPool2d(x)];
  },
  matMul: (r) => {
    const [m, k, n] = [int(r, 1, 130), int(r, 1, 70), int(r, 1, 70)];
    const ta = r() < 0.3;
    const a = tensor(r, ta ? [k, m] : [m, k]);
    const b = tensor(r, [k, n]);
    return [`matMul ${a.shape} x ${b.shape} ta=${ta}`, (cd) => cd.matMul(a, b, { transposeA: ta })];
  },
  // Few rows, long k, many columns (a Dense layer): threads take ranges of B's columns, packed
  // (8+ rows) or read in place (fewer), transposed or not.
  'matMul few rows': (r) => {
    const [m, k, n] = [int(r, 1, 40), int(r, 100, 700), int(r, 9, 150)];
    const tb = r() < 0.4;
    const a = tensor(r, [m, k]);
    const b = tensor(r, tb ? [n, k] : [k, n]);
    return [`matMul ${a.shape} x ${b.shape} tb=${tb}`, (cd) => cd.matMul(a, b, { transposeB: tb })];
  },
  'add / sub / mul / step': (r) => {
    // Up to ~100 K elements: above the 32 K where the elementwise ops start to split.
    const shape = [int(r, 1, 4), int(r, 1, 160), int(r, 1, 160)];
    const a = tensor(r, shape);
    const b = tensor(r, shape);
    const c = r() * 4 - 2;
    return [
      `elementwise ${shape}`,
      (cd) => {
        const parts = [cd.add(a, b), cd.sub(c, a), cd.mul(a, b), cd.step(a, { alpha: c })];
        return { shape: [4, ...shape], data: Float32Array.from(parts.flatMap((t) => Array.from(t.data))) };
      },
    ];
  },
  channelSum: (r) => {
    // Channel counts around the 16-channel blocks threads take; rows enough to split.
    const x = tensor(r, [int(r, 1, 3000), int(r, 1, 70)]);
    return [`channelSum ${x.shape}`, (cd) => cd.channelSum(x)];
  },
  dense: (r) => {
    const [m, k, n] = [int(r, 1, 200), int(r, 1, 64), int(r, 1, 40)];
    const a = tensor(r, [m, k]);
    const w = tensor(r, [k, n]);
    const o = { bias: tensor(r, [n]).data, activation: 'relu' };
    return [`dense ${a.shape} x ${w.shape}`, (cd) => cd.dense(a, w, o)];
  },
};

test('threaded results have the single-thread bits', { skip }, async (t) => {
  const single = await loadCondense({ simd: true, threads: false });
  const multi = await loadCondense({ threads: 2 });
  t.after(() => multi.dispose());
  assert.equal(single.backend, 'wasm-simd');
  assert.equal(multi.backend, 'wasm-simd-threads');
  assert.equal(multi.threads, 2);
  let seed = 1;
  for (const [name, make] of Object.entries(CASES)) {
    await t.test(name, () => {
      for (let i = 0; i < 12; ++i) {
        const [context, run] = make(rng(seed++));
        sameBits(run(multi), run(single), context);
      }
    });
  }
});

test('a large conv and pool split across threads (not only on the caller)', { skip }, async () => {
  const multi = await loadCondense({ threads: 2 });
  const single = await loadCondense({ simd: true, threads: false });
  try {
    const r = rng(99);
    const x = tensor(r, [1, 96, 96, 16]);
    const f = tensor(r, [3, 3, 16, 16]);
    sameBits(multi.conv2d(x, f, { padding: 'same' }), single.conv2d(x, f, { padding: 'same' }), 'conv2d 96x96x16');
    sameBits(multi.maxPool2d(x, { poolSize: 3, strides: 2 }), single.maxPool2d(x, { poolSize: 3, strides: 2 }), 'pool');
    assert.equal(multi.checkThreads(8), 2, 'a split loop runs on both threads');
    assert.equal(multi.checkThreads(1), 1, 'one item stays on the caller');
  } finally {
    multi.dispose();
  }
});

test('loadCondense threads option: validation and fallbacks', async () => {
  await assert.rejects(loadCondense({ threads: 0 }), /threads must be 'auto', false or an integer in \[1, 16\]/);
  await assert.rejects(loadCondense({ threads: 'all' }), /threads must be/);
  const scalar = await loadCondense({ simd: false, threads: 'auto' });
  assert.equal(scalar.backend, 'wasm-scalar', 'simd: false never loads the threaded build');
  assert.equal(scalar.threads, 1);
  scalar.dispose();
  const single = await loadCondense({ threads: false });
  assert.equal(single.threads, 1);
});

test('a worker that dies inside a chunk surfaces as a JS error; the instance keeps working', { skip }, async () => {
  const multi = await loadCondense({ threads: 2 });
  const single = await loadCondense({ simd: true, threads: false });
  try {
    assert.throws(() => multi.checkThreads(8, 1), /a worker thread failed inside a parallel op/);
    assert.equal(multi.threads, 1, 'the instance falls back to one thread');
    const r = rng(5);
    const x = tensor(r, [1, 64, 64, 8]);
    const f = tensor(r, [3, 3, 8, 8]);
    sameBits(multi.conv2d(x, f, { padding: 'same' }), single.conv2d(x, f, { padding: 'same' }), 'conv2d after');
  } finally {
    multi.dispose();
  }
});

// Runs a script in a child node process; it must exit by itself (code 0) well before the timeout.
function child(script) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.signal, null, `the child hung and was killed; stderr: ${result.stderr}`);
  assert.equal(result.status, 0, `child stderr: ${result.stderr}`);
  return result.stdout.trim();
}

test('the pool starts and stops: a Node process exits on its own', { skip }, () => {
  const use = `
    const { loadCondense } = await import(${JSON.stringify(NODE_ENTRY)});
    const cd = await loadCondense({ threads: 'auto' });
    const x = { shape: [1, 64, 64, 8], data: new Float32Array(64 * 64 * 8).fill(1) };
    const y = cd.maxPool2d(x, { poolSize: 2 });`;
  assert.match(
    child(`${use} cd.dispose(); cd.dispose(); console.log(cd.backend, cd.threads, y.shape.join());`),
    /^wasm-simd-threads 1 1,32,32,8$/,
  );
  assert.match(child(`${use} console.log(cd.threads >= 1 ? 'ok' : 'no');`), /^ok$/, 'without dispose() too');
  // After dispose() the instance still computes (on one thread).
  assert.match(child(`${use} cd.dispose(); console.log(cd.maxPool2d(x, { poolSize: 2 }).data[0]);`), /^1$/);
});
