// The tests every elementwise op shares (relu, relu6, clamp, leakyRelu): exact agreement with
// the reference over every rank and lengths around the SIMD widths, specials (NaN, ±inf, ±0,
// subnormals), fresh outputs, the bad-input table and the heap check.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomData, rng, tensor } from './random.mjs';
import { assertExact, badInputTable, badOptionsRows, badTensorRows, freshOutputTests } from './checks.mjs';
import { assertHeapFlat } from './pooling.mjs';

export const SPECIALS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1e-45,
  -1e-45,
  1e-40,
  -1e-40,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  1.1754943508222875e-38,
  -1.1754943508222875e-38,
  6,
  6.000000476837158,
  5.999999523162842,
  -1,
  1,
  0.5,
  -0.5,
];

// A 2 GiB + 64 B input: over the wasm memory ceiling; calloc'd lazily, so it costs nothing.
let huge;
export function hugeInput() {
  huge ??= new Float32Array(2 ** 29 + 16);
  return { shape: [huge.length], data: huge };
}

// spec: { fn, call(x, options), want(v) -> expected value of one element, options (for the
//         random cases), badRows (extra rows), canary: [input values, options, expected] }
export function elementwiseTests(cd, memory, spec) {
  const { fn, call, want } = spec;
  const expected = (data) => Float32Array.from(data, want);

  test(`${fn}: agrees exactly with the reference for every rank and lengths around the SIMD widths`, () => {
    const r = rng(spec.seed ?? 1);
    for (let length = 1; length <= 70; length++) {
      const data = randomData(r, length, -8, 8);
      const x = tensor([length], data);
      const got = call(x);
      assert.deepEqual(got.shape, [length]);
      assertExact(got.data, expected(data), `${fn} length ${length}`, { signedZero: true });
    }
    const shapes = [[7], [3, 5], [2, 3, 4], [2, 3, 4, 5], [2, 1, 3, 4, 5], [10007], [1, 64, 64, 17]];
    for (const shape of shapes) {
      const count = shape.reduce((a, b) => a * b, 1);
      const data = randomData(r, count, -8, 8);
      const got = call(tensor(shape, data));
      assert.deepEqual(got.shape, shape, `${fn}: rank ${shape.length} shape is kept`);
      assertExact(got.data, expected(data), `${fn} shape [${shape}]`, { signedZero: true });
    }
  });

  test(`${fn}: NaN, ±inf, ±0 and subnormals at every SIMD lane position`, () => {
    for (let offset = 0; offset < 20; offset++) {
      // Rotate the specials so each lands at every lane of the main loop and of the tail.
      const data = Float32Array.from({ length: SPECIALS.length + offset }, (_, i) =>
        i < offset ? 1.5 : SPECIALS[i - offset],
      );
      assertExact(call(tensor([data.length], data)).data, expected(data), `${fn} specials at offset ${offset}`, {
        signedZero: true,
      });
    }
    for (const [input, output] of spec.numbers) {
      const got = call(tensor([1], [input])).data[0];
      assertExact([got], [Math.fround(output)], `${fn}(${Object.is(input, -0) ? '-0' : input})`, { signedZero: true });
    }
  });

  test(`${fn}: the result shape is a copy of the input shape`, () => {
    const x = tensor([2, 3, 1, 2], new Float32Array(12));
    const got = call(x);
    assert.deepEqual(got.shape, x.shape);
    assert.notEqual(got.shape, x.shape);
  });

  test(`${fn}: results are fresh arrays`, async (t) => {
    const x = tensor(
      [3, 5, 7],
      Float32Array.from({ length: 105 }, (_, i) => [-0, NaN, -2, 3, 0.5, -Infinity, 7][i % 7]),
    );
    const y = tensor(
      [3, 5, 7],
      Float32Array.from({ length: 105 }, (_, i) => 9 - i),
    );
    await freshOutputTests(t, { fn, memory, inputs: [x], call: (o) => call(x, o), other: () => call(y) });
  });

  test(`${fn}: bad inputs throw TypeError/RangeError naming the parameter; the instance keeps working`, async (t) => {
    const [cin, copt, cout] = spec.canary;
    const canary = () => assertExact(call(tensor([cin.length], cin), copt).data, cout, 'canary', { signedZero: true });
    const good = tensor([2, 2], [1, -2, 3, -4]);
    const rows = [
      ...badTensorRows('x', (x) => call(x), { ranks: [1, 2, 3, 4, 5] }),
      ...badOptionsRows((o) => call(good, o), { outLength: 4 }),
      {
        name: 'x over the 2 GiB memory ceiling (2^29 + 16 floats)',
        call: () => call(hugeInput()),
        error: RangeError,
        param: 'x',
      },
      ...(spec.badRows ? spec.badRows(good) : []),
    ];
    await badInputTable(t, fn, rows, canary);
  });

  test(`${fn}: the heap stays flat over 1,000 calls`, () => {
    const xs = [tensor([1000], randomData(rng(1), 1000)), tensor([2, 9, 7, 6], randomData(rng(2), 756))];
    assertHeapFlat(cd, (i) => call(xs[i % 2]));
  });
}
