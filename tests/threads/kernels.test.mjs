// The kernels split across threads beyond the forward convs and pools of threads.test.mjs:
// convolution gradients (GEMM and per-pixel paths), conv2dTranspose, conv3d and its gradients,
// grouped conv2d, convPool2d, the pooling gradients and toImageData. Each threaded result must
// carry the SIMD single-thread build's bits, on random shapes from a single row (fewer rows than
// threads) to maps well above the split threshold, with NaN and infinities in some inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCondense, threadsSupported } from '../../bindings/node.mjs';
import { rng } from '../js-helpers/random.mjs';

const skip = threadsSupported() ? false : 'no shared wasm memory in this Node';

// Values in [-1, 1) with some exact zeros; `specials`: a few NaN, +inf and -inf too.
function tensor(r, shape, specials = false) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    const u = r.next();
    if (specials && u < 0.01) data[i] = [NaN, Infinity, -Infinity][i % 3];
    else data[i] = u < 0.06 ? 0 : r.next() * 2 - 1;
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
    if (a[i] !== b[i] && !(Number.isNaN(got.data[i]) && Number.isNaN(want.data[i])))
      assert.fail(`${context}: element ${i} differs: ${got.data[i]} vs ${want.data[i]}`);
  }
}

const padding = (r) => r.pick(['same', 'valid', 'same']);

// A forward conv2d's options and shapes for a gradient case: [x, filter, options].
function convSetup(r, { depthwise = false, large = false } = {}) {
  const k = r.int(1, 3);
  const groups = depthwise ? 1 : r.pick([1, 1, 2, 3]);
  const ci = depthwise ? r.int(1, 12) : groups * r.int(1, 6);
  const co = depthwise ? r.int(1, 2) : groups * r.int(1, 7);
  const side = large ? [r.int(24, 48), r.int(24, 48)] : [r.int(1, 20), r.int(1, 20)];
  const o = { padding: padding(r), strides: r.int(1, 2), dilations: r.chance(0.25) ? 2 : 1 };
  if (o.strides > 1) o.dilations = 1;
  const reach = (k - 1) * o.dilations + 1;
  if (o.padding === 'valid' && (side[0] < reach || side[1] < reach)) o.padding = 'same';
  if (!depthwise && groups > 1) o.groups = groups;
  const x = tensor(r, [r.int(1, 3), ...side, ci]);
  const f = tensor(r, [k, k, depthwise ? ci : ci / groups, co]);
  return [x, f, o];
}

// Each case: (r) -> [context, (cd) -> tensor]. A gradient's dy is drawn once (from the forward
// output's shape on the first build that runs it), so both builds see the same data.
function lazyDy(r, specials) {
  let dy = null;
  return (shape) => (dy ??= tensor(r, shape, specials));
}

