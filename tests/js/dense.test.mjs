// dense: Keras Dense's activation(x·kernel + bias) over the last axis (leading dims flattened),
// and PyTorch nn.Linear with transposeB (its weight is [out, in]); bit for bit against the
// plain reference.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from '../js-helpers/checks.mjs';
import { assertHeapFlat } from '../js-helpers/pooling.mjs';
import { randomData, randomTensor, rng, tensor } from '../js-helpers/random.mjs';

const { cd, memory } = await loadForTest();
const fn = 'dense';
const exact = (got, want, context) => assertExact(got, want, context, { signedZero: true });

function check(x, kernel, options, context) {
  const got = cd.dense(x, kernel, options);
  const want = ref.dense(x, kernel, options);
  assert.deepEqual(got.shape, want.shape, `${context}: shape`);
  exact(got.data, want.data, context);
  return got;
}

test('dense: hand-computed example, exact', () => {
  // x [2, 3] · kernel [3, 2] + [0.5, -100], relu.
  const x = tensor([2, 3], [1, 2, 3, -1, 0, 1]);
  const kernel = tensor([3, 2], [1, 2, 3, 4, 5, 6]);
  const y = cd.dense(x, kernel, { bias: [0.5, -100], activation: 'relu' });
  assert.deepEqual(y.shape, [2, 2]);
  exact(y.data, [22.5, 0, 4.5, 0], 'relu(x·W + b)');
  // nn.Linear: weight [out, in] = kernelᵀ.
  const weight = tensor([2, 3], [1, 3, 5, 2, 4, 6]);
  exact(cd.dense(x, weight, { transposeB: true }).data, cd.dense(x, kernel).data, 'transposeB');
  const one = cd.dense(tensor([3], [1, 2, 3]), kernel);
  assert.deepEqual(one.shape, [2], 'rank 1 x');
  exact(one.data, [22, 28], 'rank 1');
});

test('dense: leading dims are flattened (rank 1 to 5), exact against the reference', () => {
  const r = rng(12000);
  for (const shape of [[7], [4, 7], [2, 3, 7], [2, 2, 3, 7], [1, 2, 3, 2, 7], [33, 3136 / 32]]) {
    const inF = shape[shape.length - 1];
    for (const outF of [1, 3, 8, 13, 17]) {
      const transposeB = r.chance(0.3);
      const x = randomTensor(r, shape);
      const kernel = randomTensor(r, transposeB ? [outF, inF] : [inF, outF]);
      const options = { transposeB };
      if (r.chance(0.6)) options.bias = randomData(r, outF);
      options.activation = r.pick(['linear', 'relu', 'relu6']);
      const got = check(x, kernel, options, `[${shape}] -> ${outF}`);
      assert.deepEqual(got.shape, [...shape.slice(0, -1), outF]);
    }
  }
  // A real Dense layer: 2 x 3136 -> 128.
  const x = randomTensor(r, [2, 3136]);
  const kernel = randomTensor(r, [3136, 128]);
  check(x, kernel, { bias: randomData(r, 128), activation: 'relu' }, 'Dense 3136 -> 128');
});

test('dense: equals matMul on the flattened x', () => {
  const r = rng(12001);
  const x = randomTensor(r, [2, 3, 5]);
  const kernel = randomTensor(r, [5, 9]);
  const bias = randomData(r, 9);
  exact(
    cd.dense(x, kernel, { bias }).data,
    cd.matMul({ shape: [6, 5], data: x.data }, kernel, { bias }).data,
    'dense = matMul',
  );
});

test('dense: resident x gives a resident result', () => {
  const r = rng(12002);
  const x = randomTensor(r, [3, 4, 6]);
  const kernel = randomTensor(r, [6, 5]);
  const plain = cd.dense(x, kernel, { activation: 'relu6' });
  const rx = cd.upload(x);
  const rk = cd.upload(kernel);
  const res = cd.dense(rx, rk, { activation: 'relu6' });
  assert.equal(res.resident, true);
  assert.deepEqual(res.shape, [3, 4, 5]);
  exact(res.read().data, plain.data, 'resident');
  res.dispose();
  rx.dispose();
  rk.dispose();
  assert.deepEqual(
    cd.outputShape('dense', [
      [2, 3, 6],
      [6, 5],
    ]),
    [2, 3, 5],
  );
  assert.deepEqual(cd.outputShape('dense', [[6], [5, 6]], { transposeB: true }), [5]);
});

test('dense: results are fresh arrays; out; flat memory', async (t) => {
  const r = rng(12003);
  const x = randomTensor(r, [4, 9]);
  const kernel = randomTensor(r, [9, 4]);
  await freshOutputTests(t, {
    fn,
    memory,
    inputs: [x, kernel],
    call: (o) => cd.dense(x, kernel, o),
    other: () => cd.dense(kernel, tensor([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), { activation: 'relu' }),
  });
  assertHeapFlat(cd, () => cd.dense(x, kernel, { bias: randomData(r, 4), activation: 'relu' }));
});

test('dense: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working', async (t) => {
  const canary = () => exact(cd.dense(tensor([1, 2], [1, 2]), tensor([2, 1], [3, 4])).data, [11], 'canary');
  const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
  const kernel = tensor([3, 2], [1, 2, 3, 4, 5, 6]);
  const skip = /string entry|data\.length|overflows|wraps|rank/;
  const rows = [
    ...badTensorRows('x', (v) => cd.dense(v, kernel), { ranks: [1, 2, 3, 4, 5] }).filter((row) => !skip.test(row.name)),
    ...badTensorRows('kernel', (v) => cd.dense(x, v), { ranks: [2] }).filter((row) => !skip.test(row.name)),
    ...badOptionsRows((o) => cd.dense(x, kernel, o), { outLength: 4 }),
    {
      name: 'kernel rows differ from x features',
      call: () => cd.dense(x, tensor([2, 2], [1, 2, 3, 4])),
      error: RangeError,
      param: 'kernel.shape',
    },
    {
      name: 'kernel of rank 3',
      call: () => cd.dense(x, tensor([1, 3, 2], [1, 2, 3, 4, 5, 6])),
      error: RangeError,
      param: 'kernel.shape',
    },
    {
      name: 'x of rank 6',
      call: () => cd.dense(tensor([1, 1, 1, 1, 2, 3], [1, 2, 3, 4, 5, 6]), kernel),
      error: RangeError,
      param: 'x.shape',
    },
    {
      name: 'x.data.length is short',
      call: () => cd.dense({ shape: [2, 3], data: new Float32Array(5) }, kernel),
      error: RangeError,
      param: 'x.data.length',
    },
    {
      name: 'bias has 3 values for 2 units',
      call: () => cd.dense(x, kernel, { bias: [1, 2, 3] }),
      error: RangeError,
      param: 'bias.length',
    },
    { name: 'bias is a number', call: () => cd.dense(x, kernel, { bias: 1 }), error: TypeError, param: 'bias' },
    {
      name: 'activation is unknown',
      call: () => cd.dense(x, kernel, { activation: 'tanh' }),
      error: RangeError,
      param: 'activation',
    },
    {
      name: 'transposeA is not a dense option',
      call: () => cd.dense(x, kernel, { transposeA: true }),
      error: TypeError,
      param: 'transposeA',
    },
    { name: 'units is not an option', call: () => cd.dense(x, kernel, { units: 2 }), error: TypeError, param: 'units' },
  ];
  await badInputTable(t, fn, rows, canary);
});
