// Plain-JS reference for conv2dTranspose, written from the frameworks' documents: the output
// size of Keras's deconv_output_length (padding 'valid' / 'same', output_padding None or given),
// tf.nn.conv2d_transpose's padding for an output_shape, ONNX ConvTranspose's pads / output_shape
// equations and PyTorch ConvTranspose2d's output_size rule; then the scatter definition: every
// input pixel adds x * w into the output window it reaches, over the channels of its group.
// Double sums (terms and magnitude for assertClose), then bias and the activation's clamp.
const ACTIVATIONS = { linear: [-Infinity, Infinity], relu: [0, Infinity], relu6: [0, 6] };

const pairOf = (v, fallback) => (v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : v);

// [[top, bottom], [left, right]] or a mode string.
function padsOf(p) {
  if (p === undefined) return 'valid';
  if (typeof p === 'string') return p.toLowerCase().replace('same_upper', 'same');
  if (typeof p === 'number')
    return [
      [p, p],
      [p, p],
    ];
  if (p.length === 2 && typeof p[0] === 'number')
    return [
      [p[0], p[0]],
      [p[1], p[1]],
    ];
  return p.length === 4 ? [p[1], p[2]] : p;
}

// One axis: { out, before } or null when a framework rejects it.
export function transposeAxis(inSize, k, s, d, pad, op, size) {
  const kEff = (k - 1) * d + 1;
  const nat = s * (inSize - 1) + kEff;
  if (op !== undefined && op >= Math.max(s, d)) return null; // PyTorch: output padding < stride or dilation
  let out;
  let before;
  if (Array.isArray(pad)) {
    // ONNX pads / PyTorch padding: nat - pads + output_padding; output_size within [min, min + stride).
    const base = nat - pad[0] - pad[1];
    out = base + (op ?? 0);
    if (size !== undefined && op === undefined) {
      if (size < base || size >= base + Math.max(s, d)) return null;
      out = size;
    }
    before = pad[0];
  } else if (pad === 'valid') {
    // Keras: input * stride + max(kernel - stride, 0); tf VALID output_shape: forward conv of it gives input.
    out = op === undefined ? inSize * s + Math.max(kEff - s, 0) : nat + op;
    if (size !== undefined && op === undefined) {
      if (size < nat || size > nat + s - 1) return null;
      out = size;
    }
    before = 0;
  } else {
    // Keras 'same': input * stride, or (input - 1) * stride + kernel % 2 + output_padding (odd kernel:
    // kernel - 2 * (kernel // 2) = 1); TF pads as the forward conv of that size: max(0, nat - out), half first.
    out = op === undefined ? inSize * s : nat - 2 * Math.floor(kEff / 2) + op;
    if (size !== undefined && op === undefined) out = size;
    const total = Math.max(0, nat - out);
    before = pad === 'same' ? Math.floor(total / 2) : total - Math.floor(total / 2);
  }
  if (size !== undefined && op !== undefined && size !== out) return null;
  return out >= 1 ? { out, before } : null;
}

const toLast = (shape, data) => {
  const [n, c, h, w] = shape;
  const out = new Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((b * h + y) * w + x) * c + ch] = data[((b * c + ch) * h + y) * w + x];
  return { shape: [n, h, w, c], data: out };
};

const toFirst = (t) => {
  const [n, h, w, c] = t.shape;
  const pick = (arr) => {
    const out = new Array(arr.length);
    for (let b = 0; b < n; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let ch = 0; ch < c; ch++) out[((b * c + ch) * h + y) * w + x] = arr[((b * h + y) * w + x) * c + ch];
    return out;
  };
  return { shape: [n, c, h, w], data: pick(t.data), terms: pick(t.terms), magnitude: pick(t.magnitude) };
};

