// Option parsing shared by every op: the strict options object (unknown keys are TypeErrors with
// a suggestion), and the normalisers for sizes, padding, booleans, numbers and layouts. Enum
// values come from C++ (see context.mjs: ctx.enums), never from a copy here.
import { describe, rangeError, typeError } from './errors.mjs';

export const MAX_DIM = 2 ** 30;

// Other frameworks' names for condense's options (PyTorch, Keras, tf.nn, ONNX).
const SYNONYMS = {
  kernelsize: ['poolSize', 'windowShape'],
  kernel_size: ['poolSize', 'windowShape'],
  kernel_shape: ['poolSize', 'windowShape'],
  ksize: ['poolSize', 'windowShape'],
  pool_size: ['poolSize', 'windowShape'],
  window: ['poolSize', 'windowShape'],
  windowsize: ['poolSize', 'windowShape'],
  window_shape: ['windowShape', 'poolSize'],
  poolsize: ['poolSize', 'windowShape'],
  stride: ['strides'],
  dilation: ['dilations'],
  dilation_rate: ['dilations'],
  dilationrate: ['dilations'],
  pads: ['padding'],
  pad: ['padding'],
  ceil_mode: ['ceilMode'],
  count_include_pad: ['countIncludePad'],
  divisor_override: ['divisorOverride'],
  data_format: ['layout'],
  dataformat: ['layout'],
  format: ['layout'],
  keepdims: ['keepDims'],
  keep_dims: ['keepDims'],
  output_size: ['outputSize'],
  return_indices: ['indexConvention'],
  negative_slope: ['alpha'],
  slope: ['alpha'],
  pooling_type: ['poolingType'],
  norm_type: ['p'],
  output_ratio: ['poolingRatio'],
  pooling_ratio: ['poolingRatio'],
  use_bias: ['bias'],
  filter_layout: ['filterLayout'],
  input_shape: ['inputShape'],
  filter_shape: ['filterShape'],
  variance_epsilon: ['epsilon'],
  eps: ['epsilon'],
  moving_mean: ['mean'],
  moving_variance: ['variance'],
  gamma: ['scale'],
  beta: ['offset'],
  weight: ['scale'],
  running_mean: ['mean'],
  running_var: ['variance'],
  padding_mode: ['padMode'],
  paddingmode: ['padMode'],
  output_padding: ['outputPadding'],
  output_shape: ['outputShape'],
  group: ['groups'],
  transpose_a: ['transposeA'],
  transa: ['transposeA'],
  adjoint_a: ['transposeA'],
  adj_x: ['transposeA'],
  transpose_b: ['transposeB'],
  transb: ['transposeB'],
  adjoint_b: ['transposeB'],
  adj_y: ['transposeB'],
};

function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

