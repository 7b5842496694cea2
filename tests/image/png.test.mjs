// image/png.mjs (condense/image's PNG codec, through its Node entry): every colour type and bit depth, tRNS and Adam7
// from two independent encoders (pypng, Pillow; expected pixels computed from the samples
// written, see tests/cli-fixtures/make-fixtures.py), all five row filters, encode round trips
// and the errors for damaged files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import { crc32, PngError } from '../../image/png.mjs';
import { decodePngSync as decodePng, encodePngSync as encodePng } from '../../image/node.mjs';
import { FIXTURES } from '../cli-fixtures/run.mjs';
import { chunk, crc, filterRows, ihdr, SIGNATURE, testPixels, writePng } from '../cli-fixtures/pngwriter.mjs';

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));
const pngFixtures = Object.keys(expected).filter((name) => name.endsWith('.png'));

function firstDifference(actual, want, width) {
  for (let i = 0; i < want.length; i++) {
    if (actual[i] !== want[i]) {
      const p = i >> 2;
      return `pixel (${p % width}, ${Math.floor(p / width)}) channel ${'RGBA'[i & 3]}: got ${actual[i]}, want ${want[i]}`;
    }
  }
  return null;
}

describe('png: decoding files from pypng and Pillow', () => {
  test('the fixture set covers every colour type, bit depth, tRNS and Adam7', () => {
    assert.equal(pngFixtures.length, 46);
    for (const kind of [
      'gray1',
      'gray2',
      'gray4',
      'gray8',
      'gray16',
      'graya8',
      'graya16',
      'rgb8',
      'rgb16',
      'rgba8',
      'rgba16',
      'palette1',
      'palette2',
      'palette4',
      'palette8',
      'palette8-alpha',
      'gray16-trns',
      'rgb16-trns',
    ]) {
      assert.ok(pngFixtures.includes(`${kind}.png`) && pngFixtures.includes(`${kind}-adam7.png`), kind);
    }
  });

  for (const name of pngFixtures) {
    test(`${name}: every pixel as the specification defines it`, () => {
      const want = expected[name];
      const image = decodePng(readFileSync(join(FIXTURES, name)));
      assert.equal(image.width, want.width);
      assert.equal(image.height, want.height);
      assert.ok(image.data instanceof Uint8Array);
      assert.equal(image.info.interlaced, name.includes('adam7'));
      const rgba = Buffer.from(want.rgba, 'base64');
      assert.equal(image.data.length, rgba.length);
      assert.equal(firstDifference(image.data, rgba, want.width), null);
    });
  }
});

describe('png: the five row filters', () => {
  for (const filters of [[0], [1], [2], [3], [4], [4, 3, 2, 1, 0]]) {
    for (const colorType of [2, 6]) {
      test(`filter ${filters.join(',')}, ${colorType === 6 ? 'RGBA' : 'RGB'}`, () => {
        const rgba = testPixels(19, 9, 7);
        if (colorType === 2) for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
        else for (let i = 3; i < rgba.length; i += 16) rgba[i] = i & 0xff;
        const image = decodePng(writePng({ width: 19, height: 9, rgba, colorType, filters }));
        assert.equal(firstDifference(image.data, rgba, 19), null);
      });
    }
  }

  test('sub-byte pixels: the filters step by one byte (bpp rounds up to 1)', () => {
    // 2-bit grayscale, 10 pixels = 3 bytes a row, Paeth and Average on every row.
    const rows = [
      [0b00011011, 0b11100100, 0b01000000],
      [0b11111111, 0b00000000, 0b10100000],
      [0b01010101, 0b10101010, 0b11000000],
    ];
    const file = Buffer.concat([
      SIGNATURE,
      ihdr(10, 3, 2, 0),
      chunk('IDAT', deflateSync(filterRows(rows, 1, [4, 3, 4]))),
      chunk('IEND', []),
    ]);
    const image = decodePng(file);
    const gray = [];
    for (let i = 0; i < image.data.length; i += 4) gray.push(image.data[i]);
    assert.deepEqual(
      gray,
      [
        0, 85, 170, 255, 255, 170, 85, 0, 85, 0, 255, 255, 255, 255, 0, 0, 0, 0, 170, 170, 85, 85, 85, 85, 170, 170,
        170, 170, 255, 0,
      ],
    );
  });
});

