// matMul: a·b with transposes, batch broadcasting, bias and a fused activation (tf.matmul /
// tf.linalg.matmul, torch.matmul, ONNX MatMul / Gemm), float32 sums in k order, bit for bit
// against the plain reference.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { randomData, randomTensor, rng, tensor } from '../js-helpers/random.mjs';

const { cd, memory } = await loadForTest();
const fn = 'matMul';
const exact = (got, want, context) => assertExact(got, want, context, { signedZero: true });

function check(a, b, options, context) {
  const got = cd.matMul(a, b, options);
  const want = ref.matMul(a, b, options);
  assert.deepEqual(got.shape, want.shape, `${context}: shape`);
  exact(got.data, want.data, context);
  return got;
}

// An operand of op-shape [rows, cols] (stored [cols, rows] when transposed), optionally batched.
function operand(r, batch, rows, cols, transpose) {
  const inner = transpose ? [cols, rows] : [rows, cols];
  return randomTensor(r, batch === 0 ? inner : [batch, ...inner]);
}

test('matMul: hand-computed examples (tf.matmul docs), exact', () => {
  // tf.matmul([[1, 2, 3], [4, 5, 6]], [[7, 8], [9, 10], [11, 12]]) = [[58, 64], [139, 154]]
  const a = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
  const b = tensor([3, 2], [7, 8, 9, 10, 11, 12]);
  const y = cd.matMul(a, b);
  assert.deepEqual(y.shape, [2, 2]);
  exact(y.data, [58, 64, 139, 154], 'a·b');
  exact(cd.matMul(b, a, { transposeA: true, transposeB: true }).data, [58, 139, 64, 154], '(a·b)ᵀ = bᵀ·aᵀ');
  exact(cd.matMul(a, b, { bias: [1, -200] }).data, [59, -136, 140, -46], 'bias added after the product');
  exact(cd.matMul(a, b, { bias: [1, -200], activation: 'relu' }).data, [59, 0, 140, 0], 'relu');
  exact(cd.matMul(a, b, { bias: [-55, -200], activation: 'relu6' }).data, [3, 0, 6, 0], 'relu6');
  // Batched [2, 2, 3] x 2-D [3, 2]: b broadcasts over the batch.
  const a3 = tensor([2, 2, 3], [1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 1, 0]);
  const y3 = cd.matMul(a3, b);
  assert.deepEqual(y3.shape, [2, 2, 2]);
  exact(y3.data, [58, 64, 139, 154, 7, 8, 9, 10], 'batched a, 2-D b');
});

test('matMul: the sum starts at +0 and runs over k in order (float32 steps)', () => {
  // 1e8 + 1 - 1e8 in float32 steps is 0, in double 1; the order k = 0, 1, 2 is the contract.
  const a = tensor([1, 3], [1e8, 1, -1e8]);
  const b = tensor([3, 1], [1, 1, 1]);
  exact(cd.matMul(a, b).data, [0], 'float32 sequential sum');
  exact(cd.matMul(tensor([1, 3], [1, 1e8, -1e8]), b).data, [0], 'another order');
  exact(cd.matMul(tensor([1, 3], [1e8, -1e8, 1]), b).data, [1], 'cancellation first');
  exact(cd.matMul(tensor([1, 2], [-0, -0]), tensor([2, 1], [1, 1])).data, [0], 'a sum of -0 products is +0');
  exact(cd.matMul(tensor([1, 2], [-0, 1]), tensor([2, 1], [1, -0]), { activation: 'relu' }).data, [0], '+0 + -0 = +0');
});

test('matMul: NaN and infinities follow IEEE arithmetic; NaN passes relu', () => {
  const b = tensor([2, 2], [Infinity, 1, 2, 3]);
  exact(cd.matMul(tensor([1, 2], [0, 1]), b).data, [NaN, 3], '0 * inf is NaN');
  exact(cd.matMul(tensor([1, 2], [1, 1]), b, { activation: 'relu6' }).data, [6, 4], 'inf clamped to 6');
  exact(cd.matMul(tensor([1, 2], [NaN, 1]), b, { activation: 'relu' }).data, [NaN, NaN], 'NaN passes relu');
  exact(cd.matMul(tensor([1, 2], [-1, 1]), b, { activation: 'relu' }).data, [0, 2], '-inf -> 0');
  const big = tensor([1, 2], [3e38, 3e38]);
  exact(cd.matMul(big, tensor([2, 1], [1, 1])).data, [Infinity], 'float32 overflow');
});

