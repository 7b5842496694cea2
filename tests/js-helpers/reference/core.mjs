// The core of the plain-JavaScript reference (import it through ../reference.mjs): pooling,
// global pooling, convolution, elementwise ops and image conversion, written from the definitions
// in the frameworks' documented output-size and padding rules (TF, Keras, PyTorch, ONNX) in double precision. It imports nothing from
// bindings/ or src/: it is the independent third implementation the API is checked against.
//
// Tensors are { shape, data } in NHWC ([n, h, w, c] or [h, w, c] for n = 1). Windowed ops
// return { shape, data: Float64Array, magnitude: Float64Array, terms: Int32Array }, where
// magnitude[i] is the sum of the absolute values of the terms that make data[i] (to size the
// tolerance of float32 sums) and terms[i] how many there are. They return null for a request
// that has no answer (a window larger than the padded input; for pooling, a window that sees
// only padding), which the library must reject with a RangeError.

// ---- option forms --------------------------------------------------------------------------

export function pairOf(v, fallback) {
  const x = v === undefined ? fallback : v;
  return typeof x === 'number' ? [x, x] : [x[0], x[1]];
}

// -> { mode: 'valid' | 'same' | 'same_lower' | 'explicit', top, bottom, left, right }
export function paddingOf(p) {
  const v = p === undefined ? 'valid' : p;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    const mode = s === 'same_upper' ? 'same' : s;
    if (!['valid', 'same', 'same_lower'].includes(mode)) throw new Error(`reference: padding ${v}`);
    return { mode, top: 0, bottom: 0, left: 0, right: 0 };
  }
  if (typeof v === 'number') return { mode: 'explicit', top: v, bottom: v, left: v, right: v };
  const rows = v.length === 4 ? [v[1], v[2]] : v;
  return { mode: 'explicit', top: rows[0][0], bottom: rows[0][1], left: rows[1][0], right: rows[1][1] };
}

// ---- one axis (SEMANTICS §1) ----------------------------------------------------------------

// n input size, k window, s stride, d dilation. Returns { out, before, after } or null.
export function axis(n, k, s, d, mode, before, after, ceilMode = false) {
  const kEff = (k - 1) * d + 1;
  if (mode === 'same' || mode === 'same_lower') {
    const out = Math.ceil(n / s);
    const need = Math.max(0, (out - 1) * s + kEff - n);
    const small = Math.floor(need / 2);
    const b = mode === 'same' ? small : need - small; // TF: the odd pad goes at the end
    return { out, before: b, after: need - b };
  }
  const pb = mode === 'valid' ? 0 : before;
  const pe = mode === 'valid' ? 0 : after;
  const padded = n + pb + pe;
  let out;
  if (ceilMode) {
    // PyTorch pooling_output_shape_pad_lr: a window longer than the padded input still gives
    // one partial window when padded - kEff > -s.
    out = Math.ceil((padded - kEff) / s) + 1;
    if ((out - 1) * s >= n + pb) out -= 1; // the last window must start inside input or left pad
    if (out < 1) return null;
  } else {
    if (padded < kEff) return null;
    out = Math.floor((padded - kEff) / s) + 1;
  }
  return { out, before: pb, after: pe };
}

function nhwc(shape) {
  return shape.length === 4 ? shape : [1, ...shape];
}

function shapeBack(rank, n, h, w, c) {
  return rank === 3 ? [h, w, c] : [n, h, w, c];
}

// ---- pooling (SEMANTICS §2) -----------------------------------------------------------------

// options: { type: 'max' | 'avg', window: Pair, strides: Pair, dilations, padding, ceilMode,
//            countIncludePad, divisorOverride }
export function pool2d(x, options) {
  const [n, h, w, c] = nhwc(x.shape);
  const [kh, kw] = pairOf(options.window);
  const [sh, sw] = pairOf(options.strides, 1);
  const [dh, dw] = pairOf(options.dilations, 1);
  const pad = paddingOf(options.padding);
  const ceil = Boolean(options.ceilMode);
  if (ceil && pad.mode !== 'valid' && pad.mode !== 'explicit') return null;
  const ay = axis(h, kh, sh, dh, pad.mode, pad.top, pad.bottom, ceil);
  const ax = axis(w, kw, sw, dw, pad.mode, pad.left, pad.right, ceil);
  if (!ay || !ax) return null;
  const isMax = options.type === 'max';
  const total = n * ay.out * ax.out * c;
  const data = new Float64Array(total);
  const magnitude = new Float64Array(total);
  const terms = new Int32Array(total);
  const tapsY = taps(h, kh, sh, dh, ay);
  const tapsX = taps(w, kw, sw, dw, ax);
  for (const t of [...tapsY, ...tapsX]) if (t.inside.length === 0) return null; // only padding
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ay.out; oy++) {
      for (let ox = 0; ox < ax.out; ox++) {
        const ty = tapsY[oy],
          tx = tapsX[ox];
        for (let ch = 0; ch < c; ch++, o++) {
          let acc = isMax ? undefined : 0;
          let mag = 0;
          let sawNaN = false;
          for (const iy of ty.inside) {
            for (const ix of tx.inside) {
              const v = x.data[((b * h + iy) * w + ix) * c + ch];
              if (Number.isNaN(v)) sawNaN = true;
              if (isMax) {
                if (acc === undefined || v > acc) acc = v; // ties keep the first (row-major)
              } else {
                acc += v;
                mag += Math.abs(v);
              }
            }
          }
          const count = ty.inside.length * tx.inside.length;
          if (isMax) {
            data[o] = sawNaN ? NaN : acc;
          } else {
            let divisor = count;
            if (options.divisorOverride) divisor = options.divisorOverride;
            else if (options.countIncludePad) divisor = ty.withinPad * tx.withinPad;
            data[o] = acc / divisor;
            magnitude[o] = mag / divisor;
          }
          terms[o] = count;
        }
      }
    }
  }
  return { shape: shapeBack(x.shape.length, n, ay.out, ax.out, c), data, magnitude, terms };
}

