// fromImageData (RGBA -> a float map: TF grayscale, bilinear resize) and toImageData (a map ->
// RGBA through a matplotlib colour map) (C++: image.cc).
import { choice, finiteNumber, isInt, pair, rangeError, typeError } from '../runtime/options.mjs';

export const entries = ['fromImageData', 'toImageData'];

function checkImageData(fn, imageData, shapeOnly) {
  if (imageData === null || typeof imageData !== 'object') {
    throw typeError(fn, 'imageData', 'must be an ImageData or { data, width, height }', imageData);
  }
  const { data, width, height } = imageData;
  if (!shapeOnly && !(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
    throw typeError(fn, 'imageData.data', 'must be a Uint8ClampedArray or Uint8Array of RGBA bytes', data);
  }
  for (const [name, v] of [
    ['imageData.width', width],
    ['imageData.height', height],
  ]) {
    if (typeof v !== 'number') throw typeError(fn, name, 'must be a positive integer', v);
    if (!isInt(v, 1)) throw rangeError(fn, name, 'must be a positive integer', v);
  }
  if (!shapeOnly && data.length !== width * height * 4) {
    throw rangeError(fn, 'imageData.data.length', `must equal width * height * 4 = ${width * height * 4}`, data.length);
  }
}

export function create(ctx) {
  return {
    // In outputShape(), the shape is the image's [height, width].
    fromImageData(imageData, options) {
      const fn = 'fromImageData';
      const o = ctx.options(fn, options, ['channels', 'size', 'out']);
      const image =
        ctx.shapeMode && Array.isArray(imageData?.shape)
          ? { width: imageData.shape[1], height: imageData.shape[0] }
          : imageData;
      checkImageData(fn, image, ctx.shapeMode);
      const { width, height } = image;
      const channels = o.channels === undefined ? 1 : o.channels;
      if (typeof channels !== 'number') throw typeError(fn, 'channels', 'must be 1, 3 or 4', channels);
      if (![1, 3, 4].includes(channels)) throw rangeError(fn, 'channels', 'must be 1, 3 or 4', channels);
      const [outH, outW] = o.size === undefined ? [height, width] : pair(fn, 'size', o.size, undefined);
      const ptr = ctx.shapeMode ? 0 : ctx.heap.put(fn, ctx.SLOT.input, image.data, 'imageData.data');
      ctx.call(fn, undefined, [{ h: height, w: width, channels, outH, outW }], ptr);
      return ctx.finish(fn, o, undefined, ctx.heap.shape());
    },

    toImageData(map, options) {
      const fn = 'toImageData';
      ctx.tensor(fn, 'map', map, [2, 3, 4]);
      const shape = map.shape;
      const [h, w] = shape.length === 2 ? shape : shape.length === 3 ? shape : shape.slice(1);
      if ((shape.length >= 3 && shape[shape.length - 1] !== 1) || (shape.length === 4 && shape[0] !== 1)) {
        throw rangeError(
          fn,
          'map.shape',
          'must be one image with one channel ([h, w], [h, w, 1] or [1, h, w, 1])',
          shape,
        );
      }
      const o = ctx.options(fn, options, ['colormap', 'vmin', 'vmax']);
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
      const ptr = ctx.address(fn, ctx.SLOT.input, map, 'map');
      ctx.call(fn, undefined, [{ count: ctx.size(map), colormap, vmin, vmax }], ptr);
      const rgba = ctx.heap.takeBytes(ctx.heap.result('address'), ctx.heap.result('count'));
      const image = typeof ImageData === 'function' ? new ImageData(rgba, w, h) : { data: rgba, width: w, height: h };
      return Object.assign(image, { vmin: ctx.heap.result('vmin'), vmax: ctx.heap.result('vmax') });
    },
  };
}
