// cd.reshape(x, shape): x in another shape sharing its data, as tf.reshape — a tensor's
// Float32Array, or a resident's wasm buffer (reference-counted: the buffer is freed with the
// last tensor over it). One -1 is inferred; bad shapes are RangeErrors naming `shape`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadBuild } from '../js-helpers/load.mjs';

const cd = await loadBuild();
const t = (shape) => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 11) - 5.5),
});

test('reshape: a tensor keeps its Float32Array; -1 takes the size the other entries leave', () => {
  const x = t([2, 3, 4]);
  const y = cd.reshape(x, [6, 4]);
  assert.deepEqual(y.shape, [6, 4]);
  assert.equal(y.data, x.data, 'the same array, not a copy');
  assert.deepEqual(cd.reshape(x, [-1]).shape, [24]);
  assert.deepEqual(cd.reshape(x, [2, -1, 3]).shape, [2, 4, 3]);
  assert.deepEqual(cd.reshape(x, [1, 1, 1, 1, 24]).shape, [1, 1, 1, 1, 24]);
  const shape = [4, 6];
  const z = cd.reshape(x, shape);
  shape[0] = 99;
  assert.deepEqual(z.shape, [4, 6], "the caller's array is not kept");
});

test('reshape: bad shapes are RangeErrors / TypeErrors naming shape; x is checked as every tensor', () => {
  const x = t([2, 3, 4]);
  const cases = [
    [[5, 5], RangeError, /reshape: shape must hold x's 24 elements \(got \[5, 5\]\)/],
    [[-1, -1], RangeError, /shape may hold -1 only once/],
    [[5, -1], RangeError, /shape leaves no integer size for -1 from x's 24 elements/],
    [[0, 24], RangeError, /entries must be positive integers \(or one -1\)/],
    [[2.5, 2], RangeError, /entries must be positive integers/],
    [[-2, -12], RangeError, /entries must be positive integers/],
    [[], RangeError, /shape must have rank 1 to 5 \(got \[\]\)/],
    [[1, 1, 1, 1, 1, 24], RangeError, /must have rank 1 to 5/],
    ['24', TypeError, /reshape: shape must be an array of integers/],
    [[24n], TypeError, /shape must be an array of integers/],
    [undefined, TypeError, /shape must be an array of integers/],
  ];
  for (const [shape, Type, message] of cases) {
    assert.throws(
      () => cd.reshape(x, shape),
      (e) => e instanceof Type && message.test(e.message),
      String(shape),
    );
  }
  assert.throws(() => cd.reshape({ shape: [2, 3], data: new Float32Array(5) }, [6]), /reshape: x\.data\.length/);
  assert.throws(() => cd.reshape(new Float32Array(4), [4]), /reshape: x must be a tensor/);
  assert.deepEqual(cd.relu(t([4])).shape, [4], 'the instance keeps working');
});

test('reshape: a resident shares its buffer; ops on the reshape see the same data', () => {
  const before = cd.memory();
  const x = t([2, 3, 4]);
  const rx = cd.upload(x);
  const rv = cd.reshape(rx, [6, 4]);
  assert.equal(rv.resident, true);
  assert.deepEqual(rv.shape, [6, 4]);
  assert.equal(rv.size, 24);
  const after = cd.memory();
  assert.equal(after.residentTensors, before.residentTensors + 2, 'two tensors');
  assert.equal(after.residentBytes, before.residentBytes + 24 * 4, 'one buffer');
  assert.deepEqual(rv.read().data, x.data);

  const kernel = t([4, 5]);
  const viaView = cd.matMul(rv, kernel);
  assert.deepEqual(viaView.read(), cd.matMul(cd.reshape(x, [6, 4]), kernel));
  viaView.dispose();
  // A reshape of a reshape, into rank 5.
  const r5 = cd.reshape(rv, [1, 2, 3, 2, 2]);
  const relu5 = cd.relu(r5);
  assert.deepEqual(relu5.read().data, cd.relu(x).data);
  for (const r of [relu5, r5]) r.dispose();
  rv.dispose();
  rx.dispose();
  assert.deepEqual(cd.memory().residentTensors, before.residentTensors);
  assert.equal(cd.memory().residentBytes, before.residentBytes, 'the buffer is freed with the last tensor');
});

test('reshape: either tensor may be disposed first; a disposed one is refused, the other keeps the data', () => {
  const before = cd.memory();
  const x = t([4, 4]);
  for (const first of ['source', 'view']) {
    const rx = cd.upload(x);
    const rv = cd.reshape(rx, [16]);
    const [gone, kept] = first === 'source' ? [rx, rv] : [rv, rx];
    gone.dispose();
    gone.dispose(); // twice is harmless, and does not drop the other's reference
    assert.throws(() => gone.read(), /read: tensor was disposed/);
    assert.throws(() => cd.relu(gone), /relu: x is a resident tensor that was disposed/);
    assert.throws(() => cd.reshape(gone, [16]), /reshape: x is a resident tensor that was disposed/);
    assert.equal(cd.memory().residentBytes, before.residentBytes + 64, `${first} disposed: the buffer stays`);
    assert.deepEqual(kept.read().data, x.data);
    kept.dispose();
    assert.equal(cd.memory().residentBytes, before.residentBytes);
    assert.equal(cd.memory().residentTensors, before.residentTensors);
  }
});

test('reshape: tidy disposes reshapes made inside and keeps a returned one past its source', () => {
  const before = cd.memory();
  const x = t([3, 8]);
  const kept = cd.tidy(() => {
    const rx = cd.upload(x);
    cd.reshape(rx, [24]); // forgotten
    return cd.reshape(rx, [2, 12]);
  });
  assert.equal(cd.memory().residentTensors, before.residentTensors + 1);
  assert.equal(cd.memory().residentBytes, before.residentBytes + 24 * 4);
  assert.deepEqual(kept.read(), { shape: [2, 12], data: x.data });
  kept.dispose();
  assert.equal(cd.memory().residentBytes, before.residentBytes);
});

test('reshape: a resident of another instance is refused', async () => {
  const other = await loadBuild();
  const foreign = other.upload(t([4]));
  assert.throws(
    () => cd.reshape(foreign, [2, 2]),
    (e) => e instanceof TypeError && e.message === 'reshape: x is a resident tensor of another condense instance',
  );
  foreign.dispose();
});

test('reshape: a source collected by the garbage collector leaves its reshape the buffer', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const x = t([8, 8]);
  const before = cd.memory();
  let view = (() => cd.reshape(cd.upload(x), [64]))(); // the source is unreachable at once
  let collected = false;
  for (let i = 0; i < 50 && !collected; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    collected = cd.memory().residentTensors === before.residentTensors + 1;
  }
  assert.ok(collected, "the source's FinalizationRegistry entry ran");
  assert.equal(cd.memory().residentBytes, before.residentBytes + 256, 'the buffer stays for the reshape');
  assert.deepEqual(view.read().data, x.data);
  view.dispose();
  view = undefined;
  assert.equal(cd.memory().residentBytes, before.residentBytes);
  assert.equal(cd.memory().residentTensors, before.residentTensors);
});
