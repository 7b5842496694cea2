// toImageData: a one-channel map -> RGBA bytes through matplotlib's magma / viridis / gray,
// scaled as imshow's Normalize (vmin/vmax default to the finite min/max).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { randomTensor, rng, tensor } from '../js-helpers/random.mjs';
import { badInputTable, badOptionsRows, badTensorRows } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'toImageData';

// matplotlib's LUT ends, as Colormap(x, bytes=True) gives them ((lut * 255).astype(uint8)).
const ENDS = {
  magma: [
    [0, 0, 3, 255],
    [251, 252, 191, 255],
  ], // _magma_data[0] = (0.001462, 0.000466, 0.013866)
  viridis: [
    [68, 1, 84, 255],
    [253, 231, 36, 255],
  ], // _viridis_data[0] = (0.267004, 0.004874, 0.329415)
  gray: [
    [0, 0, 0, 255],
    [255, 255, 255, 255],
  ],
};

const pixel = (img, i) => Array.from(img.data.subarray(4 * i, 4 * i + 4));

test('toImageData: shape, type and size of the result', () => {
  for (const shape of [
    [3, 5],
    [3, 5, 1],
    [1, 3, 5, 1],
  ]) {
    const img = cd.toImageData(
      tensor(
        shape,
        Float32Array.from({ length: 15 }, (_, i) => i),
      ),
    );
    assert.equal(img.width, 5, `width for [${shape}]`);
    assert.equal(img.height, 3, `height for [${shape}]`);
    assert.ok(img.data instanceof Uint8ClampedArray);
    assert.equal(img.data.length, 60);
    assert.equal(img.vmin, 0);
    assert.equal(img.vmax, 14);
  }
});

test('toImageData: colormap ends and the default (magma)', () => {
  const map = tensor([1, 2], [0, 1]);
  for (const [name, [lo, hi]] of Object.entries(ENDS)) {
    const img = cd.toImageData(map, { colormap: name });
    assert.deepEqual(pixel(img, 0), lo, `${name}(0)`);
    assert.deepEqual(pixel(img, 1), hi, `${name}(1)`);
  }
  assert.deepEqual(Array.from(cd.toImageData(map).data), [...ENDS.magma[0], ...ENDS.magma[1]], 'default is magma');
  assert.deepEqual(
    Array.from(cd.toImageData(map, { colormap: 'VIRIDIS' }).data),
    [...ENDS.viridis[0], ...ENDS.viridis[1]],
    'case-insensitive',
  );
});