// x: { shape, data } (rank 4, or rank 3 without the batch); filter HWOI [kh, kw, outC / groups, inC]
// or IOHW [inC, outC / groups, kh, kw]; options as conv2dTranspose's. Returns { shape, data,
// terms, magnitude } or null when the frameworks reject the geometry.
export function conv2dTranspose(x, filter, o = {}) {
  const nchw = (o.layout ?? 'NHWC').toUpperCase() === 'NCHW';
  const iohw = (o.filterLayout ?? (nchw ? 'IOHW' : 'HWOI')).toUpperCase() === 'IOHW';
  const batchless = x.shape.length === 3;
  const shape4 = batchless ? [1, ...x.shape] : x.shape;
  const xl = nchw ? toLast(shape4, Array.from(x.data)) : { shape: shape4, data: Array.from(x.data) };
  const [n, h, w, c] = xl.shape;
  const [kh, kw, og, fc] = iohw ? [filter.shape[2], filter.shape[3], filter.shape[1], filter.shape[0]] : filter.shape;
  const weight = iohw
    ? (ky, kx, co, ci) => filter.data[((ci * og + co) * kh + ky) * kw + kx]
    : (ky, kx, co, ci) => filter.data[((ky * kw + kx) * og + co) * fc + ci];
  const groups = o.groups ?? 1;
  if (fc !== c || c % groups !== 0) return null;
  const [sh, sw] = pairOf(o.strides, 1);
  const [dh, dw] = pairOf(o.dilations, 1);
  const pad = padsOf(o.padding);
  const [ph, pw] = typeof pad === 'string' ? [pad, pad] : pad;
  const [oph, opw] = o.outputPadding === undefined ? [undefined, undefined] : pairOf(o.outputPadding);
  let size = [undefined, undefined];
  if (o.outputShape)
    size = o.outputShape.length === 2 ? o.outputShape : nchw ? o.outputShape.slice(2) : o.outputShape.slice(1, 3);
  const gy = transposeAxis(h, kh, sh, dh, ph, oph, size[0]);
  const gx = transposeAxis(w, kw, sw, dw, pw, opw, size[1]);
  if (!gy || !gx) return null;
  const outC = og * groups;
  const ig = c / groups;
  const count = n * gy.out * gx.out * outC;
  const acc = new Array(count).fill(0);
  const terms = new Array(count).fill(0);
  const magnitude = new Array(count).fill(0);
  for (let b = 0; b < n; b++)
    for (let iy = 0; iy < h; iy++)
      for (let ix = 0; ix < w; ix++)
        for (let ci = 0; ci < c; ci++) {
          const v = xl.data[((b * h + iy) * w + ix) * c + ci];
          const g = Math.floor(ci / ig);
          for (let ky = 0; ky < kh; ky++) {
            const oy = iy * sh - gy.before + ky * dh;
            if (oy < 0 || oy >= gy.out) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ox = ix * sw - gx.before + kx * dw;
              if (ox < 0 || ox >= gx.out) continue;
              for (let co = 0; co < og; co++) {
                const at = ((b * gy.out + oy) * gx.out + ox) * outC + g * og + co;
                const p = v * weight(ky, kx, co, ci);
                acc[at] += p;
                magnitude[at] += Math.abs(p);
                terms[at] += 1;
              }
            }
          }
        }
  const [lo, hi] = ACTIVATIONS[(o.activation ?? 'linear').toLowerCase()];
  const bias = o.bias ? Array.from(o.bias.data ?? o.bias) : null;
  for (let i = 0; i < count; i++) {
    if (bias) {
      acc[i] += bias[i % outC];
      magnitude[i] += Math.abs(bias[i % outC]);
      terms[i] += 1;
    }
    acc[i] = Math.min(Math.max(acc[i], lo), hi);
  }
  let out = { shape: [n, gy.out, gx.out, outC], data: acc, terms, magnitude };
  if (nchw) out = toFirst(out);
  if (batchless) out.shape = out.shape.slice(1);
  return out;
}
