// conv2dTranspose: transposed 2-D convolution with Keras Conv2DTranspose's and ONNX
// ConvTranspose's output-size rules, groups, bias and a fused activation (C++:
// conv2d-transpose.cc; the size rules: compute_transpose_axis in src/core/shape.cc).
import { CONV_OPTIONS, inputArgs } from '../runtime/args.mjs';
import { isInt, layoutOption, pair, rangeError, typeError } from '../runtime/options.mjs';
import { biasArray, convArgs, filterTensor } from './conv-args.mjs';

export const entries = ['conv2dTranspose'];

const OPTIONS = [...CONV_OPTIONS, 'activation', 'bias', 'outputPadding', 'outputShape', 'groups'];

// 'HWOI' [kh, kw, outC / groups, inC] (TF conv2d_transpose, Keras Conv2DTranspose) is code 0,
// 'IOHW' [inC, outC / groups, kh, kw] (PyTorch ConvTranspose2d, ONNX ConvTranspose) code 1: the
// forward conv's HWIO / OIHW views of the same filter. Default: HWOI for NHWC, IOHW for NCHW.
function transposeFilterLayout(ctx, fn, value, layout) {
  const { FilterLayout, Layout } = ctx.enums;
  if (value === undefined) return layout === Layout.channelsFirst ? FilterLayout.OIHW : FilterLayout.HWIO;
  const rule = "must be 'HWOI' or 'IOHW'";
  if (typeof value !== 'string') throw typeError(fn, 'filterLayout', rule, value);
  const key = value.toUpperCase();
  if (key === 'HWOI') return FilterLayout.HWIO;
  if (key === 'IOHW') return FilterLayout.OIHW;
  throw rangeError(fn, 'filterLayout', rule, value);
}

// PyTorch's (ph, pw) padding tuple is [[ph, ph], [pw, pw]].
function paddingForm(value) {
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
    return [
      [value[0], value[0]],
      [value[1], value[1]],
    ];
  }
  return value;
}

// [oh, ow], or a full 4-D shape in the layout's order (TF's output_shape) whose batch and
// channels must match.
function outputShapeArgs(fn, value, layout, channelsFirst, batch, channels) {
  if (value === undefined) return [0, 0];
  const rule = 'must be [height, width] or the full 4-D output shape of positive integers';
  if (!Array.isArray(value)) throw typeError(fn, 'outputShape', rule, value);
  if (value.some((v) => typeof v !== 'number')) throw typeError(fn, 'outputShape', rule, value);
  if ((value.length !== 2 && value.length !== 4) || value.some((v) => !isInt(v, 1))) {
    throw rangeError(fn, 'outputShape', rule, value);
  }
  if (value.length === 2) return value;
  const [n, h, w, c] = channelsFirst ? [value[0], value[2], value[3], value[1]] : value;
  if (n !== batch || c !== channels) {
    throw rangeError(fn, 'outputShape', `must have batch ${batch} and ${channels} channels`, value);
  }
  return [h, w];
}

export function create(ctx) {
  return {
    conv2dTranspose(x, filter, options) {
      const fn = 'conv2dTranspose';
      const o = ctx.options(fn, options, OPTIONS);
      ctx.tensor(fn, 'x', x);
      filterTensor(ctx, fn, filter, 4, () => '[kh, kw, out/groups, in] (HWOI) or [in, out/groups, kh, kw] (IOHW)');
      const layout = layoutOption(fn, o.layout, 2, ctx.enums.Layout);
      const channelsFirst = layout === ctx.enums.Layout.channelsFirst;
      const filterLayout = transposeFilterLayout(ctx, fn, o.filterLayout, layout);
      const groups = o.groups === undefined ? 1 : o.groups;
      if (typeof groups !== 'number') throw typeError(fn, 'groups', 'must be a positive integer', groups);
      if (!isInt(groups, 1)) throw rangeError(fn, 'groups', 'must be a positive integer', groups);
      const s = filter.shape;
      const dims = filterLayout === ctx.enums.FilterLayout.HWIO ? s : [s[2], s[3], s[1], s[0]];
      const xShape = x.shape.length === 4 ? x.shape : [1, ...x.shape];
      const outChannels = dims[2] * groups;
      const bias = biasArray(fn, o.bias, outChannels, ctx);
      const [outPadH, outPadW] =
        o.outputPadding === undefined ? [-1, -1] : pair(fn, 'outputPadding', o.outputPadding, 0, 0);
      const [outputH, outputW] = outputShapeArgs(fn, o.outputShape, layout, channelsFirst, xShape[0], outChannels);
      const args = convArgs(ctx, fn, { ...o, padding: paddingForm(o.padding) }, dims, filterLayout);
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
      const biasPtr = bias && !ctx.shapeMode ? ctx.heap.put(fn, ctx.SLOT.bias, bias, 'bias') : 0;
      const extra = { hasBias: bias ? 1 : 0, outPadH, outPadW, outputH, outputW, groups };
      ctx.call(fn, x, [inputArgs(x.shape, layout), args, extra], xPtr, filterPtr, biasPtr);
      return ctx.finish(fn, o, x, ctx.shapeFor(x));
    },
  };
}
