// MaxPool3D, AvgPool3D and their gradients on condense's maxPool3d, avgPool3d, maxPool3dGrad and
// avgPool3dGrad (NDHWC).
import { AvgPool3D, AvgPool3DGrad, MaxPool3D, MaxPool3DGrad, backend_util as bu } from '@tensorflow/tfjs-core';
import { allFloat, output, pads3d, resident, sameOutput, serve, tensor, windowsInside } from './kernel.mjs';

function pool3dOptions(shape, attrs) {
  const { filterSize, strides, pad, dimRoundingMode, dataFormat } = attrs;
  if ((dataFormat ?? 'NDHWC') !== 'NDHWC') return undefined;
  const info = bu.computePool3DInfo(shape, filterSize, strides, 1, pad, dimRoundingMode);
  if (!sameOutput(info, true) || !windowsInside(info, true)) return undefined;
  return {
    poolSize: [info.filterDepth, info.filterHeight, info.filterWidth],
    strides: [info.strideDepth, info.strideHeight, info.strideWidth],
    padding: pads3d(info),
  };
}

function pool(fn) {
  return ({ inputs: { x }, backend, attrs }) => {
    const options = allFloat(backend, x) ? pool3dOptions(x.shape, attrs) : undefined;
    if (options === undefined) return undefined;
    return output(backend, backend.condense[fn](resident(backend, x), options));
  };
}

function maxPool3dGrad({ inputs: { dy, input }, backend, attrs }) {
  const options = allFloat(backend, dy, input) ? pool3dOptions(input.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  return output(backend, backend.condense.maxPool3dGrad(resident(backend, input), tensor(backend, dy), options));
}

function avgPool3dGrad({ inputs: { dy, input }, backend, attrs }) {
  const options = allFloat(backend, dy) ? pool3dOptions(input.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  options.inputShape = input.shape;
  return output(backend, backend.condense.avgPool3dGrad(resident(backend, dy), options));
}

export const configs = [
  serve(MaxPool3D, 'maxPool3d', pool('maxPool3d')),
  serve(AvgPool3D, 'avgPool3d', pool('avgPool3d')),
  serve(MaxPool3DGrad, 'maxPool3dGrad', maxPool3dGrad),
  serve(AvgPool3DGrad, 'avgPool3dGrad', avgPool3dGrad),
];
