// condense/image in Node: decodeImage (PNG, JPEG) and encodePng over node:zlib.
import { constants, crc32 as zlibCrc32, createDeflate, deflateSync, inflateSync } from 'node:zlib';
import { convertChannels, decodeOptions, formatOf, naturalPng, otherFormat } from './decode.mjs';
import { decodeJpeg } from './jpeg-decode.mjs';
import { exifOrientation, isJpeg, JpegError } from './jpeg.mjs';
import {
  assemblePng,
  chunkPieces,
  colorTypeOf,
  crc32,
  filterPng,
  finishPng,
  isPng,
  PngError,
  pngHead,
  pngTail,
  readPng,
} from './png.mjs';

export { exifOrientation, isJpeg, isPng, JpegError, otherFormat, PngError };

/** The PNG decoder alone, synchronous; RGBA out (`natural: true`: gray and RGB files may come out as 1 or 3 channels). */
export function decodePngSync(bytes, { maxPixels, natural = false } = {}) {
  const png = readPng(bytes, { maxPixels });
  let raw;
  try {
    raw = inflateSync(png.idat, { maxOutputLength: Math.max(png.expected, 1) });
  } catch (error) {
    if (error.code === 'ERR_BUFFER_TOO_LARGE') throw new PngError('corrupt: the image data is longer than the image');
    throw new PngError(`corrupt: the image data does not inflate (${error.message})`);
  }
  return finishPng(png, raw, { natural });
}

/**
 * Decodes a PNG or JPEG file: `{ width, height, data: Uint8Array, channels, info }`, with the
 * file's channels (1 gray, 3 RGB, 4 with alpha) unless `options.channels` asks for others.
 */
export async function decodeImage(bytes, options) {
  const o = decodeOptions(bytes, options);
  const b = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const image =
    formatOf(b) === 'png'
      ? naturalPng(decodePngSync(b, { maxPixels: o.maxPixels, natural: true }))
      : await decodeJpeg(b, o);
  return convertChannels(image, o.channels);
}

/**
 * Encodes `{ data, width, height, channels? }` (or an ImageData) as a PNG file (a Buffer).
 * Deflate runs at `level` 6 with zlib's run-length strategy: on filtered image rows it is about
 * 10x faster than the default strategy and no larger (measured in README "Image codecs").
 */
export function encodePngSync(image, { channels, alpha, filter, level = 6 } = {}) {
  const filtered = filterPng(image, { channels, alpha, filter });
  const deflated = deflateSync(filtered.rows, { level, strategy: constants.Z_RLE });
  const file = assemblePng(filtered, deflated);
  return Buffer.from(file.buffer, file.byteOffset, file.length);
}

/** encodePngSync, as a Promise (the same call in browsers). */
export async function encodePng(image, options) {
  return encodePngSync(image, options);
}

/**
 * Encodes a picture drawn a band of rows at a time, so that no whole-picture buffer exists:
 * `draw(band)` fills `band.data` (`channels` 8-bit samples a pixel, default 4) with rows
 * `band.top` to `band.top + band.height - 1` of a `width` x `height` picture. Each band is
 * filtered (`filter`, as encodePngSync) and fed to one zlib deflate stream while the next band
 * is drawn (zlib runs on Node's thread pool); two band buffers are reused, so the memory touched
 * stays a few bands whatever the picture's size. The same pixels as encodePngSync on the whole
 * picture; `outChannels` (default `channels`) may drop the alpha (4 → 3). With `write` (called
 * in order with each piece of the file, awaited one at a time) the file is streamed out, one
 * IDAT chunk per piece of zlib output, and the Promise resolves to its length in bytes; without
 * it, to the file (a Buffer).
 */
export async function encodePngBands(options, draw) {
  const { width, height, channels = 4, filter = 'adaptive', level = 6, bandRows = 64, write } = options;
  const { outChannels = channels } = options;
  if (!Number.isInteger(bandRows) || bandRows < 1)
    throw new RangeError(`encodePngBands: bandRows must be a positive integer (got ${bandRows})`);
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1)
    throw new RangeError(`encodePngBands: width and height must be positive integers (got ${width}x${height})`);
  const colorType = colorTypeOf(outChannels);
  if (colorType === undefined) throw new RangeError(`encodePngBands: outChannels must be 1 to 4 (got ${outChannels})`);
  const crc = typeof zlibCrc32 === 'function' ? zlibCrc32 : crc32; // zlib's: Node 20.15 and later
  const pieces = [];
  let length = 0;
  let chain = Promise.resolve();
  let failure = null;
  const emit = (...parts) => {
    for (const part of parts) {
      length += part.length;
      if (!write) pieces.push(part);
      else chain = chain.then(() => (failure ? undefined : write(part))).catch((error) => void (failure ??= error));
    }
  };
  emit(pngHead({ width, height, colorType }));
  const rowsPerBand = Math.min(bandRows, height);
  const deflate = createDeflate({ level, strategy: constants.Z_RLE, chunkSize: 1 << 20 });
  deflate.on('data', (part) => emit(...chunkPieces('IDAT', part, crc)));
  const ended = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  // Two buffers: one is drawn and filtered while zlib reads the other.
  const slots = [0, 1].map(() => ({
    pixels: new Uint8Array(width * rowsPerBand * channels),
    rows: new Uint8Array(rowsPerBand * (width * outChannels + 1)),
    done: Promise.resolve(),
  }));
  for (let top = 0, i = 0; top < height && !failure; top += rowsPerBand, i ^= 1) {
    const slot = slots[i];
    await slot.done; // zlib has read this buffer's previous band
    const rows = Math.min(rowsPerBand, height - top);
    const band = { data: slot.pixels.subarray(0, width * rows * channels), width, height: rows, top, channels };
    draw(band);
    const filtered = filterPng(band, { channels: outChannels, filter, out: slot.rows });
    // The callback runs once zlib has read the whole chunk; a stream error rejects `ended`.
    slot.done = new Promise((resolve) => deflate.write(filtered.rows, () => resolve()));
  }
  deflate.end();
  await ended;
  emit(pngTail());
  await chain;
  if (failure) throw failure;
  return write ? length : Buffer.concat(pieces, length);
}
