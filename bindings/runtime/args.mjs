// Argument groups shared by several ops (the JS half of bindings/runtime/args.h): each returns an
// object of C++ argument names -> values, written into the op's block by ctx.call.
import { bool, choice, isInt, pair, padding, rangeError, typeError } from './options.mjs';

export const POOL_WINDOW_OPTIONS = ['poolSize', 'strides', 'dilations', 'padding', 'ceilMode', 'layout', 'out'];
export const AVG_OPTIONS = ['countIncludePad', 'divisorOverride'];
export const CONV_OPTIONS = ['strides', 'padding', 'dilations', 'layout', 'filterLayout', 'out'];

export function nhwc(shape) {
  return shape.length === 4 ? shape : [1, ...shape];
}

// The dims of a [n, h, w, c] or [h, w, c] tensor in the caller's layout.
export function inputArgs(shape, layout) {
  const [n, h, w, c] = nhwc(shape);
  return { n, h, w, c, layout };
}

export function secondArgs(shape) {
  const [gN, gH, gW, gC] = nhwc(shape);
  return { gN, gH, gW, gC };
}

// The window of a 2-D pool. defaults: { windowName, window, strides?, padding }.
export function windowArgs(ctx, fn, o, defaults) {
  const [windowH, windowW] = pair(fn, defaults.windowName, o[defaults.windowName], defaults.window);
  const [strideH, strideW] = pair(fn, 'strides', o.strides, defaults.strides ?? [windowH, windowW]);
  const [dilationH, dilationW] = pair(fn, 'dilations', o.dilations, 1);
  const pad = padding(fn, 'padding', o.padding, defaults.padding, ctx.enums.PaddingMode);
  return {
    windowH,
    windowW,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padMode: pad.mode,
    padTop: pad.pads[0],
    padBottom: pad.pads[1],
    padLeft: pad.pads[2],
    padRight: pad.pads[3],
    ceilMode: bool(fn, 'ceilMode', o.ceilMode, false) ? 1 : 0,
  };
}

export function divisorArgs(fn, o) {
  const divisor = o.divisorOverride;
  if (divisor !== undefined && !isInt(divisor, 1)) {
    throw (typeof divisor === 'number' ? rangeError : typeError)(
      fn,
      'divisorOverride',
      'must be a positive integer',
      divisor,
    );
  }
  return {
    countIncludePad: bool(fn, 'countIncludePad', o.countIncludePad, false) ? 1 : 0,
    divisorOverride: divisor ?? 0,
  };
}

export const POOL_DEFAULTS = { windowName: 'poolSize', window: 2, padding: 'valid' };

// 'tf' (default for NHWC), 'torch' (default for NCHW) or 'onnx'; 'tf' + includeBatchInIndex.
export function indexConvention(ctx, fn, o, layout) {
  const { ArgmaxConvention, Layout } = ctx.enums;
  const fallback = layout === Layout.channelsFirst ? 'torch' : 'tf';
  const { tf, torch, onnx } = ArgmaxConvention;
  const code = choice(fn, 'indexConvention', o.indexConvention, fallback, { tf, torch, onnx });
  const withBatch = bool(fn, 'includeBatchInIndex', o.includeBatchInIndex, false);
  if (withBatch && code !== tf) {
    throw rangeError(fn, 'includeBatchInIndex', "applies to indexConvention 'tf' only", withBatch);
  }
  return withBatch ? ArgmaxConvention.tfWithBatch : code;
}

export function seedOption(fn, value) {
  const v = value === undefined ? 0 : value;
  if (typeof v !== 'number') throw typeError(fn, 'seed', 'must be a non-negative integer', v);
  if (!Number.isSafeInteger(v) || v < 0) throw rangeError(fn, 'seed', 'must be an integer in [0, 2^53)', v);
  return v;
}
