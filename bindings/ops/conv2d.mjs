// conv2d, depthwiseConv2d: 2-D convolution with bias, a fused activation, groups (conv2d) and
// PyTorch's padding modes (C++: conv2d.cc).
import { CONV_OPTIONS, inputArgs } from '../runtime/args.mjs';
import { convInputs, groupsOption, padModeOption } from './conv-args.mjs';

export const entries = ['conv2d', 'depthwiseConv2d'];

const OPTIONS = [...CONV_OPTIONS, 'activation', 'bias', 'padMode'];

export function create(ctx) {
  function conv(fn, x, filter, options, depthwise) {
    const o = ctx.options(fn, options, depthwise ? OPTIONS : [...OPTIONS, 'groups']);
    const groups = depthwise ? 1 : groupsOption(fn, o.groups);
    const padFill = padModeOption(ctx, fn, o.padMode);
    const c = convInputs(ctx, fn, x, filter, o, depthwise);
    const parts = [inputArgs(x.shape, c.layout), c.args, { groups, padFill }];
    ctx.call(fn, x, parts, c.inPtr, c.filterPtr, c.biasPtr);
    return ctx.finish(fn, o, x, ctx.shapeFor(x));
  }

  return {
    conv2d: (x, filter, options) => conv('conv2d', x, filter, options, false),
    depthwiseConv2d: (x, filter, options) => conv('depthwiseConv2d', x, filter, options, true),
  };
}
