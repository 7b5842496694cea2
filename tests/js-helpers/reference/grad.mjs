// Plain reference for convolution without bias, the gradients (analytic, from the definitions),
// central finite differences and layout transposes. Same rules as pool-family.mjs: double
// arithmetic, nothing from src/ or bindings/; data are plain arrays. Moved from the pooling
// family's own reference (tests/js-family-fixtures/reference.mjs).
import { argmax, at, axisPads, axisWindows, eachWindow, geometry2d, size } from './pool-family.mjs';

const pair = (v) => (Array.isArray(v) ? v : [v, v]);

// ---- convolution and the gradients ----------------------------------------------------------

// conv2d: x NHWC, filter HWIO, zero padding (SEMANTICS section 3), no bias.
export function conv2dNoBias(x, filter, o) {
  const [n, h, w, ci] = x.shape;
  const [kh, kw, fi, co] = filter.shape;
  if (fi !== ci) throw new Error('channels');
  const [sh, sw] = pair(o.strides ?? 1);
  const [dh, dw] = pair(o.dilations ?? 1);
  const [ph, pw] = axisPads(o.padding);
  const gy = axisWindows(h, kh, sh, dh, ph);
  const gx = axisWindows(w, kw, sw, dw, pw);
  const shape = [n, gy.out, gx.out, co];
  const data = new Array(size(shape)).fill(0);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < gy.out; oy++) {
      for (let ox = 0; ox < gx.out; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - gy.pb + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - gx.pb + kx * dw;
            if (ix < 0 || ix >= w) continue;
            for (let i = 0; i < ci; i++) {
              const xv = x.data[at(x.shape, b, iy, ix, i)];
              for (let oc = 0; oc < co; oc++) {
                data[at(shape, b, oy, ox, oc)] += xv * filter.data[((ky * kw + kx) * ci + i) * co + oc];
              }
            }
          }
        }
      }
    }
  }
  return { shape, data };
}

// Analytic gradients from the definitions: for L = sum(forward(x) * dy), dL/dx and dL/dw.
export function conv2dGradInput(dy, filter, inputShape, o) {
  const dx = { shape: inputShape, data: new Array(size(inputShape)).fill(0) };
  // d out[b,oy,ox,oc] / d x[b,iy,ix,i] = w[ky,kx,i,oc] where iy = oy*s - pb + ky*d.
  const [, h, w, ci] = inputShape;
  const [kh, kw, , co] = filter.shape;
  const [sh, sw] = pair(o.strides ?? 1);
  const [dh, dw] = pair(o.dilations ?? 1);
  const [ph, pw] = axisPads(o.padding);
  const gy = axisWindows(h, kh, sh, dh, ph);
  const gx = axisWindows(w, kw, sw, dw, pw);
  for (let b = 0; b < inputShape[0]; b++) {
    for (let oy = 0; oy < gy.out; oy++) {
      for (let ox = 0; ox < gx.out; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - gy.pb + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - gx.pb + kx * dw;
            if (ix < 0 || ix >= w) continue;
            for (let i = 0; i < ci; i++) {
              for (let oc = 0; oc < co; oc++) {
                dx.data[at(inputShape, b, iy, ix, i)] +=
                  filter.data[((ky * kw + kx) * ci + i) * co + oc] * dy.data[at(dy.shape, b, oy, ox, oc)];
              }
            }
          }
        }
      }
    }
  }
  return dx;
}

export function conv2dGradFilter(x, dy, filterShape, o) {
  const [kh, kw, ci, co] = filterShape;
  const [, h, w] = x.shape;
  const [sh, sw] = pair(o.strides ?? 1);
  const [dh, dw] = pair(o.dilations ?? 1);
  const [ph, pw] = axisPads(o.padding);
  const gy = axisWindows(h, kh, sh, dh, ph);
  const gx = axisWindows(w, kw, sw, dw, pw);
  const dwt = { shape: filterShape, data: new Array(size(filterShape)).fill(0) };
  for (let b = 0; b < x.shape[0]; b++) {
    for (let oy = 0; oy < gy.out; oy++) {
      for (let ox = 0; ox < gx.out; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - gy.pb + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - gx.pb + kx * dw;
            if (ix < 0 || ix >= w) continue;
            for (let i = 0; i < ci; i++) {
              for (let oc = 0; oc < co; oc++) {
                dwt.data[((ky * kw + kx) * ci + i) * co + oc] +=
                  x.data[at(x.shape, b, iy, ix, i)] * dy.data[at(dy.shape, b, oy, ox, oc)];
              }
            }
          }
        }
      }
    }
  }
  return dwt;
}

