// image/jpeg.mjs: libjpeg-turbo's decoder in wasm on files from Pillow (baseline, progressive,
// grayscale, EXIF-rotated: the same pixels as Pillow's libjpeg + exif_transpose), the EXIF
// orientation reader and the eight orientations, and the errors for damaged files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { applyOrientation, exifOrientation, isJpeg, JpegError, jpegExif } from '../../image/jpeg.mjs';
import { decodeJpeg } from '../../image/jpeg-decode.mjs';
import { exifWithOrientation } from '../cli-fixtures/exif.mjs';
import { FIXTURES } from '../cli-fixtures/run.mjs';
import { decodeImage } from '../../image/node.mjs';

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

describe('jpeg: files from libjpeg (Pillow)', () => {
  test('the fixtures: baseline, progressive, grayscale and two EXIF orientations', () => {
    assert.deepEqual(
      Object.keys(expected)
        .filter((n) => n.endsWith('.jpg'))
        .sort(),
      ['gray.jpg', 'photo.jpg', 'progressive.jpg', 'rotated-6.jpg', 'rotated-8.jpg'],
    );
  });

  for (const name of Object.keys(expected).filter((n) => n.endsWith('.jpg'))) {
    // The same decoder as Pillow's (libjpeg-turbo, accurate integer IDCT, smooth chroma
    // upsampling), so the same pixels, to the last bit.
    test(`${name}: upright, and libjpeg's pixels exactly`, async () => {
      const want = expected[name];
      const bytes = readFileSync(join(FIXTURES, name));
      assert.ok(isJpeg(bytes));
      const image = await decodeImage(bytes, { channels: 4 });
      assert.equal((await decodeJpeg(bytes)).channels, name === 'gray.jpg' ? 1 : 3, "the file's own channels");
      assert.deepEqual([image.width, image.height], [want.width, want.height]);
      assert.deepEqual(image.info, { format: 'JPEG', orientation: want.orientation });
      const ref = Buffer.from(want.rgba, 'base64');
      let differ = 0;
      for (let i = 0; i < ref.length; i++) if (ref[i] !== image.data[i]) differ++;
      assert.equal(differ, 0, `${differ} of ${ref.length} samples differ from libjpeg's`);
    });
  }
});