test('matMul: agrees exactly with the reference around the 4x8 tile (m, n, k in 1..17, 64, 65)', () => {
  const r = rng(11000);
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17];
  let cases = 0;
  for (const m of sizes) {
    for (const n of sizes) {
      const k = r.pick([1, 3, 4, 8, 9, 17]);
      const transposeA = r.chance(0.3);
      const transposeB = r.chance(0.3);
      const a = operand(r, 0, m, k, transposeA);
      const b = operand(r, 0, k, n, transposeB);
      const options = { transposeA, transposeB };
      if (r.chance(0.5)) options.bias = randomData(r, n);
      if (r.chance(0.5)) options.activation = r.pick(['linear', 'relu', 'relu6', 'RELU']);
      check(a, b, options, `m=${m} n=${n} k=${k} ${JSON.stringify({ transposeA, transposeB })}`);
      cases++;
    }
  }
  for (const [m, n, k] of [
    [64, 64, 64],
    [65, 65, 65],
    [1, 65, 64],
    [65, 1, 65],
    [13, 64, 65],
  ]) {
    for (const form of [0, 1, 2, 3]) {
      const transposeA = (form & 1) !== 0;
      const transposeB = (form & 2) !== 0;
      const a = operand(r, 0, m, k, transposeA);
      const b = operand(r, 0, k, n, transposeB);
      check(a, b, { transposeA, transposeB, bias: randomData(r, n) }, `m=${m} n=${n} k=${k} form ${form}`);
      cases++;
    }
  }
  assert.ok(cases > 130);
});

test('matMul: batches and broadcasting (a batch of 1 or a 2-D operand serves every batch)', () => {
  const r = rng(11001);
  for (const [ba, bb] of [
    [3, 3],
    [4, 1],
    [1, 4],
    [3, 0],
    [0, 5],
    [1, 1],
  ]) {
    for (const form of [0, 1, 2, 3]) {
      const transposeA = (form & 1) !== 0;
      const transposeB = (form & 2) !== 0;
      const [m, k, n] = [r.int(1, 9), r.int(1, 12), r.int(1, 19)];
      const a = operand(r, ba, m, k, transposeA);
      const b = operand(r, bb, k, n, transposeB);
      const options = { transposeA, transposeB, activation: form === 3 ? 'relu' : 'linear' };
      const got = check(a, b, options, `batches ${ba}/${bb} m=${m} k=${k} n=${n} form ${form}`);
      const batch = Math.max(ba, bb, 1);
      assert.deepEqual(got.shape, ba === 0 && bb === 0 ? [m, n] : [batch, m, n]);
    }
  }
});

test('matMul: resident inputs give a resident result equal to the plain one', () => {
  const r = rng(11002);
  const a = randomTensor(r, [2, 5, 6]);
  const b = randomTensor(r, [6, 9]);
  const bias = randomData(r, 9);
  const plain = cd.matMul(a, b, { bias, activation: 'relu' });
  const ra = cd.upload(a);
  const rb = cd.upload(b);
  for (const [x, y, name] of [
    [ra, rb, 'both resident'],
    [ra, b, 'resident a'],
  ]) {
    const res = cd.matMul(x, y, { bias, activation: 'relu' });
    assert.equal(res.resident, true, name);
    assert.deepEqual(res.shape, [2, 5, 9]);
    exact(res.read().data, plain.data, name);
    res.dispose();
  }
  const mixed = cd.matMul(a, rb, { bias, activation: 'relu' });
  assert.equal(mixed.resident, undefined, 'a plain a gives a plain result');
  exact(mixed.data, plain.data, 'resident b');
  ra.dispose();
  rb.dispose();
  assert.deepEqual(
    cd.outputShape('matMul', [
      [4, 3],
      [3, 7],
    ]),
    [4, 7],
  );
  assert.deepEqual(
    cd.outputShape(
      'matMul',
      [
        [3, 4],
        [2, 7, 3],
      ],
      { transposeA: true, transposeB: true },
    ),
    [2, 4, 7],
  );
});

test('matMul: gradients through matMul (dA = dY·Bᵀ, dB = Aᵀ·dY) agree with finite sums', () => {
  const r = rng(11003);
  const a = randomTensor(r, [3, 4]);
  const b = randomTensor(r, [4, 5]);
  const dy = randomTensor(r, [3, 5]);
  const da = cd.matMul(dy, b, { transposeB: true });
  const db = cd.matMul(a, dy, { transposeA: true });
  assert.deepEqual(da.shape, [3, 4]);
  assert.deepEqual(db.shape, [4, 5]);
  // d/dA sum(dy * (A·B)) = dy·Bᵀ, element by element in double.
  for (let i = 0; i < 3; i++) {
    for (let p = 0; p < 4; p++) {
      let s = 0;
      for (let j = 0; j < 5; j++) s += dy.data[i * 5 + j] * b.data[p * 5 + j];
      assert.ok(Math.abs(da.data[i * 4 + p] - s) < 1e-5, `dA[${i}][${p}]`);
    }
  }
  for (let p = 0; p < 4; p++) {
    for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let i = 0; i < 3; i++) s += a.data[i * 4 + p] * dy.data[i * 5 + j];
      assert.ok(Math.abs(db.data[p * 5 + j] - s) < 1e-5, `dB[${p}][${j}]`);
    }
  }
});

