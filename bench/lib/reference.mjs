// Plain-JS reference kernels (NHWC, float64 accumulation, rounded to float32 once) that every
// library's output is checked against before its time counts. Browser-safe.

/** TF 'same' (SAME_UPPER: the odd extra pad at the end) or 'valid' pads for one axis. */
export function axisPads(size, window, stride, padding) {
  if (padding === 'valid') return [0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + window - size);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** { top, bottom, left, right } for an NHWC input shape. */
export function pads2d(shape, window, strides, padding) {
  const [top, bottom] = axisPads(shape[1], window[0], strides[0], padding);
  const [left, right] = axisPads(shape[2], window[1], strides[1], padding);
  return { top, bottom, left, right };
}

export function poolShape(shape, pool) {
  const p = pads2d(shape, pool.size, pool.strides, pool.padding);
  const oh = Math.floor((shape[1] + p.top + p.bottom - pool.size[0]) / pool.strides[0]) + 1;
  const ow = Math.floor((shape[2] + p.left + p.right - pool.size[1]) / pool.strides[1]) + 1;
  return [shape[0], oh, ow, shape[3]];
}

/** Max or average pooling; padded cells are ignored (TF/Keras). */
export function pool2d(x, shape, pool, type) {
  const [n, h, w, c] = shape;
  const [kh, kw] = pool.size;
  const [sh, sw] = pool.strides;
  const p = pads2d(shape, pool.size, pool.strides, pool.padding);
  const [, oh, ow] = poolShape(shape, pool);
  const out = new Float32Array(n * oh * ow * c);
  const acc = new Float64Array(c);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        acc.fill(type === 'max' ? -Infinity : 0);
        let cells = 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - p.top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - p.left + kx;
            if (ix < 0 || ix >= w) continue;
            cells++;
            const base = ((b * h + iy) * w + ix) * c;
            if (type === 'max') {
              for (let ch = 0; ch < c; ch++) {
                const v = x[base + ch];
                if (v > acc[ch] || Number.isNaN(v)) acc[ch] = v;
              }
            } else {
              for (let ch = 0; ch < c; ch++) acc[ch] += x[base + ch];
            }
          }
        }
        const o = ((b * oh + oy) * ow + ox) * c;
        for (let ch = 0; ch < c; ch++) out[o + ch] = type === 'max' ? acc[ch] : acc[ch] / cells;
      }
    }
  }
  return { shape: [n, oh, ow, c], data: out };
}

export function relu(x) {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : Number.isNaN(x[i]) ? NaN : 0;
  return out;
}

export function globalAvgPool(x, shape) {
  const [n, h, w, c] = shape;
  const out = new Float32Array(n * c);
  const acc = new Float64Array(c);
  for (let b = 0; b < n; b++) {
    acc.fill(0);
    for (let i = 0; i < h * w; i++) {
      const base = (b * h * w + i) * c;
      for (let ch = 0; ch < c; ch++) acc[ch] += x[base + ch];
    }
    for (let ch = 0; ch < c; ch++) out[b * c + ch] = acc[ch] / (h * w);
  }
  return { shape: [n, c], data: out };
}

/**
 * conv2d NHWC x HWIO [kh, kw, inC/groups, outC], stride 1, dilation 1, 'same' or 'valid';
 * optional ReLU. Output channel oc reads input channels (oc / (outC/groups)) * (inC/groups) + i.
 */
export function conv2d(x, shape, filter, fshape, padding, activation, groups = 1) {
  const [n, h, w, ci] = shape;
  const [kh, kw, fi, co] = fshape;
  if (fi * groups !== ci || co % groups) throw new Error('reference conv2d: channel mismatch');
  const cog = co / groups;
  const p = pads2d(shape, [kh, kw], [1, 1], padding);
  const oh = h + p.top + p.bottom - kh + 1;
  const ow = w + p.left + p.right - kw + 1;
  const out = new Float32Array(n * oh * ow * co);
  const acc = new Float64Array(co);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        acc.fill(0);
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy - p.top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox - p.left + kx;
            if (ix < 0 || ix >= w) continue;
            const xb = ((b * h + iy) * w + ix) * ci;
            const fb = (ky * kw + kx) * fi * co;
            for (let oc = 0; oc < co; oc++) {
              const g = Math.floor(oc / cog);
              let s = 0;
              for (let i = 0; i < fi; i++) s += x[xb + g * fi + i] * filter[fb + i * co + oc];
              acc[oc] += s;
            }
          }
        }
        const o = ((b * oh + oy) * ow + ox) * co;
        for (let oc = 0; oc < co; oc++) out[o + oc] = activation === 'relu' ? Math.max(acc[oc], 0) : acc[oc];
      }
    }
  }
  return { shape: [n, oh, ow, co], data: out };
}

