// Plain reference for the per-channel ops: prelu and its gradient, and inference batch
// normalisation, written from the frameworks' documentation (Keras PReLU with shared spatial
// axes / torch.nn.PReLU; tf.nn.batch_normalization). Nothing from src/ or bindings/. Values are
// float32 results held in doubles: every float32 operation is one double operation rounded with
// Math.fround (exact for +, -, *, /, sqrt of float32 operands: double has more than 2 * 24 + 2
// bits, so rounding twice never differs from rounding once). dalpha is summed in double.

const CHANNELS_FIRST = new Set(['NCHW', 'NCW', 'NCDHW', 'CHANNELS_FIRST', 'CHANNELSFIRST']);

export function isChannelsFirst(layout) {
  return typeof layout === 'string' && CHANNELS_FIRST.has(layout.toUpperCase());
}

// The channel count and channel of each flat index: the last axis, or axis 1 channels-first.
export function channelOf(shape, layout) {
  if (isChannelsFirst(layout)) {
    const c = shape[1];
    const inner = shape.slice(2).reduce((a, b) => a * b, 1);
    return { c, at: (i) => Math.floor(i / inner) % c };
  }
  const c = shape[shape.length - 1];
  return { c, at: (i) => i % c };
}

// alpha: a number or one value per channel (number[] / Float32Array); -> float32 slopes, length c.
function slopes(alpha, c) {
  const list = typeof alpha === 'number' ? [alpha] : Array.from(alpha);
  const f = list.map(Math.fround);
  return f.length === 1 ? new Array(c).fill(f[0]) : f;
}

// y = x > 0 ? x : alpha[c] * x (NaN and -0 take the negative branch: alpha * NaN, alpha * -0).
export function prelu(x, alpha, layout) {
  const { c, at } = channelOf(x.shape, layout);
  const a = slopes(alpha, c);
  return { shape: x.shape.slice(), data: Array.from(x.data, (v, i) => (v > 0 ? v : Math.fround(a[at(i)] * v))) };
}

// dx = x > 0 ? dy : alpha[c] * dy; dalpha[c] = sum of dy * x where !(x > 0), in double (one sum
// when alpha has one value). dalpha carries magnitude and terms for assertClose.
export function preluGrad(dy, x, alpha, layout) {
  const { c, at } = channelOf(x.shape, layout);
  const shared = typeof alpha === 'number' || alpha.length === 1;
  const a = slopes(alpha, c);
  const k = shared ? 1 : c;
  const sum = new Array(k).fill(0),
    magnitude = new Array(k).fill(0),
    terms = new Array(k).fill(0);
  const dx = new Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i],
      g = dy.data[i],
      ch = at(i);
    dx[i] = v > 0 ? g : Math.fround(a[ch] * g);
    if (!(v > 0)) {
      const j = shared ? 0 : ch;
      sum[j] += g * v;
      magnitude[j] += Math.abs(g * v);
      terms[j]++;
    }
  }
  return { dx: { shape: x.shape.slice(), data: dx }, dalpha: { shape: [k], data: sum, magnitude, terms } };
}

// tf.nn.batch_normalization in float32: inv = 1 / sqrt(variance + epsilon), inv *= scale,
// y = x * inv + (offset - mean * inv) (no offset: -(mean * inv)). epsilon default 0.001 (Keras).
export function batchNormCoefficients({ mean, variance, scale, offset, epsilon = 0.001 }) {
  const f = Math.fround;
  const eps = f(epsilon);
  const a = [],
    b = [];
  for (let ch = 0; ch < mean.length; ch++) {
    let inv = f(1 / f(Math.sqrt(f(f(variance[ch]) + eps))));
    if (scale !== undefined) inv = f(inv * f(scale[ch]));
    const shift = f(f(mean[ch]) * inv);
    a.push(inv);
    b.push(offset !== undefined ? f(f(offset[ch]) - shift) : -shift);
  }
  return { a, b };
}

export function batchNorm(x, options) {
  const { at } = channelOf(x.shape, options.layout);
  const { a, b } = batchNormCoefficients(options);
  const f = Math.fround;
  return { shape: x.shape.slice(), data: Array.from(x.data, (v, i) => f(f(v * a[at(i)]) + b[at(i)])) };
}
