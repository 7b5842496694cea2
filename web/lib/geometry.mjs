// Where an output cell's window lies in the map before it (TF/Keras 'valid' and 'same':
// 'same' puts an odd extra pad at the end). Output sizes are not computed here: they come from
// the library (cd.outputShape, or the shape of a computed map). Pure functions: the inspector
// and the pooling animation use them, the library computes the maps.

/** The padding before the first cell on one axis of `n` cells, for `out` outputs of window k, stride s. */
export function padBefore(n, out, k, s, padding) {
  if (padding !== 'same') return 0;
  return Math.floor(Math.max(0, (out - 1) * s + k - n) / 2);
}

/**
 * The window of output cell (oy, ox) of an [outH, outW] map made from an [inH, inW] one:
 * { top, left, h, w } in input coordinates (may reach outside the map where padding is).
 */
export function windowOf(op, [inH, inW], [outH, outW], oy, ox) {
  const top = oy * op.s - padBefore(inH, outH, op.k, op.s, op.padding);
  const left = ox * op.s - padBefore(inW, outW, op.k, op.s, op.padding);
  return { top, left, h: op.k, w: op.k };
}

/** The values of a window of a [h, w] map, row-major; null where the cell is padding. */
export function windowValues(map, h, w, win) {
  const rows = [];
  for (let y = win.top; y < win.top + win.h; y++) {
    const row = [];
    for (let x = win.left; x < win.left + win.w; x++) {
      row.push(y >= 0 && y < h && x >= 0 && x < w ? map[y * w + x] : null);
    }
    rows.push(row);
  }
  return rows;
}

/** A compact number: 3 significant digits, no exponent for the usual ranges. */
export function fmt(v) {
  if (v === null || v === undefined) return '·';
  if (Number.isNaN(v)) return 'NaN';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.001) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

export function shapeText(h, w) {
  return `${h}×${w}`;
}

/** A number or [h, w] as [h, w]. */
export const pairOf = (v) => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v, v]);

/**
 * The padding before the first row and column for a window spec
 * { size, stride, padding } (size and stride: a number or [h, w]; padding: 'valid', 'same',
 * a number or [ph, pw] as PyTorch's symmetric padding) on an [inH, inW] map giving [outH, outW].
 */
export function padsBefore(spec, [inH, inW], [outH, outW]) {
  const [kh, kw] = pairOf(spec.size);
  const [sh, sw] = pairOf(spec.stride ?? spec.size);
  if (typeof spec.padding === 'string') {
    return [padBefore(inH, outH, kh, sh, spec.padding), padBefore(inW, outW, kw, sw, spec.padding)];
  }
  return pairOf(spec.padding);
}

/** The window of output cell (oy, ox) for a window spec (see padsBefore): { top, left, h, w }. */
export function windowOfSpec(spec, inDims, outDims, oy, ox) {
  const [kh, kw] = pairOf(spec.size);
  const [sh, sw] = pairOf(spec.stride ?? spec.size);
  const [pt, pl] = padsBefore(spec, inDims, outDims);
  return { top: oy * sh - pt, left: ox * sw - pl, h: kh, w: kw };
}
