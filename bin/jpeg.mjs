// JPEG input for the command line: jpeg-js's decoder (vendored unmodified in vendor/jpeg-js/;
// baseline and progressive, grayscale and colour), loaded only when a JPEG is read;
// then the EXIF orientation is applied, as browsers do when they draw a photo (so the CLI
// sees a phone picture the way the demo does).

/** Pixel and memory limits passed to jpeg-js, so a hostile header cannot exhaust memory. */
export const JPEG_MAX_MEGAPIXELS = 100;
const JPEG_MAX_MEMORY_MB = 2048;

/** A file that the decoder cannot read; the message says why. */
export class JpegError extends Error {}

/** Whether `bytes` start like a JPEG (SOI then a marker). */
export function isJpeg(bytes) {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * The orientation (1-8) in an EXIF block (the TIFF data after "Exif\0\0", with or without
 * its padding byte), or 1 when it has none or cannot be read.
 */
export function exifOrientation(exif) {
  if (!exif || exif.length < 8) return 1;
  let b = exif;
  if (b[0] === 0x45 && b[1] === 0x78 && b[2] === 0x69 && b[3] === 0x66) b = b.subarray(4); // "Exif"
  while (b.length > 0 && b[0] === 0) b = b.subarray(1); // its padding
  if (b.length < 8) return 1;
  const little = b[0] === 0x49 && b[1] === 0x49;
  if (!little && !(b[0] === 0x4d && b[1] === 0x4d)) return 1;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (at) => view.getUint16(at, little);
  const u32 = (at) => view.getUint32(at, little);
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > b.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > b.length) return 1;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/**
 * Applies an EXIF orientation to RGBA pixels: returns `{ data, width, height }` as the image is
 * meant to be seen (orientations 5-8 swap width and height). Destination pixel (x, y) takes
 * source pixel: 2 (W-1-x, y), 3 (W-1-x, H-1-y), 4 (x, H-1-y), 5 (y, x), 6 (y, H-1-x),
 * 7 (W-1-y, H-1-x), 8 (W-1-y, x).
 */
export function applyOrientation({ data, width: W, height: H }, orientation) {
  if (orientation === 1) return { data, width: W, height: H };
  const swap = orientation >= 5;
  const width = swap ? H : W;
  const height = swap ? W : H;
  const source = [
    null,
    null,
    (x, y) => [W - 1 - x, y],
    (x, y) => [W - 1 - x, H - 1 - y],
    (x, y) => [x, H - 1 - y],
    (x, y) => [y, x],
    (x, y) => [y, H - 1 - x],
    (x, y) => [W - 1 - y, H - 1 - x],
    (x, y) => [W - 1 - y, x],
  ][orientation];
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = source(x, y);
      const s = (sy * W + sx) * 4;
      const o = (y * width + x) * 4;
      out[o] = data[s];
      out[o + 1] = data[s + 1];
      out[o + 2] = data[s + 2];
      out[o + 3] = data[s + 3];
    }
  }
  return { data: out, width, height };
}

/**
 * Decodes a JPEG file to `{ data: Uint8Array RGBA, width, height, info }`, upright by its EXIF
 * orientation (`info.orientation` tells which was applied). Throws JpegError.
 */
export async function decodeJpeg(bytes) {
  const { default: decode } = await import('./vendor/jpeg-js/decoder.cjs');
  let image;
  try {
    image = decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: JPEG_MAX_MEGAPIXELS,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
  } catch (error) {
    const why = String(error && error.message ? error.message : error).split('\n')[0];
    throw new JpegError(`corrupt or unsupported JPEG (${why})`);
  }
  if (!(image.width >= 1 && image.height >= 1) || image.data.length !== image.width * image.height * 4) {
    throw new JpegError('corrupt or unsupported JPEG (no image data)');
  }
  const orientation = exifOrientation(image.exifBuffer);
  return { ...applyOrientation(image, orientation), info: { format: 'JPEG', orientation } };
}
