// Tiny PNG encoder for browser-test fixtures (zlib + CRC32), so the tests need no image files.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function png(width, height, bitDepth, colorType, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An 8-bit RGBA PNG of rgba (width * height * 4 bytes; use alpha 255: canvases premultiply). */
export function encodeRgbaPng(width, height, rgba) {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return png(width, height, 8, 6, raw);
}

/**
 * A huge 1-bit grayscale PNG (e.g. 20000 x 20000) that stays small: every row repeats the first
 * (filter "Up" makes the later rows all zeros), so it deflates ~1000:1.
 */
export function encodeHugePng(width, height) {
  const stride = Math.ceil(width / 8);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let x = 0; x < stride; x++) raw[1 + x] = 0b11001100; // a stripe pattern in row 0
  for (let y = 1; y < height; y++) raw[y * (stride + 1)] = 2; // filter: Up
  return png(width, height, 1, 0, raw);
}

/** The RGBA bytes of a smooth test pattern with edges and blobs (alpha 255). */
export function testPattern(width, height) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const u = x / width,
        v = y / height;
      const disk = Math.hypot(u - 0.35, v - 0.4) < 0.18 ? 200 : 0;
      const bar = u > 0.62 && u < 0.8 && v > 0.15 && v < 0.85 ? 160 : 0;
      const ramp = Math.round(40 * u + 30 * v);
      const stripes = v > 0.75 && Math.floor(x / 6) % 2 === 0 ? 50 : 0;
      const g = Math.min(255, disk + bar + ramp + stripes);
      rgba[i] = Math.min(255, g + 10);
      rgba[i + 1] = g;
      rgba[i + 2] = Math.max(0, g - 20);
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}
