// Plain reference implementations of the pooling family (the gradients and layout helpers are in
// grad.mjs), written from the definitions (the frameworks' documented output-size and padding rules (TF, Keras, PyTorch, ONNX), the papers, and the TF / PyTorch / ONNX
// documentation), NOT from condense: nothing here imports or mirrors src/ or bindings/. One
// output element at a time, every window cell in row-major order, arithmetic in double.
// Tensors are { shape, data } with data a plain array (NHWC unless a function says otherwise).
// Used by scripts/gen-family-fixtures.mjs to write the committed fixtures (tests/js-fixtures/),
// and by the tests for properties that need no fixture. Import it through ../reference.mjs.
// Names that the core reference (core.mjs) also uses are distinct here: axisWindows (core: axis),
// reducePool2d (core: pool2d), conv2dNoBias in grad.mjs (core: conv2d).

const pair = (v) => (Array.isArray(v) ? v : [v, v]);
export const f32 = Math.fround;

export function size(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

// ---- geometry (SEMANTICS.md section 1) ------------------------------------------------------

// One axis: output size and padding. pad: 'valid' | 'same' | 'same_lower' | [before, after].
export function axisWindows(n, k, s, d, pad, ceil = false) {
  const keff = (k - 1) * d + 1;
  let out;
  let pb = 0;
  let pe = 0;
  if (pad === 'same' || pad === 'same_lower') {
    out = Math.ceil(n / s);
    const need = Math.max(0, (out - 1) * s + keff - n);
    pb = pad === 'same' ? Math.floor(need / 2) : need - Math.floor(need / 2);
    pe = need - pb;
  } else {
    if (Array.isArray(pad)) [pb, pe] = pad;
    const span = n + pb + pe - keff;
    if (span < 0) throw new Error('window larger than the padded input');
    if (ceil) {
      out = Math.ceil(span / s) + 1;
      if ((out - 1) * s >= n + pb) out -= 1; // the last window must start inside input or left pad
    } else {
      out = Math.floor(span / s) + 1;
    }
  }
  // For each output: its in-bounds taps (positions) and its taps inside [-pb, n + pe).
  const windows = [];
  for (let o = 0; o < out; o++) {
    const start = o * s - pb;
    const cells = [];
    let insidePad = 0;
    for (let t = 0; t < k; t++) {
      const p = start + t * d;
      if (p >= 0 && p < n) cells.push(p);
      if (p < n + pe) insidePad += 1;
    }
    windows.push({ cells, insidePad });
  }
  return { out, pb, pe, windows };
}

// JS-API-style padding option -> per-axis pads for axisWindows().
export function axisPads(padding, rank = 2) {
  if (padding === undefined || padding === 'valid') return Array(rank).fill('valid');
  if (padding === 'same' || padding === 'same_lower') return Array(rank).fill(padding);
  if (typeof padding === 'number') return Array(rank).fill([padding, padding]);
  return padding; // [[b, a], ...]
}

// Windows of a 2-D pooling with the JS API's options (poolSize, strides default poolSize).
export function geometry2d(h, w, o, defaults = {}) {
  const [kh, kw] = pair(o.poolSize ?? defaults.poolSize ?? 2);
  const [sh, sw] = pair(o.strides ?? defaults.strides ?? [kh, kw]);
  const [dh, dw] = pair(o.dilations ?? 1);
  const [ph, pw] = axisPads(o.padding);
  return {
    y: axisWindows(h, kh, sh, dh, ph, o.ceilMode),
    x: axisWindows(w, kw, sw, dw, pw, o.ceilMode),
    kh,
    kw,
  };
}

// Calls f(b, oy, ox, cells) for every output pixel; cells: [y, x] in row-major window order.
export function eachWindow(shape, g, f) {
  const [n] = shape;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < g.y.out; oy++) {
      for (let ox = 0; ox < g.x.out; ox++) {
        const cells = [];
        for (const y of g.y.windows[oy].cells) for (const x of g.x.windows[ox].cells) cells.push([y, x]);
        f(b, oy, ox, cells);
      }
    }
  }
}

