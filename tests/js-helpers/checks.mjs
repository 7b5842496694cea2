// Assertions shared by the API tests: exact and toleranced agreement, the bad-input table
// runner, and the fresh-output checks.
import assert from 'node:assert/strict';

const show = (v) => (Object.is(v, -0) ? '-0' : String(v));

// Exact equality per element. NaN equals NaN; with signedZero, -0 and +0 differ (Object.is).
export function assertExact(got, want, context = '', { signedZero = false } = {}) {
  assert.equal(got.length, want.length, `${context}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i],
      w = want[i];
    const same = Number.isNaN(w) ? Number.isNaN(g) : signedZero ? Object.is(g, w) : g === w;
    if (!same) {
      assert.fail(
        `${context}: element ${i} is ${show(g)}, expected ${show(w)}` +
          `\n  got      [${Array.from(got, show).slice(0, 64).join(', ')}]` +
          `\n  expected [${Array.from(want, show).slice(0, 64).join(', ')}]`,
      );
    }
  }
}

// Float32 sums against the double reference: |got - ref| <= 1e-5 * sqrt(terms) * magnitude,
// where magnitude is the sum of |terms| (so cancellation does not shrink the tolerance).
// Non-finite reference values must be matched exactly.
export function assertClose(got, ref, context = '') {
  assert.equal(got.length, ref.data.length, `${context}: length`);
  for (let i = 0; i < ref.data.length; i++) {
    const g = got[i],
      w = ref.data[i];
    if (!Number.isFinite(w)) {
      if (Number.isNaN(w) ? Number.isNaN(g) : g === w) continue;
      assert.fail(`${context}: element ${i} is ${show(g)}, expected ${show(w)}`);
    }
    const terms = Math.max(1, ref.terms ? ref.terms[i] : 1);
    const scale = Math.max(ref.magnitude ? ref.magnitude[i] : 0, Math.abs(w));
    const tol = 1e-5 * Math.sqrt(terms) * scale;
    if (!(Math.abs(g - w) <= tol)) {
      assert.fail(`${context}: element ${i} is ${g}, expected ${w} (tolerance ${tol}, ${terms} terms)`);
    }
  }
}

// Shapes and values of an API result against a reference result.
export function assertAgrees(result, ref, context, { exact = false } = {}) {
  assert.ok(ref, `${context}: the reference has an answer`);
  assert.deepEqual(result.shape, ref.shape, `${context}: shape`);
  assert.ok(result.data instanceof Float32Array, `${context}: data is a Float32Array`);
  if (exact) assertExact(result.data, ref.data, context);
  else assertClose(result.data, ref, context);
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// One row of a bad-input table: { name, call, error: TypeError | RangeError, param }.
// The error must be of exactly that class, start with "<fn>: " and name the parameter; then
// `canary` (a known computation on the SAME instance) must still give the right answer.
export async function badInputTable(t, fn, rows, canary) {
  for (const row of rows) {
    await t.test(`${fn}: ${row.name} -> ${row.error.name} naming ${row.param}`, () => {
      let thrown;
      try {
        row.call();
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown !== undefined, `${row.name}: expected ${row.error.name}, nothing was thrown`);
      assert.equal(
        Object.getPrototypeOf(thrown),
        row.error.prototype,
        `${row.name}: expected ${row.error.name}, got ${thrown && thrown.constructor.name}: ${thrown && thrown.message}`,
      );
      assert.match(thrown.message, new RegExp(`^${escape(fn)}: `), `${row.name}: the message names ${fn}`);
      const param = row.param instanceof RegExp ? row.param : new RegExp(`(^|[^\\w.])${escape(row.param)}(\\b|$)`);
      assert.match(thrown.message, param, `${row.name}: the message names the parameter`);
      canary();
    });
  }
}

// Bad tensors for a parameter named `name` of function `fn`; `wrap(tensor)` calls the
// function with that tensor in place. `ranks` are the ranks the parameter accepts.
export function badTensorRows(name, wrap, { ranks = [3, 4] } = {}) {
  const good = (shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const shapeOfRank = (r) => [1, 2, 2, 1, 1].slice(0, r);
  const rows = [
    { name: `${name} is a string`, call: () => wrap('tensor'), error: TypeError, param: name },
    { name: `${name} is null`, call: () => wrap(null), error: TypeError, param: name },
    { name: `${name} is undefined`, call: () => wrap(undefined), error: TypeError, param: name },
    { name: `${name} is a number`, call: () => wrap(3), error: TypeError, param: name },
    {
      name: `${name} is a plain array`,
      call: () =>
        wrap([
          [1, 2],
          [3, 4],
        ]),
      error: TypeError,
      param: name,
    },
    { name: `${name} is a bare Float32Array`, call: () => wrap(new Float32Array(4)), error: TypeError, param: name },
    {
      name: `${name}.data is a Float64Array`,
      call: () => wrap({ shape: [1, 2, 2, 1], data: new Float64Array(4) }),
      error: TypeError,
      param: `${name}.data`,
    },
    {
      name: `${name}.data is a plain array`,
      call: () => wrap({ shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }),
      error: TypeError,
      param: `${name}.data`,
    },
    {
      name: `${name}.data is missing`,
      call: () => wrap({ shape: [1, 2, 2, 1] }),
      error: TypeError,
      param: `${name}.data`,
    },
    {
      name: `${name}.shape is missing`,
      call: () => wrap({ data: new Float32Array(4) }),
      error: TypeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape is a string`,
      call: () => wrap({ shape: '1,2,2,1', data: new Float32Array(4) }),
      error: TypeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape is a typed array`,
      call: () => wrap({ shape: Int32Array.of(1, 2, 2, 1), data: new Float32Array(4) }),
      error: TypeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape has a string entry`,
      call: () => wrap({ shape: [1, '2', 2, 1], data: new Float32Array(4) }),
      error: TypeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape has NaN`,
      call: () => wrap({ shape: [1, NaN, 2, 1], data: new Float32Array(4) }),
      error: RangeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape has Infinity`,
      call: () => wrap({ shape: [1, Infinity, 2, 1], data: new Float32Array(4) }),
      error: RangeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape has a negative size`,
      call: () => wrap({ shape: [1, -2, -2, 1], data: new Float32Array(4) }),
      error: RangeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape has a zero size`,
      call: () => wrap({ shape: [1, 0, 2, 1], data: new Float32Array(0) }),
      error: RangeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.shape has a fractional size`,
      call: () => wrap({ shape: [1, 2.5, 2, 1], data: new Float32Array(5) }),
      error: RangeError,
      param: `${name}.shape`,
    },
    {
      name: `${name}.data.length is shorter than the shape`,
      call: () => wrap({ shape: [1, 2, 2, 1], data: new Float32Array(3) }),
      error: RangeError,
      param: `${name}.data.length`,
    },
    {
      name: `${name}.data.length is longer than the shape`,
      call: () => wrap({ shape: [1, 2, 2, 1], data: new Float32Array(5) }),
      error: RangeError,
      param: `${name}.data.length`,
    },
    {
      name: `${name}.shape [1, 65536, 65536, 2] overflows 32 bits`,
      call: () => wrap({ shape: [1, 65536, 65536, 2], data: new Float32Array(8) }),
      error: RangeError,
      param: `${name}.data.length`,
    },
    {
      name: `${name}.shape [65536, 65536, 1, 1] wraps to 0 in 32 bits`,
      call: () => wrap({ shape: [65536, 65536, 1, 1], data: new Float32Array(0) }),
      error: RangeError,
      param: `${name}.data.length`,
    },
  ];
  for (const r of [0, 1, 2, 3, 4, 5, 6]) {
    if (ranks.includes(r)) continue;
    rows.push({
      name: `${name} has rank ${r}`,
      call: () => wrap(good(shapeOfRank(r).concat(r > 5 ? [1] : []))),
      error: RangeError,
      param: `${name}.shape`,
    });
  }
  return rows;
}

// Bad values of a "number or [h, w]" option (poolSize, strides, dilations, windowShape).
export function badPairRows(param, wrap) {
  const rows = [];
  const typeBad = [
    ['a string', '2'],
    ['null', null],
    ['an object', { h: 2, w: 2 }],
    ['a boolean', true],
    ['[h, w] with a string', [2, '2']],
  ];
  const rangeBad = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['negative', -1],
    ['zero', 0],
    ['fractional', 1.5],
    ['[h, w] with NaN', [2, NaN]],
    ['[h, w] with zero', [0, 2]],
    ['[h, w] with a negative', [2, -3]],
    ['[h, w] fractional', [2, 2.5]],
    ['[h, w] with Infinity', [Infinity, 2]],
    ['one entry', [2]],
    ['three entries', [2, 2, 2]],
    ['over 2^30', 2 ** 31],
  ];
  for (const [what, v] of typeBad)
    rows.push({ name: `${param} ${what}`, call: () => wrap(v), error: TypeError, param });
  for (const [what, v] of rangeBad)
    rows.push({ name: `${param} ${what}`, call: () => wrap(v), error: RangeError, param });
  return rows;
}

// Bad values of `padding`.
export function badPaddingRows(wrap, param = 'padding') {
  const rows = [];
  const typeBad = [
    ['null', null],
    ['an object', { top: 1 }],
    ['a boolean', true],
    [
      '[[t, b], [l, r]] with a string',
      [
        [0, '1'],
        [0, 0],
      ],
    ],
  ];
  const rangeBad = [
    ['an unknown string', 'full'],
    ['"explicit"', 'explicit'],
    ['negative', -1],
    ['NaN', NaN],
    ['fractional', 0.5],
    ['Infinity', Infinity],
    ['[[t, b]] only', [[1, 1]]],
    ['[[t, b], [l]]', [[1, 1], [1]]],
    ['flat [t, b, l, r]', [1, 1, 1, 1]],
    [
      'a negative pad',
      [
        [0, -1],
        [0, 0],
      ],
    ],
    [
      'a fractional pad',
      [
        [0, 0],
        [0.5, 0],
      ],
    ],
    [
      'TF form padding the batch',
      [
        [1, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ],
    [
      'TF form padding the channels',
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 1],
      ],
    ],
  ];
  for (const [what, v] of typeBad)
    rows.push({ name: `${param} ${what}`, call: () => wrap(v), error: TypeError, param });
  for (const [what, v] of rangeBad)
    rows.push({ name: `${param} ${what}`, call: () => wrap(v), error: RangeError, param });
  return rows;
}

// `options` itself and `options.out`.
export function badOptionsRows(wrap, { outLength, out = true } = {}) {
  const rows = [
    { name: 'options is a string', call: () => wrap('same'), error: TypeError, param: 'options' },
    { name: 'options is a number', call: () => wrap(2), error: TypeError, param: 'options' },
    { name: 'options is an array', call: () => wrap([2, 2]), error: TypeError, param: 'options' },
  ];
  if (out) {
    rows.push(
      {
        name: 'out is a Float64Array',
        call: () => wrap({ out: new Float64Array(outLength) }),
        error: TypeError,
        param: 'options.out',
      },
      {
        name: 'out is a plain array',
        call: () => wrap({ out: new Array(outLength).fill(0) }),
        error: TypeError,
        param: 'options.out',
      },
      {
        name: 'out is one element short',
        call: () => wrap({ out: new Float32Array(outLength - 1) }),
        error: RangeError,
        param: 'options.out',
      },
      {
        name: 'out is one element long',
        call: () => wrap({ out: new Float32Array(outLength + 1) }),
        error: RangeError,
        param: 'options.out',
      },
    );
  }
  return rows;
}

// Results are fresh arrays owned by JavaScript. `call(options)` runs the op on fixed inputs
// (`inputs`: tensors whose data must never change), `other()` runs a different request.
export async function freshOutputTests(t, { fn, memory, call, other, inputs = [], out = true }) {
  const snapshots = () => inputs.map((x) => Float32Array.from(x.data));
  await t.test(`${fn}: the result is a fresh Float32Array, not a view into wasm memory`, () => {
    const before = snapshots();
    const r = call();
    assert.ok(r.data instanceof Float32Array);
    assert.notEqual(r.data.buffer, memory.buffer, 'not the wasm memory buffer');
    assert.equal(r.data.byteOffset, 0, 'owns its buffer from the start');
    assert.equal(r.data.buffer.byteLength, r.data.byteLength, 'owns exactly its own bytes');
    assert.ok(!(r.data.buffer instanceof SharedArrayBuffer));
    inputs.forEach((x, i) => assertExact(x.data, before[i], `${fn}: input ${i} is not modified`, { signedZero: true }));
  });
  await t.test(`${fn}: two calls return distinct arrays; a later call never overwrites an earlier result`, () => {
    const r1 = call();
    const kept = Float32Array.from(r1.data);
    const r2 = call();
    assert.notEqual(r1.data, r2.data);
    assert.notEqual(r1.data.buffer, r2.data.buffer);
    assertExact(r2.data, kept, `${fn}: same request, same answer`, { signedZero: true });
    r2.data.fill(12345);
    const r3 = call();
    assertExact(r3.data, kept, `${fn}: mutating a result does not change the next one`, { signedZero: true });
    other();
    other();
    assertExact(r1.data, kept, `${fn}: later calls leave an earlier result alone`, { signedZero: true });
    if (r1.shape) {
      const shape = r1.shape.slice();
      r3.shape.push(99);
      assert.deepEqual(call().shape, shape, `${fn}: result shapes are fresh arrays too`);
    }
  });
  if (!out) return;
  await t.test(`${fn}: options.out receives the result and is returned`, () => {
    const want = call().data;
    const target = new Float32Array(want.length).fill(-7);
    const r = call({ out: target });
    assert.equal(r.data, target, 'the same array comes back');
    assertExact(target, want, `${fn}: out holds the result`, { signedZero: true });
    other();
    assertExact(target, want, `${fn}: a later call leaves out alone`, { signedZero: true });
    // A view at an offset into a larger buffer works too, and touches nothing around it.
    const big = new Float32Array(want.length + 2).fill(-9);
    const view = big.subarray(1, 1 + want.length);
    assert.equal(call({ out: view }).data, view);
    assertExact(view, want, `${fn}: out view`, { signedZero: true });
    assert.equal(big[0], -9, 'the float before out is untouched');
    assert.equal(big[big.length - 1], -9, 'the float after out is untouched');
  });
  await t.test(`${fn}: options.out of the wrong length -> RangeError, out untouched`, () => {
    const n = call().data.length;
    for (const len of [n - 1, n + 1, 0]) {
      if (len < 0) continue;
      const target = new Float32Array(len).fill(5);
      assert.throws(
        () => call({ out: target }),
        (e) => e instanceof RangeError && new RegExp(`^${fn}: .*out`).test(e.message),
      );
      assert.ok(
        target.every((v) => v === 5),
        'out untouched after the error',
      );
    }
  });
}

// ---- fixture comparisons (moved from the pooling family's loader) ---------------------------

export const TOLERANCE = 1e-6;

// Float results: |got - want| <= 1e-6 * max(1, |want|); NaN matches NaN, infinities exactly.
// Returns a description of the first disagreement, or null.
export function floatMismatch(got, want) {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i],
      w = want[i];
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) return `[${i}] = ${g}, expected NaN`;
    } else if (!Number.isFinite(w)) {
      if (g !== w) return `[${i}] = ${g}, expected ${w}`;
    } else if (!(Math.abs(g - w) <= TOLERANCE * Math.max(1, Math.abs(w)))) {
      return `[${i}] = ${g}, expected ${w} (difference ${Math.abs(g - w)})`;
    }
  }
  return null;
}

export function intMismatch(got, want) {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return `[${i}] = ${got[i]}, expected ${want[i]}`;
  return null;
}

export function shapeMismatch(got, want) {
  return JSON.stringify(got) === JSON.stringify(want)
    ? null
    : `shape ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

// { shape, data } (float) against an expected tensor, within TOLERANCE.
export function assertTensor(got, want, context) {
  const m = shapeMismatch(got.shape, want.shape) ?? floatMismatch(got.data, want.data);
  if (m) assert.fail(`${context}: ${m}`);
}
