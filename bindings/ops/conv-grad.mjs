// conv2dGradInput, conv2dGradFilter: gradients of conv2d (any groups); depthwiseConv2dGradInput,
// depthwiseConv2dGradFilter: gradients of depthwiseConv2d (C++: conv-grad.cc).
import { CONV_OPTIONS, inputArgs, nhwc, secondArgs } from '../runtime/args.mjs';
import { layoutOption, rangeError, shapeOption } from '../runtime/options.mjs';
import { convArgs, filterLayoutOption, filterTensor, groupsOption, hwioDims } from './conv-args.mjs';

export const entries = ['conv2dGradInput', 'conv2dGradFilter', 'depthwiseConv2dGradInput', 'depthwiseConv2dGradFilter'];

// The C++ filter dims and groups: conv2d's as they are; depthwise [kh, kw, C, M] planned as the
// grouped [kh, kw, 1, C*M] with groups = C.
function gradFilter(ctx, fn, o, shape, filterLayout, depthwise, layout, xShape) {
  if (!depthwise) return { dims: hwioDims(ctx, fn, shape, filterLayout, false, 0), groups: groupsOption(fn, o.groups) };
  const dims4 = nhwc(xShape);
  const channels = layout ? dims4[1] : dims4[3];
  const [kh, kw, c, m] = hwioDims(ctx, fn, shape, filterLayout, true, channels);
  if (c !== channels) {
    throw rangeError(fn, 'filter.shape', `must be [kh, kw, ${channels}, multiplier] (the input's channels)`, shape);
  }
  return { dims: [kh, kw, 1, c * m], groups: channels };
}

export function create(ctx) {
  function gradInput(fn, dy, filter, options, depthwise) {
    const o = ctx.options(fn, options, [...CONV_OPTIONS, 'inputShape', ...(depthwise ? [] : ['groups'])]);
    ctx.tensor(fn, 'dy', dy);
    filterTensor(ctx, fn, filter, 4, () => {
      if (depthwise) return '[kh, kw, C, multiplier] (HWIO) or [C*multiplier, 1, kh, kw] (OIHW)';
      return '[kh, kw, in/groups, out] (HWIO) or [out, in/groups, kh, kw] (OIHW)';
    });
    const inputShape = shapeOption(fn, 'inputShape', o.inputShape, dy.shape.length);
    const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
    const filterLayout = filterLayoutOption(ctx, fn, o.filterLayout, layout);
    const { dims, groups } = gradFilter(ctx, fn, o, filter.shape, filterLayout, depthwise, layout, inputShape);
    const args = { ...convArgs(ctx, fn, o, dims, filterLayout), groups };
    ctx.checkOut(fn, dy, o);
    const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
    const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
    ctx.call(fn, undefined, [inputArgs(inputShape, layout), args, secondArgs(dy.shape)], dyPtr, filterPtr);
    return ctx.finish(fn, o, dy, ctx.shapeFor(dy));
  }

  function gradFilterOp(fn, x, dy, options, depthwise) {
    const o = ctx.options(fn, options, [...CONV_OPTIONS, 'filterShape', ...(depthwise ? [] : ['groups'])]);
    ctx.tensor(fn, 'x', x);
    ctx.tensor(fn, 'dy', dy);
    if (dy.shape.length !== x.shape.length) {
      throw rangeError(fn, 'dy.shape', `must have the same rank as x (${x.shape.length})`, dy.shape);
    }
    const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
    const filterLayout = filterLayoutOption(ctx, fn, o.filterLayout, layout);
    const filterShape = shapeOption(fn, 'filterShape', o.filterShape, 4);
    const { dims, groups } = gradFilter(ctx, fn, o, filterShape, filterLayout, depthwise, layout, x.shape);
    const args = { ...convArgs(ctx, fn, o, dims, filterLayout), groups };
    ctx.checkOut(fn, x, o);
    const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
    const dyPtr = ctx.address(fn, ctx.SLOT.filter, dy, 'dy');
    ctx.call(fn, undefined, [inputArgs(x.shape, layout), args, secondArgs(dy.shape)], xPtr, dyPtr);
    return ctx.finish(fn, o, x, ctx.heap.shape());
  }

  return {
    conv2dGradInput: (dy, filter, options) => gradInput('conv2dGradInput', dy, filter, options, false),
    conv2dGradFilter: (x, dy, options) => gradFilterOp('conv2dGradFilter', x, dy, options, false),
    depthwiseConv2dGradInput: (dy, filter, options) => gradInput('depthwiseConv2dGradInput', dy, filter, options, true),
    depthwiseConv2dGradFilter: (x, dy, options) => gradFilterOp('depthwiseConv2dGradFilter', x, dy, options, true),
  };
}
