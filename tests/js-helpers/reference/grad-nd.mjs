// Plain reference for the activation gradients (relu6Grad, clampGrad, leakyReluGrad) and the 1-D /
// 3-D pooling gradients, from the frameworks' definitions, importing nothing from src/ or
// bindings/:
//   relu6Grad      TF Relu6Grad: dy * ((x > 0) & (x < 6)) -- the open interval (0, 6)
//   clampGrad      tf.clip_by_value's gradient: where(x < min | x > max, 0, dy) -- the closed
//                  interval; x = NaN keeps dy (PyTorch's clamp_backward zeroes it)
//   leakyReluGrad  TF LeakyReluGrad / PyTorch leaky_relu_backward: x > 0 ? dy : alpha * dy
// (a select, never a multiply by the mask: a masked lane is +0 even where dy is NaN or inf).
// Pooling gradients: for L = sum(pool(x) * dy), dL/dx; max: the window's first maximum (row-major
// over depth, height, width; a NaN wins, its first occurrence) receives dy; average: every
// in-bounds cell receives dy / divisor (PyTorch's divisor rules). The sums are float32 steps in
// output order (what any implementation accumulating window by window computes), so the results
// are exact expectations. Tensors are NDHWC { shape, data }; 1-D is d = h = 1.
import { argmax, axisPads, axisWindows, size } from './pool-family.mjs';

const f32 = Math.fround;

export function relu6Grad(dy, x) {
  return { shape: x.shape, data: Array.from(x.data, (v, i) => (v > 0 && v < 6 ? dy.data[i] : 0)) };
}

export function clampGrad(dy, x, min, max) {
  const lo = f32(min);
  const hi = f32(max);
  return { shape: x.shape, data: Array.from(x.data, (v, i) => (v < lo || v > hi ? 0 : dy.data[i])) };
}

export function leakyReluGrad(dy, x, alpha) {
  const a = f32(alpha);
  return { shape: x.shape, data: Array.from(x.data, (v, i) => (v > 0 ? dy.data[i] : f32(dy.data[i] * a))) };
}

// The windows of a 3-D pooling with the JS API's options (1-D: poolSize etc. of length 1 or a
// number, applied to the width axis with unit depth and height windows).
export function geometry3d(shape, o, rank = 3) {
  const [, d, h, w] = shape;
  const list = (v, fallback) => {
    const a = Array.isArray(v) ? v : Array(rank).fill(v ?? fallback);
    return rank === 1 ? [1, 1, a[0]] : a;
  };
  const k = list(o.poolSize, 2);
  const s = o.strides === undefined ? k : list(o.strides);
  const dil = list(o.dilations, 1);
  const pads = axisPads(o.padding, rank);
  const p = rank === 1 ? ['valid', 'valid', pads[0]] : pads;
  return [d, h, w].map((n, i) => axisWindows(n, k[i], s[i], dil[i], p[i], o.ceilMode));
}

// Calls f(o, cells, divisorInsidePad) for every output element's window: o the flat NDHWC output
// index without the channel, cells the flat NDHWC input indices without the channel.
function eachWindow3d(shape, g, f) {
  const [n, d, h, w] = shape;
  const [gz, gy, gx] = g;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oz = 0; oz < gz.out; oz++) {
      for (let oy = 0; oy < gy.out; oy++) {
        for (let ox = 0; ox < gx.out; ox++) {
          const cells = [];
          for (const z of gz.windows[oz].cells) {
            for (const y of gy.windows[oy].cells) {
              for (const x of gx.windows[ox].cells) cells.push(((b * d + z) * h + y) * w + x);
            }
          }
          const inside = gz.windows[oz].insidePad * gy.windows[oy].insidePad * gx.windows[ox].insidePad;
          f(o++, cells, inside);
        }
      }
    }
  }
}

export function maxPool3dGrad(x, dy, o, rank = 3) {
  const c = x.shape[4];
  const data = new Array(size(x.shape)).fill(0);
  eachWindow3d(x.shape, geometry3d(x.shape, o, rank), (out, cells) => {
    for (let ch = 0; ch < c; ch++) {
      const at = cells[argmax(cells.map((i) => x.data[i * c + ch]))] * c + ch;
      data[at] = f32(data[at] + dy.data[out * c + ch]);
    }
  });
  return { shape: x.shape, data };
}

export function avgPool3dGrad(dy, inputShape, o, rank = 3) {
  const c = inputShape[4];
  const data = new Array(size(inputShape)).fill(0);
  eachWindow3d(inputShape, geometry3d(inputShape, o, rank), (out, cells, inside) => {
    let divisor = cells.length;
    if (o.divisorOverride) divisor = o.divisorOverride;
    else if (o.countIncludePad) divisor = inside;
    for (let ch = 0; ch < c; ch++) {
      const share = f32(dy.data[out * c + ch] / divisor);
      for (const i of cells) data[i * c + ch] = f32(data[i * c + ch] + share);
    }
  });
  return { shape: inputShape, data };
}