export const at = (shape, b, y, x, c) => ((b * shape[1] + y) * shape[2] + x) * shape[3] + c;

// out[b, oy, ox, c] = reduce(values of the window's cells in row-major order, context).
export function reducePool2d(t, o, reduce, defaults) {
  const [n, h, w, c] = t.shape;
  const g = geometry2d(h, w, o, defaults);
  const shape = [n, g.y.out, g.x.out, c];
  const data = new Array(size(shape));
  eachWindow(t.shape, g, (b, oy, ox, cells) => {
    for (let ch = 0; ch < c; ch++) {
      const values = cells.map(([y, x]) => t.data[at(t.shape, b, y, x, ch)]);
      data[at(shape, b, oy, ox, ch)] = reduce(values, { g, oy, ox, b, ch, cells });
    }
  });
  return { shape, data };
}

// ---- reductions ------------------------------------------------------------------------------

// Max with the first maximum winning; a NaN anywhere wins (its first occurrence).
export function argmax(values) {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) return i;
    if (values[i] > values[best]) best = i;
  }
  return best;
}

export const maxOf = (v) => v[argmax(v)];
export function minOf(v) {
  if (v.some(Number.isNaN)) return NaN;
  let best = v[0];
  for (const x of v) if (x < best) best = x;
  return best;
}

// Average with PyTorch's divisor rules (countIncludePad counts cells inside the padded input).
export function avgPool2d(t, o) {
  return reducePool2d(t, o, (v, { g, oy, ox }) => {
    const sum = v.reduce((a, b) => a + b, 0);
    let divisor = v.length;
    if (o.divisorOverride) divisor = o.divisorOverride;
    else if (o.countIncludePad) divisor = g.y.windows[oy].insidePad * g.x.windows[ox].insidePad;
    return sum / divisor;
  });
}

export const maxPool2d = (t, o) => reducePool2d(t, o, maxOf);
export const minPool2d = (t, o) => reducePool2d(t, o, minOf);

// SoftPool: sum(x e^x) / sum(e^x), stabilised by the window maximum.
export function softPool2d(t, o) {
  return reducePool2d(t, o, (v) => {
    const m = Math.max(...v);
    let num = 0;
    let den = 0;
    for (const x of v) {
      const e = Math.exp(x - m);
      num += x * e;
      den += e;
    }
    return num / den;
  });
}

// Lp: PyTorch LPPool2d = (avg_pool2d(x^p) * kh*kw)^(1/p) (the avg_pool divisor counts the
// in-input cells of a ceil-mode window); ONNX LpPool = (sum |x|^p)^(1/p).
export function lpPool2d(t, o) {
  const p = o.p ?? 2;
  const onnx = o.convention === 'onnx';
  return reducePool2d(t, o, (v, { g, oy, ox }) => {
    if (p === Infinity) return Math.max(...v.map((x) => (onnx ? Math.abs(x) : x)));
    let sum = 0;
    for (const x of v) sum += (onnx ? Math.abs(x) : x) ** p;
    if (onnx) return sum ** (1 / p);
    const inside = g.y.windows[oy].insidePad * g.x.windows[ox].insidePad;
    return ((sum / inside) * g.kh * g.kw) ** (1 / p);
  });
}

// SplitMix64 (Steele, Lea & Flood 2014), for the seeded draws of stochastic and fractional
// pooling: state += golden gamma, then the mix; uniform() takes the top 53 bits.
export class SplitMix64 {
  constructor(seed) {
    this.state = BigInt.asUintN(64, BigInt(seed));
  }

  next() {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }

  uniform() {
    return Number(this.next() >> 11n) * 2 ** -53;
  }
}

