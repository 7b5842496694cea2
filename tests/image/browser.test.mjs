// condense/image's browser entry (image/browser.mjs: CompressionStream, DecompressionStream and
// the browser's JPEG decoder) in headless Chromium: the same PNG pixels as Node's entry, PNG
// round trips, JPEG within a few levels of Node's decoder (two different IDCTs), the same
// orientation and channels, and the same errors.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeImage } from '../../image/node.mjs';
import { launchChromium, ROOT, serveDir } from '../package-fixtures/harness.mjs';
import { FIXTURES } from '../cli-fixtures/run.mjs';

const FILES = [
  'rgb8.png',
  'gray16-adam7.png',
  'palette4-alpha.png',
  'rgba8.png',
  'photo.jpg',
  'gray.jpg',
  'rotated-6.jpg',
];

describe('condense/image in Chromium (image/browser.mjs)', () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await serveDir(ROOT);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server.url}/no-such-page`); // any same-origin document (a 404 is one)
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const inPage = (name, fn, arg) =>
    page.evaluate(
      async ({ src, arg: a, url }) => {
        const image = await import(`${url}/image/browser.mjs`);
        return new Function('image', 'arg', `return (${src})(image, arg);`)(image, a);
      },
      { src: fn.toString(), arg, url: server.url, name },
    );

  for (const name of FILES) {
    test(`${name}: same size, channels and orientation as in Node; pixels equal (PNG) or close (JPEG)`, async () => {
      const bytes = await readFile(join(FIXTURES, name));
      const node = await decodeImage(bytes);
      const got = await inPage(
        name,
        async (image, b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const d = await image.decodeImage(bytes);
          return { width: d.width, height: d.height, channels: d.channels, info: d.info, data: Array.from(d.data) };
        },
        bytes.toString('base64'),
      );
      assert.deepEqual([got.width, got.height, got.channels], [node.width, node.height, node.channels]);
      if (name.endsWith('.png')) {
        assert.deepEqual(got.info, node.info);
        assert.deepEqual(got.data, Array.from(node.data));
      } else {
        assert.equal(got.info.orientation, node.info.orientation);
        let sum = 0;
        for (let i = 0; i < got.data.length; i++) sum += Math.abs(got.data[i] - node.data[i]);
        assert.ok(sum / got.data.length < 4, `mean difference ${sum / got.data.length} levels`);
      }
    });
  }

  test('encodePng round trips 1 to 4 channels; errors are the same classes as in Node', async () => {
    const result = await inPage('roundtrip', async (image) => {
      const out = [];
      for (const channels of [1, 2, 3, 4]) {
        const data = Uint8Array.from({ length: 7 * 5 * channels }, (_, i) => (i * 29) & 255);
        const png = await image.encodePng({ data, width: 7, height: 5, channels }, { filter: 'paeth' });
        const back = await image.decodeImage(png, { channels: 4 });
        const want = [];
        for (let p = 0; p < 35; p++) {
          const s = p * channels;
          const g = channels < 3;
          want.push(data[s], g ? data[s] : data[s + 1], g ? data[s] : data[s + 2]);
          want.push(channels === 2 ? data[s + 1] : channels === 4 ? data[s + 3] : 255);
        }
        out.push(want.every((v, i) => back.data[i] === v));
      }
      const errors = [];
      for (const bytes of [new TextEncoder().encode('GIF89a.....'), Uint8Array.of(0xff, 0xd8, 0xff, 0, 1)]) {
        await image.decodeImage(bytes).catch((e) => errors.push([e.constructor.name, e.message]));
      }
      return { out, errors };
    });
    assert.deepEqual(result.out, [true, true, true, true]);
    assert.equal(result.errors[0][0], 'PngError');
    assert.match(result.errors[0][1], /it is a GIF image/);
    assert.equal(result.errors[1][0], 'JpegError');
  });
});
