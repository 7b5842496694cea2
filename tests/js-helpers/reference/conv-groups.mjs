// Plain reference for grouped convolution, PyTorch's padding modes and the grouped / depthwise
// gradients, written from the frameworks' documentation in double precision; nothing from src/
// or bindings/ (import it through ../reference.mjs).
//
// - padding modes: torch.nn.functional.pad 'constant' (zeros) / 'reflect' / 'replicate' /
//   'circular', applied before a 'valid' convolution (torch.nn.Conv2d padding_mode).
// - groups: torch.nn.Conv2d / tf.keras.layers.Conv2D(groups) / ONNX Conv group: the input
//   channels split into `groups` blocks of C / groups, the output channels into blocks of
//   outC / groups; output block g sees only input block g. HWIO filter [kh, kw, C / groups, outC].
// - depthwise: groups = C, filter [kh, kw, C, M] (tf.nn.depthwise_conv2d) = [kh, kw, 1, C * M].
import { axis } from './core.mjs';

// One axis of F.pad: the values padded by `before` and `after` in `mode`.
export function padAxis(values, before, after, mode = 'zeros') {
  const n = values.length;
  const out = [];
  for (let i = -before; i < n + after; i++) {
    const j = padIndex(i, n, mode);
    out.push(j < 0 ? 0 : values[j]);
  }
  return out;
}

// The source index of padded coordinate i (relative to the input), or -1 for a zero.
export function padIndex(i, n, mode) {
  if (i >= 0 && i < n) return i;
  if (mode === 'reflect') return i < 0 ? -i : 2 * (n - 1) - i; // mirror, the edge not repeated
  if (mode === 'replicate') return i < 0 ? 0 : n - 1;
  if (mode === 'circular') return ((i % n) + n) % n;
  return -1;
}

const pairOf = (v, fallback) => {
  const x = v === undefined ? fallback : v;
  return typeof x === 'number' ? [x, x] : [x[0], x[1]];
};

// padding: 'valid' | 'same' | 'same_lower' | n | [ph, pw] | [[t, b], [l, r]].
function pads(p) {
  const v = p === undefined ? 'valid' : p;
  if (typeof v === 'string') return { mode: v.toLowerCase(), t: 0, b: 0, l: 0, r: 0 };
  if (typeof v === 'number') return { mode: 'explicit', t: v, b: v, l: v, r: v };
  if (typeof v[0] === 'number') return { mode: 'explicit', t: v[0], b: v[0], l: v[1], r: v[1] };
  return { mode: 'explicit', t: v[0][0], b: v[0][1], l: v[1][0], r: v[1][1] };
}

const ACTIVATION = {
  linear: (v) => v,
  relu: (v) => (Number.isNaN(v) ? v : Math.max(v, 0)),
  relu6: (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, 0), 6)),
};

// The geometry of one request: x [n, h, w, c] (or [h, w, c]), filter HWIO dims.
function geometry(xShape, fShape, o) {
  const [n, h, w, c] = xShape.length === 4 ? xShape : [1, ...xShape];
  const [kh, kw, cg, outC] = fShape;
  const groups = o.groups ?? 1;
  const [sh, sw] = pairOf(o.strides, 1);
  const [dh, dw] = pairOf(o.dilations, 1);
  const p = pads(o.padding);
  const ay = axis(h, kh, sh, dh, p.mode, p.t, p.b);
  const ax = axis(w, kw, sw, dw, p.mode, p.l, p.r);
  if (!ay || !ax || cg * groups !== c || outC % groups !== 0) return null;
  return { n, h, w, c, kh, kw, cg, outC, og: outC / groups, sh, sw, dh, dw, ay, ax };
}

