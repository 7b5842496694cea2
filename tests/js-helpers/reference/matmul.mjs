// matMul and dense from their definitions (tf.linalg.matmul with transpose_a / transpose_b and
// batch broadcasting; Keras Dense: activation(x·kernel + bias)), in float32 steps: every product
// and every partial sum is rounded with Math.fround, k in order from +0, then + bias, then the
// activation. condense documents exactly this order, so results must agree bit for bit.
// Imports nothing from bindings/ or src/.

const f = Math.fround;

// The activation as TF applies it after the bias: relu max(v, 0), relu6 min(max(v, 0), 6); a NaN
// passes through and -0 stays -0 (only values strictly outside the range are replaced).
function activate(v, activation = 'linear') {
  const a = activation.toLowerCase();
  if (a === 'linear') return v;
  let y = v < 0 ? 0 : v;
  if (a === 'relu6' && y > 6) y = 6;
  return y;
}

// op(x)[i][j] of batch matrix t of a [.., rows, cols] operand read transposed or not.
function reader(x, transpose) {
  const rank = x.shape.length;
  const rows = x.shape[rank - 2];
  const cols = x.shape[rank - 1];
  const batch = rank === 3 ? x.shape[0] : 1;
  const at = (t, i, j) => {
    const base = (batch === 1 ? 0 : t) * rows * cols;
    return transpose ? x.data[base + j * cols + i] : x.data[base + i * cols + j];
  };
  return { batch, rows: transpose ? cols : rows, cols: transpose ? rows : cols, at, rank };
}

// -> { shape, data: Float64Array of float32 values } or throws when the shapes do not fit.
export function matMul(a, b, { transposeA = false, transposeB = false, bias, activation } = {}) {
  const A = reader(a, transposeA);
  const B = reader(b, transposeB);
  if (A.cols !== B.rows) throw new Error(`inner dims ${A.cols} vs ${B.rows}`);
  if (A.batch !== B.batch && A.batch !== 1 && B.batch !== 1) throw new Error('batch');
  const batch = Math.max(A.batch, B.batch);
  const m = A.rows;
  const k = A.cols;
  const n = B.cols;
  const out = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s = f(s + f(A.at(t, i, p) * B.at(t, p, j)));
        if (bias !== undefined) s = f(s + f(bias[j]));
        out[(t * m + i) * n + j] = activate(s, activation);
      }
    }
  }
  const shape = A.rank === 3 || B.rank === 3 ? [batch, m, n] : [m, n];
  return { shape, data: out };
}

// Keras Dense over the last axis: x [..., inF] · kernel [inF, outF] (transposeB: [outF, inF],
// PyTorch nn.Linear's weight) -> [..., outF].
export function dense(x, kernel, { bias, activation, transposeB = false } = {}) {
  const k = x.shape[x.shape.length - 1];
  const m = x.data.length / k;
  const y = matMul({ shape: [m, k], data: x.data }, kernel, { transposeB, bias, activation });
  return { shape: [...x.shape.slice(0, -1), y.shape[1]], data: y.data };
}
