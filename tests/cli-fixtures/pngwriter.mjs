// A test-only PNG writer, independent of bin/png.mjs: it writes the raw scanlines it is given
// with the filter type asked for on each row (so every filter is exercised), and can damage
// the result in the ways the decoder must report. Non-interlaced only; interlaced and
// exotic files come from pypng and Pillow (make-fixtures.py).
import { deflateSync } from 'node:zlib';

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([length, body, sum]);
}

export const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function ihdr(width, height, depth, colorType, interlace = 0) {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = depth;
  d[9] = colorType;
  d[12] = interlace;
  return chunk('IHDR', d);
}

function predictor(type, a, b, c) {
  if (type === 0) return 0;
  if (type === 1) return a;
  if (type === 2) return b;
  if (type === 3) return Math.floor((a + b) / 2);
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filters raw rows (arrays of bytes) with `filters[y % filters.length]`, bytes per pixel `bpp`. */
export function filterRows(rows, bpp, filters) {
  const out = [];
  rows.forEach((row, y) => {
    const type = filters[y % filters.length];
    const prev = y > 0 ? rows[y - 1] : null;
    const line = [type];
    for (let i = 0; i < row.length; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= bpp ? prev[i - bpp] : 0;
      line.push((row[i] - predictor(type, a, b, c) + 256) % 256);
    }
    out.push(...line);
  });
  return Buffer.from(out);
}

/** An 8-bit RGBA (colorType 6) or RGB (2) PNG of `rgba` pixels, rows filtered as asked. */
export function writePng({ width, height, rgba, colorType = 6, filters = [0, 1, 2, 3, 4], extraChunks = [] }) {
  const channels = colorType === 6 ? 4 : 3;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = [];
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) row.push(rgba[(y * width + x) * 4 + c]);
    }
    rows.push(row);
  }
  return Buffer.concat([
    SIGNATURE,
    ihdr(width, height, 8, colorType),
    ...extraChunks,
    chunk('IDAT', deflateSync(filterRows(rows, channels, filters))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Deterministic test pixels: smooth shapes plus texture, alpha 255. */
export function testPixels(width, height, seed = 1) {
  const rgba = new Uint8Array(width * height * 4);
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const inside = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 3) ** 2;
      const base = inside ? 200 : 40 + Math.floor((150 * x) / width);
      rgba[o] = Math.min(255, base + Math.floor(rand() * 30));
      rgba[o + 1] = Math.min(255, (base + y * 3) % 256);
      rgba[o + 2] = Math.floor(rand() * 256);
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}
