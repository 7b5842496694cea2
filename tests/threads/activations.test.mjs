// The elementwise and per-channel ops split across threads: relu, relu6, clamp, leakyRelu (plain
// arrays, whose large inputs go through 64 K-float slices on the calling thread, and resident
// inputs, which split), their gradients reluGrad, relu6Grad, clampGrad, leakyReluGrad, prelu and
// batchNorm (split on whole rows of the folded channels) and preluGrad (whole blocks of rows, each
// with its own partial sums of dalpha, added in block order). Each threaded result must carry the SIMD
// single-thread build's bits, on sizes from one element (fewer than the threads) to well above
// the split threshold, with NaN, ±0 and ±inf in some inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCondense, threadsSupported } from '../../bindings/node.mjs';
import { rng } from '../js-helpers/random.mjs';

const skip = threadsSupported() ? false : 'no shared wasm memory in this Node';

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0];

// Values in [-8, 8) (so relu6 and clamp bounds cut some), some exact zeros; `specials`: about 2 %
// NaN, ±inf and ±0.
function tensor(r, shape, specials = false) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    const u = r.next();
    if (specials && u < 0.02) data[i] = SPECIALS[i % SPECIALS.length];
    else data[i] = u < 0.05 ? 0 : r.next() * 16 - 8;
  }
  return { shape, data };
}

// Bit for bit, except that a NaN matches any NaN: wasm leaves a NaN result's sign and payload to
// the engine, and one threaded run gave other NaN bits than the single-thread build for the same
// element (conv2dTranspose, seed 1110, clean-clone CI; not reproduced in four local runs).
function sameBits(got, want, context) {
  assert.deepEqual(got.shape, want.shape, `${context}: shape`);
  const a = new Uint32Array(got.data.buffer, got.data.byteOffset, got.data.length);
  const b = new Uint32Array(want.data.buffer, want.data.byteOffset, want.data.length);
  assert.equal(a.length, b.length, `${context}: length`);
  for (let i = 0; i < a.length; ++i) {
    if (a[i] !== b[i] && !(Number.isNaN(got.data[i]) && Number.isNaN(want.data[i]))) {
      const hex = (v) => `0x${v.toString(16).padStart(8, '0')}`;
      assert.fail(`${context}: element ${i} differs: ${got.data[i]} (${hex(a[i])}) vs ${want.data[i]} (${hex(b[i])})`);
    }
  }
}

// A shape of rank 1..4 with from 1 element to about 2^18 (the splits start at 32 K elements; the
// plain-array slices at 128 K).
function shape(r) {
  const total = r.pick([1, 2, 3, r.int(4, 5000), r.int(30000, 70000), r.int(100000, 270000)]);
  const c = r.pick([1, 3, 8, 17, 32, 64, 100]);
  if (total < c) return [total];
  const rest = Math.floor(total / c);
  return r.pick([[rest * c], [rest, c], [1, rest, c], [rest, 1, 1, c]]);
}

// Runs op on resident copies of the inputs and reads the result back (resident results are
// written straight by the op, so these calls split even where plain arrays take slices).
function resident(cd, inputs, op) {
  const held = inputs.map((t) => cd.upload(t));
  try {
    const y = op(...held);
    const out = y.read();
    y.dispose();
    return out;
  } finally {
    for (const t of held) t.dispose();
  }
}

const activation = (fn, options) => (r) => {
  const x = tensor(r, shape(r), r.chance(0.5));
  const on = r.chance(0.5) ? 'resident' : 'plain';
  const run = (cd, t) => cd[fn](t, options);
  return [
    `${fn} ${on} ${x.shape} ${JSON.stringify(options ?? {})}`,
    (cd) => (on === 'resident' ? resident(cd, [x], (t) => run(cd, t)) : run(cd, x)),
  ];
};

const gradient = (fn, options) => (r) => {
  const s = shape(r);
  const specials = r.chance(0.5);
  const dy = tensor(r, s, specials);
  const x = tensor(r, s, specials);
  const on = r.chance(0.5) ? 'resident' : 'plain';
  return [
    `${fn} ${on} ${s} ${JSON.stringify(options ?? {})}`,
    (cd) => (on === 'resident' ? resident(cd, [dy, x], (a, b) => cd[fn](a, b, options)) : cd[fn](dy, x, options)),
  ];
};

// A per-channel op's input: channels from 1 (folded to 64-float rows) to past the SIMD widths,
// channels last or first.
function channelInput(r) {
  const c = r.pick([1, 2, 3, 5, 8, 17, 31, 32, 33, 64, 100]);
  const pixels = r.pick([1, 2, r.int(3, 500), r.int(Math.ceil(40000 / c), Math.ceil(300000 / c))]);
  const first = r.chance(0.3);
  const s = first ? [1, c, pixels] : [1, pixels, c];
  return { c, x: tensor(r, s, r.chance(0.5)), layout: first ? 'NCW' : undefined };
}

