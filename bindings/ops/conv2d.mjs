// conv2d, depthwiseConv2d: 2-D convolution with bias and a fused activation (C++: conv2d.cc).
import { CONV_OPTIONS, inputArgs } from '../runtime/args.mjs';
import { convInputs } from './conv-args.mjs';

export const entries = ['conv2d', 'depthwiseConv2d'];

const OPTIONS = [...CONV_OPTIONS, 'activation', 'bias'];

export function create(ctx) {
  function conv(fn, x, filter, options, depthwise) {
    const o = ctx.options(fn, options, OPTIONS);
    const c = convInputs(ctx, fn, x, filter, o, depthwise);
    ctx.call(fn, x, [inputArgs(x.shape, c.layout), c.args], c.inPtr, c.filterPtr, c.biasPtr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x));
  }

  return {
    conv2d: (x, filter, options) => conv('conv2d', x, filter, options, false),
    depthwiseConv2d: (x, filter, options) => conv('depthwiseConv2d', x, filter, options, true),
  };
}
