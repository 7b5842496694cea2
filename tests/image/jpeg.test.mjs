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
import { decodeImage, imageSize } from '../../image/node.mjs';

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
      assert.deepEqual(image.info, { format: 'JPEG', orientation: want.orientation, scale: 1 });
      const ref = Buffer.from(want.rgba, 'base64');
      let differ = 0;
      for (let i = 0; i < ref.length; i++) if (ref[i] !== image.data[i]) differ++;
      assert.equal(differ, 0, `${differ} of ${ref.length} samples differ from libjpeg's`);
    });
  }
});

describe('jpeg: minSize decodes at a reduced DCT scale', () => {
  const bytes = (name) => readFileSync(join(FIXTURES, name));

  // photo.jpg is 90 x 70: 1/2 → 45 x 35, 1/4 → 23 x 18, 1/8 → 12 x 9 (libjpeg rounds up).
  for (const [minSize, size, scale] of [
    [[9, 12], [12, 9], 1 / 8],
    [[1, 1], [12, 9], 1 / 8],
    [[10, 12], [23, 18], 1 / 4],
    [[9, 13], [23, 18], 1 / 4],
    [[18, 23], [23, 18], 1 / 4],
    [[19, 23], [45, 35], 1 / 2],
    [[35, 45], [45, 35], 1 / 2],
    [[36, 45], [90, 70], 1],
    [[70, 90], [90, 70], 1],
    [[500, 500], [90, 70], 1],
  ]) {
    test(`photo.jpg, minSize [${minSize}]: ${size.join(' x ')} (scale ${scale})`, async () => {
      const image = await decodeImage(bytes('photo.jpg'), { minSize });
      assert.deepEqual([image.width, image.height, image.info.scale], [...size, scale]);
      assert.equal(image.data.length, size[0] * size[1] * 3);
    });
  }

  test('minSize is upright: orientations 6 and 8 (stored 40 x 30, seen 30 x 40) scale the stored sides', async () => {
    for (const name of ['rotated-6.jpg', 'rotated-8.jpg']) {
      // Seen 30 x 40: at 1/8 stored 5 x 4, seen 4 x 5; at 1/4 seen 8 x 10.
      const eighth = await decodeImage(bytes(name), { minSize: [5, 4] });
      assert.deepEqual([eighth.width, eighth.height, eighth.info.scale], [4, 5, 1 / 8], name);
      const quarter = await decodeImage(bytes(name), { minSize: [6, 4] });
      assert.deepEqual([quarter.width, quarter.height, quarter.info.scale], [8, 10, 1 / 4], name);
    }
  });

  test("a 1/8 decode is each 8 x 8 block's mean: within 3 levels of the full decode's block means (gray)", async () => {
    const full = await decodeImage(bytes('gray.jpg')); // 48 x 32
    const small = await decodeImage(bytes('gray.jpg'), { minSize: [4, 6] });
    assert.deepEqual([small.width, small.height, small.channels], [6, 4, 1]);
    let worst = 0;
    for (let by = 0; by < 4; by++) {
      for (let bx = 0; bx < 6; bx++) {
        let sum = 0;
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += full.data[(by * 8 + y) * 48 + bx * 8 + x];
        worst = Math.max(worst, Math.abs(sum / 64 - small.data[by * 6 + bx]));
      }
    }
    assert.ok(worst <= 3, `a block differs by ${worst} levels`);
  });

  test('PNG files decode at full size whatever minSize asks', async () => {
    const image = await decodeImage(bytes('rgb8.png'), { minSize: [1, 1] });
    assert.deepEqual([image.width, image.height], [13, 11]);
  });

  for (const bad of [[0, 4], [4], [4, 4, 4], [2.5, 3], '4x4', 4, [70000, 1], [-1, 2]]) {
    test(`minSize ${JSON.stringify(bad)} is a RangeError naming minSize`, async () => {
      await assert.rejects(decodeImage(bytes('photo.jpg'), { minSize: bad }), (error) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, /^decodeImage: minSize must be \[height, width\]/);
        return true;
      });
    });
  }
});

describe('imageSize: the upright size from the header', () => {
  const bytes = (name) => readFileSync(join(FIXTURES, name));
  for (const [name, want] of [
    ['photo.jpg', { width: 90, height: 70, format: 'JPEG' }],
    ['progressive.jpg', { width: 48, height: 32, format: 'JPEG' }],
    ['rotated-6.jpg', { width: 30, height: 40, format: 'JPEG' }],
    ['rotated-8.jpg', { width: 30, height: 40, format: 'JPEG' }],
    ['rgba8-adam7.png', { width: 13, height: 11, format: 'PNG' }],
    ['pillow-rgb.png', { width: 37, height: 29, format: 'PNG' }],
  ]) {
    test(`${name}: ${want.width} x ${want.height}, as decodeImage gives`, async () => {
      assert.deepEqual(imageSize(bytes(name)), want);
      assert.deepEqual(imageSize(new Uint8Array(bytes(name)).buffer), want);
      const image = await decodeImage(bytes(name));
      assert.deepEqual([image.width, image.height], [want.width, want.height]);
    });
  }

  test('errors: not an image, a JPEG cut before its frame header, a PNG without IHDR, a string', () => {
    assert.throws(() => imageSize(Buffer.from('these are my notes')), /not a PNG or JPEG image/);
    assert.throws(
      () => imageSize(bytes('photo.jpg').subarray(0, 20)),
      (e) => e instanceof JpegError,
    );
    const png = Buffer.from(bytes('rgb8.png'));
    png.write('XXXX', 12, 'latin1');
    assert.throws(() => imageSize(png), /no IHDR chunk/);
    assert.throws(
      () => imageSize('photo.jpg'),
      (e) => e instanceof TypeError && /^imageSize: bytes must be/.test(e.message),
    );
  });
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
