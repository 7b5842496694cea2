// maxPool1dGrad, avgPool1dGrad, maxPool3dGrad, avgPool3dGrad: gradients of 1-D and 3-D max and
// average pooling, with the forward ops' options (C++: pool3d-grad.cc).
import { AVG_OPTIONS } from '../runtime/args.mjs';
import { layoutOption, rangeError, shapeOption } from '../runtime/options.mjs';
import { windowArgs } from './pool3d.mjs';

export const entries = ['maxPool1dGrad', 'avgPool1dGrad', 'maxPool3dGrad', 'avgPool3dGrad'];

const MAX_OPTIONS = ['poolSize', 'strides', 'dilations', 'padding', 'ceilMode', 'layout', 'out'];
const AVG_GRAD_OPTIONS = [...MAX_OPTIONS, ...AVG_OPTIONS, 'inputShape'];

export function create(ctx) {
  // The forward input's dims (the gradient's shape) and dy's, batched, as the op's arguments.
  function dims(shape, dyShape, batched, layout) {
    const full = batched ? shape : [1, ...shape];
    const g = batched ? dyShape : [1, ...dyShape];
    return {
      x0: full[0],
      x1: full[1],
      x2: full[2],
      x3: full[3] ?? 0,
      x4: full[4] ?? 0,
      rank: full.length,
      layout,
      g0: g[0],
      g1: g[1],
      g2: g[2],
      g3: g[3] ?? 0,
      g4: g[4] ?? 0,
    };
  }

  function maxGrad(fn, x, dy, options, rank) {
    const o = ctx.options(fn, options, MAX_OPTIONS);
    const ranks = rank === 1 ? [2, 3] : [4, 5];
    ctx.tensor(fn, 'x', x, ranks);
    ctx.tensor(fn, 'dy', dy, ranks);
    if (dy.shape.length !== x.shape.length) {
      throw rangeError(fn, 'dy.shape', `must have the same rank as x (${x.shape.length})`, dy.shape);
    }
    const layout = layoutOption(fn, o.layout, rank, ctx.enums.Layout);
    const window = windowArgs(ctx, fn, o, rank);
    ctx.checkOut(fn, x, o);
    const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    const dyPtr = ctx.address(fn, ctx.SLOT.filter, dy, 'dy');
    const args = dims(x.shape, dy.shape, x.shape.length === ranks[1], layout);
    ctx.call(fn, undefined, [args, window], xPtr, dyPtr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x, ranks[0]));
  }

  function avgGrad(fn, dy, options, rank) {
    const o = ctx.options(fn, options, AVG_GRAD_OPTIONS);
    const ranks = rank === 1 ? [2, 3] : [4, 5];
    ctx.tensor(fn, 'dy', dy, ranks);
    const inputShape = shapeOption(fn, 'inputShape', o.inputShape, dy.shape.length);
    const layout = layoutOption(fn, o.layout, rank, ctx.enums.Layout);
    const window = windowArgs(ctx, fn, o, rank);
    ctx.checkOut(fn, dy, o);
    const ptr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
    const args = dims(inputShape, dy.shape, dy.shape.length === ranks[1], layout);
    ctx.call(fn, undefined, [args, window], ptr);
    return ctx.finish(fn, o, dy, ctx.shapeFor(dy, ranks[0]));
  }

  return {
    maxPool1dGrad: (x, dy, options) => maxGrad('maxPool1dGrad', x, dy, options, 1),
    avgPool1dGrad: (dy, options) => avgGrad('avgPool1dGrad', dy, options, 1),
    maxPool3dGrad: (x, dy, options) => maxGrad('maxPool3dGrad', x, dy, options, 3),
    avgPool3dGrad: (dy, options) => avgGrad('avgPool3dGrad', dy, options, 3),
  };
}
