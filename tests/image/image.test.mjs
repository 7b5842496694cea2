// condense/image's public entry in Node: decodeImage returns each file's own channels (or the
// ones asked for), names the formats it does not read, and encodePng round-trips every channel
// count and filter through decodeImage; the package exports it as condense/image.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as image from '../../image/node.mjs';
import { FIXTURES } from '../cli-fixtures/run.mjs';

const { decodeImage, encodePng, encodePngSync, PngError } = image;
const file = (name) => readFileSync(join(FIXTURES, name));

function pixels(width, height, channels, seed = 1) {
  let s = seed;
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    // Smooth ramps plus noise, so every filter type wins somewhere.
    data[i] = ((i % 7) * 20 + Math.floor(i / (width * channels)) * 3 + (s >>> 29)) & 0xff;
  }
  return { data, width, height, channels };
}

describe('decodeImage', () => {
  const cases = [
    ['gray8.png', 1],
    ['gray16.png', 1],
    ['gray1-adam7.png', 1],
    ['gray8-trns.png', 4],
    ['graya8.png', 4],
    ['rgb8.png', 3],
    ['rgb16-adam7.png', 3],
    ['rgb8-trns.png', 4],
    ['rgba8.png', 4],
    ['palette8.png', 3],
    ['palette4-alpha.png', 4],
    ['photo.jpg', 3],
    ['gray.jpg', 1],
  ];
  for (const [name, channels] of cases) {
    test(`${name}: ${channels} channel(s), the same pixels as its RGBA decoding`, async () => {
      const own = await decodeImage(file(name));
      const rgba = await decodeImage(file(name), { channels: 4 });
      assert.equal(own.channels, channels);
      assert.equal(own.data.length, own.width * own.height * channels);
      assert.equal(rgba.channels, 4);
      for (let p = 0; p < own.width * own.height; p++) {
        for (let c = 0; c < 4; c++) {
          const want =
            c === 3 ? (channels === 4 ? own.data[p * 4 + 3] : 255) : own.data[p * channels + (channels === 1 ? 0 : c)];
          if (rgba.data[p * 4 + c] !== want) assert.fail(`pixel ${p} channel ${c}: ${rgba.data[p * 4 + c]} != ${want}`);
        }
      }
    });
  }

  test('an ArrayBuffer works as a Uint8Array does; channels 3 drops the alpha', async () => {
    const bytes = file('rgba8.png');
    const a = await decodeImage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const b = await decodeImage(bytes);
    assert.deepEqual(a.data, b.data);
    const rgb = await decodeImage(bytes, { channels: 3 });
    assert.deepEqual(
      rgb.data,
      b.data.filter((_, i) => i % 4 !== 3),
    );
  });

  test('channels 1 from a colour image is refused with the way to get grayscale', async () => {
    await assert.rejects(
      decodeImage(file('rgb8.png'), { channels: 1 }),
      /channels 1 needs a gray image.*fromImageData/,
    );
    assert.equal((await decodeImage(file('gray8-trns.png'), { channels: 3 })).channels, 3);
  });

  test('bad arguments and other formats are named', async () => {
    await assert.rejects(decodeImage('x.png'), /decodeImage: bytes must be a Uint8Array/);
    await assert.rejects(decodeImage(file('rgb8.png'), { channels: 2 }), /channels must be 1, 3 or 4/);
    await assert.rejects(decodeImage(file('rgb8.png'), { size: 3 }), /unknown option 'size'/);
    await assert.rejects(decodeImage(new Uint8Array(0)), (e) => e instanceof PngError && /empty/.test(e.message));
    const gif = new TextEncoder().encode('GIF89a.........');
    await assert.rejects(decodeImage(gif), /it is a GIF image; condense reads PNG and JPEG/);
    await assert.rejects(
      decodeImage(new TextEncoder().encode('hello world')),
      /not a PNG or JPEG image \(it starts with "hello world"\)/,
    );
    await assert.rejects(decodeImage(file('photo.jpg'), { maxPixels: 100 }), /too large: the image is 90x70/);
    await assert.rejects(decodeImage(file('rgb8.png'), { maxPixels: 100 }), /too large/);
  });
});

describe('encodePng', () => {
  for (const channels of [1, 2, 3, 4]) {
    for (const filter of ['adaptive', 'none', 'sub', 'up', 'paeth']) {
      test(`${channels} channel(s), filter ${filter}: decodes to the same pixels`, async () => {
        const src = pixels(37, 19, channels, channels * 7 + filter.length);
        const png = await encodePng(src, { filter });
        const back = await decodeImage(png, { channels: 4 });
        for (let p = 0; p < 37 * 19; p++) {
          const s = p * channels;
          const want =
            channels === 1
              ? [src.data[s], src.data[s], src.data[s], 255]
              : channels === 2
                ? [src.data[s], src.data[s], src.data[s], src.data[s + 1]]
                : [src.data[s], src.data[s + 1], src.data[s + 2], channels === 4 ? src.data[s + 3] : 255];
          assert.deepEqual(Array.from(back.data.subarray(p * 4, p * 4 + 4)), want, `pixel ${p}`);
        }
      });
    }
  }

  test('the adaptive filter picks per row: no larger than any single filter on mixed rows', () => {
    const src = pixels(200, 60, 3, 5);
    const sizes = Object.fromEntries(
      ['adaptive', 'none', 'sub', 'up', 'paeth'].map((f) => [f, encodePngSync(src, { filter: f, level: 9 }).length]),
    );
    assert.ok(sizes.adaptive <= Math.max(...Object.values(sizes)), JSON.stringify(sizes));
    assert.ok(sizes.adaptive < sizes.none, JSON.stringify(sizes));
  });

  test('an ImageData-like RGBA object, alpha: false writes RGB; bad input is a RangeError or TypeError', async () => {
    const src = pixels(5, 4, 4);
    const rgba = { data: new Uint8ClampedArray(src.data), width: 5, height: 4 };
    const back = await decodeImage(await encodePng(rgba, { alpha: false }));
    assert.equal(back.channels, 3);
    assert.deepEqual(
      back.data,
      src.data.filter((_, i) => i % 4 !== 3),
    );
    assert.throws(() => encodePngSync({ data: new Uint8Array(10), width: 2, height: 2 }), RangeError);
    assert.throws(() => encodePngSync({ data: [1, 2, 3, 4], width: 1, height: 1 }), TypeError);
    assert.throws(() => encodePngSync(src, { channels: 1 }), /only the alpha can be dropped/);
    assert.throws(() => encodePngSync(src, { filter: 'best' }), /filter must be/);
  });
});

describe('package.json exports condense/image', () => {
  test('"./image" resolves to image/node.mjs in Node, image/browser.mjs elsewhere, with types', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.deepEqual(pkg.exports['./image'], {
      types: './image/index.d.ts',
      node: './image/node.mjs',
      default: './image/browser.mjs',
    });
    for (const f of [
      'image/*.mjs',
      'image/index.d.ts',
      'dist/condense-jpeg.mjs',
      'image/wasm/LICENSE-libjpeg-turbo.md',
    ])
      assert.ok(pkg.files.includes(f), f);
  });
});
