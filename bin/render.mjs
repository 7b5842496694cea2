// Lays the pipeline's panels out side by side on one RGBA canvas, like the lesson's figure: a
// title above each map, its shape, operation and value range below, every map shown at the
// input's size (smaller maps enlarged by nearest neighbour, so each value stays a flat block).
// Text uses a built-in 5x7 pixel font (upper case, digits and a little punctuation), so no
// font file or canvas library is needed.

// Each glyph: 7 rows of 5 columns, '#' = ink.
const GLYPHS = {
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '####. #...# #...# #...# #...# #...# ####.',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  0: '.###. #...# #..## #.#.# ##..# #...# .###.',
  1: '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  2: '.###. #...# ....# ...#. ..#.. .#... #####',
  3: '##### ...#. ..#.. ...#. ....# #...# .###.',
  4: '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  5: '##### #.... ####. ....# ....# #...# .###.',
  6: '..##. .#... #.... ####. #...# #...# .###.',
  7: '##### ....# ...#. ..#.. .#... .#... .#...',
  8: '.###. #...# #...# .###. #...# #...# .###.',
  9: '.###. #...# #...# .#### ....# ...#. .##..',
  ' ': '..... ..... ..... ..... ..... ..... .....',
  '[': '.###. .#... .#... .#... .#... .#... .###.',
  ']': '.###. ...#. ...#. ...#. ...#. ...#. .###.',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  '-': '..... ..... ..... ##### ..... ..... .....',
  '+': '..... ..#.. ..#.. ##### ..#.. ..#.. .....',
  '=': '..... ..... ##### ..... ##### ..... .....',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  '/': '..... ....# ...#. ..#.. .#... #.... .....',
  '>': '.#... ..#.. ...#. ....# ...#. ..#.. .#...',
  '<': '...#. ..#.. .#... #.... .#... ..#.. ...#.',
  '×': '..... #...# .#.#. ..#.. .#.#. #...# .....',
  '%': '##... ##..# ...#. ..#.. .#... #..## ...##',
  _: '..... ..... ..... ..... ..... ..... #####',
  '?': '.###. #...# ....# ...#. ..#.. ..... ..#..',
};
const FONT = new Map(Object.entries(GLYPHS).map(([c, rows]) => [c, rows.split(' ')]));
const GLYPH_W = 5;
const GLYPH_H = 7;

/** Width in pixels of `text` drawn at `scale` (1 px between letters). */
export function textWidth(text, scale) {
  return text.length === 0 ? 0 : (text.length * (GLYPH_W + 1) - 1) * scale;
}

function drawText(canvas, text, x, y, scale, rgb) {
  if (y >= canvas.height || y + GLYPH_H * scale <= 0) return; // not in this band
  let cx = x;
  for (const ch of text.toUpperCase()) {
    const glyph = FONT.get(ch) || FONT.get('?');
    for (let gy = 0; gy < GLYPH_H; gy++) {
      for (let gx = 0; gx < GLYPH_W; gx++) {
        if (glyph[gy][gx] !== '#') continue;
        fill(canvas, cx + gx * scale, y + gy * scale, scale, scale, rgb);
      }
    }
    cx += (GLYPH_W + 1) * scale;
  }
}

function fill(canvas, x, y, w, h, rgb) {
  const pixel = new Uint8Array([rgb[0], rgb[1], rgb[2], 255]);
  const value = new Uint32Array(pixel.buffer)[0];
  const dst = new Uint32Array(canvas.data.buffer, canvas.data.byteOffset, canvas.width * canvas.height);
  const x0 = Math.max(0, x);
  const x1 = Math.min(canvas.width, x + w);
  if (x1 <= x0) return;
  for (let yy = Math.max(0, y); yy < Math.min(canvas.height, y + h); yy++) {
    dst.fill(value, yy * canvas.width + x0, yy * canvas.width + x1);
  }
}

/**
 * Copies `image` (RGBA, w x h) into `canvas` at (x, y), enlarged or reduced to `width` x
 * `height` by nearest neighbour: display pixel (X, Y) shows source pixel
 * (floor(X * w / width), floor(Y * h / height)), opaque. Rows outside `canvas` are skipped, so
 * `canvas` may be a band of rows of a taller picture, with `y` taken from the band's top. `image`
 * may give `rows(r0, r1)` instead of `data`: the RGBA of its rows r0 to r1 - 1, made on demand.
 */
export function blitScaled(canvas, image, x, y, width, height) {
  const first = Math.max(0, -y);
  const last = Math.min(height, canvas.height - y);
  if (last <= first) return;
  // An image with `rows(r0, r1)` makes only the source rows this band shows (RGBA of rows r0..r1-1).
  const r0 = image.rows ? Math.floor((first * image.height) / height) : 0;
  const r1 = image.rows ? Math.floor(((last - 1) * image.height) / height) + 1 : image.height;
  const data = image.rows ? image.rows(r0, r1) : image.data;
  const bytes = data.byteOffset % 4 === 0 ? data : data.slice();
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, image.width * (r1 - r0));
  const dst = new Uint32Array(canvas.data.buffer, canvas.data.byteOffset, canvas.width * canvas.height);
  const columns = Int32Array.from({ length: width }, (_, X) => Math.floor((X * image.width) / width));
  const opaque = new Uint8Array(Uint32Array.of(0).buffer);
  opaque[3] = 255;
  const alpha = new Uint32Array(opaque.buffer)[0]; // the alpha byte's bit in this machine's order
  // Only the rows inside `canvas` (a band of a taller picture may start above or end inside the map).
  for (let Y = first; Y < last; Y++) {
    const row = (Math.floor((Y * image.height) / height) - r0) * image.width;
    const o = (y + Y) * canvas.width + x;
    if (width === image.width) {
      dst.set(src.subarray(row, row + width), o); // the map at its own size: whole rows
      for (let X = 0; X < width; X++) dst[o + X] |= alpha;
    } else {
      for (let X = 0; X < width; X++) dst[o + X] = src[row + columns[X]] | alpha;
    }
  }
}

