// Tensor arguments: { shape, data } of a given typed-array class, or a resident tensor of this
// instance. Errors name the function and the parameter.
import { describe, rangeError, typeError } from './errors.mjs';
import { isInt } from './options.mjs';

const RANK_FORMS = { 1: '[n]', 2: '[h, w]', 3: '[h, w, c]', 4: '[n, h, w, c]', 5: '[n, d, h, w, c]' };
// Convolution filters (default filterLayout, channels-last: WIO, HWIO, DHWIO).
const FILTER_FORMS = { 3: '[kw, in, out]', 4: '[kh, kw, in, out]', 5: '[kd, kh, kw, in, out]' };

function rankRule(name, ranks) {
  const forms = name === 'filter' ? FILTER_FORMS : RANK_FORMS;
  return `must have rank ${ranks.join(' or ')} (${ranks.map((r) => forms[r]).join(' or ')})`;
}

// shapeOnly: x may be a stand-in { shape } without data (outputShape()).
export function checkTensor(residents, fn, name, x, ranks, DataType, shapeOnly) {
  if (residents.has(x)) {
    if (residents.pointer(x) === 0) throw typeError(fn, name, 'is a resident tensor that was disposed', x);
    if (!ranks.includes(x.shape.length)) {
      throw rangeError(fn, `${name}.shape`, rankRule(name, ranks), x.shape);
    }
    return x;
  }
  if (residents.isForeign(x)) throw new TypeError(`${fn}: ${name} is a resident tensor of another condense instance`);
  if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) {
    throw typeError(fn, name, `must be a tensor { shape, data: ${DataType.name} }`, x);
  }
  const { shape, data } = x;
  if (!Array.isArray(shape)) throw typeError(fn, `${name}.shape`, 'must be an array of integers', shape);
  if (!shapeOnly && !(data instanceof DataType))
    throw typeError(fn, `${name}.data`, `must be a ${DataType.name}`, data);
  if (!ranks.includes(shape.length)) throw rangeError(fn, `${name}.shape`, rankRule(name, ranks), shape);
  let count = 1;
  for (const d of shape) {
    if (typeof d !== 'number') throw typeError(fn, `${name}.shape`, 'must be an array of integers', shape);
    if (!isInt(d, 1)) throw rangeError(fn, `${name}.shape`, 'entries must be positive integers', shape);
    count *= d;
  }
  if (!shapeOnly && count !== data.length) {
    throw rangeError(
      fn,
      `${name}.data.length`,
      `must equal the product of ${name}.shape ${describe(shape)} = ${count}`,
      data.length,
    );
  }
  return x;
}

// reshape()'s target shape for `count` elements: rank 1 to 5, positive integers and at most one
// -1, which takes the size the others leave (as tf.reshape and torch.reshape infer it).
export function resolveShape(fn, shape, count) {
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number'))
    throw typeError(fn, 'shape', 'must be an array of integers', shape);
  if (shape.length < 1 || shape.length > 5) throw rangeError(fn, 'shape', 'must have rank 1 to 5', shape);
  const inferred = shape.indexOf(-1);
  if (inferred !== shape.lastIndexOf(-1)) throw rangeError(fn, 'shape', 'may hold -1 only once', shape);
  let known = 1;
  for (const [i, d] of shape.entries()) {
    if (i === inferred) continue;
    if (!isInt(d, 1)) throw rangeError(fn, 'shape', 'entries must be positive integers (or one -1)', shape);
    known *= d;
  }
  const resolved = shape.slice();
  if (inferred >= 0) {
    if (count % known !== 0)
      throw rangeError(fn, 'shape', `leaves no integer size for -1 from x's ${count} elements`, shape);
    resolved[inferred] = count / known;
  } else if (known !== count) {
    throw rangeError(fn, 'shape', `must hold x's ${count} elements`, shape);
  }
  return resolved;
}
