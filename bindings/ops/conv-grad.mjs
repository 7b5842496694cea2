// conv2dGradInput, conv2dGradFilter: gradients of conv2d (C++: conv-grad.cc).
import { CONV_OPTIONS, inputArgs, secondArgs } from '../runtime/args.mjs';
import { layoutOption, rangeError, shapeOption } from '../runtime/options.mjs';
import { convArgs, filterLayoutOption, hwioDims } from './conv-args.mjs';

export const entries = ['conv2dGradInput', 'conv2dGradFilter'];

export function create(ctx) {
  return {
    conv2dGradInput(dy, filter, options) {
      const fn = 'conv2dGradInput';
      const o = ctx.options(fn, options, [...CONV_OPTIONS, 'inputShape']);
      ctx.tensor(fn, 'dy', dy);
      ctx.tensor(fn, 'filter', filter, [4]);
      const inputShape = shapeOption(fn, 'inputShape', o.inputShape, dy.shape.length);
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const filterLayout = filterLayoutOption(ctx, fn, o.filterLayout, layout);
      const dims = hwioDims(ctx, fn, filter.shape, filterLayout, false, 0);
      const args = convArgs(ctx, fn, o, dims, filterLayout);
      ctx.checkOut(fn, dy, o);
      const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
      const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
      ctx.call(fn, undefined, [inputArgs(inputShape, layout), args, secondArgs(dy.shape)], dyPtr, filterPtr);
      return ctx.finish(fn, o, dy, ctx.shapeFor(dy));
    },

    conv2dGradFilter(x, dy, options) {
      const fn = 'conv2dGradFilter';
      const o = ctx.options(fn, options, [...CONV_OPTIONS, 'filterShape']);
      ctx.tensor(fn, 'x', x);
      ctx.tensor(fn, 'dy', dy);
      if (dy.shape.length !== x.shape.length) {
        throw rangeError(fn, 'dy.shape', `must have the same rank as x (${x.shape.length})`, dy.shape);
      }
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const filterLayout = filterLayoutOption(ctx, fn, o.filterLayout, layout);
      const filterShape = shapeOption(fn, 'filterShape', o.filterShape, 4);
      const dims = hwioDims(ctx, fn, filterShape, filterLayout, false, 0);
      const args = convArgs(ctx, fn, o, dims, filterLayout);
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const dyPtr = ctx.address(fn, ctx.SLOT.filter, dy, 'dy');
      ctx.call(fn, undefined, [inputArgs(x.shape, layout), args, secondArgs(dy.shape)], xPtr, dyPtr);
      return ctx.finish(fn, o, x, ctx.heap.shape());
    },
  };
}
