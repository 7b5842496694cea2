// leakyRelu: x > 0 ? x : alpha * x over any shape (NaN passes through); alpha default 0.2 (tf.nn.leaky_relu).
import test from 'node:test';
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { elementwiseTests, SPECIALS } from '../js-helpers/elementwise.mjs';
import { assertExact } from '../js-helpers/checks.mjs';
import { tensor } from '../js-helpers/random.mjs';

const { cd, memory } = await loadForTest();

elementwiseTests(cd, memory, {
  fn: 'leakyRelu',
  seed: 104,
  call: (x, o) => cd.leakyRelu(x, o),
  want: (v) => ref.leakyRelu(v, 0.2),
  numbers: [
    [NaN, NaN],
    [-0, -0],
    [0, 0],
    [-Infinity, -Infinity],
    [Infinity, Infinity],
    [-5, -1],
    [-1e-45, -0],
    [-3.4028234663852886e38, Math.fround(-3.4028234663852886e38 * Math.fround(0.2))],
  ],
  canary: [[-2, 0, 3, -0], { alpha: 0.5 }, [-1, 0, 3, -0]],
  badRows: (good) => [
    { name: 'alpha is a string', call: () => cd.leakyRelu(good, { alpha: '0.1' }), error: TypeError, param: 'alpha' },
    { name: 'alpha is null', call: () => cd.leakyRelu(good, { alpha: null }), error: TypeError, param: 'alpha' },
    { name: 'alpha is NaN', call: () => cd.leakyRelu(good, { alpha: NaN }), error: RangeError, param: 'alpha' },
    {
      name: 'alpha is Infinity',
      call: () => cd.leakyRelu(good, { alpha: Infinity }),
      error: RangeError,
      param: 'alpha',
    },
    {
      name: 'alpha is -Infinity',
      call: () => cd.leakyRelu(good, { alpha: -Infinity }),
      error: RangeError,
      param: 'alpha',
    },
  ],
});

test('leakyRelu: alpha values (float32 products), 0, 1 and negative', () => {
  const x = tensor([SPECIALS.length], SPECIALS);
  for (const alpha of [0.01, 0.25, 1, -1, 0.3]) {
    assertExact(
      cd.leakyRelu(x, { alpha }).data,
      x.data.map((v) => ref.leakyRelu(v, alpha)),
      `alpha ${alpha}`,
      { signedZero: true },
    );
  }
  // alpha 0: negatives become -0 (x * 0), and -inf * 0 is NaN (IEEE), as in TF.
  assertExact(cd.leakyRelu(tensor([4], [-2, -Infinity, 3, -0]), { alpha: 0 }).data, [-0, NaN, 3, -0], 'alpha 0', {
    signedZero: true,
  });
});

test('leakyRelu: negative alpha computes x > 0 ? x : alpha * x as TF and PyTorch (issue 11)', () => {
  // tf.nn.leaky_relu(x, -0.5) and torch.nn.functional.leaky_relu(x, -0.5):
  // +0 -> -0, -0 -> +0, 1 -> 1, -1 -> 0.5, NaN -> NaN, inf -> inf, -inf -> inf.
  const x = tensor([7], [0, -0, 1, -1, NaN, Infinity, -Infinity]);
  assertExact(cd.leakyRelu(x, { alpha: -0.5 }).data, [-0, 0, 1, 0.5, NaN, Infinity, Infinity], 'alpha -0.5', {
    signedZero: true,
  });
  // Long enough for the SIMD main loop and the tail (8 + 4 + 3 values).
  const long = tensor(
    [15],
    Array.from({ length: 15 }, (_, i) => [0, -0, 1, -1, NaN][i % 5]),
  );
  assertExact(
    cd.leakyRelu(long, { alpha: -0.5 }).data,
    Array.from({ length: 15 }, (_, i) => [-0, 0, 1, 0.5, NaN][i % 5]),
    'alpha -0.5, 15 values',
    { signedZero: true },
  );
});
