// condense/image in browsers (and other engines without node:zlib): the same decodeImage and
// encodePng as in Node, over CompressionStream / DecompressionStream ('deflate' is zlib's
// format, as PNG needs). JPEG files go through the browser's own decoder (createImageBitmap,
// upright by their EXIF orientation, as Node's decodeImage returns them).
import { convertChannels, decodeOptions, formatOf, imageSize, naturalPng, otherFormat } from './decode.mjs';
import { exifOrientation, isJpeg, JpegError, jpegComponents } from './jpeg.mjs';
import { assemblePng, filterPng, finishPng, isPng, PngError, readPng } from './png.mjs';

export { exifOrientation, imageSize, isJpeg, isPng, JpegError, otherFormat, PngError };

async function through(stream, bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new PngError('corrupt: the image data is longer than the image');
    }
    parts.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function decodePng(bytes, options) {
  const png = readPng(bytes, { maxPixels: options.maxPixels });
  let raw;
  try {
    raw = await through(new DecompressionStream('deflate'), png.idat, Math.max(png.expected, 1));
  } catch (error) {
    if (error instanceof PngError) throw error;
    throw new PngError(`corrupt: the image data does not inflate (${error.message})`);
  }
  return finishPng(png, raw, { natural: true });
}

async function decodeJpeg(bytes, { maxPixels }) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), { imageOrientation: 'from-image' });
  } catch (error) {
    throw new JpegError(`corrupt or unsupported JPEG (${error.message})`);
  }
  const { width, height } = bitmap;
  if (width * height > maxPixels) {
    bitmap.close();
    throw new JpegError(`too large: ${width}x${height} is more than ${maxPixels / 1e6} megapixels`);
  }
  const context = new OffscreenCanvas(width, height).getContext('2d');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = { data: context.getImageData(0, 0, width, height).data, width, height, channels: 4 };
  const image = convertChannels(rgba, 3);
  const gray = jpegComponents(bytes) === 1;
  const out = gray ? { ...image, data: image.data.filter((_, i) => i % 3 === 0), channels: 1 } : image;
  return { ...out, info: { format: 'JPEG', orientation: exifOrientationOf(bytes), scale: 1 } };
}

// The orientation the browser applied (from the APP1 Exif segment), for info.orientation.
function exifOrientationOf(b) {
  let at = 2;
  while (at + 4 < b.length && b[at] === 0xff) {
    const marker = b[at + 1];
    const length = (b[at + 2] << 8) | b[at + 3];
    if (marker === 0xe1) return exifOrientation(b.subarray(at + 4, at + 2 + length));
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return 1;
}

/**
 * Decodes a PNG or JPEG file: `{ width, height, data: Uint8Array, channels, info }`, with the
 * file's channels (1 gray, 3 RGB, 4 with alpha) unless `options.channels` asks for others.
 */
export async function decodeImage(bytes, options) {
  const o = decodeOptions(bytes, options);
  const b = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const image = formatOf(b) === 'png' ? naturalPng(await decodePng(b, o)) : await decodeJpeg(b, o);
  return convertChannels(image, o.channels);
}

/** Encodes `{ data, width, height, channels? }` (or an ImageData) as a PNG file (a Uint8Array). */
export async function encodePng(image, { channels, alpha, filter } = {}) {
  const filtered = filterPng(image, { channels, alpha, filter });
  return assemblePng(filtered, await through(new CompressionStream('deflate'), filtered.rows, Infinity));
}
