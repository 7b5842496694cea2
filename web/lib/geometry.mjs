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
