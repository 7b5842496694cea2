// Mean and Max over the spatial axes of a 4-D tensor (global pooling: axes [1, 2] of NHWC, or
// [2, 3] read as NCHW) on condense's globalAvgPool2d / globalMaxPool2d. Other axes, ranks and
// dtypes go to the inherited kernel.
import { Max, Mean, util } from '@tensorflow/tfjs-core';
import { allFloat, output, resident, serve } from './kernel.mjs';

function spatialLayout(x, axis) {
  if (x.shape.length !== 4 || util.sizeFromShape(x.shape) === 0) return undefined;
  const axes = util.parseAxisParam(axis, x.shape).sort();
  if (util.arraysEqual(axes, [1, 2])) return 'NHWC';
  if (util.arraysEqual(axes, [2, 3])) return 'NCHW';
  return undefined;
}

function globalPool(fn, axisAttr) {
  return ({ inputs: { x }, backend, attrs }) => {
    const layout = allFloat(backend, x) ? spatialLayout(x, attrs[axisAttr]) : undefined;
    if (layout === undefined) return undefined;
    const keepDims = attrs.keepDims ?? false;
    return output(backend, backend.condense[fn](resident(backend, x), { layout, keepDims }));
  };
}

export const configs = [
  serve(Mean, 'mean', globalPool('globalAvgPool2d', 'axis')),
  serve(Max, 'max', globalPool('globalMaxPool2d', 'reductionIndices')),
];