// tf.nn.pool (TF's nn_ops.pool / tfjs's tf.pool): with 'same' padding and a dilation > 1 the
// pooling runs through space_to_batch / batch_to_space: the input is zero-padded by
// ((k - 1) * d) / 2 before (the odd cell after) on each axis and pooled 'valid', so the padding
// zeros take part in the max and count in the average. strides must be 1 then (null). Every
// other case is pool2d.
export function tfPool(x, options) {
  const [dh, dw] = pairOf(options.dilations, 1);
  const pad = paddingOf(options.padding);
  if (pad.mode !== 'same' || (dh === 1 && dw === 1)) return pool2d(x, options);
  const [sh, sw] = pairOf(options.strides, 1);
  if (sh !== 1 || sw !== 1) return null;
  const [kh, kw] = pairOf(options.window);
  const [n, h, w, c] = nhwc(x.shape);
  const ph = (kh - 1) * dh,
    pw = (kw - 1) * dw;
  const top = Math.floor(ph / 2),
    left = Math.floor(pw / 2);
  const H = h + ph,
    W = w + pw;
  const data = new Float64Array(n * H * W * c); // zeros
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        for (let ch = 0; ch < c; ch++) {
          data[((b * H + y + top) * W + xx + left) * c + ch] = x.data[((b * h + y) * w + xx) * c + ch];
        }
      }
    }
  }
  const shape = x.shape.length === 3 ? [H, W, c] : [n, H, W, c];
  return pool2d({ shape, data }, { ...options, padding: 'valid' });
}

// For every output position: the in-bounds input coordinates of its window, and how many of
// its taps fall in [-before, n + after) (PyTorch's count_include_pad divisor: padding counts,
// the ceil-mode overhang beyond the padding does not).
function taps(n, k, s, d, a) {
  const result = [];
  for (let o = 0; o < a.out; o++) {
    const inside = [];
    let withinPad = 0;
    for (let t = 0; t < k; t++) {
      const i = o * s - a.before + t * d;
      if (i >= 0 && i < n) inside.push(i);
      if (i >= -a.before && i < n + a.after) withinPad++;
    }
    result.push({ inside, withinPad });
  }
  return result;
}

export function globalPool2d(x, type, keepDims = false) {
  const [n, h, w, c] = nhwc(x.shape);
  const data = new Float64Array(n * c);
  const magnitude = new Float64Array(n * c);
  const terms = new Int32Array(n * c).fill(h * w);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      let acc = type === 'max' ? -Infinity : 0;
      let mag = 0;
      let sawNaN = false;
      for (let p = 0; p < h * w; p++) {
        const v = x.data[(b * h * w + p) * c + ch];
        if (Number.isNaN(v)) sawNaN = true;
        if (type === 'max') {
          if (p === 0 || v > acc) acc = v;
        } else {
          acc += v;
          mag += Math.abs(v);
        }
      }
      data[b * c + ch] = sawNaN ? NaN : type === 'max' ? acc : acc / (h * w);
      magnitude[b * c + ch] = mag / (h * w);
    }
  }
  const rank3 = x.shape.length === 3;
  const shape = keepDims ? (rank3 ? [1, 1, c] : [n, 1, 1, c]) : rank3 ? [c] : [n, c];
  return { shape, data, magnitude, terms };
}

// ---- convolution (TF/Keras: HWIO filters, zero padding) -----------------------------------

const ACTIVATION = {
  linear: (v) => v,
  relu: (v) => (Number.isNaN(v) ? v : Math.max(v, 0)),
  relu6: (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, 0), 6)),
};

