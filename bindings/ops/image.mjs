// fromImageData (RGBA, RGB or gray bytes -> a float map: TF grayscale, bilinear resize) and
// toImageData (a map -> RGBA through a matplotlib colour map; several channels as a grid of
// feature maps) (C++: image.cc).
import { choice, finiteNumber, isInt, pair, rangeError, typeError } from '../runtime/options.mjs';

export const entries = ['fromImageData', 'toImageData'];

// Returns the number of samples a pixel of imageData has: its `channels` (decodeImage's
// results say it), or data.length / (width * height) when that is 1, 3 or 4.
function checkImageData(fn, imageData, shapeOnly) {
  if (imageData === null || typeof imageData !== 'object') {
    throw typeError(fn, 'imageData', 'must be an ImageData or { data, width, height, channels }', imageData);
  }
  const { data, width, height, channels } = imageData;
  if (!shapeOnly && !(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
    throw typeError(fn, 'imageData.data', 'must be a Uint8ClampedArray or Uint8Array of 8-bit samples', data);
  }
  for (const [name, v] of [
    ['imageData.width', width],
    ['imageData.height', height],
  ]) {
    if (typeof v !== 'number') throw typeError(fn, name, 'must be a positive integer', v);
    if (!isInt(v, 1)) throw rangeError(fn, name, 'must be a positive integer', v);
  }
  if (channels !== undefined) {
    if (typeof channels !== 'number') throw typeError(fn, 'imageData.channels', 'must be 1, 3 or 4', channels);
    if (![1, 3, 4].includes(channels)) throw rangeError(fn, 'imageData.channels', 'must be 1, 3 or 4', channels);
  }
  if (shapeOnly) return channels ?? 4;
  const pixels = width * height;
  const inChannels = channels ?? data.length / pixels;
  if (data.length !== pixels * inChannels || ![1, 3, 4].includes(inChannels)) {
    const rule =
      channels === undefined
        ? `must equal width * height * 4 (RGBA) = ${pixels * 4}, * 3 (RGB) = ${pixels * 3} or * 1 (gray) = ${pixels}`
        : `must equal width * height * channels = ${pixels * channels}`;
    throw rangeError(fn, 'imageData.data.length', rule, data.length);
  }
  return inChannels;
}

export function create(ctx) {
  const api = {
    // In outputShape(), the shape is the image's [height, width].
    fromImageData(imageData, options) {
      const fn = 'fromImageData';
      const o = ctx.options(fn, options, ['channels', 'size', 'out']);
      const image =
        ctx.shapeMode && Array.isArray(imageData?.shape)
          ? { width: imageData.shape[1], height: imageData.shape[0] }
          : imageData;
      const inChannels = checkImageData(fn, image, ctx.shapeMode);
      const { width, height } = image;
      const channels = o.channels === undefined ? 1 : o.channels;
      if (typeof channels !== 'number') throw typeError(fn, 'channels', 'must be 1, 3 or 4', channels);
      if (![1, 3, 4].includes(channels)) throw rangeError(fn, 'channels', 'must be 1, 3 or 4', channels);
      const [outH, outW] = o.size === undefined ? [height, width] : pair(fn, 'size', o.size, undefined);
      const ptr = ctx.shapeMode ? 0 : ctx.heap.put(fn, ctx.SLOT.input, image.data, 'imageData.data');
      ctx.call(fn, undefined, [{ h: height, w: width, inChannels, channels, outH, outW }], ptr);
      return ctx.finish(fn, o, undefined, ctx.heap.shape());
    },

    toImageData(map, options) {
      const fn = 'toImageData';
      ctx.tensor(fn, 'map', map, [2, 3, 4]);
      const shape = map.shape;
      if (shape.length === 4 && shape[0] !== 1) {
        throw rangeError(fn, 'map.shape', 'must be one image (batch 1)', shape);
      }
      if (options?.grid !== undefined && options.grid !== false) return grid(ctx, api, map, options);
      const [h, w] = shape.length === 2 ? shape : shape.length === 3 ? shape : shape.slice(1);
      if (shape.length >= 3 && shape[shape.length - 1] !== 1) {
        throw rangeError(
          fn,
          'map.shape',
          'must have one channel ([h, w], [h, w, 1] or [1, h, w, 1]); pass { grid: true } to draw each channel',
          shape,
        );
      }
      const o = ctx.options(fn, options, ['colormap', 'vmin', 'vmax', 'grid', 'size', 'bad', 'infinite', 'out']);
      const { magma, viridis, gray } = ctx.enums.Colormap;
      const colormap = choice(fn, 'colormap', o.colormap, 'magma', { magma, viridis, gray });
      const bound = (name, v) => {
        if (v === undefined) return NaN; // autoscale
        finiteNumber(fn, name, v);
        if (!Number.isFinite(v)) throw rangeError(fn, name, 'must be finite', v);
        return v;
      };
      const vmin = bound('vmin', o.vmin);
      const vmax = bound('vmax', o.vmax);
      if (vmin > vmax) throw rangeError(fn, 'vmin', `must be <= vmax (${vmax})`, vmin);
      const [outH, outW] = drawnSize(fn, o.size, h, w);
      const bad = badColour(fn, o.bad);
      const infiniteBad = choice(fn, 'infinite', o.infinite, 'clip', { clip: 0, bad: 1 });
      const target = outImage(fn, o.out, outH, outW);
      const ptr = ctx.address(fn, ctx.SLOT.input, map, 'map');
      ctx.call(fn, undefined, [{ h, w, outH, outW, colormap, vmin, vmax, bad, infiniteBad }], ptr);
      const address = ctx.heap.result('address');
      const count = ctx.heap.result('count');
      const aux = ctx.takeAux();
      const range = new Float32Array(aux.buffer, 20, 2);
      const finite = range[0] <= range[1];
      const stats = {
        count: h * w,
        zeros: aux[0],
        positive: aux[1],
        nan: aux[2],
        posInf: aux[3],
        negInf: aux[4],
        min: finite ? range[0] : NaN,
        max: finite ? range[1] : NaN,
      };
      let image = target;
      if (target) ctx.heap.takeBytes(address, count, target.data);
      else {
        const rgba = ctx.heap.takeBytes(address, count);
        image =
          typeof ImageData === 'function' ? new ImageData(rgba, outW, outH) : { data: rgba, width: outW, height: outH };
      }
      return Object.assign(image, { vmin: ctx.heap.result('vmin'), vmax: ctx.heap.result('vmax'), stats });
    },
  };
  return api;
}

// The drawn size: [h, w] (or one number for both) within [1, 1] .. the map's [h, w].
function drawnSize(fn, size, h, w) {
  if (size === undefined) return [h, w];
  const [sh, sw] = pair(fn, 'size', size, undefined);
  if (sh > h || sw > w) {
    throw rangeError(
      fn,
      'size',
      `must not exceed the map's size [${h}, ${w}] (each pixel shows the max of a block)`,
      size,
    );
  }
  return [sh, sw];
}

// [r, g, b, a] bytes -> one uint32 (RGBA in memory order, little-endian); default transparent.
function badColour(fn, bad) {
  if (bad === undefined) return 0;
  const rule = 'must be [r, g, b, a] of integers in 0..255';
  if (!Array.isArray(bad) || bad.length !== 4) throw typeError(fn, 'bad', rule, bad);
  if (bad.some((v) => typeof v !== 'number')) throw typeError(fn, 'bad', rule, bad);
  if (bad.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) throw rangeError(fn, 'bad', rule, bad);
  return bad[0] + bad[1] * 2 ** 8 + bad[2] * 2 ** 16 + bad[3] * 2 ** 24;
}

// `out`: an ImageData (or { data, width, height }) of the drawn size to write the pixels into.
function outImage(fn, out, h, w) {
  if (out === undefined) return null;
  if (out === null || typeof out !== 'object' || !(out.data instanceof Uint8ClampedArray)) {
    throw typeError(fn, 'out', 'must be an ImageData or { data: Uint8ClampedArray, width, height }', out);
  }
  if (out.width !== w || out.height !== h || out.data.length !== w * h * 4) {
    throw rangeError(fn, 'out', `must be ${w}x${h} (the drawn size)`, `${out.width}x${out.height}`);
  }
  return out;
}

// toImageData(map, { grid }): the channels of an [h, w, c] map side by side, `columns` a row
// (default ceil(sqrt(c))), `gap` pixels apart (default 1, transparent, as NaN draws), all on
// one scale (vmin / vmax, or the min and max of every channel). The result tells where each
// channel is: grid = { columns, rows, width: w, height: h, gap }, channel k at
// x = (k % columns) * (w + gap), y = floor(k / columns) * (h + gap).
function grid(ctx, api, map, options) {
  const fn = 'toImageData';
  const o = ctx.options(fn, options, ['colormap', 'vmin', 'vmax', 'grid']);
  const g = o.grid === true ? {} : o.grid;
  if (g === null || typeof g !== 'object' || Array.isArray(g)) {
    throw typeError(fn, 'grid', 'must be true or { columns, gap }', o.grid);
  }
  for (const key of Object.keys(g)) {
    if (key !== 'columns' && key !== 'gap')
      throw typeError(fn, `grid.${key}`, 'is not an option (columns, gap)', g[key]);
  }
  const shape = map.shape;
  const [h, w, c] = shape.length === 2 ? [...shape, 1] : shape.length === 3 ? shape : shape.slice(1);
  const columns = g.columns === undefined ? Math.ceil(Math.sqrt(c)) : g.columns;
  const gap = g.gap === undefined ? 1 : g.gap;
  if (typeof columns !== 'number' || !isInt(columns, 1))
    throw rangeError(fn, 'grid.columns', 'must be a positive integer', columns);
  if (typeof gap !== 'number' || !isInt(gap, 0)) throw rangeError(fn, 'grid.gap', 'must be an integer >= 0', gap);
  const cols = Math.min(columns, c);
  const rows = Math.ceil(c / cols);
  const width = cols * w + (cols - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  if (width * height > 2 ** 29) throw rangeError(fn, 'grid', `makes a ${width}x${height} image, too large`, o.grid);
  const data = map.resident ? map.read().data : map.data;
  const tiled = new Float32Array(width * height).fill(NaN);
  for (let k = 0; k < c; k++) {
    const x0 = (k % cols) * (w + gap);
    const y0 = Math.floor(k / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      const row = (y0 + y) * width + x0;
      for (let x = 0, s = y * w * c + k; x < w; x++, s += c) tiled[row + x] = data[s];
    }
  }
  const { colormap, vmin, vmax } = o;
  const image = api.toImageData({ shape: [height, width], data: tiled }, { colormap, vmin, vmax });
  return Object.assign(image, { grid: { columns: cols, rows, width: w, height: h, gap } });
}
