// fromImageData on RGB and gray pixels (the same tensor as their RGBA form, on both builds) and
// toImageData's grid of feature maps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCondense } from '../../bindings/node.mjs';

const builds = await Promise.all([true, false].map((simd) => loadCondense({ simd, threads: false })));

function rgbaOf(data, channels) {
  const pixels = data.length / channels;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = data[p * channels + (channels === 1 ? 0 : c)];
    out[p * 4 + 3] = 255;
  }
  return out;
}

const sameBits = (a, b, what) => {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  const x = new Uint32Array(a.data.buffer, a.data.byteOffset, a.data.length);
  const y = new Uint32Array(b.data.buffer, b.data.byteOffset, b.data.length);
  for (let i = 0; i < x.length; i++)
    if (x[i] !== y[i]) assert.fail(`${what}: element ${i} ${a.data[i]} != ${b.data[i]}`);
};

for (const cd of builds) {
  describe(`fromImageData, RGB and gray (${cd.backend})`, () => {
    const width = 23;
    const height = 17;
    for (const inChannels of [1, 3]) {
      const data = Uint8Array.from({ length: width * height * inChannels }, (_, i) => (i * 37 + (i >> 5)) & 0xff);
      const rgba = { data: rgbaOf(data, inChannels), width, height };
      for (const channels of [1, 3, 4]) {
        for (const size of [undefined, [9, 31]]) {
          test(`${inChannels} -> ${channels} channel(s), size ${size ?? 'kept'}: bit for bit its RGBA form`, () => {
            const options = { channels, ...(size ? { size } : {}) };
            const got = cd.fromImageData({ data, width, height }, options);
            const withField = cd.fromImageData({ data, width, height, channels: inChannels }, options);
            sameBits(got, cd.fromImageData(rgba, options), 'inferred channels');
            sameBits(withField, got, 'the channels field');
          });
        }
      }
    }

    test('RGB to 3 channels is each byte / 255; to 4 adds alpha 1', () => {
      const data = Uint8Array.of(0, 51, 255, 102, 204, 1);
      const x = cd.fromImageData({ data, width: 2, height: 1 }, { channels: 4 });
      assert.deepEqual(Array.from(x.data), [0, 51 / 255, 1, 1, 102 / 255, 204 / 255, 1 / 255, 1].map(Math.fround));
    });

    test('a length that fits no channel count, or disagrees with channels, names the rule', () => {
      assert.throws(
        () => cd.fromImageData({ data: new Uint8Array(10), width: 2, height: 2 }),
        /imageData\.data\.length .*width \* height \* 4 \(RGBA\) = 16, \* 3 \(RGB\) = 12 or \* 1 \(gray\) = 4/,
      );
      assert.throws(
        () => cd.fromImageData({ data: new Uint8Array(12), width: 2, height: 2, channels: 4 }),
        /width \* height \* channels = 16/,
      );
      assert.throws(() => cd.fromImageData({ data: new Uint8Array(8), width: 2, height: 2, channels: 2 }), RangeError);
      assert.deepEqual(cd.outputShape('fromImageData', [[5, 7]], { channels: 3 }), [1, 5, 7, 3]);
    });
  });

  describe(`toImageData grid (${cd.backend})`, () => {
    const map = { shape: [1, 3, 2, 5], data: Float32Array.from({ length: 30 }, (_, i) => i) };

    test('channel k drawn at its cell, on one scale, gaps transparent', () => {
      const g = cd.toImageData(map, { grid: { columns: 3, gap: 2 }, colormap: 'gray' });
      assert.deepEqual(g.grid, { columns: 3, rows: 2, width: 2, height: 3, gap: 2 });
      assert.deepEqual([g.width, g.height, g.vmin, g.vmax], [3 * 2 + 2 * 2, 2 * 3 + 2, 0, 29]);
      for (let k = 0; k < 5; k++) {
        const single = cd.toImageData(
          { shape: [3, 2], data: Float32Array.from({ length: 6 }, (_, i) => map.data[i * 5 + k]) },
          { colormap: 'gray', vmin: 0, vmax: 29 },
        );
        const x0 = (k % 3) * 4;
        const y0 = Math.floor(k / 3) * 5;
        for (let y = 0; y < 3; y++) {
          for (let x = 0; x < 2; x++) {
            const o = ((y0 + y) * g.width + x0 + x) * 4;
            const s = (y * 2 + x) * 4;
            assert.deepEqual(
              Array.from(g.data.subarray(o, o + 4)),
              Array.from(single.data.subarray(s, s + 4)),
              `k ${k}`,
            );
          }
        }
      }
      assert.deepEqual(Array.from(g.data.subarray(8, 12)), [0, 0, 0, 0], 'a gap pixel');
      assert.deepEqual(Array.from(g.data.subarray(g.data.length - 4)), [0, 0, 0, 0], 'the empty sixth cell');
    });

    test('defaults: ceil(sqrt(c)) columns, gap 1; resident maps too; errors name grid', () => {
      const g = cd.toImageData(map, { grid: true });
      assert.deepEqual(g.grid, { columns: 3, rows: 2, width: 2, height: 3, gap: 1 });
      const r = cd.upload(map);
      assert.deepEqual(cd.toImageData(r, { grid: true }).data, g.data);
      r.dispose();
      assert.throws(() => cd.toImageData(map), /pass \{ grid: true \}/);
      assert.throws(() => cd.toImageData(map, { grid: { columns: 0 } }), /grid\.columns/);
      assert.throws(() => cd.toImageData(map, { grid: { rows: 2 } }), /grid\.rows/);
      assert.throws(() => cd.toImageData(map, { grid: 'yes' }), /grid/);
    });
  });
}
