// Conv2D, FusedConv2D, DepthwiseConv2dNative, FusedDepthwiseConv2D on condense's conv2d and
// depthwiseConv2d (bias and relu / relu6 / linear fused in condense; leakyrelu and prelu by
// condense's leakyRelu / prelu on the result; other activations: the inherited kernel).
import {
  Conv2D,
  DepthwiseConv2dNative,
  FusedConv2D,
  FusedDepthwiseConv2D,
  backend_util as bu,
} from '@tensorflow/tfjs-core';
import { allFloat, dropIntermediate, floats, output, pads2d, resident, sameOutput, serve, tensor } from './kernel.mjs';

const FUSED_IN_CONV = new Set(['linear', 'relu', 'relu6']);
const AFTER_CONV = new Set(['leakyrelu', 'prelu']);

// condense's conv2d options for tfjs's attrs, or undefined when condense would size the output
// differently (dimRoundingMode).
export function convOptions(info) {
  if (!sameOutput(info)) return undefined;
  return {
    strides: [info.strideHeight, info.strideWidth],
    padding: pads2d(info),
    dilations: [info.dilationHeight, info.dilationWidth],
    layout: info.dataFormat === 'channelsLast' ? 'NHWC' : 'NCHW',
    filterLayout: 'HWIO',
  };
}

export function conv2dInfo(x, filter, attrs, depthwise) {
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
  const format = bu.convertConv2DDataFormat(dataFormat ?? 'NHWC');
  return bu.computeConv2DInfo(x.shape, filter.shape, strides, dilations ?? 1, pad, dimRoundingMode, depthwise, format);
}

// The values of a per-channel tfjs tensor (bias, prelu weights) when it holds one value per
// channel along the channel axis or a single value; undefined for other broadcasts.
export function channelValues(backend, t, channels, axisLast = true) {
  const data = floats(backend, t);
  if (data === undefined) return undefined;
  if (data.length === 1) return data;
  if (data.length !== channels) return undefined;
  const rank = t.shape.length;
  const at = axisLast || rank === 1 ? rank - 1 : rank - 3;
  return t.shape.every((d, i) => d === 1 || i === at) ? data : undefined;
}

// The slopes of a fused prelu (one per channel or one for all), undefined when the activation
// is not prelu, null when condense cannot take them (another broadcast).
export function preluSlopes(backend, attrs, alphaInfo, channels, channelsLast) {
  if (attrs.activation !== 'prelu') return undefined;
  return channelValues(backend, alphaInfo, channels, channelsLast) ?? null;
}

// The activation after a fused product (conv or matmul) that condense does as its own op:
// leakyrelu and prelu (`slopes` from preluSlopes). The others are fused in the product.
export function activate(condense, y, attrs, slopes, layout) {
  if (attrs.activation === 'leakyrelu') return condense.leakyRelu(y, { alpha: attrs.leakyreluAlpha ?? 0.2 });
  if (attrs.activation === 'prelu') return condense.prelu(y, slopes, layout === 'NCHW' ? { layout } : {});
  return y;
}

function fusedConv(fn, depthwise) {
  return ({ inputs, backend, attrs }) => {
    const { x, filter, bias, preluActivationWeights: alpha } = inputs;
    const activation = attrs.activation ?? 'linear';
    if (!FUSED_IN_CONV.has(activation) && !AFTER_CONV.has(activation)) return undefined;
    if (!allFloat(backend, x, filter, bias, alpha)) return undefined;
    const info = conv2dInfo(x, filter, attrs, depthwise);
    const options = convOptions(info);
    if (options === undefined) return undefined;
    if (bias != null) {
      options.bias = channelValues(backend, bias, info.outChannels);
      if (options.bias === undefined) return undefined;
      if (options.bias.length === 1 && info.outChannels !== 1)
        options.bias = new Float32Array(info.outChannels).fill(options.bias[0]);
    }
    const slopes = preluSlopes(backend, attrs, alpha, info.outChannels, options.layout === 'NHWC');
    if (slopes === null) return undefined;
    if (FUSED_IN_CONV.has(activation)) options.activation = activation;
    const { condense } = backend;
    const y = condense[fn](resident(backend, x), tensor(backend, filter), options);
    const z = activate(condense, y, attrs, slopes, options.layout);
    dropIntermediate(y, z);
    return output(backend, z);
  };
}

export const configs = [
  serve(Conv2D, 'conv2d', fusedConv('conv2d', false)),
  serve(FusedConv2D, 'fused conv2d', fusedConv('conv2d', false)),
  serve(DepthwiseConv2dNative, 'depthwiseConv2d', fusedConv('depthwiseConv2d', true)),
  serve(FusedDepthwiseConv2D, 'fused depthwiseConv2d', fusedConv('depthwiseConv2d', true)),
];
