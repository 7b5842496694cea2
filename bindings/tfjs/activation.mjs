// Relu, Relu6, LeakyRelu, Prelu, ClipByValue on condense's relu, relu6, leakyRelu, prelu and
// clamp (float32; int32 tensors go to the inherited kernel).
import { ClipByValue, LeakyRelu, Prelu, Relu, Relu6, util } from '@tensorflow/tfjs-core';
import { channelValues } from './conv2d.mjs';
import { allFloat, output, resident, serve, tensor } from './kernel.mjs';

// Element-wise: x goes through as a 1-D tensor of its size (condense's element-wise ops take
// any shape); empty tensors go to the inherited kernel.
const flat = (backend, x) =>
  x.shape.length >= 1 && x.shape.length <= 5 ? resident(backend, x) : tensor(backend, x, [util.sizeFromShape(x.shape)]);

function unary(fn, optionsOf = () => ({})) {
  return ({ inputs: { x }, backend, attrs }) => {
    if (!allFloat(backend, x) || util.sizeFromShape(x.shape) === 0) return undefined;
    return output(backend, backend.condense[fn](flat(backend, x), optionsOf(attrs)), x.shape);
  };
}

// tfjs's prelu broadcasts alpha against x; condense takes one slope per channel (last axis) or
// one for all: other broadcasts go to the inherited kernel.
function prelu({ inputs: { x, alpha }, backend }) {
  if (!allFloat(backend, x, alpha) || !(x.shape.length >= 1 && x.shape.length <= 5)) return undefined;
  if (alpha.shape.length > x.shape.length || util.sizeFromShape(x.shape) === 0) return undefined;
  const slopes = channelValues(backend, alpha, x.shape[x.shape.length - 1]);
  if (slopes === undefined) return undefined;
  return output(backend, backend.condense.prelu(resident(backend, x), slopes), x.shape);
}

export const configs = [
  serve(Relu, 'relu', unary('relu')),
  serve(Relu6, 'relu6', unary('relu6')),
  serve(
    LeakyRelu,
    'leakyRelu',
    unary('leakyRelu', ({ alpha }) => ({ alpha })),
  ),
  serve(Prelu, 'prelu', prelu),
  serve(
    ClipByValue,
    'clipByValue',
    unary('clamp', ({ clipValueMin, clipValueMax }) => ({ min: clipValueMin, max: clipValueMax })),
  ),
];