// conv2d with groups, padMode, bias, activation: { shape, data, magnitude, terms } or null.
export function groupedConv2d(x, filter, o = {}) {
  const g = geometry(x.shape, filter.shape, o);
  if (!g) return null;
  const mode = o.padMode ?? 'zeros';
  const bias = o.bias === undefined ? null : Array.from(o.bias.data ?? o.bias);
  const act = ACTIVATION[o.activation ?? 'linear'];
  const total = g.n * g.ay.out * g.ax.out * g.outC;
  const data = new Float64Array(total);
  const magnitude = new Float64Array(total);
  const terms = new Int32Array(total);
  let at = 0;
  for (let b = 0; b < g.n; b++)
    for (let oy = 0; oy < g.ay.out; oy++)
      for (let ox = 0; ox < g.ax.out; ox++)
        for (let oc = 0; oc < g.outC; oc++, at++) {
          const block = Math.floor(oc / g.og);
          let acc = bias ? bias[oc] : 0;
          let mag = Math.abs(acc);
          let count = 1;
          for (let ky = 0; ky < g.kh; ky++) {
            const iy = padIndex(oy * g.sh - g.ay.before + ky * g.dh, g.h, mode);
            for (let kx = 0; kx < g.kw; kx++) {
              const ix = padIndex(ox * g.sw - g.ax.before + kx * g.dw, g.w, mode);
              for (let i = 0; i < g.cg; i++) {
                const xv = iy < 0 || ix < 0 ? 0 : x.data[((b * g.h + iy) * g.w + ix) * g.c + block * g.cg + i];
                const p = xv * filter.data[((ky * g.kw + kx) * g.cg + i) * g.outC + oc];
                acc += p;
                mag += Math.abs(p);
                count++;
              }
            }
          }
          data[at] = act(acc);
          magnitude[at] = mag;
          terms[at] = count;
        }
  const shape = x.shape.length === 4 ? [g.n, g.ay.out, g.ax.out, g.outC] : [g.ay.out, g.ax.out, g.outC];
  return { shape, data, magnitude, terms };
}

// depthwiseConv2d with padMode: filter [kh, kw, C, M].
export function depthwiseConv2dPadded(x, filter, o = {}) {
  const [kh, kw, c, m] = filter.shape;
  return groupedConv2d(x, { shape: [kh, kw, 1, c * m], data: filter.data }, { ...o, groups: c });
}

// Each (input cell, filter cell, output cell) term of a zero-padded grouped conv, visited once.
function eachTerm(g, visit) {
  for (let b = 0; b < g.n; b++)
    for (let oy = 0; oy < g.ay.out; oy++)
      for (let ox = 0; ox < g.ax.out; ox++)
        for (let oc = 0; oc < g.outC; oc++) {
          const block = Math.floor(oc / g.og);
          for (let ky = 0; ky < g.kh; ky++) {
            const iy = oy * g.sh - g.ay.before + ky * g.dh;
            if (iy < 0 || iy >= g.h) continue;
            for (let kx = 0; kx < g.kw; kx++) {
              const ix = ox * g.sw - g.ax.before + kx * g.dw;
              if (ix < 0 || ix >= g.w) continue;
              for (let i = 0; i < g.cg; i++) {
                visit(
                  ((b * g.h + iy) * g.w + ix) * g.c + block * g.cg + i,
                  ((ky * g.kw + kx) * g.cg + i) * g.outC + oc,
                  ((b * g.ay.out + oy) * g.ax.out + ox) * g.outC + oc,
                );
              }
            }
          }
        }
}

// dL/dx of the grouped conv (zero padding): sum over outputs of dy * w. NHWC, HWIO.
export function groupedConv2dGradInput(dy, filter, inputShape, o = {}) {
  const g = geometry(inputShape, filter.shape, o);
  const dx = new Float64Array(inputShape.reduce((a, b) => a * b, 1));
  eachTerm(g, (xi, wi, yi) => {
    dx[xi] += dy.data[yi] * filter.data[wi];
  });
  return { shape: inputShape, data: dx };
}

// dL/dw of the grouped conv (zero padding): sum over outputs of dy * x. HWIO.
export function groupedConv2dGradFilter(x, dy, filterShape, o = {}) {
  const g = geometry(x.shape, filterShape, o);
  const dw = new Float64Array(filterShape.reduce((a, b) => a * b, 1));
  eachTerm(g, (xi, wi, yi) => {
    dw[wi] += dy.data[yi] * x.data[xi];
  });
  return { shape: filterShape, data: dw };
}

// tf.raw_ops.DepthwiseConv2dNativeBackpropInput / BackpropFilter: filter [kh, kw, C, M].
export function depthwiseConv2dGradInput(dy, filter, inputShape, o = {}) {
  const [kh, kw, c, m] = filter.shape;
  const f = { shape: [kh, kw, 1, c * m], data: filter.data };
  return groupedConv2dGradInput(dy, f, inputShape, { ...o, groups: c });
}

export function depthwiseConv2dGradFilter(x, dy, filterShape, o = {}) {
  const [kh, kw, c, m] = filterShape;
  const r = groupedConv2dGradFilter(x, dy, [kh, kw, 1, c * m], { ...o, groups: c });
  return { shape: filterShape, data: r.data };
}
