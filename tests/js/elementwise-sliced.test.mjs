// Large copied-in inputs of relu, relu6, clamp and leakyRelu go through wasm memory in slices
// (bindings/ops/activation.mjs): the result must be the whole-array result, bit for bit, with and
// without `out`, at sizes around the slice boundaries, NaN and signed zeros included.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadForTest } from '../js-helpers/load.mjs';
import { rng } from '../js-helpers/random.mjs';
import { assertExact } from '../js-helpers/checks.mjs';

const { cd } = await loadForTest();

const SLICE = 65536;
const OPS = [
  ['relu', (x, o) => cd.relu(x, o)],
  ['relu6', (x, o) => cd.relu6(x, o)],
  ['clamp', (x, o) => cd.clamp(x, { min: -0.25, max: 0.5, ...o })],
  ['leakyRelu', (x, o) => cd.leakyRelu(x, { alpha: 0.3, ...o })],
];

function input(count, seed) {
  const r = rng(seed);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = (r.next() - 0.5) * 16;
  for (const i of [0, 1, SLICE - 1, SLICE, SLICE + 1, count - 1]) {
    if (i < count) data[i] = [NaN, -0, 0, -Infinity, Infinity, 7][i % 6];
  }
  return data;
}

test('sliced elementwise ops equal the resident (whole-array) result bit for bit', () => {
  for (const count of [2 * SLICE, 2 * SLICE + 1, 3 * SLICE - 3, 5 * SLICE + 7]) {
    const data = input(count, count);
    const x = { shape: [count], data };
    const resident = cd.upload(x);
    for (const [name, op] of OPS) {
      const r = op(resident);
      const want = r.read().data;
      r.dispose();
      const got = op(x);
      assert.deepEqual(got.shape, [count]);
      assertExact(got.data, want, `${name} at ${count}`, { signedZero: true });
      const out = new Float32Array(count).fill(123);
      const viaOut = op(x, { out });
      assert.equal(viaOut.data, out, `${name}: { out } is the result`);
      assertExact(out, want, `${name} at ${count} with out`, { signedZero: true });
      assert.equal(Number.isNaN(got.data[0]), true, `${name}: NaN stays NaN`);
    }
    resident.dispose();
    assert.equal(data[2], input(count, count)[2], 'the input is not modified');
  }
});

test('sliced elementwise ops: a wrong out length throws naming options.out, nothing written', () => {
  const x = { shape: [2 * SLICE], data: input(2 * SLICE, 5) };
  const out = new Float32Array(2 * SLICE - 1).fill(9);
  assert.throws(
    () => cd.relu(x, { out }),
    (e) => e instanceof RangeError && /options\.out/.test(e.message),
  );
  assert.ok(out.every((v) => v === 9));
  assert.equal(cd.relu({ shape: [4], data: new Float32Array([-1, 2, -0, NaN]) }).data[1], 2, 'still works');
});