// The valid key a user most likely meant, or undefined.
export function suggest(key, valid) {
  const lower = key.toLowerCase();
  for (const candidate of SYNONYMS[key] ?? SYNONYMS[lower] ?? []) {
    if (valid.includes(candidate)) return candidate;
  }
  const sameCase = valid.find((v) => v.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best;
  let bestDistance = 3;
  for (const v of valid) {
    const d = editDistance(lower, v.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [v, d];
  }
  return best;
}

// The options object of `fn` (undefined/null mean {}); every key must be in `valid`. `path` names
// a nested options object ('pool' for convPool2d's pool options).
export function checkOptions(fn, options, valid, path = '') {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(fn, path || 'options', 'must be an object', options);
  }
  for (const key in options) {
    if (valid.includes(key)) continue;
    const prefix = path ? `${path}.` : '';
    const hint = suggest(key, valid);
    throw new TypeError(
      hint === undefined
        ? `${fn}: unknown option '${prefix}${key}' (valid options: ${valid.map((v) => prefix + v).join(', ')})`
        : `${fn}: unknown option '${prefix}${key}' (did you mean '${prefix}${hint}'?)`,
    );
  }
  return options;
}

export function isInt(v, min) {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_DIM;
}

// A number or [h, w] of integers >= min (1 for sizes, strides, dilations).
export function pair(fn, name, value, fallback, min = 1) {
  const v = value === undefined ? fallback : value;
  const rule =
    min === 1
      ? 'must be a positive integer or [h, w] of positive integers'
      : 'must be a non-negative integer or [h, w] of non-negative integers';
  if (typeof v === 'number') {
    if (!isInt(v, min)) throw rangeError(fn, name, rule.replace(' or [h, w]', '').replace(/ of .*/, ''), v);
    return [v, v];
  }
  if (Array.isArray(v) && v.length === 2) {
    if (typeof v[0] !== 'number' || typeof v[1] !== 'number') throw typeError(fn, name, rule, v);
    if (!isInt(v[0], min) || !isInt(v[1], min)) throw rangeError(fn, name, rule, v);
    return [v[0], v[1]];
  }
  if (Array.isArray(v)) throw rangeError(fn, name, 'must have 2 entries [h, w]', v);
  throw typeError(fn, name, rule, v);
}

// A number, or one entry per spatial axis.
export function tuple(fn, name, value, fallback, rank, min = 1) {
  const v = value === undefined ? fallback : value;
  const rule = `must be a ${min === 1 ? 'positive' : 'non-negative'} integer or ${rank} of them`;
  if (typeof v === 'number') {
    if (!isInt(v, min)) throw rangeError(fn, name, rule, v);
    return Array(rank).fill(v);
  }
  if (Array.isArray(v) && v.length === rank) {
    if (v.some((e) => typeof e !== 'number')) throw typeError(fn, name, rule, v);
    if (v.some((e) => !isInt(e, min))) throw rangeError(fn, name, rule, v);
    return v.slice();
  }
  if (Array.isArray(v)) throw rangeError(fn, name, `must have ${rank} entries`, v);
  throw typeError(fn, name, rule, v);
}

// 'valid' | 'same' | 'same_lower' (any case; ONNX 'SAME_UPPER' = 'same') | number |
// [ph, pw] (PyTorch's tuple: ph above and below, pw left and right) | [[t, b], [l, r]] (TF's
// 4-entry explicit form [[0, 0], [t, b], [l, r], [0, 0]] is accepted too).
// Returns { mode, pads: [t, b, l, r] } with the mode's C++ value.
export function padding(fn, name, value, fallback, modes) {
  const v = value === undefined ? fallback : value;
  const rule = "must be 'valid', 'same', a non-negative integer, [h, w] or [[top, bottom], [left, right]]";
  if (typeof v === 'string') {
    const key = v.toLowerCase().replace('same_upper', 'same');
    if (!(key in modes) || key === 'explicit') throw rangeError(fn, name, rule, v);
    return { mode: modes[key], pads: [0, 0, 0, 0] };
  }
  if (typeof v === 'number') {
    if (!isInt(v, 0)) throw rangeError(fn, name, rule, v);
    return { mode: modes.explicit, pads: [v, v, v, v] };
  }
  if (Array.isArray(v)) {
    let rows = v;
    if (v.length === 2 && !v.some(Array.isArray))
      rows = [
        [v[0], v[0]],
        [v[1], v[1]],
      ];
    if (v.length === 4 && v.every(Array.isArray)) {
      if (v[0][0] !== 0 || v[0][1] !== 0 || v[3][0] !== 0 || v[3][1] !== 0) {
        throw rangeError(fn, name, 'may not pad the batch or channel dimensions', v);
      }
      rows = [v[1], v[2]];
    }
    if (rows.length !== 2 || !rows.every((r) => Array.isArray(r) && r.length === 2)) {
      throw rangeError(fn, name, rule, v);
    }
    const pads = [rows[0][0], rows[0][1], rows[1][0], rows[1][1]];
    if (pads.some((p) => typeof p !== 'number')) throw typeError(fn, name, rule, v);
    if (pads.some((p) => !isInt(p, 0))) throw rangeError(fn, name, rule, v);
    return { mode: modes.explicit, pads };
  }
  throw typeError(fn, name, rule, v);
}

// 1-D / 3-D padding: 'valid' | 'same' | 'same_lower' | number | [before, after] per axis
// ([[b, a], ...]; 1-D also [b, a]); TF's [[0, 0], ..., [0, 0]] form too.
export function paddingNd(fn, value, rank, modes) {
  const v = value === undefined ? 'valid' : value;
  const rule =
    rank === 1
      ? "must be 'valid', 'same', a non-negative integer or [left, right]"
      : "must be 'valid', 'same', a non-negative integer or [[front, back], [top, bottom], [left, right]]";
  if (typeof v === 'string' || typeof v === 'number') {
    const p = padding(fn, 'padding', v, undefined, modes);
    return { mode: p.mode, pads: Array(rank).fill([p.pads[0], p.pads[0]]) };
  }
  if (!Array.isArray(v)) throw typeError(fn, 'padding', rule, v);
  let rows = v;
  if (rank === 1 && v.length === 2 && v.every((e) => typeof e === 'number')) rows = [v];
  if (v.length === rank + 2 && v.every(Array.isArray)) {
    const [first, last] = [v[0], v[rank + 1]];
    if (first[0] !== 0 || first[1] !== 0 || last[0] !== 0 || last[1] !== 0) {
      throw rangeError(fn, 'padding', 'may not pad the batch or channel dimensions', v);
    }
    rows = v.slice(1, rank + 1);
  }
  if (rows.length !== rank || !rows.every((r) => Array.isArray(r) && r.length === 2)) {
    throw rangeError(fn, 'padding', rule, v);
  }
  const flat = rows.flat();
  if (flat.some((p) => typeof p !== 'number')) throw typeError(fn, 'padding', rule, v);
  if (flat.some((p) => !isInt(p, 0))) throw rangeError(fn, 'padding', rule, v);
  return { mode: modes.explicit, pads: rows };
}

export function bool(fn, name, value, fallback) {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'boolean') throw typeError(fn, name, 'must be a boolean', v);
  return v;
}