// Stochastic pooling (Zeiler & Fergus 2013): p_i = max(a_i, 0) / sum; training samples one cell
// (one uniform draw per output element, NHWC output order), inference is sum p_i a_i.
export function stochasticPool2d(t, o) {
  const rng = new SplitMix64(o.seed ?? 0);
  return reducePool2d(t, o, (v) => {
    const u = o.training ? rng.uniform() : 0;
    const w = v.map((a) => (a > 0 ? a : 0));
    const total = w.reduce((a, b) => a + b, 0);
    if (total === 0) return 0;
    if (!o.training) return w.reduce((acc, wi, i) => acc + wi * v[i], 0) / total;
    const target = u * total;
    let running = 0;
    let picked = 0;
    for (let i = 0; i < v.length; i++) {
      if (!(w[i] > 0)) continue;
      running += w[i];
      picked = v[i];
      if (target < running) break;
    }
    return picked;
  });
}

// max_pool_with_argmax / return_indices / ONNX Indices.
export function maxPool2dWithArgmax(t, o) {
  const [, h, w, c] = t.shape;
  const convention = o.indexConvention ?? 'tf';
  const indices = [];
  const values = reducePool2d(t, o, (v, { b, ch, cells }) => {
    const i = argmax(v);
    const [y, x] = cells[i];
    let index;
    if (convention === 'torch') index = y * w + x;
    else if (convention === 'onnx') index = ((b * c + ch) * h + y) * w + x;
    else if (o.includeBatchInIndex) index = ((b * h + y) * w + x) * c + ch;
    else index = (y * w + x) * c + ch;
    indices.push(index);
    return v[i];
  });
  // pool2d visits outputs in NHWC order, so indices line up with values.
  return { values, indices: { shape: values.shape, data: indices } };
}

// MaxUnpool: zeros, then each value at its index.
export function maxUnpool2d(values, indices, outH, outW, convention = 'tf', withBatch = false) {
  const [n, h, w, c] = values.shape;
  const shape = [n, outH, outW, c];
  const data = new Array(size(shape)).fill(0);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const i = at(values.shape, b, y, x, ch);
          const idx = indices[i];
          let target;
          if (convention === 'torch') target = (b * outH * outW + idx) * c + ch;
          else if (convention === 'onnx') {
            const xx = idx % outW,
              yy = Math.floor(idx / outW) % outH;
            const cc = Math.floor(idx / (outW * outH)) % c,
              bb = Math.floor(idx / (outW * outH * c));
            target = at(shape, bb, yy, xx, cc);
          } else target = withBatch ? idx : b * outH * outW * c + idx;
          data[target] = values.data[i];
        }
      }
    }
  }
  return { shape, data };
}

// Adaptive pooling bins (PyTorch): start = floor(i*in/out), end = ceil((i+1)*in/out).
export function adaptivePool2d(t, outH, outW, type) {
  const [n, h, w, c] = t.shape;
  const shape = [n, outH, outW, c];
  const data = new Array(size(shape));
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = Math.floor((oy * h) / outH),
        y1 = Math.ceil(((oy + 1) * h) / outH);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = Math.floor((ox * w) / outW),
          x1 = Math.ceil(((ox + 1) * w) / outW);
        for (let ch = 0; ch < c; ch++) {
          const v = [];
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) v.push(t.data[at(t.shape, b, y, x, ch)]);
          data[at(shape, b, oy, ox, ch)] = type === 'max' ? maxOf(v) : v.reduce((a, e) => a + e, 0) / v.length;
        }
      }
    }
  }
  return { shape, data };
}

// ---- fractional max pooling (Graham 2014; tensorflow fractional_pool_common.cc) ---------------

export function pseudoRandomSequence(n, out, rng) {
  const alpha = n / out;
  const k = Math.floor(n / out);
  const uMax = Math.min((k + 2) / alpha - 1, (n + 1 - k) / alpha - (out - 1));
  const u = rng.uniform() * uMax;
  const b = [1];
  for (let i = 1; i < out; i++) b.push(Math.ceil(alpha * (i + u)));
  b.push(n + 1);
  return b.map((v) => v - 1);
}

