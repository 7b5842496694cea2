// encodePngBands (condense/image, Node): a picture drawn and deflated a band of rows at a time
// decodes to exactly the pixels encodePngSync writes for the whole picture, for every filter,
// band height and channel count, streamed out or returned whole; its chunks are well formed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { crc32 } from '../../image/png.mjs';
import { decodePngSync, encodePngBands, encodePngSync } from '../../image/node.mjs';

// A deterministic picture with texture (so every filter has work) and flat runs.
function picture(width, height, channels) {
  const data = new Uint8Array(width * height * channels);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const x = Math.floor(i / channels) % width;
    data[i] = x % 7 === 0 ? 200 : (seed >>> 24) ^ (i % 251);
  }
  return { data, width, height, channels };
}

// draw() copies the band's rows out of the whole picture, checking what it is asked for.
function drawer(image, seen) {
  return (band) => {
    assert.equal(band.width, image.width);
    assert.equal(band.data.length, band.width * band.height * image.channels);
    seen.push([band.top, band.height]);
    const rowBytes = image.width * image.channels;
    band.data.set(image.data.subarray(band.top * rowBytes, (band.top + band.height) * rowBytes));
  };
}

function chunks(file) {
  const view = new DataView(file.buffer, file.byteOffset, file.length);
  const out = [];
  for (let at = 8; at < file.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8));
    assert.equal(view.getUint32(at + 8 + length), crc32(file.subarray(at + 4, at + 8 + length)), `${type} CRC`);
    out.push({ type, data: file.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('encodePngBands', () => {
  for (const filter of ['adaptive', 'none', 'sub', 'up', 'paeth']) {
    for (const bandRows of [1, 5, 64]) {
      test(`filter ${filter}, bands of ${bandRows} rows: the same pixels as encodePngSync`, async () => {
        const image = picture(37, 23, 4);
        const seen = [];
        const file = await encodePngBands(
          { width: 37, height: 23, channels: 4, filter, bandRows },
          drawer(image, seen),
        );
        const want = decodePngSync(encodePngSync(image, { filter }));
        assert.deepEqual(decodePngSync(file).data, want.data);
        // Every row drawn once, in order.
        const rows = seen.flatMap(([top, n]) => Array.from({ length: n }, (_, i) => top + i));
        assert.deepEqual(
          rows,
          Array.from({ length: 23 }, (_, i) => i),
        );
      });
    }
  }

  for (const [channels, outChannels] of [
    [4, 3],
    [3, 3],
    [1, 1],
    [2, 1],
  ]) {
    test(`${channels} channels in, ${outChannels} out: decodes to the picture`, async () => {
      const image = picture(19, 11, channels);
      const file = await encodePngBands(
        { width: 19, height: 11, channels, outChannels, bandRows: 4 },
        drawer(image, []),
      );
      const natural = decodePngSync(file, { natural: true });
      assert.equal(natural.channels, outChannels);
      const want = new Uint8Array(19 * 11 * outChannels);
      for (let p = 0; p < 19 * 11; p++) {
        for (let c = 0; c < outChannels; c++) want[p * outChannels + c] = image.data[p * channels + c];
      }
      assert.deepEqual(natural.data, want);
    });
  }

  test('write: the file streamed out in pieces, one IDAT per piece of zlib output, IEND last', async () => {
    const image = picture(300, 200, 4);
    const pieces = [];
    const length = await encodePngBands(
      {
        width: 300,
        height: 200,
        outChannels: 3,
        filter: 'sub',
        bandRows: 16,
        write: async (bytes) => {
          await new Promise((resolve) => setImmediate(resolve)); // a slow sink keeps the order
          pieces.push(Uint8Array.from(bytes));
        },
      },
      drawer(image, []),
    );
    const file = Buffer.concat(pieces);
    assert.equal(file.length, length);
    const list = chunks(file);
    assert.equal(list[0].type, 'IHDR');
    assert.equal(list.at(-1).type, 'IEND');
    const idat = list.filter((c) => c.type === 'IDAT');
    assert.ok(idat.length >= 1);
    assert.equal(inflateSync(Buffer.concat(idat.map((c) => c.data))).length, 200 * (300 * 3 + 1));
    assert.deepEqual(decodePngSync(file).data, decodePngSync(encodePngSync(image, { channels: 3 })).data);
  });

  test('a failing write rejects with its error, and the rest is not written', async () => {
    let calls = 0;
    await assert.rejects(
      encodePngBands(
        {
          width: 64,
          height: 64,
          bandRows: 8,
          write: async () => {
            calls++;
            throw new Error('disk full');
          },
        },
        drawer(picture(64, 64, 4), []),
      ),
      /disk full/,
    );
    assert.equal(calls, 1);
  });

  test('bad sizes are RangeErrors naming the option', async () => {
    await assert.rejects(
      encodePngBands({ width: 0, height: 4 }, () => {}),
      /width and height/,
    );
    await assert.rejects(
      encodePngBands({ width: 4, height: 4, bandRows: 0 }, () => {}),
      /bandRows/,
    );
    await assert.rejects(
      encodePngBands({ width: 4, height: 4, outChannels: 5 }, () => {}),
      /outChannels/,
    );
  });
});