describe('jpeg: EXIF orientation', () => {
  test('read from big- and little-endian blocks, with or without the "Exif" prefix', () => {
    for (let v = 1; v <= 8; v++) {
      assert.equal(exifOrientation(exifWithOrientation(v)), v);
      assert.equal(exifOrientation(exifWithOrientation(v, { little: true })), v);
      assert.equal(exifOrientation(exifWithOrientation(v, { prefix: false })), v);
      // Some writers leave the block after "Exif\0" with one padding byte still in front.
      assert.equal(exifOrientation(exifWithOrientation(v).subarray(5)), v);
    }
  });

  test('1 when there is no block, no tag, an out-of-range value or a cut block', () => {
    assert.equal(exifOrientation(undefined), 1);
    assert.equal(exifOrientation(Buffer.alloc(0)), 1);
    assert.equal(exifOrientation(exifWithOrientation(0)), 1);
    assert.equal(exifOrientation(exifWithOrientation(9)), 1);
    const otherTag = exifWithOrientation(6);
    otherTag[17] = 0x13; // tag 0x0113
    assert.equal(exifOrientation(otherTag), 1);
    assert.equal(exifOrientation(exifWithOrientation(6).subarray(0, 20)), 1);
    const badMagic = exifWithOrientation(6);
    badMagic[9] = 43;
    assert.equal(exifOrientation(badMagic), 1);
  });

  // Stored 3 x 2:  a b c / d e f
  const stored = {
    width: 3,
    height: 2,
    data: Uint8Array.from('abcdef'.split('').flatMap((ch) => [ch.charCodeAt(0), 0, 0, 255])),
  };
  const upright = {
    1: ['abc', 'def'],
    2: ['cba', 'fed'],
    3: ['fed', 'cba'],
    4: ['def', 'abc'],
    5: ['ad', 'be', 'cf'],
    6: ['da', 'eb', 'fc'],
    7: ['fc', 'eb', 'da'],
    8: ['cf', 'be', 'ad'],
  };
  for (const [orientation, rows] of Object.entries(upright)) {
    test(`orientation ${orientation}: ${rows.join(' / ')}`, () => {
      const out = applyOrientation(stored, Number(orientation));
      assert.deepEqual([out.width, out.height], [rows[0].length, rows.length]);
      const letters = [];
      for (let i = 0; i < out.data.length; i += 4) letters.push(String.fromCharCode(out.data[i]));
      assert.deepEqual(letters.join(''), rows.join(''));
      assert.ok(
        out.data.every((v, i) => (i % 4 === 3 ? v === 255 : i % 4 === 0 || v === 0)),
        'alpha and the other channels move with the pixel',
      );
    });
  }

  test("decodeJpeg applies the file's orientation (8: stored 40 x 30, seen 30 x 40)", async () => {
    const file = readFileSync(join(FIXTURES, 'rotated-8.jpg'));
    assert.equal(exifOrientation(jpegExif(file)), 8, 'the EXIF block is found among the segments');
    const sof = file.indexOf(Buffer.from([0xff, 0xc0]));
    assert.deepEqual([file.readUInt16BE(sof + 7), file.readUInt16BE(sof + 5)], [40, 30], 'stored 40 x 30');
    const image = await decodeImage(file, { channels: 4 });
    assert.deepEqual([image.width, image.height, image.info.orientation], [30, 40, 8]);
    const rgb = await decodeJpeg(file);
    assert.deepEqual([rgb.width, rgb.height, rgb.channels], [30, 40, 3]);
    assert.ok(
      rgb.data.every((v, i) => image.data[4 * Math.floor(i / 3) + (i % 3)] === v),
      'three channels turn the same way',
    );
  });

  test('a file without an EXIF block is upright as stored (orientation 1)', () => {
    const file = readFileSync(join(FIXTURES, 'photo.jpg'));
    assert.equal(jpegExif(file), undefined);
  });
});

describe('jpeg: damaged files', () => {
  const good = readFileSync(join(FIXTURES, 'photo.jpg'));
  const cases = [
    ['cut in half', good.subarray(0, good.length >> 1)],
    ['only the start marker', good.subarray(0, 4)],
    [
      'a run of 0xff bytes in the scan',
      (() => {
        const b = Buffer.from(good);
        b.fill(0xff, b.length - 80, b.length - 40);
        return b;
      })(),
    ],
  ];
  for (const [what, bytes] of cases) {
    test(`${what}: JpegError "corrupt or unsupported JPEG"`, async () => {
      await assert.rejects(
        decodeJpeg(bytes),
        (error) => error instanceof JpegError && /^corrupt or unsupported JPEG \(.+\)$/.test(error.message),
      );
    });
  }

  test('a header claiming more than 100 megapixels is refused before decoding', async () => {
    const b = Buffer.from(good);
    const sof = b.indexOf(Buffer.from([0xff, 0xc0])); // baseline start of frame
    b.writeUInt16BE(20000, sof + 5);
    b.writeUInt16BE(20000, sof + 7);
    await assert.rejects(decodeJpeg(b), /too large: the image is 20000x20000, more than the 100000000 pixels/);
    await assert.rejects(
      decodeJpeg(good, { maxPixels: 1000 }),
      /too large: the image is 90x70, more than the 1000 pixels/,
    );
  });

  test('after a damaged file, the next one decodes (each decode has its own instance)', async () => {
    await assert.rejects(decodeJpeg(good.subarray(0, 200)), JpegError);
    const image = await decodeJpeg(good);
    assert.deepEqual([image.width, image.height, image.channels], [90, 70, 3]);
  });
});
