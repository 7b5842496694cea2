// toImageData's drawing options: `size` (drawn smaller, each pixel the max of its block),
// `bad` / `infinite` (the colour of NaN, and of +-inf when asked), `out` (colour straight into
// an existing ImageData), and `stats` (what the whole map holds), against a plain reference.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { rng as seeded } from '../js-helpers/random.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';

const rng = (seed) => seeded(seed).next;

const { cd } = await loadForTest();
const fn = 'toImageData';

// The drawn values by definition: bins [floor(i*h/oh), floor((i+1)*h/oh)), NaN when any
// value is NaN (or infinite, with infinite: 'bad'), else the max.
function blockMax(data, h, w, oh, ow, infiniteBad) {
  const out = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let m = -Infinity;
      for (let y = Math.floor((i * h) / oh); y < Math.floor(((i + 1) * h) / oh); y++) {
        for (let x = Math.floor((j * w) / ow); x < Math.floor(((j + 1) * w) / ow); x++) {
          const v = data[y * w + x];
          if (Number.isNaN(v) || (infiniteBad && !Number.isFinite(v))) m = NaN;
          else if (!Number.isNaN(m)) m = Math.max(m, v);
        }
      }
      out[i * ow + j] = m;
    }
  }
  return out;
}

function randomMap(r, h, w, specials) {
  const data = Float32Array.from({ length: h * w }, () => (r() < 0.3 ? 0 : r() * 4 - 1));
  if (specials) for (const [k, v] of [NaN, Infinity, -Infinity].entries()) data[(k * 7919) % data.length] = v;
  return { shape: [h, w], data };
}

const BAD = [0, 230, 118, 255];

test('toImageData size: equals colouring the block maxima at full size, on the whole map’s scale', () => {
  const r = rng(61);
  for (let trial = 0; trial < 40; trial++) {
    const h = 1 + Math.floor(r() * 40);
    const w = 1 + Math.floor(r() * 40);
    const oh = 1 + Math.floor(r() * h);
    const ow = 1 + Math.floor(r() * w);
    const infinite = trial % 2 ? 'bad' : 'clip';
    const map = randomMap(r, h, w, trial % 3 === 0);
    const drawn = cd.toImageData(map, { size: [oh, ow], bad: BAD, infinite });
    assert.deepEqual([drawn.width, drawn.height], [ow, oh]);
    const full = cd.toImageData(map, {});
    const maxima = { shape: [oh, ow], data: blockMax(map.data, h, w, oh, ow, infinite === 'bad') };
    const want = cd.toImageData(maxima, { vmin: full.vmin, vmax: full.vmax, bad: BAD, infinite });
    assert.deepEqual(drawn.data, want.data, `trial ${trial}: ${h}x${w} -> ${oh}x${ow} ${infinite}`);
    assert.equal(drawn.vmin, full.vmin);
    assert.equal(drawn.vmax, full.vmax);
  }
});

test('toImageData size: a one-pixel bright line keeps its colour when drawn 1:4 (max, not mean)', () => {
  const data = new Float32Array(64 * 64);
  for (let y = 0; y < 64; y++) data[y * 64 + 33] = 1;
  const img = cd.toImageData({ shape: [64, 64], data }, { colormap: 'gray', size: 16 });
  for (let y = 0; y < 16; y++) {
    assert.deepEqual(Array.from(img.data.subarray((y * 16 + 8) * 4, (y * 16 + 9) * 4)), [255, 255, 255, 255]);
    assert.deepEqual(Array.from(img.data.subarray((y * 16 + 7) * 4, (y * 16 + 8) * 4)), [0, 0, 0, 255]);
  }
});

