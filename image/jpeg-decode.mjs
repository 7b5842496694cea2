// JPEG decoding in Node: libjpeg-turbo's decoder compiled to wasm (dist/condense-jpeg.mjs, built
// from Debian's source package by cmake/jpeg.cmake, C side in image/wasm/jpeg-decode.c; baseline,
// progressive and arithmetic-coded, grayscale, colour and CMYK), loaded only when a JPEG is
// read; then the EXIF orientation is applied (image/jpeg.mjs).
import { applyOrientation, exifOrientation, JPEG_MAX_MEGAPIXELS, JpegError, jpegExif } from './jpeg.mjs';

// The compiled decoder (dist/condense-jpeg.mjs, libjpeg-turbo; built by cmake/jpeg.cmake), once
// per process; each decode gets a fresh instance, so a file that traps the decoder cannot
// leave a broken heap behind for the next one.
let compiled;
function jpegModule() {
  compiled ??= import('../dist/condense-jpeg.mjs').then(({ default: base64 }) =>
    WebAssembly.compile(typeof Buffer === 'function' ? Buffer.from(base64, 'base64') : fromBase64(base64)),
  );
  return compiled;
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The module is standalone wasm: it imports a few WASI functions that only its unused stdio
// paths call (messages go through image/wasm/jpeg-decode.c's own handlers).
const IMPORTS = {
  env: { emscripten_notify_memory_growth() {} },
  wasi_snapshot_preview1: {
    fd_write: () => 0,
    fd_close: () => 0,
    fd_seek: () => 0,
    proc_exit(code) {
      throw new JpegError(`the decoder exited (${code})`);
    },
  },
};

function cString(memory, at) {
  const bytes = new Uint8Array(memory.buffer, at);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? 0 : end));
}

/**
 * Decodes a JPEG file to `{ data: Uint8Array, width, height, channels, info }` (channels 1 for
 * a grayscale file, else 3: RGB; CMYK files are converted), upright by its EXIF orientation
 * (`info.orientation` tells which was applied), with libjpeg-turbo's decoder in wasm: the same
 * pixels as libjpeg-turbo's djpeg and Pillow. A file whose image data is damaged or cut short
 * is refused (JpegError) rather than drawn with made-up blocks. `data` of an upright file is a
 * view of the decoder's memory (no copy of a 12-megapixel image; that memory is freed with it).
 * `minSize: [h, w]` (upright) decodes at the smallest of 1/8, 1/4 and 1/2 scale that is still
 * at least that size (libjpeg's DCT scaling: each 8x8 block's inverse transform at 1, 2 or 4
 * pixels a side; `info.scale` tells which, 1 for full size): a 12-megapixel photo meant for a
 * 400-pixel panel decodes in a fraction of the time, as sharp's shrink-on-load does.
 */
export async function decodeJpeg(bytes, { maxPixels = JPEG_MAX_MEGAPIXELS * 1e6, minSize } = {}) {
  const orientation = exifOrientation(jpegExif(bytes));
  // minSize is upright; the decoder scales the stored image (orientations 5-8 swap the sides).
  const [minH, minW] = minSize === undefined ? [0, 0] : orientation >= 5 ? [minSize[1], minSize[0]] : minSize;
  const wasm = (await WebAssembly.instantiate(await jpegModule(), IMPORTS)).exports;
  wasm._initialize();
  const at = wasm.alloc(bytes.length);
  if (!at) throw new JpegError(`too large: ${bytes.length} bytes`);
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
  let result;
  try {
    result = wasm.decode(at, bytes.length, maxPixels, minW, minH);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    throw new JpegError(`corrupt or unsupported JPEG (${cString(wasm.memory, wasm.message()) || error.message})`);
  }
  if (!result) throw new JpegError(`too large: ${cString(wasm.memory, wasm.message())}`);
  const [width, height, channels, pixels, denominator] = new Int32Array(wasm.memory.buffer, result, 5);
  const stored = { data: new Uint8Array(wasm.memory.buffer, pixels, width * height * channels), width, height };
  const upright = applyOrientation(stored, orientation, channels);
  return { ...upright, channels, info: { format: 'JPEG', orientation, scale: 1 / denominator } };
}
