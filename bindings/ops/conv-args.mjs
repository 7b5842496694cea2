// Shared by the convolution slices (conv2d, conv-pool2d, conv-grad): filters, bias, activation.
import { choice, isInt, layoutOption, pair, padding, rangeError, typeError } from '../runtime/options.mjs';
import { channelValues } from './channel-args.mjs';

const ACTIVATIONS = { linear: [-Infinity, Infinity], relu: [0, Infinity], relu6: [0, 6] };

export function activation(fn, value) {
  const v = value === undefined ? 'linear' : value;
  if (typeof v !== 'string') throw typeError(fn, 'activation', "must be 'linear', 'relu' or 'relu6'", v);
  const range = ACTIVATIONS[v.toLowerCase()];
  if (!range) throw rangeError(fn, 'activation', "must be 'linear', 'relu' or 'relu6'", v);
  return range;
}

export function biasArray(fn, bias, count, ctx = null) {
  if (bias === undefined || bias === null) return undefined;
  return channelValues(ctx, fn, 'bias', bias, { lengths: [count], rule: `must equal the output channels ${count}` });
}

// The filter tensor checked with ctx.tensor; a wrong rank names the filter's layout (`forms()`:
// the layout in effect, e.g. '[kh, kw, in, out] (HWIO)') instead of an activation's dims.
export function filterTensor(ctx, fn, filter, rank, forms) {
  try {
    ctx.tensor(fn, 'filter', filter, [rank]);
  } catch (e) {
    if (!(e instanceof RangeError) || !e.message.startsWith(`${fn}: filter.shape must have rank`)) throw e;
    throw rangeError(fn, 'filter.shape', `must have rank ${rank} (${forms()})`, filter.shape);
  }
}

// 0: HWIO [kh, kw, in, out] (TF; depthwise [kh, kw, C, M]); 1: OIHW [out, in, kh, kw] (PyTorch /
// ONNX; depthwise [C*M, 1, kh, kw]). Default: HWIO for NHWC, OIHW for NCHW.
export function filterLayoutOption(ctx, fn, value, layout) {
  const { FilterLayout, Layout } = ctx.enums;
  if (value === undefined) return layout === Layout.channelsFirst ? FilterLayout.OIHW : FilterLayout.HWIO;
  const rule = "must be 'HWIO' or 'OIHW'";
  if (typeof value !== 'string') throw typeError(fn, 'filterLayout', rule, value);
  const code = FilterLayout[value.toUpperCase()];
  if (code === undefined) throw rangeError(fn, 'filterLayout', rule, value);
  return code;
}

// The filter's dims as HWIO [kh, kw, in, out] (depthwise: [kh, kw, C, M]) whatever its layout.
export function hwioDims(ctx, fn, shape, filterLayout, depthwise, inChannels) {
  if (filterLayout === ctx.enums.FilterLayout.HWIO) return shape;
  const [o, i, kh, kw] = shape;
  if (!depthwise) return [kh, kw, i, o];
  if (i !== 1 || o % inChannels !== 0) {
    throw rangeError(
      fn,
      'filter.shape',
      `must be [channels * multiplier, 1, kh, kw] for an OIHW depthwise filter (channels = ${inChannels})`,
      shape,
    );
  }
  return [kh, kw, inChannels, o / inChannels];
}

// groups: a positive integer (default 1); C++ checks that it divides the channels.
export function groupsOption(fn, value) {
  if (value === undefined) return 1;
  const rule = 'must be a positive integer dividing the input and output channels';
  if (typeof value !== 'number') throw typeError(fn, 'groups', rule, value);
  if (!isInt(value, 1)) throw rangeError(fn, 'groups', rule, value);
  return value;
}

// padMode: PyTorch's padding_mode ('zeros' | 'reflect' | 'replicate' | 'circular') as C++'s PadFill.
export function padModeOption(ctx, fn, value) {
  const { PadFill } = ctx.enums;
  return choice(fn, 'padMode', value, 'zeros', {
    zeros: PadFill.zeros,
    reflect: PadFill.reflect,
    replicate: PadFill.replicate,
    circular: PadFill.circular,
  });
}

// strides, dilations, padding, activation and the filter dims, as C++'s conv arguments.
export function convArgs(ctx, fn, o, dims, filterLayout) {
  const [convStrideH, convStrideW] = pair(fn, 'strides', o.strides, 1);
  const [convDilationH, convDilationW] = pair(fn, 'dilations', o.dilations, 1);
  const pad = padding(fn, 'padding', o.padding, 'valid', ctx.enums.PaddingMode);
  const [convMin, convMax] = activation(fn, o.activation);
  const [kernelH, kernelW, filterIn, filterOut] = dims;
  return {
    kernelH,
    kernelW,
    filterIn,
    filterOut,
    filterLayout,
    convStrideH,
    convStrideW,
    convDilationH,
    convDilationW,
    convPadMode: pad.mode,
    convPadTop: pad.pads[0],
    convPadBottom: pad.pads[1],
    convPadLeft: pad.pads[2],
    convPadRight: pad.pads[3],
    convMin,
    convMax,
  };
}

// x, filter and bias validated and in wasm memory, with the C++ arguments they need.
export function convInputs(ctx, fn, x, filter, o, depthwise) {
  ctx.tensor(fn, 'x', x);
  filterTensor(ctx, fn, filter, 4, () => {
    if (depthwise) return '[kh, kw, C, multiplier] (HWIO) or [C*multiplier, 1, kh, kw] (OIHW)';
    return '[kh, kw, in/groups, out] (HWIO) or [out, in/groups, kh, kw] (OIHW)';
  });
  const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
  const filterLayout = filterLayoutOption(ctx, fn, o.filterLayout, layout);
  const xShape = x.shape.length === 4 ? x.shape : [1, ...x.shape];
  const dims = hwioDims(ctx, fn, filter.shape, filterLayout, depthwise, layout ? xShape[1] : xShape[3]);
  const outChannels = depthwise ? dims[2] * dims[3] : dims[3];
  const bias = biasArray(fn, o.bias, outChannels, ctx);
  const args = convArgs(ctx, fn, o, dims, filterLayout);
  ctx.checkOut(fn, x, o);
  const inPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
  const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
  const biasPtr = bias && !ctx.shapeMode ? ctx.heap.put(fn, ctx.SLOT.bias, bias, 'bias') : 0;
  return { layout, args: { ...args, hasBias: bias ? 1 : 0 }, inPtr, filterPtr, biasPtr };
}
