// Conv2DBackpropInput, Conv2DBackpropFilter and the depthwise backprops on condense's
// conv2dGradInput, conv2dGradFilter, depthwiseConv2dGradInput and depthwiseConv2dGradFilter.
import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
} from '@tensorflow/tfjs-core';
import { conv2dInfo, convOptions } from './conv2d.mjs';
import { allFloat, output, resident, serve, tensor } from './kernel.mjs';

// fn(dy, filter, { inputShape }) -> dx.
function gradInput(fn, depthwise) {
  return ({ inputs: { dy, filter }, backend, attrs }) => {
    if (!allFloat(backend, dy, filter)) return undefined;
    const options = convOptions(conv2dInfo({ shape: attrs.inputShape }, filter, attrs, depthwise));
    if (options === undefined) return undefined;
    options.inputShape = attrs.inputShape;
    return output(backend, backend.condense[fn](resident(backend, dy), tensor(backend, filter), options));
  };
}

// fn(x, dy, { filterShape }) -> dfilter.
function gradFilter(fn, depthwise) {
  return ({ inputs: { x, dy }, backend, attrs }) => {
    if (!allFloat(backend, x, dy)) return undefined;
    const options = convOptions(conv2dInfo(x, { shape: attrs.filterShape }, attrs, depthwise));
    if (options === undefined) return undefined;
    options.filterShape = attrs.filterShape;
    return output(backend, backend.condense[fn](resident(backend, x), tensor(backend, dy), options));
  };
}

export const configs = [
  serve(Conv2DBackpropInput, 'conv2DBackpropInput', gradInput('conv2dGradInput', false)),
  serve(Conv2DBackpropFilter, 'conv2DBackpropFilter', gradFilter('conv2dGradFilter', false)),
  serve(
    DepthwiseConv2dNativeBackpropInput,
    'depthwiseConv2dNativeBackpropInput',
    gradInput('depthwiseConv2dGradInput', true),
  ),
  serve(
    DepthwiseConv2dNativeBackpropFilter,
    'depthwiseConv2dNativeBackpropFilter',
    gradFilter('depthwiseConv2dGradFilter', true),
  ),
];
