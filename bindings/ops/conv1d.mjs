// conv1d, conv1dGradInput, conv1dGradFilter: 1-D convolution and its gradients through the 2-D
// op with unit height (C++: conv1d.cc). x is [n, w, c] / [w, c] (NWC) or [n, c, w] / [c, w]
// (NCW); the filter WIO [kw, in, out] (TF / Keras Conv1D) or OIW [out, in, kw] (PyTorch / ONNX).
import { layoutOption, paddingNd, rangeError, shapeOption, tuple, typeError } from '../runtime/options.mjs';
import { activation, biasArray, filterTensor } from './conv-args.mjs';

export const entries = ['conv1d', 'conv1dGradInput', 'conv1dGradFilter'];

const COMMON = ['strides', 'padding', 'dilations', 'layout', 'filterLayout', 'out'];
const FILTER_FORMS = () => '[kw, in, out] (WIO) or [out, in, kw] (OIW)';

export function create(ctx) {
  // 0: WIO (default for NWC), 1: OIW (default for NCW), as C++'s FilterLayout HWIO / OIHW.
  function filterLayoutOf(fn, value, layout) {
    const { FilterLayout, Layout } = ctx.enums;
    if (value === undefined) return layout === Layout.channelsFirst ? FilterLayout.OIHW : FilterLayout.HWIO;
    const rule = "must be 'WIO' or 'OIW'";
    if (typeof value !== 'string') throw typeError(fn, 'filterLayout', rule, value);
    const code = { WIO: FilterLayout.HWIO, OIW: FilterLayout.OIHW }[value.toUpperCase()];
    if (code === undefined) throw rangeError(fn, 'filterLayout', rule, value);
    return code;
  }

  // The filter's dims as [kw, in, out] whatever its layout.
  function wio(shape, filterLayout) {
    if (filterLayout === ctx.enums.FilterLayout.HWIO) return shape;
    const [o, i, kw] = shape;
    return [kw, i, o];
  }

  // A rank-2/3 tensor shape as the 4-D caller-order dims of the unit-height 2-D op.
  function dims4(shape, layout) {
    const [n, a, b] = shape.length === 3 ? shape : [1, ...shape];
    return layout === ctx.enums.Layout.channelsFirst ? [n, a, 1, b] : [n, 1, a, b];
  }

  function convArgs(fn, o, [kw, filterIn, filterOut], filterLayout, layout, xShape, dyShape) {
    const [convStrideW] = tuple(fn, 'strides', o.strides, 1, 1);
    const [convDilationW] = tuple(fn, 'dilations', o.dilations, 1, 1);
    const pad = paddingNd(fn, o.padding, 1, ctx.enums.PaddingMode);
    const [convMin, convMax] = activation(fn, o.activation);
    const [n, h, w, c] = dims4(xShape, layout);
    const [gN, gH, gW, gC] = dyShape ? dims4(dyShape, layout) : [0, 0, 0, 0];
    return {
      n,
      h,
      w,
      c,
      layout,
      gN,
      gH,
      gW,
      gC,
      kernelH: 1,
      kernelW: kw,
      filterIn,
      filterOut,
      filterLayout,
      convStrideH: 1,
      convStrideW,
      convDilationH: 1,
      convDilationW,
      convPadMode: pad.mode,
      convPadTop: 0,
      convPadBottom: 0,
      convPadLeft: pad.pads[0][0],
      convPadRight: pad.pads[0][1],
      convMin,
      convMax,
    };
  }

  return {
    conv1d(x, filter, options) {
      const fn = 'conv1d';
      const o = ctx.options(fn, options, [...COMMON, 'activation', 'bias']);
      ctx.tensor(fn, 'x', x, [2, 3]);
      filterTensor(ctx, fn, filter, 3, FILTER_FORMS);
      const layout = layoutOption(fn, o.layout, 1, ctx.enums.Layout);
      const filterLayout = filterLayoutOf(fn, o.filterLayout, layout);
      const dims = wio(filter.shape, filterLayout);
      const bias = biasArray(fn, o.bias, dims[2], ctx);
      const args = convArgs(fn, o, dims, filterLayout, layout, x.shape);
      ctx.checkOut(fn, x, o);
      const inPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
      const biasPtr = bias && !ctx.shapeMode ? ctx.heap.put(fn, ctx.SLOT.bias, bias, 'bias') : 0;
      ctx.call(fn, x, [{ ...args, hasBias: bias ? 1 : 0 }], inPtr, filterPtr, biasPtr);
      return ctx.finish(fn, o, x, ctx.shapeFor(x, 2));
    },

    conv1dGradInput(dy, filter, options) {
      const fn = 'conv1dGradInput';
      const o = ctx.options(fn, options, [...COMMON, 'inputShape']);
      ctx.tensor(fn, 'dy', dy, [2, 3]);
      filterTensor(ctx, fn, filter, 3, FILTER_FORMS);
      const inputShape = shapeOption(fn, 'inputShape', o.inputShape, dy.shape.length);
      const layout = layoutOption(fn, o.layout, 1, ctx.enums.Layout);
      const filterLayout = filterLayoutOf(fn, o.filterLayout, layout);
      const dims = wio(filter.shape, filterLayout);
      const args = convArgs(fn, o, dims, filterLayout, layout, inputShape, dy.shape);
      ctx.checkOut(fn, dy, o);
      const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
      const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
      ctx.call(fn, undefined, [args], dyPtr, filterPtr);
      return ctx.finish(fn, o, dy, ctx.shapeFor(dy, 2));
    },

    conv1dGradFilter(x, dy, options) {
      const fn = 'conv1dGradFilter';
      const o = ctx.options(fn, options, [...COMMON, 'filterShape']);
      ctx.tensor(fn, 'x', x, [2, 3]);
      ctx.tensor(fn, 'dy', dy, [2, 3]);
      if (dy.shape.length !== x.shape.length) {
        throw rangeError(fn, 'dy.shape', `must have the same rank as x (${x.shape.length})`, dy.shape);
      }
      const layout = layoutOption(fn, o.layout, 1, ctx.enums.Layout);
      const filterLayout = filterLayoutOf(fn, o.filterLayout, layout);
      const filterShape = shapeOption(fn, 'filterShape', o.filterShape, 3);
      const dims = wio(filterShape, filterLayout);
      const args = convArgs(fn, o, dims, filterLayout, layout, x.shape, dy.shape);
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const dyPtr = ctx.address(fn, ctx.SLOT.filter, dy, 'dy');
      ctx.call(fn, undefined, [args], xPtr, dyPtr);
      return ctx.finish(fn, o, x, ctx.heap.shape());
    },
  };
}
