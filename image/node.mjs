// condense/image in Node: decodeImage (PNG, JPEG) and encodePng over node:zlib.
import * as zlib from 'node:zlib';
import { convertChannels, decodeOptions, formatOf, imageSize, naturalPng, otherFormat } from './decode.mjs';
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

export { exifOrientation, imageSize, isJpeg, isPng, JpegError, otherFormat, PngError };

/** The PNG decoder alone, synchronous; RGBA out (`natural: true`: gray and RGB files may come out as 1 or 3 channels). */
export function decodePngSync(bytes, { maxPixels, natural = false } = {}) {
  const png = readPng(bytes, { maxPixels });
  let raw;
  try {
    raw = zlib.inflateSync(png.idat, { maxOutputLength: Math.max(png.expected, 1) });
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
  const deflated = zlib.deflateSync(filtered.rows, { level, strategy: zlib.constants.Z_RLE });
  const file = assemblePng(filtered, deflated);
  return Buffer.from(file.buffer, file.byteOffset, file.length);
}

/** encodePngSync, as a Promise (the same call in browsers). */
export async function encodePng(image, options) {
  return encodePngSync(image, options);
}

// Adler-32 (the zlib stream's checksum) of `bytes`, continuing from `adler`.
function adler32(bytes, adler = 1) {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(bytes.length, i + 5552); // the longest run before b can overflow 2^53
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

// One band's filtered rows as raw deflate blocks ending in a sync flush (byte-aligned, not
// final), so that the bands' outputs laid end to end are one deflate stream.
const deflateBand = (rows, level) =>
  new Promise((resolve, reject) =>
    zlib.deflateRaw(
      rows,
      { level, strategy: zlib.constants.Z_RLE, finishFlush: zlib.constants.Z_SYNC_FLUSH },
      (error, out) => (error ? reject(error) : resolve(out)),
    ),
  );

/**
 * Encodes a picture drawn a band of rows at a time, so that no whole-picture buffer exists:
 * `draw(band)` fills `band.data` (`channels` 8-bit samples a pixel, default 4) with rows
 * `band.top` to `band.top + band.height - 1` of a `width` x `height` picture. Each band is
 * filtered (`filter`, as encodePngSync) and deflated on Node's thread pool while the next ones
 * are drawn (up to three bands at once: zlib's run-length strategy only looks one pixel back, so
 * deflating bands separately costs nothing in size); three band buffers are reused, so the
 * memory touched stays a few bands whatever the picture's size. The same pixels as
 * encodePngSync on the whole picture; `outChannels` (default `channels`) may drop the alpha
 * (4 → 3). With `write` (called in order with each piece of the file, awaited one at a time)
 * the file is streamed out, an IDAT chunk a band, and the Promise resolves to its length in
 * bytes; without it, to the file (a Buffer).
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
  // zlib's CRC-32 where Node has it (20.15 and later; a named import would fail to link on older Nodes).
  const crc = typeof zlib.crc32 === 'function' ? zlib.crc32 : crc32;
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
  // Emits the IDAT chunk of `deflated` (a Promise) after every chunk queued before it.
  let idat = Promise.resolve();
  const queueIdat = (deflated) => {
    idat = idat
      .then(() => deflated)
      .then((bytes) => emit(...chunkPieces('IDAT', bytes, crc)))
      .catch((error) => void (failure ??= error));
  };
  emit(pngHead({ width, height, colorType }));
  queueIdat(Uint8Array.of(0x78, 0x01)); // the zlib header (32 KB window; FCHECK makes it a multiple of 31)
  const rowsPerBand = Math.min(bandRows, height);
  const slots = [0, 1, 2].map(() => ({
    pixels: new Uint8Array(width * rowsPerBand * channels),
    rows: new Uint8Array(rowsPerBand * (width * outChannels + 1)),
    done: Promise.resolve(),
  }));
  let adler = 1;
  for (let top = 0, i = 0; top < height && !failure; top += rowsPerBand, i = (i + 1) % 3) {
    const slot = slots[i];
    await slot.done; // zlib has finished with this buffer's previous band
    const rows = Math.min(rowsPerBand, height - top);
    const band = { data: slot.pixels.subarray(0, width * rows * channels), width, height: rows, top, channels };
    draw(band);
    const filtered = filterPng(band, { channels: outChannels, filter, out: slot.rows });
    adler = adler32(filtered.rows, adler);
    const deflated = deflateBand(filtered.rows, level);
    slot.done = deflated.catch(() => {}); // errors reach `failure` through queueIdat
    queueIdat(deflated);
  }
  // The end of the deflate stream (an empty final block) and the Adler-32 of every row.
  const end = Uint8Array.of(0x03, 0x00, 0, 0, 0, 0);
  new DataView(end.buffer).setUint32(2, adler);
  queueIdat(end);
  await idat;
  emit(pngTail());
  await chain;
  if (failure) throw failure;
  return write ? length : Buffer.concat(pieces, length);
}