/** conv3d NDHWC x DHWIO, stride 1, dilation 1, 'same' or 'valid'. */
export function conv3d(x, shape, filter, fshape, padding) {
  const [n, d, h, w, ci] = shape;
  const [kd, kh, kw, fi, co] = fshape;
  if (fi !== ci) throw new Error('reference conv3d: channel mismatch');
  const [front] = axisPads(d, kd, 1, padding);
  const p = pads2d([n, h, w, ci], [kh, kw], [1, 1], padding);
  const od = padding === 'valid' ? d - kd + 1 : d;
  const oh = h + p.top + p.bottom - kh + 1;
  const ow = w + p.left + p.right - kw + 1;
  const out = new Float32Array(n * od * oh * ow * co);
  const acc = new Float64Array(co);
  for (let b = 0; b < n; b++) {
    for (let oz = 0; oz < od; oz++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          acc.fill(0);
          for (let kz = 0; kz < kd; kz++) {
            const iz = oz - front + kz;
            if (iz < 0 || iz >= d) continue;
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy - p.top + ky;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox - p.left + kx;
                if (ix < 0 || ix >= w) continue;
                const xb = (((b * d + iz) * h + iy) * w + ix) * ci;
                const fb = ((kz * kh + ky) * kw + kx) * ci * co;
                for (let ic = 0; ic < ci; ic++) {
                  const v = x[xb + ic];
                  const f = fb + ic * co;
                  for (let oc = 0; oc < co; oc++) acc[oc] += v * filter[f + oc];
                }
              }
            }
          }
          const o = (((b * od + oz) * oh + oy) * ow + ox) * co;
          for (let oc = 0; oc < co; oc++) out[o + oc] = acc[oc];
        }
      }
    }
  }
  return { shape: [n, od, oh, ow, co], data: out };
}

/** a [m, k] · b [k, n] in double, rounded to float32. */
export function matMul(a, [m, k], b, n) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** The reference output (flat Float32Array, NHWC order) of a case. */
export function referenceOutput(c, inputs) {
  switch (c.kind) {
    case 'maxPool':
      return pool2d(inputs.x, c.input, c.pool, 'max').data;
    case 'avgPool':
      return pool2d(inputs.x, c.input, c.pool, 'avg').data;
    case 'globalAvg':
      return globalAvgPool(inputs.x, c.input).data;
    case 'relu':
      return relu(inputs.x);
    case 'conv':
      return conv2d(inputs.x, c.input, inputs.filter, c.filter, c.conv.padding, undefined, c.conv.groups).data;
    case 'conv3d':
      return conv3d(inputs.x, c.input, inputs.filter, c.filter, c.conv.padding).data;
    case 'convPool': {
      const y = conv2d(inputs.x, c.input, inputs.filter, c.filter, c.conv.padding, 'relu');
      return pool2d(y.data, y.shape, c.pool, 'max').data;
    }
    case 'matMul':
      return matMul(inputs.x, c.input, inputs.filter, c.filter[1]);
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
}

/**
 * Compares two flat arrays: ok when the lengths match and every |got - want| <=
 * atol + rtol * |want| (NaN only matches NaN). Returns the largest error and the first failure.
 */
export function compare(got, want, { atol, rtol }) {
  if (!got || got.length !== want.length) {
    return { ok: false, maxAbsErr: Infinity, reason: `length ${got ? got.length : 'none'} != ${want.length}` };
  }
  let maxAbsErr = 0;
  let bad = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const e = want[i];
    if (Number.isNaN(e) || Number.isNaN(g)) {
      if (Number.isNaN(e) !== Number.isNaN(g) && bad < 0) bad = i;
      continue;
    }
    const d = Math.abs(g - e);
    if (d > maxAbsErr) maxAbsErr = d;
    if (d > atol + rtol * Math.abs(e) && bad < 0) bad = i;
  }
  if (bad >= 0) {
    return {
      ok: false,
      maxAbsErr,
      reason: `index ${bad}: got ${got[bad]}, want ${want[bad]} (atol ${atol}, rtol ${rtol})`,
    };
  }
  return { ok: true, maxAbsErr };
}
