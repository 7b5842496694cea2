// Plain reference for conv1d / conv3d and their gradients, written from the frameworks'
// documentation (tf.nn.conv1d / tf.nn.conv3d with TF's 'VALID' / 'SAME' output sizes and SAME's
// extra padding at the end; explicit [before, after] padding per axis as tf.pad + VALID /
// PyTorch's padding; PyTorch nn.Conv1d / nn.Conv3d's
// out = floor((n + before + after - dilation*(k - 1) - 1) / stride) + 1; ONNX SAME_LOWER puts the
// extra cell in front). Double arithmetic on plain arrays, rank-generic over the spatial axes;
// nothing from src/ or bindings/. Tensors are { shape, data } channels-last ([n, ...spatial, c])
// with filters [...kernel, in, out]; the layout helpers move PyTorch's channels-first tensors and
// [out, in, ...kernel] filters in and out.

const prod = (a) => a.reduce((p, v) => p * v, 1);

// TF / PyTorch / ONNX output size and padding of one axis.
export function axisOf(n, k, s, d, pad) {
  const dk = (k - 1) * d + 1;
  if (pad === 'valid') return { out: Math.floor((n - dk) / s) + 1, before: 0 };
  if (pad === 'same' || pad === 'same_lower') {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + dk - n, 0);
    return { out, before: pad === 'same' ? Math.floor(total / 2) : Math.ceil(total / 2) };
  }
  const [b, a] = pad;
  return { out: Math.floor((n + b + a - dk) / s) + 1, before: b };
}

// options.padding: 'valid' | 'same' | 'same_lower' | number | [[b, a], ...] (rank entries).
function axes(spatial, kernel, o) {
  const r = spatial.length;
  const list = (v, f) => (v === undefined ? Array(r).fill(f) : typeof v === 'number' ? Array(r).fill(v) : v);
  const strides = list(o.strides, 1);
  const dilations = list(o.dilations, 1);
  let pads = o.padding ?? 'valid';
  if (typeof pads === 'string') pads = Array(r).fill(pads.toLowerCase());
  else if (typeof pads === 'number') pads = Array(r).fill([pads, pads]);
  else if (r === 1 && typeof pads[0] === 'number') pads = [pads];
  return spatial.map((n, i) => ({
    ...axisOf(n, kernel[i], strides[i], dilations[i], pads[i]),
    n,
    k: kernel[i],
    s: strides[i],
    d: dilations[i],
  }));
}

// Every (output position, kernel tap, input position) triple with the input inside the tensor
// (padding is zeros: it adds nothing).
function eachTap(g, f) {
  const r = g.length;
  const outs = g.map((a) => a.out);
  const ks = g.map((a) => a.k);
  const outCount = prod(outs);
  const tapCount = prod(ks);
  for (let o = 0; o < outCount; o++) {
    const op = [];
    let rest = o;
    for (let i = r - 1; i >= 0; i--) {
      op[i] = rest % outs[i];
      rest = Math.floor(rest / outs[i]);
    }
    for (let t = 0; t < tapCount; t++) {
      let tr = t;
      let inIndex = 0;
      let inside = true;
      const kp = [];
      for (let i = r - 1; i >= 0; i--) {
        kp[i] = tr % ks[i];
        tr = Math.floor(tr / ks[i]);
      }
      for (let i = 0; i < r; i++) {
        const p = op[i] * g[i].s - g[i].before + kp[i] * g[i].d;
        if (p < 0 || p >= g[i].n) inside = false;
        inIndex = inIndex * g[i].n + p;
      }
      if (inside) f(o, t, inIndex);
    }
  }
}

const ACT = { linear: [-Infinity, Infinity], relu: [0, Infinity], relu6: [0, 6] };

// conv: x [n, ...spatial, ci], filter [...kernel, ci, co]; options strides, dilations, padding,
// bias (co numbers), activation. Returns doubles.
export function convNd(x, filter, o = {}) {
  const r = x.shape.length - 2;
  const [n, ci] = [x.shape[0], x.shape[r + 1]];
  const kernel = filter.shape.slice(0, r);
  const co = filter.shape[r + 1];
  if (filter.shape[r] !== ci) throw new Error('channels');
  const g = axes(x.shape.slice(1, r + 1), kernel, o);
  const shape = [n, ...g.map((a) => a.out), co];
  const outCount = prod(shape.slice(1, r + 1));
  const inCount = prod(x.shape.slice(1, r + 1));
  const data = new Array(prod(shape)).fill(0);
  for (let b = 0; b < n; b++) {
    eachTap(g, (op, t, ip) => {
      for (let i = 0; i < ci; i++) {
        const xv = x.data[(b * inCount + ip) * ci + i];
        for (let c = 0; c < co; c++) data[(b * outCount + op) * co + c] += xv * filter.data[(t * ci + i) * co + c];
      }
    });
  }
  const [lo, hi] = ACT[o.activation ?? 'linear'];
  for (let e = 0; e < data.length; e++) {
    const v = data[e] + (o.bias ? o.bias[e % co] : 0);
    data[e] = Math.min(Math.max(v, lo), hi);
  }
  return { shape, data };
}

