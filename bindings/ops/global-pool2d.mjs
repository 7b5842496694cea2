// globalAvgPool2d, globalMaxPool2d: one value per image and channel (C++: global-pool2d.cc).
import { inputArgs } from '../runtime/args.mjs';
import { bool, layoutOption } from '../runtime/options.mjs';

export const entries = ['globalAvgPool2d', 'globalMaxPool2d'];

const OPTIONS = ['keepDims', 'layout', 'out'];

export function create(ctx) {
  function globalPool(fn, x, options) {
    const o = ctx.options(fn, options, OPTIONS);
    ctx.tensor(fn, 'x', x);
    const keepDims = bool(fn, 'keepDims', o.keepDims, false);
    const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
    ctx.checkOut(fn, x, o);
    const ptr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    ctx.call(fn, x, [inputArgs(x.shape, layout)], ptr);
    // C++ records [n, 1, 1, c] (or [n, c, 1, 1]).
    const shape4 = ctx.heap.shape();
    const rank3 = x.shape.length === 3;
    const [n, c] = layout ? shape4 : [shape4[0], shape4[3]];
    let shape = rank3 ? [c] : [n, c];
    if (keepDims) shape = rank3 ? shape4.slice(1) : shape4;
    return ctx.finish(fn, o, x, shape);
  }

  return {
    globalAvgPool2d: (x, options) => globalPool('globalAvgPool2d', x, options),
    globalMaxPool2d: (x, options) => globalPool('globalMaxPool2d', x, options),
  };
}