// options: { strides, padding, dilations, bias, activation, depthwise }
export function conv2d(x, filter, options = {}) {
  const [n, h, w, c] = nhwc(x.shape);
  const [kh, kw, fin, fout] = filter.shape;
  if (fin !== c) return null;
  const [sh, sw] = pairOf(options.strides, 1);
  const [dh, dw] = pairOf(options.dilations, 1);
  const pad = paddingOf(options.padding);
  const ay = axis(h, kh, sh, dh, pad.mode, pad.top, pad.bottom);
  const ax = axis(w, kw, sw, dw, pad.mode, pad.left, pad.right);
  if (!ay || !ax) return null;
  const depthwise = Boolean(options.depthwise);
  const outC = depthwise ? c * fout : fout;
  const bias = options.bias === undefined ? null : Array.from(options.bias.data ?? options.bias);
  const act = ACTIVATION[options.activation ?? 'linear'];
  const total = n * ay.out * ax.out * outC;
  const data = new Float64Array(total);
  const magnitude = new Float64Array(total);
  const terms = new Int32Array(total);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ay.out; oy++) {
      for (let ox = 0; ox < ax.out; ox++) {
        for (let oc = 0; oc < outC; oc++, o++) {
          let acc = bias ? bias[oc] : 0;
          let mag = Math.abs(acc);
          let count = 1;
          const inChannels = depthwise ? [Math.floor(oc / fout)] : Array.from({ length: c }, (_, i) => i);
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh - ay.before + ky * dh;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw - ax.before + kx * dw;
              const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              for (const ci of inChannels) {
                const wv = depthwise
                  ? filter.data[((ky * kw + kx) * c + ci) * fout + (oc % fout)]
                  : filter.data[((ky * kw + kx) * c + ci) * fout + oc];
                const xv = inside ? x.data[((b * h + iy) * w + ix) * c + ci] : 0; // zero padding
                acc += xv * wv;
                mag += Math.abs(xv * wv);
                count++;
              }
            }
          }
          data[o] = act(acc);
          magnitude[o] = mag;
          terms[o] = count;
        }
      }
    }
  }
  return { shape: shapeBack(x.shape.length, n, ay.out, ax.out, outC), data, magnitude, terms };
}

// ---- elementwise ----------------------------------------------------------------------------

// min(max(v, lo), hi): with lo > hi every non-NaN value becomes hi (ONNX Clip, torch.clamp,
// numpy.clip).
export function clamp(v, lo, hi) {
  if (Number.isNaN(v)) return v;
  let r = v;
  if (r < lo) r = lo;
  if (r > hi) r = hi;
  return r; // keeps -0 when lo or hi is a zero
}

export const relu = (v) => clamp(v, 0, Infinity);
export const relu6 = (v) => clamp(v, 0, 6);
// float32 arithmetic: the product of two float32 values is exact in double, then rounded once.
// TF / PyTorch: x > 0 ? x : alpha * x (+0 with a negative alpha gives -0); NaN passes through.
export const leakyRelu = (v, alpha) => (v > 0 || Number.isNaN(v) ? v : Math.fround(v * Math.fround(alpha)));

// ---- images ---------------------------------------------------------------------------------

// tf.image.rgb_to_grayscale weights.
export const GRAY_WEIGHTS = [0.2989, 0.587, 0.114];

// RGBA bytes -> [h, w, channels] doubles in [0, 1].
export function rgbaToFloat(rgba, width, height, channels) {
  const out = new Float64Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const [r, g, b, a] = [rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2], rgba[4 * p + 3]].map((v) => v / 255);
    if (channels === 1) out[p] = GRAY_WEIGHTS[0] * r + GRAY_WEIGHTS[1] * g + GRAY_WEIGHTS[2] * b;
    else if (channels === 3) out.set([r, g, b], 3 * p);
    else out.set([r, g, b, a], 4 * p);
  }
  return out;
}

// tf.image.resize(method='bilinear') defaults: half-pixel centers, no antialiasing.
export function resizeBilinear(img, inH, inW, c, outH, outW) {
  const out = new Float64Array(outH * outW * c);
  const coord = (o, inSize, outSize) => {
    const f = (o + 0.5) * (inSize / outSize) - 0.5;
    const lo = Math.floor(f);
    return { i0: Math.min(Math.max(lo, 0), inSize - 1), i1: Math.min(Math.max(lo + 1, 0), inSize - 1), t: f - lo };
  };
  for (let y = 0; y < outH; y++) {
    const cy = coord(y, inH, outH);
    for (let x = 0; x < outW; x++) {
      const cx = coord(x, inW, outW);
      for (let ch = 0; ch < c; ch++) {
        const at = (yy, xx) => img[(yy * inW + xx) * c + ch];
        const top = at(cy.i0, cx.i0) + (at(cy.i0, cx.i1) - at(cy.i0, cx.i0)) * cx.t;
        const bottom = at(cy.i1, cx.i0) + (at(cy.i1, cx.i1) - at(cy.i1, cx.i0)) * cx.t;
        out[(y * outW + x) * c + ch] = top + (bottom - top) * cy.t;
      }
    }
  }
  return out;
}

// matplotlib Normalize + Colormap(N=256): the LUT index of a value.
export function colormapIndex(v, vmin, vmax) {
  if (vmin === vmax) return 0;
  const t = (v - vmin) / (vmax - vmin);
  return Math.min(255, Math.max(0, Math.floor(t * 256)));
}
