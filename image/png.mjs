// A small PNG codec, independent of where zlib comes from (node:zlib in node.mjs, the
// browser's CompressionStream in browser.mjs): decodes every standard colour type and bit depth
// (grayscale 1-16, RGB 8/16, palette 1-8, gray+alpha and RGBA 8/16), tRNS transparency and
// Adam7 interlacing to 8-bit RGBA; encodes 8-bit gray, RGB or RGBA. Chunk CRCs are checked.
// Colour management (gAMA, iCCP, sRGB, cHRM) is ignored, as most decoders that do not display
// images do; 16-bit samples keep their high byte (libpng's png_set_strip_16).

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Images above this many pixels are refused before their data is inflated (RGBA: 4 bytes each). */
export const MAX_PIXELS = 100e6;

/** A file that is not a PNG this decoder can read; the message says what is wrong. */
export class PngError extends Error {}

// Bit depths allowed for each colour type, and samples per pixel.
const COLOR_TYPES = {
  0: { name: 'grayscale', samples: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', samples: 3, depths: [8, 16] },
  3: { name: 'palette', samples: 1, depths: [1, 2, 4, 8] },
  4: { name: 'grayscale + alpha', samples: 2, depths: [8, 16] },
  6: { name: 'RGBA', samples: 4, depths: [8, 16] },
};

// Adam7: x0, y0, dx, dy of the seven passes.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

let crcTable = null;

/** CRC-32 (ISO 3309, as PNG chunks use) of `bytes`. */
export function crc32(bytes, crc = 0) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Whether `bytes` start with the PNG signature. */
export function isPng(bytes) {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function readChunks(bytes) {
  if (!isPng(bytes)) throw new PngError('not a PNG file (the first 8 bytes are not the PNG signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks = [];
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) throw new PngError('truncated: the file ends before the IEND chunk');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError(`corrupt: bad chunk type at byte ${at + 4}`);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) {
      throw new PngError(`truncated: chunk ${type} at byte ${at} runs past the end of the file`);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new PngError(`corrupt: CRC mismatch in chunk ${type} at byte ${at}`);
    }
    chunks.push({ type, data });
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

function parseHeader(chunk) {
  if (!chunk || chunk.type !== 'IHDR' || chunk.data.length !== 13)
    throw new PngError('corrupt: the first chunk is not a 13-byte IHDR');
  const d = chunk.data;
  const view = new DataView(d.buffer, d.byteOffset, 13);
  const h = {
    width: view.getUint32(0),
    height: view.getUint32(4),
    depth: d[8],
    colorType: d[9],
    compression: d[10],
    filter: d[11],
    interlace: d[12],
  };
  const ct = COLOR_TYPES[h.colorType];
  if (h.width === 0 || h.height === 0 || h.width > 0x7fffffff || h.height > 0x7fffffff) {
    throw new PngError(`corrupt: image size ${h.width}x${h.height}`);
  }
  if (!ct) throw new PngError(`corrupt: unknown colour type ${h.colorType}`);
  if (!ct.depths.includes(h.depth))
    throw new PngError(`corrupt: bit depth ${h.depth} is not allowed for ${ct.name} images`);
  if (h.compression !== 0 || h.filter !== 0) throw new PngError('corrupt: unknown compression or filter method');
  if (h.interlace > 1) throw new PngError(`corrupt: unknown interlace method ${h.interlace}`);
  return { ...h, samples: ct.samples, colorName: ct.name };
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Reverses the per-row filters of one (sub)image in place; returns the offset after it.
// Each row is a filter-type byte and `rowBytes` bytes; `bpp` is bytes per pixel (at least 1).
function unfilter(raw, at, rowBytes, rows, bpp) {
  let prev = -1;
  for (let y = 0; y < rows; y++) {
    const type = raw[at];
    const row = at + 1;
    if (type > 4) throw new PngError(`corrupt: unknown filter type ${type} in row ${y}`);
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? raw[row + i - bpp] : 0;
      const b = prev >= 0 ? raw[prev + i] : 0;
      const c = prev >= 0 && i >= bpp ? raw[prev + i - bpp] : 0;
      const x = raw[row + i];
      switch (type) {
        case 1:
          raw[row + i] = x + a;
          break;
        case 2:
          raw[row + i] = x + b;
          break;
        case 3:
          raw[row + i] = x + ((a + b) >> 1);
          break;
        case 4:
          raw[row + i] = x + paeth(a, b, c);
          break;
        default:
          break;
      }
    }
    prev = row;
    at = row + rowBytes;
  }
  return at;
}

// Writes the pixels of one unfiltered (sub)image into the RGBA output.
function expand(h, palette, trns, raw, at, rowBytes, w, rows, x0, y0, dx, dy, out) {
  const { depth, colorType, samples, width } = h;
  const maxv = (1 << depth) - 1;
  const sample = (row, i) => {
    // The i-th sample of a row, at the file's bit depth.
    if (depth === 8) return raw[row + i];
    if (depth === 16) return (raw[row + 2 * i] << 8) | raw[row + 2 * i + 1];
    const bit = i * depth;
    return (raw[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & maxv;
  };
  const to8 = depth === 16 ? (v) => v >> 8 : (v) => Math.round((v * 255) / maxv);
  for (let y = 0; y < rows; y++) {
    const row = at + y * (rowBytes + 1) + 1;
    for (let x = 0; x < w; x++) {
      const o = ((y0 + y * dy) * width + x0 + x * dx) * 4;
      const s = x * samples;
      let r;
      let g;
      let b;
      let a = 255;
      if (colorType === 3) {
        const index = sample(row, s);
        if (index * 3 + 2 >= palette.length)
          throw new PngError(`corrupt: palette index ${index} is past the palette's end`);
        r = palette[index * 3];
        g = palette[index * 3 + 1];
        b = palette[index * 3 + 2];
        if (trns && index < trns.length) a = trns[index];
      } else if (colorType === 0 || colorType === 4) {
        const v = sample(row, s);
        r = g = b = to8(v);
        if (colorType === 4) a = to8(sample(row, s + 1));
        else if (trns && trns.length >= 2 && v === ((trns[0] << 8) | trns[1])) a = 0;
      } else {
        const rv = sample(row, s);
        const gv = sample(row, s + 1);
        const bv = sample(row, s + 2);
        r = to8(rv);
        g = to8(gv);
        b = to8(bv);
        if (colorType === 6) a = to8(sample(row, s + 3));
        else if (
          trns &&
          trns.length >= 6 &&
          rv === ((trns[0] << 8) | trns[1]) &&
          gv === ((trns[2] << 8) | trns[3]) &&
          bv === ((trns[4] << 8) | trns[5])
        )
          a = 0;
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
    }
  }
}

// The 8-bit, non-palette, no-tRNS case of expand() in straight loops (most PNGs), writing
// `outC` samples a pixel: 4 (RGBA), or the file's own when it has no alpha (1 gray, 3 RGB).
function expand8(raw, at, rowBytes, width, rows, samples, out, outC) {
  for (let y = 0; y < rows; y++) {
    let s = at + y * (rowBytes + 1) + 1;
    let o = y * width * outC;
    if (samples === outC) {
      out.set(raw.subarray(s, s + rowBytes), o);
      continue;
    }
    for (let x = 0; x < width; x++, o += outC, s += samples) {
      if (samples === 1 || samples === 2) {
        out[o] = out[o + 1] = out[o + 2] = raw[s];
        out[o + 3] = samples === 2 ? raw[s + 1] : 255;
      } else {
        out[o] = raw[s];
        out[o + 1] = raw[s + 1];
        out[o + 2] = raw[s + 2];
        out[o + 3] = samples === 4 ? raw[s + 3] : 255;
      }
    }
  }
}

/**
 * The first half of decoding: checks the chunks and header of a PNG file and returns what
 * inflating needs (`idat`, the compressed image data, and `expected`, its inflated length);
 * pass the inflated bytes to finishPng(). Throws PngError.
 */
export function readPng(bytes, { maxPixels = MAX_PIXELS } = {}) {
  const chunks = readChunks(bytes);
  const h = parseHeader(chunks[0]);
  if (h.width * h.height > maxPixels) {
    throw new PngError(`too large: ${h.width}x${h.height} is more than ${maxPixels / 1e6} megapixels`);
  }
  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  const trns = chunks.find((c) => c.type === 'tRNS')?.data;
  if (h.colorType === 3 && !palette) throw new PngError('corrupt: a palette image has no PLTE chunk');
  const parts = chunks.filter((c) => c.type === 'IDAT').map((c) => c.data);
  if (parts.length === 0) throw new PngError('corrupt: no IDAT chunk (no image data)');
  const idat = parts.length === 1 ? parts[0] : concat(parts);

  const bitsPerPixel = h.depth * h.samples;
  const passes = h.interlace ? ADAM7 : [[0, 0, 1, 1]];
  const geometry = passes.map(([x0, y0, dx, dy]) => {
    const w = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0;
    const rows = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
    const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
    return { x0, y0, dx, dy, w, rows: w > 0 ? rows : 0, rowBytes };
  });
  const expected = geometry.reduce((n, p) => n + p.rows * (p.rowBytes + 1), 0);
  return { h, palette, trns, idat, geometry, expected };
}

/**
 * The second half of decoding: unfilters `raw` (the inflated image data; unfiltered in place)
 * into `{ data: Uint8Array, width, height, channels, info }`, where `info` tells the file's
 * colour type, bit depth and interlacing, and whether any pixel can be transparent (`alpha`).
 * `channels` is 4 (RGBA), or with `natural: true` the file's own where that costs no extra
 * pass (8-bit gray or RGB without tRNS, not interlaced: 1 or 3); naturalPng() does the rest.
 */
export function finishPng(png, raw, { natural = false } = {}) {
  const { h, palette, trns, geometry, expected } = png;
  if (raw.length < expected) {
    throw new PngError(`truncated: the image data holds ${raw.length} of ${expected} bytes`);
  }
  const bpp = Math.max(1, (h.depth * h.samples) >> 3);
  const fast = h.depth === 8 && h.colorType !== 3 && !trns && !h.interlace;
  const channels = fast && natural && (h.samples === 1 || h.samples === 3) ? h.samples : 4;
  const out = new Uint8Array(h.width * h.height * channels);
  let at = 0;
  for (const p of geometry) {
    if (p.rows === 0) continue;
    const start = at;
    at = unfilter(raw, at, p.rowBytes, p.rows, bpp);
    if (fast) {
      expand8(raw, start, p.rowBytes, h.width, p.rows, h.samples, out, channels);
    } else {
      expand(h, palette, trns, raw, start, p.rowBytes, p.w, p.rows, p.x0, p.y0, p.dx, p.dy, out);
    }
  }
  const alpha = h.colorType === 4 || h.colorType === 6 || Boolean(trns);
  const gray = h.colorType === 0 || h.colorType === 4;
  return {
    data: out,
    width: h.width,
    height: h.height,
    channels,
    info: { format: 'PNG', colorType: h.colorName, bitDepth: h.depth, interlaced: h.interlace === 1, alpha, gray },
  };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunk(type, data) {
  return concat(chunkPieces(type, data));
}

const COLOR_TYPE_OF = { 1: 0, 2: 4, 3: 2, 4: 6 };

// |byte taken as a signed 8-bit value|, the filter heuristic's cost of one byte.
const ABS_SIGNED = Uint8Array.from({ length: 256 }, (_, v) => (v < 128 ? v : 256 - v));

// Filters one row (`line`, `prev` the row above, zeros for the first row) with filter `type`
// into `dst`; returns the sum of absolute values of the filtered bytes taken as signed
// (libpng's heuristic). One loop per filter type: this is the encoder's hot loop.
function filterRow(type, line, prev, bpp, dst) {
  const n = line.length;
  let cost = 0;
  let i = 0;
  for (; i < bpp && i < n; i++) {
    const b = prev[i];
    const v = (line[i] - (type === 2 || type === 4 ? b : type === 3 ? b >> 1 : 0)) & 0xff;
    dst[i] = v;
    cost += ABS_SIGNED[v];
  }
  if (type === 0) {
    for (; i < n; i++) {
      const v = line[i];
      dst[i] = v;
      cost += ABS_SIGNED[v];
    }
  } else if (type === 1) {
    for (; i < n; i++) {
      const v = (line[i] - line[i - bpp]) & 0xff;
      dst[i] = v;
      cost += ABS_SIGNED[v];
    }
  } else if (type === 2) {
    for (; i < n; i++) {
      const v = (line[i] - prev[i]) & 0xff;
      dst[i] = v;
      cost += ABS_SIGNED[v];
    }
  } else if (type === 3) {
    for (; i < n; i++) {
      const v = (line[i] - ((line[i - bpp] + prev[i]) >> 1)) & 0xff;
      dst[i] = v;
      cost += ABS_SIGNED[v];
    }
  } else {
    for (; i < n; i++) {
      const a = line[i - bpp];
      const b = prev[i];
      const c = prev[i - bpp];
      const p = b - c; // = (a + b - c) - a
      const q = a - c;
      const pa = p < 0 ? -p : p;
      const pb = q < 0 ? -q : q;
      const pc = p + q < 0 ? -(p + q) : p + q;
      // Branch-free choice (the branches mispredict on photos): b or c, then a or that.
      const bc = c + ((b - c) & -(pb <= pc));
      const v = (line[i] - (bc + ((a - bc) & -((pa <= pb) & (pa <= pc))))) & 0xff;
      dst[i] = v;
      cost += ABS_SIGNED[v];
    }
  }
  return cost;
}

// The Sub filter alone (filterRow's type 1 without the heuristic's cost) into dst[at...].
function subRow(line, bpp, dst, at) {
  const n = line.length;
  for (let i = 0; i < bpp && i < n; i++) dst[at + i] = line[i];
  for (let i = bpp; i < n; i++) dst[at + i] = line[i] - line[i - bpp];
}

/**
 * The first half of encoding: `{ data, width, height }` (8-bit samples; `channels` 1, 2, 3 or
 * 4 samples a pixel, default data.length / (width * height)) → the filtered scanlines to
 * deflate, and the IHDR fields. `channels` in the options writes another channel count: 4 → 3
 * drops the alpha bytes. Each row takes the filter with the smallest sum of absolute values
 * (libpng's default heuristic) among None, Sub, Up and Paeth. The first row takes None or Sub
 * (they do not read the row above), so rows filtered a band at a time decode as one image;
 * `options.out` (a Uint8Array) receives the rows instead of a new array.
 */
export function filterPng(image, options = {}) {
  const { data, width, height } = image;
  for (const name of ['width', 'height']) {
    const v = image[name];
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff)
      throw new RangeError(`encodePng: ${name} must be a positive integer (got ${v})`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray))
    throw new TypeError('encodePng: data must be a Uint8Array or Uint8ClampedArray of 8-bit samples');
  const inC = image.channels ?? data.length / (width * height);
  if (![1, 2, 3, 4].includes(inC) || data.length !== width * height * inC)
    throw new RangeError(
      `encodePng: data.length must be width * height * channels (1, 2, 3 or 4) (got ${data.length} for ${width}x${height}${image.channels ? ` x ${image.channels}` : ''})`,
    );
  const outC = options.channels ?? (options.alpha === false && (inC === 4 || inC === 2) ? inC - 1 : inC);
  if (!(outC === inC || ((inC === 4 || inC === 2) && outC === inC - 1)))
    throw new RangeError(`encodePng: cannot write ${outC} channels from ${inC} (only the alpha can be dropped)`);
  const filter = options.filter ?? 'adaptive';
  const types = { adaptive: [0, 1, 2, 4], none: [0], sub: [1], up: [2], paeth: [4] }[filter];
  if (!types)
    throw new RangeError(`encodePng: filter must be adaptive, none, sub, up or paeth (got ${String(filter)})`);
  const rowBytes = width * outC;
  const size = height * (rowBytes + 1);
  const out = options.out;
  if (out !== undefined && !(out instanceof Uint8Array && out.length >= size))
    throw new RangeError(`encodePng: out must be a Uint8Array of at least ${size} bytes`);
  const rows = out === undefined ? new Uint8Array(size) : out.subarray(0, size);
  let line = new Uint8Array(rowBytes);
  let prev = new Uint8Array(rowBytes); // zeros above the first row
  const candidate = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    if (types.length === 1 && types[0] === 1 && inC === 4 && outC === 3 && y > 0) {
      const [at, s0] = [y * (rowBytes + 1), y * width * 4];
      rows.set([1, data[s0], data[s0 + 1], data[s0 + 2]], at);
      for (let s = s0 + 4, o = at + 4; o <= at + rowBytes; s += 4, o += 3) {
        rows[o] = data[s] - data[s - 4];
        rows[o + 1] = data[s + 1] - data[s - 3];
        rows[o + 2] = data[s + 2] - data[s - 2];
      }
      continue; // RGBA -> RGB and Sub in one pass (the command line's panels): no `line` needed
    }
    if (inC === outC) {
      line.set(data.subarray(y * rowBytes, (y + 1) * rowBytes));
    } else if (inC === 4 && outC === 3) {
      for (let s = y * width * 4, o = 0; o < rowBytes; s += 4, o += 3) {
        line[o] = data[s];
        line[o + 1] = data[s + 1];
        line[o + 2] = data[s + 2];
      }
    } else {
      for (let s = y * width * inC, o = 0; o < rowBytes; s += inC, o += outC) line[o] = data[s]; // 2 -> 1
    }
    const at = y * (rowBytes + 1);
    const candidates = y > 0 ? types : [0, 1];
    if (candidates.length === 1 && candidates[0] === 1) {
      rows[at] = 1;
      subRow(line, outC, rows, at + 1); // the command line's filter: no cost to add up
    } else if (candidates.length === 1) {
      rows[at] = candidates[0];
      filterRow(candidates[0], line, prev, outC, rows.subarray(at + 1, at + 1 + rowBytes));
    } else {
      let best = Infinity;
      for (const type of candidates) {
        const cost = filterRow(type, line, prev, outC, candidate);
        if (cost < best) {
          best = cost;
          rows[at] = type;
          rows.set(candidate, at + 1);
        }
      }
    }
    [prev, line] = [line, prev];
  }
  return { rows, width, height, colorType: COLOR_TYPE_OF[outC] };
}

/** The colour type of 8-bit PNG samples with 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels. */
export const colorTypeOf = (channels) => COLOR_TYPE_OF[channels];

/** A PNG file's start: the signature and the IHDR chunk of an 8-bit image. */
export function pngHead({ width, height, colorType }) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = colorType;
  return concat([SIGNATURE, chunk('IHDR', header)]);
}

/** A PNG file's end: the IEND chunk. */
export const pngTail = () => chunk('IEND', new Uint8Array(0));

/** One chunk as three pieces (length and type, `data` uncopied, CRC); `crc` computes CRC-32. */
export function chunkPieces(type, data, crc = crc32) {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, data.length);
  for (let i = 0; i < 4; i++) head[4 + i] = type.charCodeAt(i);
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, crc(data, crc(head.subarray(4))));
  return [head, data, tail];
}

/** The second half of encoding: the PNG file around `deflated` (the zlib stream of filterPng's rows). */
export function assemblePng({ width, height, colorType }, deflated) {
  return concat([pngHead({ width, height, colorType }), chunk('IDAT', deflated), pngTail()]);
}
