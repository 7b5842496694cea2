// image/jpeg.mjs: the vendored jpeg-js decoder on files from libjpeg (baseline, progressive,
// grayscale, EXIF-rotated: compared with libjpeg + Pillow's exif_transpose), the EXIF
// orientation reader and the eight orientations, and the errors for damaged files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { applyOrientation, decodeJpeg, exifOrientation, isJpeg, JpegError } from '../../image/jpeg.mjs';
import { exifWithOrientation } from '../cli-fixtures/exif.mjs';
import { FIXTURES } from '../cli-fixtures/run.mjs';
import decodeJpegPixels from '../../image/vendor/jpeg-js/decoder.cjs';
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
    // libjpeg smooths the chroma when it upsamples and jpeg-js does not: a few levels apart on
    // colour edges, while a missed scan, a wrong IDCT or a wrong orientation is tens of levels
    // off (a rotated-6.jpg turned the wrong way is 45 levels off on average).
    test(`${name}: upright and within a few levels of libjpeg's decoding`, async () => {
      const want = expected[name];
      const bytes = readFileSync(join(FIXTURES, name));
      assert.ok(isJpeg(bytes));
      const image = await decodeImage(bytes, { channels: 4 });
      assert.equal((await decodeJpeg(bytes)).channels, name === 'gray.jpg' ? 1 : 3, "the file's own channels");
      assert.deepEqual([image.width, image.height], [want.width, want.height]);
      assert.deepEqual(image.info, { format: 'JPEG', orientation: want.orientation });
      const ref = Buffer.from(want.rgba, 'base64');
      let worst = 0;
      let sum = 0;
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs(ref[i] - image.data[i]);
        worst = Math.max(worst, d);
        sum += d;
      }
      assert.ok(worst <= 10 && sum / ref.length <= 2.5, `largest difference ${worst}, mean ${sum / ref.length}`);
    });
  }
});

describe('jpeg: EXIF orientation', () => {
  test('read from big- and little-endian blocks, with or without the "Exif" prefix', () => {
    for (let v = 1; v <= 8; v++) {
      assert.equal(exifOrientation(exifWithOrientation(v)), v);
      assert.equal(exifOrientation(exifWithOrientation(v, { little: true })), v);
      assert.equal(exifOrientation(exifWithOrientation(v, { prefix: false })), v);
      // jpeg-js hands over the block after "Exif\0", one padding byte still in front.
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
    const plain = decodeJpegPixels(file, { useTArray: true });
    assert.deepEqual([plain.width, plain.height], [40, 30]);
    const image = await decodeImage(file, { channels: 4 });
    assert.deepEqual([image.width, image.height, image.info.orientation], [30, 40, 8]);
    assert.deepEqual(image.data, applyOrientation(plain, 8).data);
    const rgb = await decodeJpeg(file);
    assert.equal(rgb.channels, 3);
    const stored3 = decodeJpegPixels(file, { useTArray: true, formatAsRGBA: false });
    assert.deepEqual(rgb.data, applyOrientation(stored3, 8, 3).data, 'three channels turn the same way');
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

  test('a header claiming more than 100 megapixels is refused', async () => {
    const b = Buffer.from(good);
    const sof = b.indexOf(Buffer.from([0xff, 0xc0])); // baseline start of frame
    b.writeUInt16BE(20000, sof + 5);
    b.writeUInt16BE(20000, sof + 7);
    await assert.rejects(decodeJpeg(b), /corrupt or unsupported JPEG \(maxResolutionInMP limit exceeded/);
  });
});
