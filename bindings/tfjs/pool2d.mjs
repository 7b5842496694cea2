// MaxPool, AvgPool, their gradients and MaxPoolWithArgmax on condense's maxPool2d, avgPool2d,
// maxPool2dGrad, avgPool2dGrad and maxPool2dWithArgmax (TF's rules: padded cells are never part
// of a max or an average).
import {
  AvgPool,
  AvgPoolGrad,
  MaxPool,
  MaxPoolGrad,
  MaxPoolWithArgmax,
  backend_util as bu,
} from '@tensorflow/tfjs-core';
import { allFloat, output, pads2d, resident, sameOutput, serve, tensor, windowsInside } from './kernel.mjs';

// condense's pooling options for tfjs's attrs on an input of this shape, or undefined when
// condense would size the output differently (dimRoundingMode).
function poolOptions(shape, attrs) {
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = bu.computePool2DInfo(shape, filterSize, strides, 1, pad, dimRoundingMode);
  if (!sameOutput(info) || !windowsInside(info)) return undefined;
  return {
    poolSize: [info.filterHeight, info.filterWidth],
    strides: [info.strideHeight, info.strideWidth],
    padding: pads2d(info),
  };
}

function pool(fn) {
  return ({ inputs: { x }, backend, attrs }) => {
    const options = allFloat(backend, x) ? poolOptions(x.shape, attrs) : undefined;
    if (options === undefined) return undefined;
    return output(backend, backend.condense[fn](resident(backend, x), options));
  };
}

function maxPoolGrad({ inputs: { dy, input }, backend, attrs }) {
  const options = allFloat(backend, dy, input) ? poolOptions(input.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  return output(backend, backend.condense.maxPool2dGrad(resident(backend, input), tensor(backend, dy), options));
}

function avgPoolGrad({ inputs: { dy, input }, backend, attrs }) {
  const options = allFloat(backend, dy) ? poolOptions(input.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  options.inputShape = input.shape;
  return output(backend, backend.condense.avgPool2dGrad(resident(backend, dy), options));
}

// tfjs's indices: (y * W + x) * C + c, or with includeBatchInIndex ((b * H + y) * W + x) * C + c,
// which is condense's 'tf' convention.
function maxPoolWithArgmax({ inputs: { x }, backend, attrs }) {
  const options = allFloat(backend, x) ? poolOptions(x.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  options.indexConvention = 'tf';
  options.includeBatchInIndex = attrs.includeBatchInIndex ?? false;
  const { values, indices } = backend.condense.maxPool2dWithArgmax(resident(backend, x), options);
  return [output(backend, values), backend.makeTensorInfo(indices.shape, 'int32', indices.data)];
}

export const configs = [
  serve(MaxPool, 'maxPool', pool('maxPool2d')),
  serve(AvgPool, 'avgPool', pool('avgPool2d')),
  serve(MaxPoolGrad, 'maxPoolGrad', maxPoolGrad),
  serve(AvgPoolGrad, 'avgPoolGrad', avgPoolGrad),
  serve(MaxPoolWithArgmax, 'maxPoolWithArgmax', maxPoolWithArgmax),
];