export function maxPool2dGrad(x, dy, o) {
  const dx = { shape: x.shape, data: new Array(size(x.shape)).fill(0) };
  const g = geometry2d(x.shape[1], x.shape[2], o);
  const c = x.shape[3];
  eachWindow(x.shape, g, (b, oy, ox, cells) => {
    for (let ch = 0; ch < c; ch++) {
      const v = cells.map(([y, xx]) => x.data[at(x.shape, b, y, xx, ch)]);
      const [y, xx] = cells[argmax(v)];
      dx.data[at(x.shape, b, y, xx, ch)] += dy.data[at(dy.shape, b, oy, ox, ch)];
    }
  });
  return dx;
}

export function avgPool2dGrad(dy, inputShape, o) {
  const dx = { shape: inputShape, data: new Array(size(inputShape)).fill(0) };
  const g = geometry2d(inputShape[1], inputShape[2], o);
  const c = inputShape[3];
  eachWindow(inputShape, g, (b, oy, ox, cells) => {
    let divisor = cells.length;
    if (o.divisorOverride) divisor = o.divisorOverride;
    else if (o.countIncludePad) divisor = g.y.windows[oy].insidePad * g.x.windows[ox].insidePad;
    for (let ch = 0; ch < c; ch++) {
      const share = dy.data[at(dy.shape, b, oy, ox, ch)] / divisor;
      for (const [y, x] of cells) dx.data[at(inputShape, b, y, x, ch)] += share;
    }
  });
  return dx;
}

export function reluGrad(dy, x) {
  return { shape: x.shape, data: x.data.map((v, i) => (v > 0 ? dy.data[i] : 0)) };
}

// Central finite differences of L(v) = sum(forward(v) * dy) at every entry of v.data.
export function finiteDifference(forward, v, dy, h = 1e-3) {
  const loss = (t) => forward(t).data.reduce((acc, y, i) => acc + y * dy.data[i], 0);
  const grad = [];
  for (let i = 0; i < v.data.length; i++) {
    const plus = { shape: v.shape, data: v.data.slice() };
    const minus = { shape: v.shape, data: v.data.slice() };
    plus.data[i] += h;
    minus.data[i] -= h;
    grad.push((loss(plus) - loss(minus)) / (2 * h));
  }
  return grad;
}

// ---- layouts --------------------------------------------------------------------------------

// [n, c, ...spatial] <-> [n, ...spatial, c].
export function toChannelsLast(t) {
  const [n, c, ...sp] = t.shape;
  const s = size(sp);
  const data = new Array(t.data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < s; i++) data[(b * s + i) * c + ch] = t.data[(b * c + ch) * s + i];
  return { shape: [n, ...sp, c], data };
}

export function toChannelsFirst(t) {
  const n = t.shape[0];
  const c = t.shape[t.shape.length - 1];
  const sp = t.shape.slice(1, -1);
  const s = size(sp);
  const data = new Array(t.data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < s; i++) data[(b * c + ch) * s + i] = t.data[(b * s + i) * c + ch];
  return { shape: [n, c, ...sp], data };
}

// HWIO [kh, kw, i, o] -> OIHW [o, i, kh, kw].
export function hwioToOihw(f) {
  const [kh, kw, ci, co] = f.shape;
  const data = new Array(f.data.length);
  for (let o = 0; o < co; o++)
    for (let i = 0; i < ci; i++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) data[((o * ci + i) * kh + y) * kw + x] = f.data[((y * kw + x) * ci + i) * co + o];
  return { shape: [co, ci, kh, kw], data };
}