describe('png: encoding', () => {
  test("crc32 matches the PNG specification's check value and the test writer", () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    const bytes = Buffer.from(testPixels(5, 5));
    assert.equal(crc32(bytes), crc(bytes));
  });

  for (const alpha of [true, false]) {
    test(`round trip, ${alpha ? 'RGBA' : 'RGB'}: what is written decodes to the same pixels`, () => {
      const rgba = testPixels(41, 23, 3);
      if (alpha) for (let i = 3; i < rgba.length; i += 4) rgba[i] = (i * 7) & 0xff;
      const file = encodePng({ data: rgba, width: 41, height: 23 }, { alpha });
      const image = decodePng(file);
      assert.equal(image.info.colorType, alpha ? 'RGBA' : 'RGB');
      const want = Uint8Array.from(rgba);
      if (!alpha) for (let i = 3; i < want.length; i += 4) want[i] = 255;
      assert.equal(firstDifference(image.data, want, 41), null);
    });
  }

  test('the encoder picks different filters for different rows (adaptive, not one fixed filter)', () => {
    const rgba = new Uint8Array(32 * 8 * 4);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 32; x++) {
        const o = (y * 32 + x) * 4;
        rgba[o] = y < 4 ? x * 8 : 77; // a ramp (Sub wins), then rows equal to the one above (Up wins)
        rgba[o + 1] = y < 4 ? x * 8 : 77;
        rgba[o + 2] = y < 4 ? x * 8 : 77;
        rgba[o + 3] = 255;
      }
    }
    const file = encodePng({ data: rgba, width: 32, height: 8 }, { alpha: false });
    assert.deepEqual(decodePng(file).data, rgba);
    const at = file.indexOf('IDAT');
    const rows = inflateSync(file.subarray(at + 4, at + 4 + file.readUInt32BE(at - 4)));
    const filters = Array.from({ length: 8 }, (_, y) => rows[y * (1 + 32 * 3)]);
    assert.equal(filters[0], 1, 'the first row, a ramp: Sub leaves small steps');
    assert.equal(filters[5], 2, 'a row equal to the one above: Up leaves zeros');
  });

  test('a data length that does not match the size is a RangeError', () => {
    assert.throws(() => encodePng({ data: new Uint8Array(10), width: 2, height: 2 }), RangeError);
  });
});

describe('png: damaged and unsupported files', () => {
  const good = writePng({ width: 8, height: 6, rgba: testPixels(8, 6) });
  const idatAt = good.indexOf('IDAT') - 4;

  const cases = [
    ['not a PNG', Buffer.from('GIF89a not a png at all'), /not a PNG file/],
    ['an empty buffer', Buffer.alloc(0), /not a PNG file/],
    ['only the signature', SIGNATURE, /truncated/],
    ['cut inside IDAT', good.subarray(0, idatAt + 20), /truncated: chunk IDAT/],
    ['cut before IEND', good.subarray(0, good.length - 12), /truncated: the file ends before the IEND chunk/],
    [
      'a flipped bit in IDAT',
      (() => {
        const b = Buffer.from(good);
        b[idatAt + 12] ^= 4;
        return b;
      })(),
      /CRC mismatch in chunk IDAT/,
    ],
    ['a zero width', Buffer.concat([SIGNATURE, ihdr(0, 4, 8, 6), chunk('IEND', [])]), /image size 0x4/],
    [
      'bit depth 16 with a palette',
      Buffer.concat([SIGNATURE, ihdr(4, 4, 16, 3), chunk('IEND', [])]),
      /bit depth 16 is not allowed for palette/,
    ],
    ['colour type 5', Buffer.concat([SIGNATURE, ihdr(4, 4, 8, 5), chunk('IEND', [])]), /unknown colour type 5/],
    [
      'interlace method 2',
      Buffer.concat([SIGNATURE, ihdr(4, 4, 8, 6, 2), chunk('IEND', [])]),
      /unknown interlace method 2/,
    ],
    [
      'a palette image without PLTE',
      Buffer.concat([
        SIGNATURE,
        ihdr(2, 1, 8, 3),
        chunk('IDAT', deflateSync(Buffer.from([0, 0, 0]))),
        chunk('IEND', []),
      ]),
      /no PLTE/,
    ],
    [
      'a palette index past the palette',
      Buffer.concat([
        SIGNATURE,
        ihdr(2, 1, 8, 3),
        chunk('PLTE', [1, 2, 3]),
        chunk('IDAT', deflateSync(Buffer.from([0, 0, 1]))),
        chunk('IEND', []),
      ]),
      /palette index 1/,
    ],
    ['no IDAT', Buffer.concat([SIGNATURE, ihdr(2, 2, 8, 6), chunk('IEND', [])]), /no IDAT/],
    [
      'IDAT that is not zlib',
      Buffer.concat([SIGNATURE, ihdr(2, 2, 8, 6), chunk('IDAT', Buffer.from('hello world')), chunk('IEND', [])]),
      /does not inflate/,
    ],
    [
      'too little image data',
      Buffer.concat([SIGNATURE, ihdr(4, 4, 8, 6), chunk('IDAT', deflateSync(Buffer.alloc(17 * 3))), chunk('IEND', [])]),
      /truncated: the image data holds 51 of 68 bytes/,
    ],
    [
      'filter type 5',
      Buffer.concat([SIGNATURE, ihdr(1, 1, 8, 0), chunk('IDAT', deflateSync(Buffer.from([5, 9]))), chunk('IEND', [])]),
      /unknown filter type 5 in row 0/,
    ],
    [
      'more pixels than the limit',
      Buffer.concat([SIGNATURE, ihdr(20000, 20000, 8, 6), chunk('IEND', [])]),
      /too large: 20000x20000 is more than 100 megapixels/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    test(`${what}: PngError ${message}`, () => {
      assert.throws(
        () => decodePng(bytes),
        (error) => error instanceof PngError && message.test(error.message),
      );
    });
  }

  test('the pixel limit is checked before any data is inflated', () => {
    const bomb = Buffer.concat([
      SIGNATURE,
      ihdr(5000, 5000, 8, 6),
      chunk('IDAT', deflateSync(Buffer.alloc(1 << 20))),
      chunk('IEND', []),
    ]);
    assert.throws(() => decodePng(bomb, { maxPixels: 1e6 }), /too large/);
  });
});
