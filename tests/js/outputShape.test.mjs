// cd.outputShape(fnName, shapes, options) is the
// shape the op would return, from the same C++ that sizes the kernels, with no data. `shapes` is
// one shape for one-tensor functions, else the shapes in the function's positional order; for
// several outputs it is the main output's shape. Errors are the op's own (same class, same
// message). Checked against the real call on every shape-producing function of the table
// (tests/js-helpers/api-table.mjs). These tests fail until bindings/ implements outputShape.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { presentOps } from '../js-helpers/api-table.mjs';

const cd = await loadBuild();

const mainOf = (row, r) => (row.main ? row.main(r) : r);

test('outputShape: the API object has it (a runtime function of the contract)', () => {
  assert.equal(typeof cd.outputShape, 'function');
});

test('outputShape: the examples of the contract (one shape; several shapes in positional order)', () => {
  assert.deepEqual(cd.outputShape('maxPool2d', [1, 28, 28, 1], { poolSize: 2 }), [1, 14, 14, 1]);
  assert.deepEqual(
    cd.outputShape(
      'conv2d',
      [
        [1, 28, 28, 1],
        [3, 3, 1, 8],
      ],
      { padding: 'same' },
    ),
    [1, 28, 28, 8],
  );
  // Options may be left out where the op has defaults.
  assert.deepEqual(cd.outputShape('maxPool2d', [1, 28, 28, 1]), [1, 14, 14, 1]);
  assert.deepEqual(cd.outputShape('relu', [2, 5, 3]), [2, 5, 3]);
});

for (const [fn, row] of presentOps(cd)) {
  if (!row.shapes) continue; // image conversion: no tensor shape in or out (see the table)
  const cases = [[row.inputs, row.options], ...(row.shapeCases ?? [])];

  test(`outputShape('${fn}', ...): equals the real call's ${row.main ? 'main output ' : ''}shape on ${cases.length} cases`, () => {
    for (const [inputs, options] of cases) {
      const given = inputs();
      const want = mainOf(row, row.call(cd, given, options)).shape;
      const shapes = row.shapes(given);
      const before = JSON.stringify(shapes);
      const got = cd.outputShape(fn, shapes, options);
      assert.ok(Array.isArray(got), `${fn} ${JSON.stringify(options)}: an array`);
      assert.deepEqual(got, want, `${fn} ${JSON.stringify(shapes)} ${JSON.stringify(options)}`);
      assert.equal(JSON.stringify(shapes), before, `${fn}: the shapes argument is not modified`);
    }
  });

  test(`outputShape('${fn}', ...): bad options throw the op's own error (same class, same message)`, () => {
    const bad = [...(row.badOptions ?? []), { ...row.options, zzzqqqxx: 1 }];
    for (const options of bad) {
      let want;
      try {
        row.call(cd, row.inputs(), options);
      } catch (error) {
        want = error;
      }
      assert.ok(want, `${fn} ${JSON.stringify(options)}: the real call rejects these options`);
      assert.throws(
        () => cd.outputShape(fn, row.shapes(row.inputs()), options),
        (e) => {
          assert.equal(e.constructor, want.constructor, `${fn} ${JSON.stringify(options)}: ${e.message}`);
          assert.equal(e.message, want.message);
          return true;
        },
      );
    }
    // The instance keeps working.
    const given = row.inputs();
    assert.deepEqual(
      cd.outputShape(fn, row.shapes(given), row.options),
      mainOf(row, row.call(cd, given, row.options)).shape,
    );
  });
}

test('outputShape: no data is needed, and the heap does not move', () => {
  cd.outputShape('maxPool2d', [1, 28, 28, 1], { poolSize: 2 });
  const before = cd.memory();
  for (let i = 0; i < 1000; i++)
    cd.outputShape(
      'conv2d',
      [
        [1, 512, 512, 3],
        [3, 3, 3, 64],
      ],
      { padding: 'same' },
    );
  assert.deepEqual(cd.memory(), before);
});