const CASES = {
  conv2dGradInput: (r) => {
    const [x, f, o] = convSetup(r, { large: r.chance(0.5) });
    const dy = lazyDy(r, r.chance(0.3));
    const opts = { ...o, inputShape: x.shape };
    return [
      `conv2dGradInput x ${x.shape} f ${f.shape} ${JSON.stringify(o)}`,
      (cd) => cd.conv2dGradInput(dy(cd.conv2d(x, f, o).shape), f, opts),
    ];
  },
  conv2dGradFilter: (r) => {
    const [x, f, o] = convSetup(r, { large: r.chance(0.5) });
    const dy = lazyDy(r, r.chance(0.3));
    const opts = { ...o, filterShape: f.shape };
    return [
      `conv2dGradFilter x ${x.shape} f ${f.shape} ${JSON.stringify(o)}`,
      (cd) => cd.conv2dGradFilter(x, dy(cd.conv2d(x, f, o).shape), opts),
    ];
  },
  // Blocks of 4 output channels per thread; dy with specials takes the per-pixel path.
  'conv2dGradFilter one input channel': (r) => {
    const x = tensor(r, [r.int(1, 4), r.int(1, 40), r.int(1, 40), 1]);
    const f = tensor(r, [r.int(1, 5), r.int(1, 5), 1, r.int(1, 40)]);
    const fits = x.shape[1] >= f.shape[0] && x.shape[2] >= f.shape[1];
    const o = { padding: fits ? padding(r) : 'same', strides: r.int(1, 2) };
    const dy = lazyDy(r, r.chance(0.3));
    return [
      `conv2dGradFilter c1 x ${x.shape} f ${f.shape}`,
      (cd) => cd.conv2dGradFilter(x, dy(cd.conv2d(x, f, o).shape), { ...o, filterShape: f.shape }),
    ];
  },
  depthwiseConv2dGradInput: (r) => {
    const [x, f, o] = convSetup(r, { depthwise: true, large: r.chance(0.5) });
    const dy = lazyDy(r, r.chance(0.3));
    return [
      `depthwiseConv2dGradInput x ${x.shape} f ${f.shape} ${JSON.stringify(o)}`,
      (cd) => cd.depthwiseConv2dGradInput(dy(cd.depthwiseConv2d(x, f, o).shape), f, { ...o, inputShape: x.shape }),
    ];
  },
  depthwiseConv2dGradFilter: (r) => {
    const [x, f, o] = convSetup(r, { depthwise: true, large: r.chance(0.5) });
    const dy = lazyDy(r, r.chance(0.3));
    return [
      `depthwiseConv2dGradFilter x ${x.shape} f ${f.shape} ${JSON.stringify(o)}`,
      (cd) => cd.depthwiseConv2dGradFilter(x, dy(cd.depthwiseConv2d(x, f, o).shape), { ...o, filterShape: f.shape }),
    ];
  },
  'conv1d gradients': (r) => {
    const x = tensor(r, [r.int(1, 3), r.int(3, 400), r.int(1, 9)]);
    const f = tensor(r, [3, x.shape[2], r.int(1, 17)]);
    const o = { padding: padding(r) };
    const dy = lazyDy(r, false);
    return [
      `conv1d grads x ${x.shape} f ${f.shape}`,
      (cd) => {
        const d = dy(cd.conv1d(x, f, o).shape);
        const dx = cd.conv1dGradInput(d, f, { ...o, inputShape: x.shape });
        const dw = cd.conv1dGradFilter(x, d, { ...o, filterShape: f.shape });
        return { shape: [...dx.shape, ...dw.shape], data: Float32Array.from([...dx.data, ...dw.data]) };
      },
    ];
  },
  'conv2d groups': (r) => {
    const groups = r.int(2, 4);
    const x = tensor(r, [r.int(1, 2), r.int(1, 40), r.int(1, 40), groups * r.int(2, 5)]);
    const f = tensor(r, [3, 3, x.shape[3] / groups, groups * r.int(1, 6)]);
    const o = { padding: 'same', groups, strides: r.int(1, 2) };
    return [`conv2d groups x ${x.shape} f ${f.shape}`, (cd) => cd.conv2d(x, f, o)];
  },
  conv2dTranspose: (r) => {
    const groups = r.pick([1, 1, 2]);
    const ci = groups * r.int(1, 6);
    const x = tensor(r, [r.int(1, 3), r.int(1, 30), r.int(1, 30), ci], r.chance(0.2));
    const f = tensor(r, [r.int(1, 4), r.int(1, 4), r.int(1, 8), ci]);
    const co = f.shape[2] * groups;
    const o = { strides: r.int(1, 3), padding: padding(r), groups, bias: tensor(r, [co]).data };
    if (r.chance(0.5)) o.activation = 'relu';
    return [
      `conv2dTranspose x ${x.shape} f ${f.shape} ${JSON.stringify({ ...o, bias: co })}`,
      (cd) => cd.conv2dTranspose(x, f, o),
    ];
  },
  conv3d: (r) => {
    const x = tensor(r, [r.int(1, 2), r.int(1, 12), r.int(1, 20), r.int(1, 20), r.int(1, 6)]);
    const f = tensor(r, [r.int(1, 3), 3, 3, x.shape[4], r.int(1, 9)]);
    const o = { padding: 'same', strides: r.int(1, 2), bias: tensor(r, [f.shape[4]]).data, activation: 'relu' };
    return [`conv3d x ${x.shape} f ${f.shape}`, (cd) => cd.conv3d(x, f, o)];
  },
  'conv3d gradients': (r) => {
    const x = tensor(r, [r.int(1, 2), r.int(1, 10), r.int(1, 16), r.int(1, 16), r.int(1, 6)]);
    const f = tensor(r, [r.int(1, 3), r.int(1, 3), 3, x.shape[4], r.int(1, 9)]);
    const o = { padding: 'same', strides: r.int(1, 2) };
    const dy = lazyDy(r, r.chance(0.2));
    return [
      `conv3d grads x ${x.shape} f ${f.shape} ${JSON.stringify(o)}`,
      (cd) => {
        const d = dy(cd.conv3d(x, f, o).shape);
        const dx = cd.conv3dGradInput(d, f, { ...o, inputShape: x.shape });
        const dw = cd.conv3dGradFilter(x, d, { ...o, filterShape: f.shape });
        return { shape: [...dx.shape, ...dw.shape], data: Float32Array.from([...dx.data, ...dw.data]) };
      },
    ];
  },
  convPool2d: (r) => {
    const c1 = r.chance(0.3);
    const x = tensor(r, [r.int(1, 2), r.int(2, 60), r.int(2, 60), c1 ? 1 : r.int(1, 4)]);
    const f = tensor(r, [3, 3, x.shape[3], c1 ? 1 : r.int(1, 12)]);
    const pool = { poolSize: r.int(1, 3), strides: r.int(1, 2), type: r.pick(['max', 'avg']) };
    const o = { padding: 'same', activation: 'relu', pool };
    return [`convPool2d x ${x.shape} f ${f.shape} ${JSON.stringify(pool)}`, (cd) => cd.convPool2d(x, f, o)];
  },
  maxPool2dGrad: (r) => {
    const x = tensor(r, [r.int(1, 3), r.int(1, 80), r.int(1, 80), r.pick([1, 3, 8, 17])], r.chance(0.3));
    const o = { poolSize: r.int(1, 4), strides: r.int(1, 3), padding: padding(r) };
    if (o.padding === 'valid' && (x.shape[1] < o.poolSize || x.shape[2] < o.poolSize)) o.padding = 'same';
    const dy = lazyDy(r, false);
    return [
      `maxPool2dGrad x ${x.shape} ${JSON.stringify(o)}`,
      (cd) => cd.maxPool2dGrad(x, dy(cd.maxPool2d(x, o).shape), o),
    ];
  },
  avgPool2dGrad: (r) => {
    const shape = [r.int(1, 3), r.int(1, 80), r.int(1, 80), r.pick([1, 3, 8, 17])];
    const o = { poolSize: r.int(1, 4), strides: r.int(1, 3), padding: padding(r), inputShape: shape };
    if (o.padding === 'valid' && (shape[1] < o.poolSize || shape[2] < o.poolSize)) o.padding = 'same';
    const dy = lazyDy(r, r.chance(0.3));
    const x = { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
    const { inputShape, ...pool } = o;
    void inputShape;
    return [
      `avgPool2dGrad ${shape} ${JSON.stringify(pool)}`,
      (cd) => cd.avgPool2dGrad(dy(cd.avgPool2d(x, pool).shape), o),
    ];
  },
  toImageData: (r) => {
    const [h, w] = [r.int(1, 300), r.int(1, 300)];
    const map = tensor(r, [h, w], r.chance(0.5));
    const o = { colormap: r.pick(['magma', 'viridis', 'gray']) };
    if (r.chance(0.6)) o.size = [r.int(1, h), r.int(1, w)];
    return [
      `toImageData ${h}x${w} ${JSON.stringify(o)}`,
      (cd) => {
        const img = cd.toImageData(map, o);
        return { shape: [img.height, img.width, img.vmin, img.vmax], data: new Float32Array(img.data.buffer.slice(0)) };
      },
    ];
  },
};

test(
  'threaded gradients, transposed, 3-D, grouped and fused convs, pool gradients and colour maps have the single-thread bits',
  { skip },
  async (t) => {
    const single = await loadCondense({ simd: true, threads: false });
    const multi = await loadCondense({ threads: 2 });
    t.after(() => multi.dispose());
    assert.equal(multi.backend, 'wasm-simd-threads');
    assert.equal(multi.threads, 2);
    let seed = 1000;
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

test('large gradients and transposed convs split across threads', { skip }, async () => {
  const multi = await loadCondense({ threads: 2 });
  const single = await loadCondense({ simd: true, threads: false });
  try {
    const r = rng(7);
    const x = tensor(r, [2, 40, 40, 16]);
    const f = tensor(r, [3, 3, 16, 16]);
    const o = { padding: 'same' };
    const dy = tensor(r, [2, 40, 40, 16], true);
    const both = (run, context) => sameBits(run(multi), run(single), context);
    both((cd) => cd.conv2dGradInput(dy, f, { ...o, inputShape: x.shape }), 'conv2dGradInput');
    both((cd) => cd.conv2dGradFilter(x, dy, { ...o, filterShape: f.shape }), 'conv2dGradFilter (inf dy: per pixel)');
    const finite = tensor(r, [2, 40, 40, 16]);
    both((cd) => cd.conv2dGradFilter(x, finite, { ...o, filterShape: f.shape }), 'conv2dGradFilter (GEMM)');
    both((cd) => cd.conv2dTranspose(x, f, { strides: 2, padding: 'same' }), 'conv2dTranspose');
    both(
      (cd) => cd.maxPool2dGrad(x, tensor(rng(8), [2, 20, 20, 16]), { poolSize: 3, strides: 2, padding: 'same' }),
      'maxPool2dGrad',
    );
  } finally {
    multi.dispose();
  }
});