test('toImageData: Normalize and the LUT index (floor(t * 256), clipped), gray is the index', () => {
  // Bin centres of a 0..1 range land on every index once.
  const map = tensor(
    [16, 16],
    Float32Array.from({ length: 256 }, (_, i) => (i + 0.5) / 256),
  );
  const img = cd.toImageData(map, { colormap: 'gray', vmin: 0, vmax: 1 });
  let previous = -1;
  for (let i = 0; i < 256; i++) {
    const [r, g, b, a] = pixel(img, i);
    assert.ok(r === g && g === b && a === 255, `gray pixel ${i} is grey and opaque`);
    assert.ok(Math.abs(r - ref.colormapIndex(map.data[i], 0, 1)) <= 1, `gray(${i}) = ${r}`); // (i/255*255) truncates to i or i-1
    assert.ok(r >= previous, 'monotonic');
    previous = r;
  }
  assert.equal(pixel(img, 0)[0], 0);
  assert.equal(pixel(img, 255)[0], 255);
  // Every colormap: the same index gives the same colour; 256 LUT entries (a few neighbours
  // share bytes after truncation, as in matplotlib).
  for (const colormap of ['magma', 'viridis']) {
    const a = cd.toImageData(map, { colormap, vmin: 0, vmax: 1 });
    const b = cd.toImageData(
      tensor(
        [1, 256],
        map.data.map((v) => v * 10 - 5),
      ),
      { colormap, vmin: -5, vmax: 5 },
    );
    assert.deepEqual(b.data, a.data, `${colormap}: Normalize is affine`);
    const distinct = new Set(Array.from({ length: 256 }, (_, i) => pixel(a, i).join())).size;
    assert.ok(distinct >= 250, `${colormap}: ${distinct} distinct colours over the 256 bins`);
  }
  // Values outside [vmin, vmax] clip to the ends.
  const clip = cd.toImageData(tensor([1, 4], [-100, 0, 1, 100]), { colormap: 'gray', vmin: 0, vmax: 1 });
  assert.deepEqual(Array.from(clip.data), [0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
});

test('toImageData: autoscale uses the finite min and max', () => {
  const r = rng(91);
  const map = randomTensor(r, [7, 9], -3, 5);
  const img = cd.toImageData(map, { colormap: 'gray' });
  let lo = Infinity,
    hi = -Infinity;
  for (const v of map.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  assert.equal(img.vmin, lo);
  assert.equal(img.vmax, hi);
  const explicit = cd.toImageData(map, { colormap: 'gray', vmin: lo, vmax: hi });
  assert.deepEqual(img.data, explicit.data, 'autoscale = explicit min/max');
  // Only vmin given: vmax is still the data max.
  const half = cd.toImageData(map, { colormap: 'gray', vmin: -10 });
  assert.equal(half.vmin, -10);
  assert.equal(half.vmax, hi);
});

test('toImageData: numbers (NaN, ±inf, constant maps)', () => {
  // NaN is transparent black (matplotlib's "bad" colour); ±inf clip to the ends and do not
  // take part in autoscaling.
  const img = cd.toImageData(tensor([1, 5], [NaN, -Infinity, 0, 1, Infinity]), { colormap: 'gray' });
  assert.equal(img.vmin, 0);
  assert.equal(img.vmax, 1);
  assert.deepEqual(
    Array.from(img.data),
    [0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255],
  );
  // A constant map (vmin == vmax) gives the first colour everywhere.
  const flat = cd.toImageData(tensor([1, 3], [2, 2, 2]), { colormap: 'viridis' });
  assert.equal(flat.vmin, 2);
  assert.equal(flat.vmax, 2);
  assert.deepEqual(Array.from(flat.data), [...ENDS.viridis[0], ...ENDS.viridis[0], ...ENDS.viridis[0]]);
  // No finite value at all: scale 0..0 and every NaN transparent.
  const nan = cd.toImageData(tensor([1, 2], [NaN, NaN]));
  assert.deepEqual([nan.vmin, nan.vmax], [0, 0]);
  assert.deepEqual(Array.from(nan.data), [0, 0, 0, 0, 0, 0, 0, 0]);
  // -0 and +0 are the same value.
  assert.deepEqual(
    Array.from(cd.toImageData(tensor([1, 2], [-0, 0]), { vmin: -1, vmax: 1 }).data.subarray(0, 4)),
    Array.from(cd.toImageData(tensor([1, 2], [0, -0]), { vmin: -1, vmax: 1 }).data.subarray(0, 4)),
    '-0 = +0',
  );
});

test('toImageData: results are fresh arrays, not views into wasm memory', () => {
  const a = tensor(
    [4, 4],
    Float32Array.from({ length: 16 }, (_, i) => i),
  );
  const b = tensor(
    [4, 4],
    Float32Array.from({ length: 16 }, (_, i) => 16 - i),
  );
  const before = Float32Array.from(a.data);
  const r1 = cd.toImageData(a);
  assert.notEqual(r1.data.buffer, memory.buffer);
  assert.equal(r1.data.byteOffset, 0);
  assert.equal(r1.data.buffer.byteLength, r1.data.byteLength);
  const kept = Uint8ClampedArray.from(r1.data);
  const r2 = cd.toImageData(a);
  assert.notEqual(r2.data, r1.data);
  r2.data.fill(7);
  cd.toImageData(b);
  assert.deepEqual(r1.data, kept, 'a later call leaves an earlier result alone');
  assert.deepEqual(cd.toImageData(a).data, kept, 'mutating a result does not change the next one');
  assert.deepEqual(a.data, before, 'the map is not modified');
});

test('toImageData: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const good = tensor([1, 2], [0, 1]);
  const canary = () =>
    assert.deepEqual(
      Array.from(cd.toImageData(good, { colormap: 'gray' }).data),
      [0, 0, 0, 255, 255, 255, 255, 255],
      'canary',
    );
  const rows = [
    ...badTensorRows('map', (m) => cd.toImageData(m), { ranks: [2, 3, 4] }),
    ...badOptionsRows((o) => cd.toImageData(good, o), { out: false }),
    {
      name: 'map with 2 channels',
      call: () => cd.toImageData(tensor([2, 2, 2], new Float32Array(8))),
      error: RangeError,
      param: 'map.shape',
    },
    {
      name: 'map with a batch of 2',
      call: () => cd.toImageData(tensor([2, 2, 2, 1], new Float32Array(8))),
      error: RangeError,
      param: 'map.shape',
    },
    {
      name: "colormap 'jet'",
      call: () => cd.toImageData(good, { colormap: 'jet' }),
      error: RangeError,
      param: 'colormap',
    },
    { name: 'colormap 2', call: () => cd.toImageData(good, { colormap: 2 }), error: TypeError, param: 'colormap' },
    {
      name: 'colormap null',
      call: () => cd.toImageData(good, { colormap: null }),
      error: TypeError,
      param: 'colormap',
    },
    { name: 'vmin NaN', call: () => cd.toImageData(good, { vmin: NaN }), error: RangeError, param: 'vmin' },
    { name: 'vmax NaN', call: () => cd.toImageData(good, { vmax: NaN }), error: RangeError, param: 'vmax' },
    { name: "vmin '0'", call: () => cd.toImageData(good, { vmin: '0' }), error: TypeError, param: 'vmin' },
    { name: 'vmax null', call: () => cd.toImageData(good, { vmax: null }), error: TypeError, param: 'vmax' },
    { name: 'vmin > vmax', call: () => cd.toImageData(good, { vmin: 2, vmax: 1 }), error: RangeError, param: 'vmin' },
    {
      name: 'vmin -Infinity (no colour can be mapped to it)',
      call: () => cd.toImageData(good, { vmin: -Infinity }),
      error: RangeError,
      param: 'vmin',
    },
    { name: 'vmax Infinity', call: () => cd.toImageData(good, { vmax: Infinity }), error: RangeError, param: 'vmax' },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('toImageData: the heap stays flat over 1,000 calls', () => {
  const maps = [randomTensor(rng(1), [32, 24]), randomTensor(rng(2), [1, 13, 7, 1])];
  assertHeapFlat(cd, (i) => cd.toImageData(maps[i % 2], { colormap: ['magma', 'viridis', 'gray'][i % 3] }));
});
