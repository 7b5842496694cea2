// Conv3D, Conv3DBackpropInputV2, Conv3DBackpropFilterV2 on condense's conv3d, conv3dGradInput
// and conv3dGradFilter (NDHWC, filter DHWIO as tfjs's).
import { Conv3D, Conv3DBackpropFilterV2, Conv3DBackpropInputV2, backend_util as bu } from '@tensorflow/tfjs-core';
import { allFloat, output, pads3d, resident, sameOutput, serve, tensor } from './kernel.mjs';

function conv3dOptions(xShape, filterShape, attrs) {
  const info = bu.computeConv3DInfo(xShape, filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad);
  if (!sameOutput(info, true)) return undefined;
  return {
    strides: [info.strideDepth, info.strideHeight, info.strideWidth],
    padding: pads3d(info),
    dilations: [info.dilationDepth, info.dilationHeight, info.dilationWidth],
    layout: 'NDHWC',
    filterLayout: 'DHWIO',
  };
}

function conv3d({ inputs: { x, filter }, backend, attrs }) {
  const options = allFloat(backend, x, filter) ? conv3dOptions(x.shape, filter.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  return output(backend, backend.condense.conv3d(resident(backend, x), tensor(backend, filter), options));
}

function gradInput({ inputs: { dy, filter }, backend, attrs }) {
  const { inputShape } = attrs;
  const options = allFloat(backend, dy, filter) ? conv3dOptions(inputShape, filter.shape, attrs) : undefined;
  if (options === undefined) return undefined;
  options.inputShape = inputShape;
  return output(backend, backend.condense.conv3dGradInput(resident(backend, dy), tensor(backend, filter), options));
}

function gradFilter({ inputs: { x, dy }, backend, attrs }) {
  const { filterShape } = attrs;
  const options = allFloat(backend, x, dy) ? conv3dOptions(x.shape, filterShape, attrs) : undefined;
  if (options === undefined) return undefined;
  options.filterShape = filterShape;
  return output(backend, backend.condense.conv3dGradFilter(resident(backend, x), tensor(backend, dy), options));
}

export const configs = [
  serve(Conv3D, 'conv3d', conv3d),
  serve(Conv3DBackpropInputV2, 'conv3DBackpropInput', gradInput),
  serve(Conv3DBackpropFilterV2, 'conv3DBackpropFilter', gradFilter),
];
