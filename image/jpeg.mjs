// What Node's and browsers' JPEG input share: recognising a JPEG, its EXIF block and
// orientation, turning pixels upright as browsers do when they draw a photo (so Node sees a
// phone picture the way a page does), and the error type. The decoders: image/jpeg-decode.mjs
// (Node, libjpeg-turbo in wasm) and the browser's own (image/browser.mjs).

/** The pixel limit checked against the header before anything is decoded, so a hostile header cannot exhaust memory. */
export const JPEG_MAX_MEGAPIXELS = 100;

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
 * Applies an EXIF orientation to interleaved 8-bit pixels (`channels` samples each, default 4):
 * returns `{ data, width, height }` as the image is meant to be seen (orientations 5-8 swap
 * width and height). Destination pixel (x, y) takes source pixel: 2 (W-1-x, y),
 * 3 (W-1-x, H-1-y), 4 (x, H-1-y), 5 (y, x), 6 (y, H-1-x), 7 (W-1-y, H-1-x), 8 (W-1-y, x).
 */
export function applyOrientation({ data, width: W, height: H }, orientation, channels = 4) {
  if (orientation === 1) return { data, width: W, height: H };
  const swap = orientation >= 5;
  const width = swap ? H : W;
  const height = swap ? W : H;
  // Source (sx, sy) = (ax * x + bx * y + cx, ay * x + by * y + cy).
  const [ax, bx, cx, ay, by, cy] = [
    null,
    null,
    [-1, 0, W - 1, 0, 1, 0],
    [-1, 0, W - 1, 0, -1, H - 1],
    [1, 0, 0, 0, -1, H - 1],
    [0, 1, 0, 1, 0, 0],
    [0, 1, 0, -1, 0, H - 1],
    [0, -1, W - 1, -1, 0, H - 1],
    [0, -1, W - 1, 1, 0, 0],
  ][orientation];
  const out = new Uint8Array(data.length);
  const step = (ax + ay * W) * channels;
  for (let y = 0; y < height; y++) {
    let s = (ay * 0 + by * y + cy) * W * channels + (ax * 0 + bx * y + cx) * channels;
    let o = y * width * channels;
    for (let x = 0; x < width; x++, s += step, o += channels) {
      for (let c = 0; c < channels; c++) out[o + c] = data[s + c];
    }
  }
  return { data: out, width, height };
}

/** The file's EXIF block (an APP1 segment starting "Exif"), or undefined. */
export function jpegExif(b) {
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // start of scan, end of image
    const length = (b[at + 2] << 8) | b[at + 3];
    const exif = b[at + 4] === 0x45 && b[at + 5] === 0x78 && b[at + 6] === 0x69 && b[at + 7] === 0x66;
    if (marker === 0xe1 && length >= 8 && exif) return b.subarray(at + 4, Math.min(b.length, at + 2 + length));
    at += 2 + length;
  }
  return undefined;
}

// The offset of the file's frame header (SOFn marker), or -1 when none is found.
function frameHeader(b) {
  let at = 2;
  while (at + 9 < b.length && b[at] === 0xff) {
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return at;
    at += 2 + ((b[at + 2] << 8) | b[at + 3]);
  }
  return -1;
}

// The stored width and height in the file's frame header, or null when none is found.
export function jpegFrameSize(b) {
  const at = frameHeader(b);
  return at < 0 ? null : { height: (b[at + 5] << 8) | b[at + 6], width: (b[at + 7] << 8) | b[at + 8] };
}

// The number of components in the file's frame header, or 0 when none is found.
export function jpegComponents(b) {
  const at = frameHeader(b);
  return at < 0 ? 0 : b[at + 9];
}