test('matMul: results are fresh arrays; out', async (t) => {
  const r = rng(11004);
  const a = randomTensor(r, [5, 7]);
  const b = randomTensor(r, [7, 6]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [a, b],
    call: (o) => cd.matMul(a, b, o),
    other: () => cd.matMul(b, a, { transposeA: true, transposeB: true }),
  });
});

test('matMul: memory stays flat over 1,000 calls', () => {
  const r = rng(11005);
  const a = randomTensor(r, [2, 9, 17]);
  const b = randomTensor(r, [17, 13]);
  assertHeapFlat(cd, () => cd.matMul(a, b, { transposeB: false, bias: randomData(r, 13) }));
  assertHeapFlat(cd, () => cd.matMul(b, a, { transposeA: true, transposeB: true }));
});

// The shared bad-tensor rows (their shape cases are rank 4: kept only where the rank is not the
// point), with the shape and length rows redone at rank 2.
function matrixTensorRows(name, wrap) {
  const skip = /string entry|data\.length|overflows|wraps/;
  return [
    ...badTensorRows(name, wrap, { ranks: [2, 3] }).filter((row) => !skip.test(row.name)),
    {
      name: `${name}.shape has a string entry`,
      call: () => wrap({ shape: [2, '2'], data: new Float32Array(4) }),
      error: TypeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.data.length is shorter than the shape`,
      call: () => wrap({ shape: [2, 3], data: new Float32Array(5) }),
      error: RangeError,
      param: `${name}.data.length`,
    },
    {
      name: `${name}.data.length is longer than the shape`,
      call: () => wrap({ shape: [1, 2, 3], data: new Float32Array(7) }),
      error: RangeError,
      param: `${name}.data.length`,
    },
  ];
}

test('matMul: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const canary = () => exact(cd.matMul(tensor([1, 2], [1, 2]), tensor([2, 1], [3, 4])).data, [11], 'canary');
  const a = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
  const b = tensor([3, 2], [1, 2, 3, 4, 5, 6]);
  const other = await loadForTest();
  const foreign = other.cd.upload(b);
  const rows = [
    ...matrixTensorRows('a', (x) => cd.matMul(x, b)),
    ...matrixTensorRows('b', (x) => cd.matMul(a, x)),
    ...badOptionsRows((o) => cd.matMul(a, b, o), { outLength: 4 }),
    {
      name: 'inner dims differ',
      call: () => cd.matMul(a, tensor([2, 2], [1, 2, 3, 4])),
      error: RangeError,
      param: 'b.shape',
    },
    {
      name: 'inner dims differ after transposeB',
      call: () => cd.matMul(a, b, { transposeB: true }),
      error: RangeError,
      param: 'b.shape',
    },
    {
      name: 'inner dims differ after transposeA',
      call: () => cd.matMul(a, b, { transposeA: true }),
      error: RangeError,
      param: 'b.shape',
    },
    {
      name: 'batches 2 and 3',
      call: () => cd.matMul(tensor([2, 1, 1], [1, 2]), tensor([3, 1, 1], [1, 2, 3])),
      error: RangeError,
      param: 'b.shape',
    },
    { name: 'a of rank 1', call: () => cd.matMul(tensor([3], [1, 2, 3]), b), error: RangeError, param: 'a.shape' },
    {
      name: 'b of rank 4',
      call: () => cd.matMul(a, tensor([1, 1, 3, 2], [1, 2, 3, 4, 5, 6])),
      error: RangeError,
      param: 'b.shape',
    },
    {
      name: 'bias has 3 values for 2 columns',
      call: () => cd.matMul(a, b, { bias: [1, 2, 3] }),
      error: RangeError,
      param: 'bias.length',
    },
    { name: 'bias is empty', call: () => cd.matMul(a, b, { bias: [] }), error: RangeError, param: 'bias.length' },
    { name: 'bias is a string', call: () => cd.matMul(a, b, { bias: '1' }), error: TypeError, param: 'bias' },
    { name: 'bias has a string', call: () => cd.matMul(a, b, { bias: [1, '2'] }), error: TypeError, param: 'bias' },
    { name: 'transposeA is 1', call: () => cd.matMul(a, b, { transposeA: 1 }), error: TypeError, param: 'transposeA' },
    {
      name: 'transposeB is "yes"',
      call: () => cd.matMul(a, b, { transposeB: 'yes' }),
      error: TypeError,
      param: 'transposeB',
    },
    {
      name: 'activation is unknown',
      call: () => cd.matMul(a, b, { activation: 'gelu' }),
      error: RangeError,
      param: 'activation',
    },
    {
      name: 'activation is a number',
      call: () => cd.matMul(a, b, { activation: 1 }),
      error: TypeError,
      param: 'activation',
    },
    {
      name: 'an unknown option',
      call: () => cd.matMul(a, b, { transpose_a: true }),
      error: TypeError,
      param: /transposeA/,
    },
    { name: 'b of another instance', call: () => cd.matMul(a, foreign), error: TypeError, param: 'b' },
  ];
  await badInputTable(t, fn, rows, canary);
});