// d/dx of sum(conv(x) * dy) (no bias, no activation).
export function convNdGradInput(dy, filter, inputShape, o = {}) {
  const r = inputShape.length - 2;
  const [n, ci] = [inputShape[0], inputShape[r + 1]];
  const co = filter.shape[r + 1];
  const g = axes(inputShape.slice(1, r + 1), filter.shape.slice(0, r), o);
  const outCount = prod(g.map((a) => a.out));
  const inCount = prod(inputShape.slice(1, r + 1));
  const data = new Array(prod(inputShape)).fill(0);
  for (let b = 0; b < n; b++) {
    eachTap(g, (op, t, ip) => {
      for (let i = 0; i < ci; i++) {
        let s = 0;
        for (let c = 0; c < co; c++) s += filter.data[(t * ci + i) * co + c] * dy.data[(b * outCount + op) * co + c];
        data[(b * inCount + ip) * ci + i] += s;
      }
    });
  }
  return { shape: inputShape.slice(), data };
}

// d/dfilter of sum(conv(x) * dy); filterShape [...kernel, ci, co].
export function convNdGradFilter(x, dy, filterShape, o = {}) {
  const r = x.shape.length - 2;
  const [n, ci] = [x.shape[0], x.shape[r + 1]];
  const co = filterShape[r + 1];
  const g = axes(x.shape.slice(1, r + 1), filterShape.slice(0, r), o);
  const outCount = prod(g.map((a) => a.out));
  const inCount = prod(x.shape.slice(1, r + 1));
  const data = new Array(prod(filterShape)).fill(0);
  for (let b = 0; b < n; b++) {
    eachTap(g, (op, t, ip) => {
      for (let i = 0; i < ci; i++) {
        const xv = x.data[(b * inCount + ip) * ci + i];
        for (let c = 0; c < co; c++) data[(t * ci + i) * co + c] += xv * dy.data[(b * outCount + op) * co + c];
      }
    });
  }
  return { shape: filterShape.slice(), data };
}

// ---- layouts -----------------------------------------------------------------------------------

// [n, c, ...spatial] -> [n, ...spatial, c]
export function channelsLast(t) {
  const [n, c] = t.shape;
  const spatial = t.shape.slice(2);
  const s = prod(spatial);
  const data = new Array(t.data.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < c; i++) for (let p = 0; p < s; p++) data[(b * s + p) * c + i] = t.data[(b * c + i) * s + p];
  return { shape: [n, ...spatial, c], data };
}

// [n, ...spatial, c] -> [n, c, ...spatial]
export function channelsFirst(t) {
  const n = t.shape[0];
  const c = t.shape[t.shape.length - 1];
  const spatial = t.shape.slice(1, -1);
  const s = prod(spatial);
  const data = new Array(t.data.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < c; i++) for (let p = 0; p < s; p++) data[(b * c + i) * s + p] = t.data[(b * s + p) * c + i];
  return { shape: [n, c, ...spatial], data };
}

// [out, in, ...kernel] (PyTorch / ONNX) -> [...kernel, in, out] (TF)
export function filterToTf(f) {
  const [o, i] = f.shape;
  const kernel = f.shape.slice(2);
  const taps = prod(kernel);
  const data = new Array(f.data.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let t = 0; t < taps; t++) data[(t * i + b) * o + a] = f.data[(a * i + b) * taps + t];
  return { shape: [...kernel, i, o], data };
}

// [...kernel, in, out] -> [out, in, ...kernel]
export function filterToTorch(f) {
  const r = f.shape.length - 2;
  const [i, o] = f.shape.slice(r);
  const kernel = f.shape.slice(0, r);
  const taps = prod(kernel);
  const data = new Array(f.data.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let t = 0; t < taps; t++) data[(a * i + b) * taps + t] = f.data[(t * i + b) * o + a];
  return { shape: [o, i, ...kernel], data };
}
