// conv3d, conv3dGradInput, conv3dGradFilter: 3-D convolution and its gradients (C++: conv3d.cc).
// x is [n, d, h, w, c] / [d, h, w, c] (NDHWC) or [n, c, d, h, w] / [c, d, h, w] (NCDHW); the
// filter DHWIO [kd, kh, kw, in, out] (TF / Keras Conv3D) or OIDHW [out, in, kd, kh, kw]
// (PyTorch / ONNX).
import { layoutOption, paddingNd, rangeError, shapeOption, tuple, typeError } from '../runtime/options.mjs';
import { activation, biasArray, filterTensor } from './conv-args.mjs';

export const entries = ['conv3d', 'conv3dGradInput', 'conv3dGradFilter'];

const COMMON = ['strides', 'padding', 'dilations', 'layout', 'filterLayout', 'out'];

export function create(ctx) {
  // 0: DHWIO (default for NDHWC), 1: OIDHW (default for NCDHW).
  function filterLayoutOf(fn, value, layout) {
    const { FilterLayout, Layout } = ctx.enums;
    if (value === undefined) return layout === Layout.channelsFirst ? FilterLayout.OIHW : FilterLayout.HWIO;
    const rule = "must be 'DHWIO' or 'OIDHW'";
    if (typeof value !== 'string') throw typeError(fn, 'filterLayout', rule, value);
    const code = { DHWIO: FilterLayout.HWIO, OIDHW: FilterLayout.OIHW }[value.toUpperCase()];
    if (code === undefined) throw rangeError(fn, 'filterLayout', rule, value);
    return code;
  }

  // The filter's dims as [kd, kh, kw, in, out] whatever its layout.
  function dhwio(shape, filterLayout) {
    if (filterLayout === ctx.enums.FilterLayout.HWIO) return shape;
    const [o, i, kd, kh, kw] = shape;
    return [kd, kh, kw, i, o];
  }

  // The filter's form named in a rank error: the layout the options select (both if they are bad).
  function filterForms(fn, o) {
    const forms = ['[kd, kh, kw, in, out] (DHWIO)', '[out, in, kd, kh, kw] (OIDHW)'];
    try {
      const layout = layoutOption(fn, o.layout, 3, ctx.enums.Layout);
      return forms[filterLayoutOf(fn, o.filterLayout, layout) === ctx.enums.FilterLayout.HWIO ? 0 : 1];
    } catch {
      return forms.join(' or ');
    }
  }

  const full = (shape) => (shape.length === 5 ? shape : [1, ...shape]);

  function convArgs(fn, o, dims, filterLayout, layout, xShape, dyShape) {
    const [strideD, strideH, strideW] = tuple(fn, 'strides', o.strides, 1, 3);
    const [dilationD, dilationH, dilationW] = tuple(fn, 'dilations', o.dilations, 1, 3);
    const pad = paddingNd(fn, o.padding, 3, ctx.enums.PaddingMode);
    const [convMin, convMax] = activation(fn, o.activation);
    const [x0, x1, x2, x3, x4] = full(xShape);
    const [g0, g1, g2, g3, g4] = dyShape ? full(dyShape) : [0, 0, 0, 0, 0];
    const [kernelD, kernelH, kernelW, filterIn, filterOut] = dims;
    return {
      x0,
      x1,
      x2,
      x3,
      x4,
      layout,
      kernelD,
      kernelH,
      kernelW,
      filterIn,
      filterOut,
      filterLayout,
      strideD,
      strideH,
      strideW,
      dilationD,
      dilationH,
      dilationW,
      padMode: pad.mode,
      padFront: pad.pads[0][0],
      padBack: pad.pads[0][1],
      padTop: pad.pads[1][0],
      padBottom: pad.pads[1][1],
      padLeft: pad.pads[2][0],
      padRight: pad.pads[2][1],
      convMin,
      convMax,
      g0,
      g1,
      g2,
      g3,
      g4,
    };
  }

  return {
    conv3d(x, filter, options) {
      const fn = 'conv3d';
      const o = ctx.options(fn, options, [...COMMON, 'activation', 'bias']);
      ctx.tensor(fn, 'x', x, [4, 5]);
      filterTensor(ctx, fn, filter, 5, () => filterForms(fn, o));
      const layout = layoutOption(fn, o.layout, 3, ctx.enums.Layout);
      const filterLayout = filterLayoutOf(fn, o.filterLayout, layout);
      const dims = dhwio(filter.shape, filterLayout);
      const bias = biasArray(fn, o.bias, dims[4], ctx);
      const args = convArgs(fn, o, dims, filterLayout, layout, x.shape);
      ctx.checkOut(fn, x, o);
      const inPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
      const biasPtr = bias && !ctx.shapeMode ? ctx.heap.put(fn, ctx.SLOT.bias, bias, 'bias') : 0;
      ctx.call(fn, x, [{ ...args, hasBias: bias ? 1 : 0 }], inPtr, filterPtr, biasPtr);
      return ctx.finish(fn, o, x, ctx.shapeFor(x, 4));
    },

    conv3dGradInput(dy, filter, options) {
      const fn = 'conv3dGradInput';
      const o = ctx.options(fn, options, [...COMMON, 'inputShape']);
      ctx.tensor(fn, 'dy', dy, [4, 5]);
      filterTensor(ctx, fn, filter, 5, () => filterForms(fn, o));
      const inputShape = shapeOption(fn, 'inputShape', o.inputShape, dy.shape.length);
      const layout = layoutOption(fn, o.layout, 3, ctx.enums.Layout);
      const filterLayout = filterLayoutOf(fn, o.filterLayout, layout);
      const dims = dhwio(filter.shape, filterLayout);
      const args = convArgs(fn, o, dims, filterLayout, layout, inputShape, dy.shape);
      ctx.checkOut(fn, dy, o);
      const dyPtr = ctx.address(fn, ctx.SLOT.input, dy, 'dy');
      const filterPtr = ctx.address(fn, ctx.SLOT.filter, filter, 'filter');
      ctx.call(fn, undefined, [args], dyPtr, filterPtr);
      return ctx.finish(fn, o, dy, ctx.shapeFor(dy, 4));
    },

    conv3dGradFilter(x, dy, options) {
      const fn = 'conv3dGradFilter';
      const o = ctx.options(fn, options, [...COMMON, 'filterShape']);
      ctx.tensor(fn, 'x', x, [4, 5]);
      ctx.tensor(fn, 'dy', dy, [4, 5]);
      if (dy.shape.length !== x.shape.length) {
        throw rangeError(fn, 'dy.shape', `must have the same rank as x (${x.shape.length})`, dy.shape);
      }
      const layout = layoutOption(fn, o.layout, 3, ctx.enums.Layout);
      const filterLayout = filterLayoutOf(fn, o.filterLayout, layout);
      const filterShape = shapeOption(fn, 'filterShape', o.filterShape, 5);
      const dims = dhwio(filterShape, filterLayout);
      const args = convArgs(fn, o, dims, filterLayout, layout, x.shape, dy.shape);
      ctx.checkOut(fn, x, o);
      const xPtr = ctx.address(fn, ctx.SLOT.input, x, 'x');
      const dyPtr = ctx.address(fn, ctx.SLOT.filter, dy, 'dy');
      ctx.call(fn, undefined, [args], xPtr, dyPtr);
      return ctx.finish(fn, o, x, ctx.heap.shape());
    },
  };
}