/**
 * RGB values (interleaved floats, 3 a pixel) as RGBA pixels into `out`: each value scaled from
 * vmin..vmax to 0..255 (one scale for the three channels, so colours keep their balance), NaN
 * as 0.
 */
function rgbPixels(src, vmin, vmax, out) {
  const scale = vmax > vmin ? 255 / (vmax - vmin) : 0;
  for (let i = 0, o = 0; i < src.length; i += 3, o += 4) {
    out[o] = Math.round((src[i] - vmin) * scale);
    out[o + 1] = Math.round((src[i + 1] - vmin) * scale);
    out[o + 2] = Math.round((src[i + 2] - vmin) * scale);
    out[o + 3] = 255;
  }
}

/**
 * A lazily coloured map for blitScaled: `{ width, height, vmin, vmax, rows(r0, r1) }`. `stage`
 * gives the map's float rows (`shape` [1, h, w, channels], `rows(r0, r1)`), coloured when a band
 * of the picture needs them: one channel by condense's toImageData with this colormap and scale
 * (the same pixels as toImageData on the whole map with that scale), three as RGB (rgbPixels).
 * No full-size map or colour image exists (--size keep: 48 MB of RGBA a panel).
 */
export function imageInRows(cd, stage, colormap, vmin, vmax) {
  const [, height, width, channels] = stage.shape;
  let buffer = new Uint8ClampedArray(0);
  const rows = (r0, r1) => {
    const n = (r1 - r0) * width * 4;
    if (buffer.length < n) buffer = new Uint8ClampedArray(n); // reused from band to band
    const data = stage.rows(r0, r1);
    if (channels === 3) {
      rgbPixels(data, vmin, vmax, buffer.subarray(0, n));
      return buffer.subarray(0, n);
    }
    const out = { data: buffer.subarray(0, n), width, height: r1 - r0 };
    const band = { shape: [1, r1 - r0, width, 1], data };
    return cd.toImageData(band, { colormap, vmin, vmax, out }).data;
  };
  return { width, height, vmin, vmax, rows };
}

const BACKGROUND = [255, 255, 255];
const INK = [34, 34, 34];
const MUTED = [110, 110, 110];
const MARGIN = 16;
const GAP = 24;
const LINE_GAP = 6;

/**
 * Lays out panels `[{ title, image, lines }]` (image: RGBA `{ data, width, height }`, lines:
 * text under it) in one row, each map shown at `display` = [height, width]. Returns the picture's
 * `width` and `height`, where each map goes (`rects`, in picture pixels), and `draw(band)`, which
 * draws rows `band.top` to `band.top + band.height - 1` of the picture into `band` (RGBA
 * `{ data, width, height, top }`): a tall picture can be drawn and encoded a band at a time.
 */
export function layoutPanels(panels, display) {
  const [dispH, dispW] = display;
  const scale = Math.min(dispH, dispW) >= 160 ? 2 : 1;
  const lineH = GLYPH_H * scale;
  const columns = panels.map((p) =>
    Math.max(dispW, textWidth(p.title, scale + 1), ...p.lines.map((l) => textWidth(l, scale))),
  );
  const maxLines = Math.max(0, ...panels.map((p) => p.lines.length));
  const titleH = GLYPH_H * (scale + 1);
  const width = 2 * MARGIN + columns.reduce((a, b) => a + b, 0) + GAP * (panels.length - 1);
  const top = MARGIN + titleH + 2 * LINE_GAP;
  const height = top + dispH + LINE_GAP + maxLines * (lineH + LINE_GAP) + MARGIN;

  const rects = [];
  const steps = []; // (band, dy) => void, dy = -band.top
  let x = MARGIN;
  panels.forEach((p, i) => {
    const col = columns[i];
    const mapX = x + Math.floor((col - dispW) / 2);
    const titleX = x + Math.floor((col - textWidth(p.title, scale + 1)) / 2);
    steps.push((band, dy) => drawText(band, p.title, titleX, MARGIN + dy, scale + 1, INK));
    steps.push((band, dy) => blitScaled(band, p.image, mapX, top + dy, dispW, dispH));
    rects.push({ x: mapX, y: top, width: dispW, height: dispH });
    let y = top + dispH + LINE_GAP + 2;
    p.lines.forEach((line, j) => {
      const [lx, ly] = [x + Math.floor((col - textWidth(line, scale)) / 2), y];
      steps.push((band, dy) => drawText(band, line, lx, ly + dy, scale, j === 0 ? INK : MUTED));
      y += lineH + LINE_GAP;
    });
    x += col + GAP;
  });
  const draw = (band) => {
    fill(band, 0, 0, band.width, band.height, BACKGROUND);
    for (const step of steps) step(band, -band.top);
  };
  return { width, height, rects, draw };
}
