// What decodeImage and encodePng do in every environment: recognise the format, name the ones
// condense does not read, and convert between 1 (gray), 3 (RGB) and 4 (RGBA) samples a pixel.
// node.mjs and browser.mjs supply zlib and the JPEG decoder.
import { exifOrientation, isJpeg, jpegExif, jpegFrameSize, JpegError } from './jpeg.mjs';
import { isPng, MAX_PIXELS, PngError } from './png.mjs';

export { JpegError, PngError };

/** Checks decodeImage's arguments; returns `{ channels, maxPixels, minSize }`. */
export function decodeOptions(bytes, options = {}) {
  if (!(bytes instanceof Uint8Array || bytes instanceof ArrayBuffer)) {
    throw new TypeError(
      `decodeImage: bytes must be a Uint8Array (a Node Buffer is one) or an ArrayBuffer (got ${describe(bytes)})`,
    );
  }
  if (options === null || typeof options !== 'object') throw new TypeError('decodeImage: options must be an object');
  for (const key of Object.keys(options)) {
    if (!['channels', 'maxPixels', 'minSize'].includes(key))
      throw new TypeError(`decodeImage: unknown option '${key}' (it takes channels, maxPixels, minSize)`);
  }
  const { channels, maxPixels = MAX_PIXELS, minSize } = options;
  const side = (v) => Number.isInteger(v) && v >= 1 && v <= 65535;
  if (minSize !== undefined && !(Array.isArray(minSize) && minSize.length === 2 && minSize.every(side)))
    throw new RangeError(
      `decodeImage: minSize must be [height, width], integers in [1, 65535] (got ${JSON.stringify(minSize)})`,
    );
  if (channels !== undefined && ![1, 3, 4].includes(channels))
    throw new RangeError(`decodeImage: channels must be 1, 3 or 4 (got ${String(channels)})`);
  if (!(typeof maxPixels === 'number' && maxPixels >= 1))
    throw new RangeError(`decodeImage: maxPixels must be a positive number (got ${String(maxPixels)})`);
  return { channels, maxPixels, minSize };
}

/**
 * The size of a PNG or JPEG image as decodeImage returns it at full scale (a JPEG's EXIF
 * orientations 5-8 swap width and height), read from the file's header without decoding:
 * `{ width, height, format: 'PNG' | 'JPEG' }`. Errors as decodeImage's for what is not a PNG or
 * JPEG, or has no readable header.
 */
export function imageSize(bytes) {
  if (!(bytes instanceof Uint8Array || bytes instanceof ArrayBuffer)) {
    throw new TypeError(
      `imageSize: bytes must be a Uint8Array (a Node Buffer is one) or an ArrayBuffer (got ${describe(bytes)})`,
    );
  }
  const b = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (formatOf(b) === 'png') {
    const ihdr = b.length >= 24 && String.fromCharCode(...b.subarray(12, 16)) === 'IHDR';
    if (!ihdr) throw new PngError('corrupt: no IHDR chunk (no image header)');
    const view = new DataView(b.buffer, b.byteOffset, 24);
    return { width: view.getUint32(16), height: view.getUint32(20), format: 'PNG' };
  }
  const frame = jpegFrameSize(b);
  if (!frame) throw new JpegError('corrupt or unsupported JPEG (no frame header before the image data)');
  const turned = exifOrientation(jpegExif(b)) >= 5;
  return { width: turned ? frame.height : frame.width, height: turned ? frame.width : frame.height, format: 'JPEG' };
}

function describe(v) {
  return v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'an object') : typeof v;
}

/** 'png', 'jpeg', or throws the error that names what the bytes are instead. */
export function formatOf(bytes) {
  if (bytes.length === 0) throw new PngError('the file is empty');
  if (isPng(bytes)) return 'png';
  if (isJpeg(bytes)) return 'jpeg';
  const other = otherFormat(bytes);
  if (other) throw new PngError(`it is a ${other} image; condense reads PNG and JPEG`);
  throw new PngError(`not a PNG or JPEG image (it starts with ${preview(bytes)})`);
}

/** The name of a common image format condense does not read, or null. */
export function otherFormat(b) {
  const ascii = (i, n) => String.fromCharCode(...b.subarray(i, i + n));
  if (ascii(0, 3) === 'GIF') return 'GIF';
  if (ascii(0, 2) === 'BM') return 'BMP';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'WebP';
  if (ascii(4, 8) === 'ftypavif') return 'AVIF';
  if (/^ftyp(heic|heix|mif1)/.test(ascii(4, 8))) return 'HEIF';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'TIFF';
  return null;
}

function preview(bytes) {
  let text = '';
  for (const b of bytes.subarray(0, 16)) text += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
  return JSON.stringify(text + (bytes.length > 16 ? '...' : ''));
}

/**
 * Converts interleaved 8-bit pixels between channel counts: gray → RGB/RGBA repeats the
 * sample, RGB → RGBA adds alpha 255, RGBA → RGB drops the alpha, RGBA/RGB → gray is refused
 * unless every pixel is gray (use fromImageData's channels: 1 for a weighted grayscale).
 */
export function convertChannels(image, to) {
  const { data, width, height, channels: from } = image;
  if (to === undefined || to === from) return image;
  const pixels = width * height;
  const out = new Uint8Array(pixels * to);
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += from, o += to) {
    if (from === 1) {
      out[o] = out[o + 1] = out[o + 2] = data[s];
      if (to === 4) out[o + 3] = 255;
    } else if (to === 1) {
      if (data[s] !== data[s + 1] || data[s] !== data[s + 2] || (from === 4 && data[s + 3] !== 255))
        throw new RangeError(
          'decodeImage: channels 1 needs a gray image; for colour use fromImageData(image, { channels: 1 })',
        );
      out[o] = data[s];
    } else {
      out[o] = data[s];
      out[o + 1] = data[s + 1];
      out[o + 2] = data[s + 2];
      if (to === 4) out[o + 3] = 255;
    }
  }
  return { ...image, data: out, channels: to };
}

/** A PNG decode (finishPng's result) with the file's own channel count: 1, 3 or 4. */
export function naturalPng(rgba) {
  const { info } = rgba;
  const channels = info.alpha ? 4 : info.gray ? 1 : 3;
  if (channels === rgba.channels) return rgba; // finishPng wrote them directly
  const pixels = rgba.width * rgba.height;
  const out = new Uint8Array(pixels * channels);
  const d = rgba.data;
  if (channels === 1) for (let i = 0; i < pixels; i++) out[i] = d[4 * i];
  else {
    for (let i = 0, o = 0, s = 0; i < pixels; i++, o += 3, s += 4) {
      out[o] = d[s];
      out[o + 1] = d[s + 1];
      out[o + 2] = d[s + 2];
    }
  }
  return { ...rgba, data: out, channels };
}
