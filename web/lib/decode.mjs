// Turning a user's file into pixels without freezing the page: read the header first (type
// and size come from a few bytes), refuse what cannot be an image or is too large to decode,
// and decode the rest with createImageBitmap, downscaled when it is big.

/** Images above this many pixels are refused before decoding (a 20000x20000 PNG needs 1.6 GB). */
export const MAX_PIXELS = 100e6;
/** Files above this many bytes are refused before reading. */
export const MAX_BYTES = 200 * 1024 * 1024;
/** The kept source image is at most this large on its longer side (the largest working size is 1024). */
export const SOURCE_MAX_SIDE = 2048;

export class ImageInputError extends Error {}

const u32be = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u16be = (b, i) => (b[i] << 8) | b[i + 1];
const u16le = (b, i) => b[i] | (b[i + 1] << 8);
const u24le = (b, i) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const i32le = (b, i) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const ascii = (b, i, n) => String.fromCharCode(...b.subarray(i, i + n));

/**
 * The type and pixel size written in an image header, from its first bytes; null when the
 * bytes start like no image format this knows (PNG, JPEG, GIF, WebP, BMP). `width` and
 * `height` are undefined when the format is known but the size was not found in `bytes`.
 */
export function sniffImage(b) {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') {
    return { type: 'PNG', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 10 && ascii(b, 0, 3) === 'GIF') return { type: 'GIF', width: u16le(b, 6), height: u16le(b, 8) };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    return { type: 'BMP', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const kind = ascii(b, 12, 4);
    if (kind === 'VP8X') return { type: 'WebP', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    if (kind === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { type: 'WebP', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (kind === 'VP8 ') return { type: 'WebP', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    return { type: 'WebP' };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // Walk the JPEG markers to the first start-of-frame (SOF0..SOF15 except DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return { type: 'JPEG' };
      const marker = b[i + 1];
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'JPEG', width: u16be(b, i + 7), height: u16be(b, i + 5) };
      }
      i += 2 + u16be(b, i + 2);
    }
    return { type: 'JPEG' };
  }
  return null;
}

function preview(bytes) {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 24));
  const shown = text.replace(/[^\x20-\x7e]/g, '·');
  return shown.trim() ? `“${shown}${bytes.length > 24 ? '…' : ''}”` : 'bytes that are not an image header';
}

const mp = (w, h) => `${((w * h) / 1e6).toFixed(w * h >= 1e7 ? 0 : 1)} megapixels`;

function fitWithin(w, h, max) {
  const scale = Math.min(1, max / Math.max(w, h));
  return [Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))];
}

async function decodeWithImageElement(blob) {
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    if (!img.naturalWidth || !img.naturalHeight) throw new Error('no intrinsic size');
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Decodes a File/Blob into { canvas, width, height, originalWidth, originalHeight, type, notice }.
 * The canvas holds the image (RGB on white where it was transparent), at most
 * SOURCE_MAX_SIDE on its longer side; smaller images keep their exact pixels.
 * Throws ImageInputError with a message for people when the file cannot be used.
 */
export async function decodeImageFile(file, { maxPixels = MAX_PIXELS } = {}) {
  const name = file.name ? `“${file.name}”` : 'The pasted data';
  if (file.size === 0) throw new ImageInputError(`${name} is empty (0 bytes): there is no image in it.`);
  if (file.size > MAX_BYTES) {
    throw new ImageInputError(
      `${name} is ${(file.size / 2 ** 20).toFixed(0)} MB: files over ${MAX_BYTES / 2 ** 20} MB are not read.`,
    );
  }
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const info = sniffImage(head);
  if (info && info.width !== undefined) {
    if (!info.width || !info.height)
      throw new ImageInputError(
        `${name} says it is a ${info.type} of ${info.width}×${info.height} pixels: it has no pixels to show.`,
      );
    if (info.width * info.height > maxPixels) {
      throw new ImageInputError(
        `${name} is a ${info.type} of ${info.width}×${info.height} pixels (${mp(info.width, info.height)}): ` +
          `too large to decode safely in a browser tab (the limit is ${mp(maxPixels, 1)}). Scale it down first and try again.`,
      );
    }
  }

  let source;
  let width;
  let height;
  try {
    if (info && info.width !== undefined) {
      const [w, h] = fitWithin(info.width, info.height, SOURCE_MAX_SIDE);
      const resize = w < info.width ? { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' } : {};
      source = await createImageBitmap(file, resize);
    } else {
      source = await createImageBitmap(file);
    }
    width = source.width;
    height = source.height;
  } catch (error) {
    if (info) {
      throw new ImageInputError(
        `${name} starts like a ${info.type} image but could not be decoded: it is probably corrupt or truncated.`,
      );
    }
    try {
      source = await decodeWithImageElement(file); // formats createImageBitmap does not take (SVG)
      width = source.naturalWidth;
      height = source.naturalHeight;
    } catch {
      throw new ImageInputError(`${name} is not an image this browser can read: it starts with ${preview(head)}.`);
    }
  }
  if (width * height > maxPixels) {
    if (source.close) source.close();
    throw new ImageInputError(
      `${name} is ${width}×${height} pixels (${mp(width, height)}): too large to use here. Scale it down first.`,
    );
  }

  const [w, h] = fitWithin(width, height, SOURCE_MAX_SIDE);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, w, h);
  if (source.close) source.close();

  const originalWidth = info?.width ?? width;
  const originalHeight = info?.height ?? height;
  const notice =
    originalWidth > w || originalHeight > h
      ? `${name} is ${originalWidth}×${originalHeight} (${mp(originalWidth, originalHeight)}); it was downscaled to ${w}×${h} in the browser before processing.`
      : '';
  return { canvas, width: w, height: h, originalWidth, originalHeight, type: info?.type ?? 'image', notice };
}