test('toImageData bad / infinite: NaN in the bad colour; infinities clipped (default) or bad', () => {
  const map = { shape: [1, 5], data: Float32Array.from([NaN, Infinity, -Infinity, 0, 1]) };
  const px = (img, i) => Array.from(img.data.subarray(4 * i, 4 * i + 4));
  const clip = cd.toImageData(map, { colormap: 'gray', bad: BAD });
  assert.deepEqual(px(clip, 0), BAD);
  assert.deepEqual(px(clip, 1), [255, 255, 255, 255]);
  assert.deepEqual(px(clip, 2), [0, 0, 0, 255]);
  const bad = cd.toImageData(map, { colormap: 'gray', bad: BAD, infinite: 'bad' });
  assert.deepEqual(
    [0, 1, 2].map((i) => px(bad, i)),
    [BAD, BAD, BAD],
  );
  assert.deepEqual(px(bad, 3), [0, 0, 0, 255]);
  assert.deepEqual(px(bad, 4), [255, 255, 255, 255]);
  // The default bad colour is matplotlib's: transparent.
  assert.deepEqual(px(cd.toImageData(map, {}), 0), [0, 0, 0, 0]);
});

test('toImageData stats: zeros, positives, NaN, infinities and the finite range of the whole map', () => {
  const r = rng(62);
  for (let trial = 0; trial < 20; trial++) {
    const map = randomMap(r, 5 + trial, 9 + 2 * trial, trial % 2 === 0);
    const { stats } = cd.toImageData(map, { size: [3, 4] });
    const d = Array.from(map.data);
    const finite = d.filter(Number.isFinite);
    assert.deepEqual(stats, {
      count: d.length,
      zeros: d.filter((v) => v === 0).length,
      positive: d.filter((v) => v > 0).length,
      nan: d.filter(Number.isNaN).length,
      posInf: d.filter((v) => v === Infinity).length,
      negInf: d.filter((v) => v === -Infinity).length,
      min: Math.min(...finite),
      max: Math.max(...finite),
    });
  }
  const none = cd.toImageData({ shape: [2, 2], data: new Float32Array(4).fill(NaN) }).stats;
  assert.ok(Number.isNaN(none.min) && Number.isNaN(none.max) && none.nan === 4);
});

test('toImageData out: colours into the given ImageData and returns it', () => {
  const map = randomMap(rng(63), 30, 20, false);
  const out = { data: new Uint8ClampedArray(10 * 7 * 4).fill(9), width: 7, height: 10 };
  const img = cd.toImageData(map, { size: [10, 7], out });
  assert.equal(img, out);
  assert.deepEqual(out.data, cd.toImageData(map, { size: [10, 7] }).data);
});

test('toImageData drawing options: bad values throw naming the parameter; the instance keeps working', () => {
  const map = { shape: [4, 6], data: new Float32Array(24).fill(1) };
  const cases = [
    [{ size: [5, 6] }, RangeError, /size must not exceed the map's size \[4, 6\]/],
    [{ size: [0, 2] }, RangeError, /size/],
    [{ size: 'big' }, TypeError, /size/],
    [{ bad: [1, 2, 3] }, TypeError, /bad must be \[r, g, b, a\]/],
    [{ bad: [1, 2, 3, 256] }, RangeError, /bad/],
    [{ infinite: 'hide' }, RangeError, /infinite must be 'clip' or 'bad'/],
    [{ out: new Float32Array(96) }, TypeError, /out must be an ImageData/],
    [{ size: [2, 3], out: { data: new Uint8ClampedArray(24), width: 3, height: 3 } }, RangeError, /out must be 3x2/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => cd.toImageData(map, options),
      (e) => e instanceof type && message.test(e.message) && e.message.startsWith(`${fn}:`),
    );
  }
  assert.equal(cd.toImageData(map, { size: [2, 3] }).width, 3);
});

test('toImageData with size and out: the heap stays flat over 1,000 calls', () => {
  const map = randomMap(rng(64), 64, 48, true);
  const out = { data: new Uint8ClampedArray(16 * 12 * 4), width: 12, height: 16 };
  assertHeapFlat(cd, (i) => cd.toImageData(map, { size: [16, 12], out, infinite: i % 2 ? 'bad' : 'clip' }));
});