export function randomSequence(n, out, rng) {
  const k = Math.floor(n / out);
  const diff = Array.from({ length: out }, (_, i) => k + (i < n % out ? 1 : 0));
  for (let i = 0; i + 1 < out; i++) {
    const j = i + Number(rng.next() % BigInt(out - i));
    [diff[i], diff[j]] = [diff[j], diff[i]];
  }
  const seq = [0];
  for (const d of diff) seq.push(seq[seq.length - 1] + d);
  return seq;
}

export function fractionalMaxPool2d(t, o) {
  const [n, h, w, c] = t.shape;
  const [rh, rw] = pair(o.poolingRatio ?? 1);
  const rng = new SplitMix64(o.seed ?? 0);
  const gen = o.pseudoRandom ? pseudoRandomSequence : randomSequence;
  const rows = o.rowPoolingSequence ?? gen(h, Math.floor(h / rh), rng);
  const cols = o.colPoolingSequence ?? gen(w, Math.floor(w / rw), rng);
  const extra = o.overlapping ? 1 : 0;
  const shape = [n, rows.length - 1, cols.length - 1, c];
  const data = new Array(size(shape));
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < shape[1]; oy++) {
      for (let ox = 0; ox < shape[2]; ox++) {
        for (let ch = 0; ch < c; ch++) {
          const v = [];
          for (let y = rows[oy]; y < Math.min(rows[oy + 1] + extra, h); y++) {
            for (let x = cols[ox]; x < Math.min(cols[ox + 1] + extra, w); x++) v.push(t.data[at(t.shape, b, y, x, ch)]);
          }
          data[at(shape, b, oy, ox, ch)] = maxOf(v);
        }
      }
    }
  }
  return { values: { shape, data }, rowPoolingSequence: rows, colPoolingSequence: cols };
}

// ---- 3-D pooling (1-D is d = h = 1) ---------------------------------------------------------

export function pool3d(t, o, type) {
  const [n, d, h, w, c] = t.shape;
  const triple = (v) => (Array.isArray(v) ? v : [v, v, v]);
  const [kd, kh, kw] = triple(o.poolSize ?? 2);
  const [sd, sh, sw] = triple(o.strides ?? [kd, kh, kw]);
  const [dd, dh, dw] = triple(o.dilations ?? 1);
  const [pd, ph, pw] = axisPads(o.padding, 3);
  const gz = axisWindows(d, kd, sd, dd, pd, o.ceilMode);
  const gy = axisWindows(h, kh, sh, dh, ph, o.ceilMode);
  const gx = axisWindows(w, kw, sw, dw, pw, o.ceilMode);
  const shape = [n, gz.out, gy.out, gx.out, c];
  const data = [];
  for (let b = 0; b < n; b++) {
    for (let oz = 0; oz < gz.out; oz++) {
      for (let oy = 0; oy < gy.out; oy++) {
        for (let ox = 0; ox < gx.out; ox++) {
          for (let ch = 0; ch < c; ch++) {
            const v = [];
            for (const z of gz.windows[oz].cells) {
              for (const y of gy.windows[oy].cells) {
                for (const x of gx.windows[ox].cells) v.push(t.data[(((b * d + z) * h + y) * w + x) * c + ch]);
              }
            }
            if (type === 'max') {
              data.push(maxOf(v));
            } else {
              let divisor = v.length;
              if (o.divisorOverride) divisor = o.divisorOverride;
              else if (o.countIncludePad)
                divisor = gz.windows[oz].insidePad * gy.windows[oy].insidePad * gx.windows[ox].insidePad;
              data.push(v.reduce((a, e) => a + e, 0) / divisor);
            }
          }
        }
      }
    }
  }
  return { shape, data };
}