export function finiteNumber(fn, name, value, fallback) {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'number') throw typeError(fn, name, 'must be a number', v);
  if (Number.isNaN(v)) throw rangeError(fn, name, 'must not be NaN', v);
  return v;
}

// One of `names` (case-insensitive) -> its value in `table`.
export function choice(fn, name, value, fallback, table) {
  const v = value === undefined ? fallback : value;
  const keys = Object.keys(table);
  const rule = `must be ${keys
    .slice(0, -1)
    .map((k) => `'${k}'`)
    .join(', ')} or '${keys[keys.length - 1]}'`;
  if (typeof v !== 'string') throw typeError(fn, name, rule, v);
  const key = keys.find((k) => k.toLowerCase() === v.toLowerCase());
  if (key === undefined) throw rangeError(fn, name, rule, v);
  return table[key];
}

// Layout names per spatial rank; Keras's data_format values work for every rank.
const LAYOUTS = {
  1: ['NWC', 'NCW'],
  2: ['NHWC', 'NCHW'],
  3: ['NDHWC', 'NCDHW'],
};
const DATA_FORMATS = { CHANNELS_LAST: 0, CHANNELSLAST: 0, CHANNELS_FIRST: 1, CHANNELSFIRST: 1 };

// 0 (channels last, the default) or 1 (channels first: PyTorch / ONNX), as C++'s Layout values.
export function layoutOption(fn, value, spatialRank, layouts) {
  const names = LAYOUTS[spatialRank];
  const rule = `must be '${names[0]}' or '${names[1]}'`;
  if (value === undefined) return layouts.channelsLast;
  if (typeof value !== 'string') throw typeError(fn, 'layout', rule, value);
  const key = value.toUpperCase();
  const code = names.indexOf(key) >= 0 ? names.indexOf(key) : DATA_FORMATS[key];
  if (code === undefined) throw rangeError(fn, 'layout', rule, value);
  return code === 0 ? layouts.channelsLast : layouts.channelsFirst;
}

export function shapeOption(fn, name, value, rank) {
  if (!Array.isArray(value) || value.length !== rank) {
    throw typeError(fn, name, `must be an array of ${rank} positive integers`, value);
  }
  if (value.some((d) => !isInt(d, 1))) throw rangeError(fn, name, 'entries must be positive integers', value);
  return value;
}

export { describe };
export { rangeError, typeError } from './errors.mjs';
