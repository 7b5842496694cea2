// Owned resident tensors: a resident tensor
// belongs to the instance that made it. Passed to another instance it is refused with
//   TypeError `<fn>: <param> is a resident tensor of another condense instance`
// for every tensor parameter of every function that takes tensors: never garbage read from the
// other heap, never a trap, and both instances keep working. These tests fail until bindings/
// implements the contract. Rows: tests/js-helpers/api-table.mjs (every public function).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { RUNTIME, presentOps, uncovered } from '../js-helpers/api-table.mjs';

const a = await loadBuild();
const b = await loadBuild();

// Results compared plainly (resident results read out and freed).
function plainResult(r) {
  if (r && r.resident) {
    const p = r.read();
    r.dispose();
    return p;
  }
  if (r && typeof r === 'object' && !ArrayBuffer.isView(r)) {
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v && v.resident ? plainResult(v) : v]));
  }
  return r;
}

const rows = [
  ...presentOps(b),
  ...['upload', 'reshape'].map((fn) => [fn, { ...RUNTIME[fn], options: undefined }]),
].filter(([, row]) => row.tensors.length > 0);

test('resident ownership: every function that takes tensors has a row (and two instances are distinct)', () => {
  assert.deepEqual(uncovered(b), []);
  assert.notEqual(a, b);
  assert.equal(a.backend, b.backend);
});

for (const [fn, row] of rows) {
  const message = (param) => `${fn}: ${param} is a resident tensor of another condense instance`;

  test(`resident ownership: ${fn}: a resident of another instance as ${row.tensors.join(' / ')} is a TypeError naming the parameter; both instances keep working`, () => {
    const baseline = plainResult(row.call(b, row.inputs(), row.options));
    for (const param of row.tensors) {
      const inputs = row.inputs();
      const original = { shape: inputs[param].shape.slice(), data: Float32Array.from(inputs[param].data) };
      const foreign = a.upload(inputs[param]);
      inputs[param] = foreign;
      assert.throws(
        () => row.call(b, inputs, row.options),
        (e) => {
          assert.ok(e instanceof TypeError, `${fn}(${param}): ${e.constructor.name}: ${e.message}`);
          assert.equal(e.message, message(param));
          return true;
        },
      );
      // The other instance's tensor is untouched, and both instances still work.
      assert.deepEqual(foreign.read(), original, `${fn}(${param}): a's tensor is intact`);
      foreign.dispose();
      assert.deepEqual(
        plainResult(row.call(b, row.inputs(), row.options)),
        baseline,
        `${fn}(${param}): b keeps working`,
      );
      assert.deepEqual(
        plainResult(row.call(a, row.inputs(), row.options)),
        baseline,
        `${fn}(${param}): a keeps working`,
      );
    }
  });

  test(`resident ownership: ${fn}: the instance's own residents are accepted; mixed with another instance's, the foreign parameter is named`, () => {
    const baseline = plainResult(row.call(b, row.inputs(), row.options));
    // All parameters resident in b: the same values.
    const own = row.inputs();
    const uploaded = row.tensors.map((p) => (own[p] = b.upload(own[p])));
    assert.deepEqual(plainResult(row.call(b, own, row.options)), baseline, `${fn}: b's own residents`);
    // Each parameter in turn from a, the others b's own residents.
    for (const param of row.tensors) {
      const mixed = row.inputs();
      for (const p of row.tensors) if (p !== param) mixed[p] = b.upload(mixed[p]);
      const foreign = (mixed[param] = a.upload(mixed[param]));
      assert.throws(
        () => row.call(b, mixed, row.options),
        (e) => e instanceof TypeError && e.message === message(param),
        `${fn}: ${param} from a, the rest b's`,
      );
      for (const p of row.tensors) mixed[p].dispose();
      assert.equal(foreign.resident, true);
    }
    for (const t of uploaded) t.dispose();
    assert.deepEqual(plainResult(row.call(b, row.inputs(), row.options)), baseline, `${fn}: b keeps working`);
  });
}

test('resident ownership: a disposed resident keeps its own message (was disposed), in its instance', () => {
  const x = { shape: [1, 2, 2, 1], data: Float32Array.from([1, -2, 3, -4]) };
  const r = b.upload(x);
  r.dispose();
  assert.throws(
    () => b.relu(r),
    (e) => e instanceof TypeError && /^relu: x .*was disposed/.test(e.message),
  );
  assert.deepEqual(b.relu(x).data, Float32Array.from([1, 0, 3, 0]));
});

test("resident ownership: an op's resident result belongs to its instance too", () => {
  const x = { shape: [1, 4, 4, 1], data: Float32Array.from({ length: 16 }, (_, i) => i - 8) };
  const ra = a.upload(x);
  const activated = a.relu(ra);
  const pooled = a.maxPool2d(activated);
  assert.throws(
    () => b.relu(pooled),
    (e) => e instanceof TypeError && e.message === 'relu: x is a resident tensor of another condense instance',
  );
  assert.deepEqual(pooled.read(), b.maxPool2d(b.relu(x)));
  for (const t of [ra, activated, pooled]) t.dispose();
});
