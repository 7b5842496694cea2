// fromImageData: RGBA bytes -> [1, h, w, channels] floats in [0, 1]; grayscale with
// tf.image.rgb_to_grayscale's weights; resize as tf.image.resize (bilinear, half-pixel centres).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { rng } from '../js-helpers/random.mjs';
import { assertExact, badInputTable, badOptionsRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';

const { cd, memory } = await loadForTest();
const fn = 'fromImageData';

function randomImage(r, width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = r.int(0, 255);
  return { data, width, height };
}

function assertNear(got, want, tol, context) {
  assert.equal(got.length, want.length, `${context}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol))
      assert.fail(`${context}: element ${i} is ${got[i]}, expected ${want[i]} (tolerance ${tol})`);
  }
}

test('fromImageData: channels 4 and 3 are bytes / 255 (0 -> 0, 255 -> 1 exactly)', () => {
  const data = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) data.set([i, 255 - i, (i * 7) & 255, i], 4 * i);
  const img = { data, width: 16, height: 16 };
  const rgba = cd.fromImageData(img, { channels: 4 });
  assert.deepEqual(rgba.shape, [1, 16, 16, 4]);
  assertExact(
    rgba.data,
    Float32Array.from(data, (v) => v / 255),
    'RGBA / 255',
  );
  const rgb = cd.fromImageData(img, { channels: 3 });
  assert.deepEqual(rgb.shape, [1, 16, 16, 3]);
  assertExact(
    rgb.data,
    Float32Array.from(
      data.filter((_, i) => i % 4 !== 3),
      (v) => v / 255,
    ),
    'RGB / 255',
  );
  assert.ok(
    rgba.data.every((v) => v >= 0 && v <= 1),
    'every value in [0, 1]',
  );
  // A Uint8Array works the same as a Uint8ClampedArray.
  assertExact(
    cd.fromImageData({ data: new Uint8Array(data), width: 16, height: 16 }, { channels: 4 }).data,
    rgba.data,
    'Uint8Array',
  );
});

test('fromImageData: grayscale (default) uses 0.2989 R + 0.5870 G + 0.1140 B', () => {
  const pixels = [
    [255, 0, 0, 255],
    [0, 255, 0, 255],
    [0, 0, 255, 255],
    [255, 255, 255, 0],
    [0, 0, 0, 255],
    [10, 200, 30, 7],
  ];
  const data = new Uint8ClampedArray(pixels.flat());
  const g = cd.fromImageData({ data, width: 3, height: 2 });
  assert.deepEqual(g.shape, [1, 2, 3, 1]);
  assertNear(g.data, ref.rgbaToFloat(data, 3, 2, 1), 1e-7, 'gray');
  assertExact(g.data.slice(0, 3), [0.2989, 0.587, 0.114].map(Math.fround), 'pure R, G, B give the weights');
  assertExact(g.data.slice(4, 5), [0], 'black is 0');
  const r = rng(81);
  const img = randomImage(r, 37, 23);
  assertNear(
    cd.fromImageData(img, { channels: 1 }).data,
    ref.rgbaToFloat(img.data, 37, 23, 1),
    2e-7,
    'random image, channels: 1',
  );
});

test('fromImageData: resize is tf.image.resize bilinear (half-pixel centres)', () => {
  // 4x4 -> 2x2 with half-pixel centres averages each 2x2 block exactly.
  const data = new Uint8ClampedArray(64);
  for (let p = 0; p < 16; p++) data.set([p * 16, 0, 0, 255], 4 * p);
  const down = cd.fromImageData({ data, width: 4, height: 4 }, { channels: 4, size: [2, 2] });
  assert.deepEqual(down.shape, [1, 2, 2, 4]);
  const block = (y, x) => ((4 * y + x + (4 * y + x + 1) + (4 * y + x + 4) + (4 * y + x + 5)) * 16) / 4 / 255;
  assertNear(
    down.data.filter((_, i) => i % 4 === 0),
    [block(0, 0), block(0, 2), block(2, 0), block(2, 2)],
    1e-6,
    'block means',
  );
  // Black/white 2x2 -> 3x5: edges clamp, the middle row is the mean.
  const bw = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
  const up = cd.fromImageData({ data: bw, width: 2, height: 2 }, { channels: 3, size: [3, 5] });
  assertNear(
    up.data.filter((_, i) => i % 3 === 0),
    [0, 0.1, 0.5, 0.9, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 0.9, 0.5, 0.1, 0],
    1e-6,
    'up 2x2 -> 3x5',
  );
  // Random sizes up and down against the reference, every channel count.
  const r = rng(82);
  for (let i = 0; i < 30; i++) {
    const w = r.int(1, 30),
      h = r.int(1, 30),
      outW = r.int(1, 40),
      outH = r.int(1, 40);
    const channels = r.pick([1, 3, 4]);
    const img = randomImage(r, w, h);
    const want = ref.resizeBilinear(ref.rgbaToFloat(img.data, w, h, channels), h, w, channels, outH, outW);
    const got = cd.fromImageData(img, { channels, size: [outH, outW] });
    assert.deepEqual(got.shape, [1, outH, outW, channels]);
    assertNear(got.data, want, 2e-6, `${w}x${h} -> ${outW}x${outH}, channels ${channels}`);
  }
});

test('fromImageData: option normalisation', () => {
  const img = randomImage(rng(83), 9, 7);
  const same = (a, b, what) => {
    const ra = cd.fromImageData(img, a),
      rb = cd.fromImageData(img, b);
    assert.deepEqual(ra.shape, rb.shape, what);
    assertExact(ra.data, rb.data, what);
  };
  same(undefined, { channels: 1 }, 'default channels: 1');
  same({}, null, '{} = null');
  same({ size: 5 }, { size: [5, 5] }, 'size 5 = [5, 5]');
  same({ size: [7, 9] }, {}, 'size = own size: no resize');
  // An ImageData-like object with extra fields (as the DOM's ImageData has) is fine.
  assertExact(cd.fromImageData({ ...img, colorSpace: 'srgb' }).data, cd.fromImageData(img).data, 'extra fields');
});

test('fromImageData: results are fresh arrays', async (t) => {
  const img = randomImage(rng(84), 6, 5);
  const other = randomImage(rng(85), 6, 5);
  const before = Uint8ClampedArray.from(img.data);
  await freshOutputTests(t, {
    fn,
    memory,
    out: false,
    call: () => cd.fromImageData(img, { channels: 3, size: [4, 4] }),
    other: () => cd.fromImageData(other, { channels: 3, size: [4, 4] }),
  });
  assert.deepEqual(img.data, before, 'the RGBA input is not modified');
});

test('fromImageData: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const px = new Uint8ClampedArray([255, 0, 0, 255]);
  const good = { data: px, width: 1, height: 1 };
  const canary = () => assertExact(cd.fromImageData(good).data, [Math.fround(0.2989)], 'canary');
  const img = (over) => ({ data: new Uint8ClampedArray(16), width: 2, height: 2, ...over });
  const rows = [
    { name: 'imageData is null', call: () => cd.fromImageData(null), error: TypeError, param: 'imageData' },
    { name: 'imageData is undefined', call: () => cd.fromImageData(), error: TypeError, param: 'imageData' },
    { name: 'imageData is a string', call: () => cd.fromImageData('cat.png'), error: TypeError, param: 'imageData' },
    {
      name: 'imageData is a bare Uint8ClampedArray',
      call: () => cd.fromImageData(new Uint8ClampedArray(4)),
      error: TypeError,
      param: 'imageData.data',
    },
    {
      name: 'imageData.data missing',
      call: () => cd.fromImageData({ width: 1, height: 1 }),
      error: TypeError,
      param: 'imageData.data',
    },
    {
      name: 'imageData.data is a Float32Array',
      call: () => cd.fromImageData(img({ data: new Float32Array(16) })),
      error: TypeError,
      param: 'imageData.data',
    },
    {
      name: 'imageData.data is a plain array',
      call: () => cd.fromImageData(img({ data: new Array(16).fill(0) })),
      error: TypeError,
      param: 'imageData.data',
    },
    {
      name: 'imageData.data is a Uint16Array',
      call: () => cd.fromImageData(img({ data: new Uint16Array(16) })),
      error: TypeError,
      param: 'imageData.data',
    },
    {
      name: 'imageData.width missing',
      call: () => cd.fromImageData(img({ width: undefined })),
      error: TypeError,
      param: 'imageData.width',
    },
    {
      name: 'imageData.width is a string',
      call: () => cd.fromImageData(img({ width: '2' })),
      error: TypeError,
      param: 'imageData.width',
    },
    {
      name: 'imageData.height is a string',
      call: () => cd.fromImageData(img({ height: '2' })),
      error: TypeError,
      param: 'imageData.height',
    },
    {
      name: 'imageData.width 0',
      call: () => cd.fromImageData(img({ width: 0, data: new Uint8ClampedArray(0) })),
      error: RangeError,
      param: 'imageData.width',
    },
    {
      name: 'imageData.width negative',
      call: () => cd.fromImageData(img({ width: -2 })),
      error: RangeError,
      param: 'imageData.width',
    },
    {
      name: 'imageData.width fractional',
      call: () => cd.fromImageData(img({ width: 2.5 })),
      error: RangeError,
      param: 'imageData.width',
    },
    {
      name: 'imageData.width NaN',
      call: () => cd.fromImageData(img({ width: NaN })),
      error: RangeError,
      param: 'imageData.width',
    },
    {
      name: 'imageData.height Infinity',
      call: () => cd.fromImageData(img({ height: Infinity })),
      error: RangeError,
      param: 'imageData.height',
    },
    {
      name: 'imageData.data.length not width * height * 4, 3 or 1 (RGBA, RGB, gray)',
      call: () => cd.fromImageData(img({ data: new Uint8ClampedArray(13) })),
      error: RangeError,
      param: 'imageData.data.length',
    },
    {
      name: 'imageData 65536 x 65536 with a tiny buffer',
      call: () => cd.fromImageData(img({ width: 65536, height: 65536 })),
      error: RangeError,
      param: 'imageData.data.length',
    },
    ...badOptionsRows((o) => cd.fromImageData(good, o), { out: false }),
    { name: 'channels 2', call: () => cd.fromImageData(good, { channels: 2 }), error: RangeError, param: 'channels' },
    { name: 'channels 0', call: () => cd.fromImageData(good, { channels: 0 }), error: RangeError, param: 'channels' },
    {
      name: 'channels NaN',
      call: () => cd.fromImageData(good, { channels: NaN }),
      error: RangeError,
      param: 'channels',
    },
    {
      name: "channels '1' (a string)",
      call: () => cd.fromImageData(good, { channels: '1' }),
      error: TypeError,
      param: 'channels',
    },
    { name: 'size [0, 5]', call: () => cd.fromImageData(good, { size: [0, 5] }), error: RangeError, param: 'size' },
    { name: 'size -1', call: () => cd.fromImageData(good, { size: -1 }), error: RangeError, param: 'size' },
    { name: 'size 2.5', call: () => cd.fromImageData(good, { size: 2.5 }), error: RangeError, param: 'size' },
    { name: 'size NaN', call: () => cd.fromImageData(good, { size: NaN }), error: RangeError, param: 'size' },
    { name: 'size [5]', call: () => cd.fromImageData(good, { size: [5] }), error: RangeError, param: 'size' },
    { name: "size 'large'", call: () => cd.fromImageData(good, { size: 'large' }), error: TypeError, param: 'size' },
    {
      name: 'size [60000, 60000] is over the 2 GiB memory ceiling',
      call: () => cd.fromImageData(good, { size: [60000, 60000] }),
      error: RangeError,
      param: 'size',
    },
    {
      name: 'size [30000, 30000] x 4 channels is over the ceiling',
      call: () => cd.fromImageData(good, { size: [30000, 30000], channels: 4 }),
      error: RangeError,
      param: 'size',
    },
  ];
  await badInputTable(t, fn, rows, canary);
});

test('fromImageData: the heap stays flat over 1,000 calls', () => {
  const imgs = [randomImage(rng(1), 32, 24), randomImage(rng(2), 13, 7)];
  assertHeapFlat(cd, (i) =>
    cd.fromImageData(imgs[i % 2], { channels: i % 3 === 0 ? 1 : 3, size: i % 2 ? [16, 16] : undefined }),
  );
});
