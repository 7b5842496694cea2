// Shared inputs of the pooling-family tests (moved from tests/js-family/api.test.mjs): a small
// LCG for random tensors, the common 2x6x7x5 input, and the gradient cases.
import * as ref from './reference.mjs';

export function random(shape, seed, lo = -1, hi = 1) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return { shape, data: Float32Array.from({ length: ref.size(shape) }, () => lo + (hi - lo) * next()) };
}
export const plain = (t) => ({ shape: t.shape.slice(), data: Array.from(t.data) });
export const valuesOf = (r) => (r.values ? r.values : r);

export const x4 = random([2, 6, 7, 5], 1);
// x4 in NCHW as a Float32 tensor.
export function x4ChannelsFirst() {
  const xc = ref.toChannelsFirst(plain(x4));
  return { shape: xc.shape, data: Float32Array.from(xc.data) };
}
// The first 210 values of x4 as a rank-3 tensor [6, 7, 5].
export const x4Rank3 = () => ({ shape: [6, 7, 5], data: x4.data.slice(0, 210) });
// dy for the 2x2 pooling of x4.
export const dyPool = (seed) => random([2, 3, 3, 5], seed);

// Result memory: fresh output, no heap growth over 1,000 calls (STYLE §6).
export function assertOwnedAndFlat(assert, cd, fn, call) {
  const r = valuesOf(call());
  assert.equal(r.data.buffer.byteLength, r.data.byteLength, `${fn}: the result owns its buffer`);
  call();
  const before = cd.memory();
  for (let i = 0; i < 1000; i++) call();
  const after = cd.memory();
  assert.equal(after.heapBytes, before.heapBytes, `${fn}: wasm heap grew`);
  assert.equal(after.reservedBytes, before.reservedBytes, `${fn}: reserved buffers grew`);
}

// A resident call and a plain call give the same shape and data.
export function assertSameResult(assert, a, b, what) {
  const read = (r) => (r.resident ? r.read() : r);
  assert.deepEqual(read(valuesOf(a)).shape, valuesOf(b).shape, what);
  assert.deepEqual(read(valuesOf(a)).data, valuesOf(b).data, what);
}

// Bad-input rows [fn, args, Class, message]: the class and the message of each.
export function assertBadInputs(assert, cd, rows) {
  for (const [fn, args, Class, message] of rows) {
    assert.throws(
      () => cd[fn](...args),
      (e) => e instanceof Class && message.test(e.message),
      `${fn} ${JSON.stringify(args.at(-1))}`,
    );
  }
}

// Gradients against central finite differences of the double reference, on random floats.
export function assertGrad(assert, name, got, fd) {
  for (let i = 0; i < fd.length; i++) {
    const tol = 1e-4 * Math.max(1, Math.abs(fd[i]));
    if (!(Math.abs(got[i] - fd[i]) <= tol)) assert.fail(`${name}: [${i}] = ${got[i]}, finite difference ${fd[i]}`);
  }
}

// The two gradient cases: [xShape, fShape, conv options, pooling options] with their inputs.
export function gradCases() {
  const cases = [
    [[1, 5, 6, 3], [3, 3, 3, 4], { strides: 2, padding: 'same' }, { poolSize: 3, strides: 2, padding: 1 }],
    [
      [2, 7, 5, 2],
      [2, 3, 2, 3],
      {
        dilations: [2, 1],
        padding: [
          [1, 0],
          [2, 1],
        ],
      },
      { poolSize: 2, ceilMode: true, padding: 1, countIncludePad: true },
    ],
  ];
  return cases.map(([xShape, fShape, co, po]) => {
    const x = random(xShape, 21);
    const f = random(fShape, 22);
    const y = ref.conv2dNoBias(plain(x), plain(f), co);
    const dy = random(y.shape, 23);
    const py = ref.maxPool2d(plain(x), po);
    const pdy = random(py.shape, 24);
    return { xShape, fShape, co, po, x, f, dy, pdy };
  });
}

// NHWC float tensor -> NCHW float tensor.
export function channelsFirst(t) {
  const c = ref.toChannelsFirst(plain(t));
  return { shape: c.shape, data: Float32Array.from(c.data) };
}

// tfjs-core numeric pad regression input: 1x4x6x1 0..23, window [2,3], stride [2,3], pad 1.
export const numericPad = {
  x: { shape: [1, 4, 6, 1], data: Float32Array.from({ length: 24 }, (_, i) => i) },
  options: { poolSize: [2, 3], strides: [2, 3], padding: 1 },
  shape: [1, 3, 2, 1],
};

// onnxruntime-web NCHW regression: x, its NCHW form, and the check for one op.
export function assertBothLayouts(assert, cd, fn, o) {
  const x = { shape: [1, 5, 6, 3], data: Float32Array.from({ length: 90 }, (_, i) => Math.sin(i)) };
  const nchw = ref.toChannelsFirst({ shape: x.shape, data: Array.from(x.data) });
  const xc = { shape: nchw.shape, data: Float32Array.from(nchw.data) };
  const a = cd[fn](x, o);
  const b = cd[fn](xc, { ...o, layout: 'NCHW' });
  const back = ref.toChannelsFirst({ shape: a.shape, data: Array.from(a.data) });
  assert.deepEqual(b.shape, back.shape, fn);
  assert.deepEqual(Array.from(b.data), back.data.map(Math.fround), fn);
}