const CASES = {
  relu: activation('relu'),
  relu6: activation('relu6'),
  clamp: (r) => activation('clamp', { min: r.next() * 4 - 3, max: r.next() * 4 - 1 })(r),
  leakyRelu: (r) => activation('leakyRelu', { alpha: r.next() * 2 - 1 })(r),
  reluGrad: gradient('reluGrad'),
  relu6Grad: gradient('relu6Grad'),
  clampGrad: (r) => gradient('clampGrad', { min: r.next() * 4 - 3, max: r.next() * 4 - 1 })(r),
  leakyReluGrad: (r) => gradient('leakyReluGrad', { alpha: r.next() * 2 - 1 })(r),
  prelu: (r) => {
    const { c, x, layout } = channelInput(r);
    const alpha = tensor(r, [r.chance(0.3) ? 1 : c], r.chance(0.2)).data;
    const o = layout ? { layout } : {};
    const on = r.chance(0.5) ? 'resident' : 'plain';
    return [
      `prelu ${on} ${x.shape} alpha ${alpha.length} ${JSON.stringify(o)}`,
      (cd) => (on === 'resident' ? resident(cd, [x], (t) => cd.prelu(t, alpha, o)) : cd.prelu(x, alpha, o)),
    ];
  },
  preluGrad: (r) => {
    const { c, x, layout } = channelInput(r);
    const dy = tensor(r, x.shape, r.chance(0.3));
    const alpha = tensor(r, [r.chance(0.3) ? 1 : c], r.chance(0.2)).data;
    const o = layout ? { layout } : {};
    // dx and dalpha (block sums in a fixed order) side by side.
    const both = ({ dx, dalpha }) => ({
      shape: [...dx.shape, ...dalpha.shape],
      data: Float32Array.from([...dx.data, ...dalpha.data]),
    });
    return [
      `preluGrad ${x.shape} alpha ${alpha.length} ${JSON.stringify(o)}`,
      (cd) => both(cd.preluGrad(dy, x, alpha, o)),
    ];
  },
  batchNorm: (r) => {
    const { c, x, layout } = channelInput(r);
    const o = {
      mean: tensor(r, [c], r.chance(0.2)).data,
      variance: tensor(r, [c]).data.map(Math.abs),
      epsilon: r.pick([0, 0.001]),
    };
    if (r.chance(0.7)) o.scale = tensor(r, [c]).data;
    if (r.chance(0.7)) o.offset = tensor(r, [c]).data;
    if (layout) o.layout = layout;
    const on = r.chance(0.5) ? 'resident' : 'plain';
    return [
      `batchNorm ${on} ${x.shape} scale ${!!o.scale} offset ${!!o.offset} ${layout ?? 'NWC'}`,
      (cd) => (on === 'resident' ? resident(cd, [x], (t) => cd.batchNorm(t, o)) : cd.batchNorm(x, o)),
    ];
  },
};

test(
  'threaded activations, their gradients, prelu, preluGrad and batchNorm have the single-thread bits',
  { skip },
  async (t) => {
    const single = await loadCondense({ simd: true, threads: false });
    const multi = await loadCondense({ threads: 2 });
    t.after(() => multi.dispose());
    assert.equal(multi.backend, 'wasm-simd-threads');
    assert.equal(multi.threads, 2);
    let seed = 5000;
    for (const [name, make] of Object.entries(CASES)) {
      await t.test(name, () => {
        for (let i = 0; i < 14; ++i) {
          const r = rng(seed++);
          const [context, run] = make(r);
          const want = run(single);
          sameBits(run(multi), want, `${context} (seed ${r.seed})`);
        }
      });
    }
  },
);

test('the special values split across threads keep their bits (NaN, ±0, ±inf in every block)', { skip }, async () => {
  const single = await loadCondense({ simd: true, threads: false });
  const multi = await loadCondense({ threads: 2 });
  try {
    // Specials and ordinary values interleaved (i % 7 < 5: a special), across 3 slices' worth.
    const n = 5 * 40001;
    const value = (i) => (i % 7 < 5 ? SPECIALS[i % 7] : (i % 7) - 6.5);
    const x = { shape: [n], data: Float32Array.from({ length: n }, (_, i) => value(i)) };
    const dy = { shape: [n], data: Float32Array.from({ length: n }, (_, i) => value(i * 3 + 1)) };
    const both = (inputs, op, context) =>
      sameBits(resident(multi, inputs, op(multi)), resident(single, inputs, op(single)), context);
    both([x], (cd) => (t) => cd.relu(t), 'relu');
    both([x], (cd) => (t) => cd.clamp(t, { min: -1, max: 1 }), 'clamp');
    both([x], (cd) => (t) => cd.leakyRelu(t, { alpha: -0.5 }), 'leakyRelu');
    both([dy, x], (cd) => (a, b) => cd.reluGrad(a, b), 'reluGrad');
    both([dy, x], (cd) => (a, b) => cd.leakyReluGrad(a, b, { alpha: 0.1 }), 'leakyReluGrad');
    const img = { shape: [1, n / 5, 5], data: x.data };
    both([img], (cd) => (t) => cd.prelu(t, [-1, 0.5, 0, -0, 2]), 'prelu');
    const bn = { mean: [0, 1, -1, 0, 2], variance: [1, 0, 4, 1, 0.5], scale: [1, -1, 0, 2, 1] };
    both([img], (cd) => (t) => cd.batchNorm(t, bn), 'batchNorm');
    const grads = [multi, single].map((cd) =>
      cd.preluGrad({ shape: img.shape, data: dy.data }, img, [-1, 0.5, 0, -0, 2]),
    );
    sameBits(grads[0].dx, grads[1].dx, 'preluGrad dx');
    sameBits(grads[0].dalpha, grads[1].dalpha, 'preluGrad dalpha');
  } finally {
    multi.dispose();
  }
});
