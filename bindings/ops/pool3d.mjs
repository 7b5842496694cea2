// maxPool1d, avgPool1d, maxPool3d, avgPool3d: pooling over 1 or 3 spatial axes (C++: pool3d.cc,
// which also maps the caller's dim order and records the output shape in it).
import { AVG_OPTIONS } from '../runtime/args.mjs';
import { bool, isInt, layoutOption, paddingNd, rangeError, tuple, typeError } from '../runtime/options.mjs';

export const entries = ['maxPool1d', 'avgPool1d', 'maxPool3d', 'avgPool3d'];

const MAX_OPTIONS = ['poolSize', 'strides', 'dilations', 'padding', 'ceilMode', 'layout', 'out'];
const AVG_POOL_OPTIONS = [...MAX_OPTIONS, ...AVG_OPTIONS];

// The window per axis: 1-D fills the width axis, 3-D depth, height, width (also the gradients'
// window: pool3d-grad.mjs).
export function windowArgs(ctx, fn, o, rank) {
  const window = tuple(fn, 'poolSize', o.poolSize, 2, rank);
  const strides = tuple(fn, 'strides', o.strides, window, rank);
  const dilations = tuple(fn, 'dilations', o.dilations, 1, rank);
  const pad = paddingNd(fn, o.padding, rank, ctx.enums.PaddingMode);
  const divisor = o.divisorOverride;
  if (divisor !== undefined && !isInt(divisor, 1)) {
    throw (typeof divisor === 'number' ? rangeError : typeError)(
      fn,
      'divisorOverride',
      'must be a positive integer',
      divisor,
    );
  }
  const common = {
    padMode: pad.mode,
    ceilMode: bool(fn, 'ceilMode', o.ceilMode, false) ? 1 : 0,
    countIncludePad: bool(fn, 'countIncludePad', o.countIncludePad, false) ? 1 : 0,
    divisorOverride: divisor ?? 0,
  };
  const last = rank - 1;
  const wide = {
    windowW: window[last],
    strideW: strides[last],
    dilationW: dilations[last],
    padLeft: pad.pads[last][0],
    padRight: pad.pads[last][1],
  };
  if (rank === 1) return { ...common, ...wide };
  return {
    ...common,
    ...wide,
    windowD: window[0],
    strideD: strides[0],
    dilationD: dilations[0],
    padFront: pad.pads[0][0],
    padBack: pad.pads[0][1],
    windowH: window[1],
    strideH: strides[1],
    dilationH: dilations[1],
    padTop: pad.pads[1][0],
    padBottom: pad.pads[1][1],
  };
}

export function create(ctx) {
  function poolNd(fn, x, options, valid, rank) {
    const o = ctx.options(fn, options, valid);
    const ranks = rank === 1 ? [2, 3] : [4, 5];
    ctx.tensor(fn, 'x', x, ranks);
    const layout = layoutOption(fn, o.layout, rank, ctx.enums.Layout);
    const window = windowArgs(ctx, fn, o, rank);
    const full = x.shape.length === ranks[1] ? x.shape : [1, ...x.shape];
    const dims = {
      x0: full[0],
      x1: full[1],
      x2: full[2],
      x3: full[3] ?? 0,
      x4: full[4] ?? 0,
      rank: full.length,
      layout,
    };
    ctx.checkOut(fn, x, o);
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, [dims, window], ptr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x, ranks[0]));
  }

  return {
    maxPool1d: (x, options) => poolNd('maxPool1d', x, options, MAX_OPTIONS, 1),
    avgPool1d: (x, options) => poolNd('avgPool1d', x, options, AVG_POOL_OPTIONS, 1),
    maxPool3d: (x, options) => poolNd('maxPool3d', x, options, MAX_OPTIONS, 3),
    avgPool3d: (x, options) => poolNd('avgPool3d', x, options, AVG_POOL_OPTIONS, 3),
  };
}
