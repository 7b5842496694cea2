// Strict options: every function that takes an
// options object refuses an unknown key with a TypeError whose message is exactly
//   <fn>: unknown option '<key>' (did you mean '<suggestion>'?)     or
//   <fn>: unknown option '<key>' (valid options: <a>, <b>, ...)
// Suggestions: other frameworks' synonyms first, then a case-insensitive equal key, then the
// closest key within edit distance 2. Nested options report their path ('pool.kernelSize').
// These tests fail until bindings/ implements the contract. Every public function of the API
// object must have a row in tests/js-helpers/api-table.mjs (enumerated at run time).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild, SIMD } from '../js-helpers/load.mjs';
import { OPS, REQUIRED, RUNTIME, presentOps, uncovered } from '../js-helpers/api-table.mjs';
import { loadCondense } from '../../bindings/node.mjs';

const cd = await loadBuild();

// Results compared plainly (resident results read out).
function plainResult(r) {
  if (r && r.resident) return r.read();
  if (r && typeof r === 'object' && !ArrayBuffer.isView(r)) {
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v && v.resident ? v.read() : v]));
  }
  return r;
}

// The exact TypeError, then the same call with valid options still gives the baseline.
function assertUnknown(fn, call, options, message, baseline, again) {
  assert.throws(
    () => call(options),
    (e) => {
      assert.ok(e instanceof TypeError, `${fn} ${Object.keys(options)}: ${e.constructor.name} ${e.message}`);
      if (message instanceof RegExp) assert.match(e.message, message);
      else assert.equal(e.message, message);
      return true;
    },
  );
  assert.deepEqual(plainResult(again()), baseline, `${fn}: the instance keeps working after the error`);
}

const NONSENSE = 'zzzqqqxx';
const VALID_LIST = (fn, key) =>
  new RegExp(`^${fn}: unknown option '${key.replace('.', '\\.')}' \\(valid options: (.+)\\)$`);

// Synonyms of other frameworks -> the option they mean, applied where that option
// exists.
const SYNONYMS = {
  poolSize: ['kernelSize', 'kernel_size', 'ksize', 'pool_size', 'window', 'windowSize'],
  strides: ['stride'],
  dilations: ['dilation', 'dilation_rate'],
  ceilMode: ['ceil_mode'],
  countIncludePad: ['count_include_pad'],
  layout: ['data_format'],
};

test('strict options: every public function of the API object has a row in the coverage table', () => {
  assert.deepEqual(uncovered(cd), [], 'functions with no row in tests/js-helpers/api-table.mjs: add one');
  const missing = REQUIRED.filter((fn) => fn !== 'outputShape' && typeof cd[fn] !== 'function');
  assert.deepEqual(missing, [], 'rows whose function the API lost');
  // The new ops are required as soon as the API has them: they have rows, so they are tested.
  for (const fn of ['prelu', 'preluGrad', 'batchNorm']) assert.ok(fn in OPS, fn);
  assert.deepEqual(Object.keys(RUNTIME).sort(), [
    'dispose',
    'memory',
    'outputShape',
    'releaseMemory',
    'reshape',
    'tidy',
    'upload',
  ]);
});

for (const [fn, row] of presentOps(cd)) {
  test(`strict options: ${fn}: an unknown key is a TypeError naming it (valid list, case, typo, synonyms, undefined value); the instance keeps working`, () => {
    const call = (o) => row.call(cd, row.inputs(), o);
    const again = () => call(row.options);
    const baseline = plainResult(again());
    // No suggestion: the valid options are listed, and include the documented ones.
    let listed;
    assert.throws(
      () => call({ ...row.options, [NONSENSE]: 1 }),
      (e) => {
        assert.ok(e instanceof TypeError, `${e.constructor.name}: ${e.message}`);
        const m = VALID_LIST(fn, NONSENSE).exec(e.message);
        assert.ok(m, `message: ${e.message}`);
        listed = m[1].split(', ');
        return true;
      },
    );
    for (const key of row.keys)
      assert.ok(listed.includes(key), `${fn}: '${key}' missing from the valid options [${listed}]`);
    assert.deepEqual(plainResult(again()), baseline, `${fn}: the instance keeps working after the error`);
    // A key whose value is undefined is still an unknown key.
    assertUnknown(fn, call, { ...row.options, [NONSENSE]: undefined }, VALID_LIST(fn, NONSENSE), baseline, again);
    const keys = row.keys.length ? row.keys : ['out'];
    // A case-insensitive match.
    const upper = keys[0].toUpperCase();
    assertUnknown(
      fn,
      call,
      { ...row.options, [upper]: 1 },
      `${fn}: unknown option '${upper}' (did you mean '${keys[0]}'?)`,
      baseline,
      again,
    );
    // A typo within edit distance 2 (one letter appended to the longest key).
    const longest = keys.reduce((a, b) => (b.length > a.length ? b : a));
    assertUnknown(
      fn,
      call,
      { ...row.options, [`${longest}q`]: 1 },
      `${fn}: unknown option '${longest}q' (did you mean '${longest}'?)`,
      baseline,
      again,
    );
    // Other frameworks' names, where the option they mean exists.
    for (const [target, names] of Object.entries(SYNONYMS)) {
      if (!row.keys.includes(target)) continue;
      for (const name of names) {
        assertUnknown(
          fn,
          call,
          { ...row.options, [name]: 1 },
          `${fn}: unknown option '${name}' (did you mean '${target}'?)`,
          baseline,
          again,
        );
      }
    }
  });
}

test("strict options: maxPool2d synonyms of the brief: kernelSize and poolsize -> 'poolSize', stride -> 'strides'", () => {
  const x = { shape: [1, 8, 8, 2], data: new Float32Array(128).fill(1) };
  const baseline = cd.maxPool2d(x, { poolSize: 4 });
  const again = () => cd.maxPool2d(x, { poolSize: 4 });
  const call = (o) => cd.maxPool2d(x, o);
  assertUnknown(
    'maxPool2d',
    call,
    { kernelSize: 4 },
    "maxPool2d: unknown option 'kernelSize' (did you mean 'poolSize'?)",
    baseline,
    again,
  );
  assertUnknown(
    'maxPool2d',
    call,
    { poolsize: 4 },
    "maxPool2d: unknown option 'poolsize' (did you mean 'poolSize'?)",
    baseline,
    again,
  );
  assertUnknown(
    'maxPool2d',
    call,
    { poolSize: 2, stride: 1 },
    "maxPool2d: unknown option 'stride' (did you mean 'strides'?)",
    baseline,
    again,
  );
  assertUnknown(
    'maxPool2d',
    call,
    { poolSize: 2, kernelSize: undefined },
    "maxPool2d: unknown option 'kernelSize' (did you mean 'poolSize'?)",
    baseline,
    again,
  );
});

test("strict options: pool() takes windowShape: kernelSize, window and windowSize -> 'windowShape'", () => {
  const row = OPS.pool;
  const call = (o) => row.call(cd, row.inputs(), o);
  const again = () => call(row.options);
  const baseline = again();
  for (const name of ['kernelSize', 'kernel_size', 'ksize', 'pool_size', 'window', 'windowSize']) {
    assertUnknown(
      'pool',
      call,
      { ...row.options, [name]: 2 },
      `pool: unknown option '${name}' (did you mean 'windowShape'?)`,
      baseline,
      again,
    );
  }
});

test("strict options: convPool2d's nested pool options report their path ('pool.kernelSize' -> 'pool.poolSize')", () => {
  const row = OPS.convPool2d;
  const call = (o) => row.call(cd, row.inputs(), o);
  const again = () => call(row.options);
  const baseline = again();
  const c = (message, pool) => assertUnknown('convPool2d', call, { padding: 'same', pool }, message, baseline, again);
  c("convPool2d: unknown option 'pool.kernelSize' (did you mean 'pool.poolSize'?)", { kernelSize: 2 });
  c("convPool2d: unknown option 'pool.poolsize' (did you mean 'pool.poolSize'?)", { poolsize: 2 });
  c("convPool2d: unknown option 'pool.stride' (did you mean 'pool.strides'?)", { poolSize: 2, stride: 1 });
  c("convPool2d: unknown option 'pool.count_include_pad' (did you mean 'pool.countIncludePad'?)", {
    poolSize: 2,
    type: 'avg',
    count_include_pad: true,
  });
  c("convPool2d: unknown option 'pool.kernelSize' (did you mean 'pool.poolSize'?)", {
    poolSize: 2,
    kernelSize: undefined,
  });
  assert.throws(
    () => call({ padding: 'same', pool: { poolSize: 2, [NONSENSE]: 1 } }),
    (e) => {
      assert.ok(e instanceof TypeError);
      const m = VALID_LIST('convPool2d', `pool.${NONSENSE}`).exec(e.message);
      assert.ok(m, `message: ${e.message}`);
      assert.match(m[1], /poolSize/);
      assert.match(m[1], /strides/);
      return true;
    },
  );
  assert.deepEqual(again(), baseline);
  // The top level of convPool2d has its own names.
  assertUnknown(
    'convPool2d',
    call,
    { ...row.options, stride: 1 },
    "convPool2d: unknown option 'stride' (did you mean 'strides'?)",
    baseline,
    again,
  );
  assertUnknown(
    'convPool2d',
    call,
    { ...row.options, dilation: 1 },
    "convPool2d: unknown option 'dilation' (did you mean 'dilations'?)",
    baseline,
    again,
  );
});

test("strict options: conv2d: stride -> 'strides', dilation / dilation_rate -> 'dilations', data_format -> 'layout'", () => {
  const row = OPS.conv2d;
  const call = (o) => row.call(cd, row.inputs(), o);
  const again = () => call(row.options);
  const baseline = again();
  for (const [name, target] of [
    ['stride', 'strides'],
    ['dilation', 'dilations'],
    ['dilation_rate', 'dilations'],
    ['data_format', 'layout'],
    ['Padding', 'padding'],
  ]) {
    assertUnknown(
      'conv2d',
      call,
      { ...row.options, [name]: 1 },
      `conv2d: unknown option '${name}' (did you mean '${target}'?)`,
      baseline,
      again,
    );
  }
});

test("strict options: avgPool2d: count_include_pad -> 'countIncludePad', ceil_mode -> 'ceilMode'", () => {
  const row = OPS.avgPool2d;
  const call = (o) => row.call(cd, row.inputs(), o);
  const again = () => call(row.options);
  const baseline = again();
  assertUnknown(
    'avgPool2d',
    call,
    { ...row.options, count_include_pad: true },
    "avgPool2d: unknown option 'count_include_pad' (did you mean 'countIncludePad'?)",
    baseline,
    again,
  );
  assertUnknown(
    'avgPool2d',
    call,
    { ...row.options, ceil_mode: true },
    "avgPool2d: unknown option 'ceil_mode' (did you mean 'ceilMode'?)",
    baseline,
    again,
  );
});

test('strict options: loadCondense refuses an unknown option (typo and case) and loads after it', async () => {
  await assert.rejects(loadCondense({ simd: SIMD, simdd: true }), (e) => {
    assert.ok(e instanceof TypeError, e.message);
    assert.equal(e.message, "loadCondense: unknown option 'simdd' (did you mean 'simd'?)");
    return true;
  });
  await assert.rejects(loadCondense({ simd: SIMD, wasmURL: 'x.wasm' }), (e) => {
    assert.ok(e instanceof TypeError, e.message);
    assert.equal(e.message, "loadCondense: unknown option 'wasmURL' (did you mean 'wasmUrl'?)");
    return true;
  });
  await assert.rejects(
    loadCondense({ simd: SIMD, [NONSENSE]: 1 }),
    (e) => e instanceof TypeError && VALID_LIST('loadCondense', NONSENSE).test(e.message),
  );
  const again = await loadCondense({ simd: SIMD, threads: false });
  assert.deepEqual(
    again.relu({ shape: [1, 1, 2, 1], data: Float32Array.from([-1, 2]) }).data,
    Float32Array.from([0, 2]),
  );
});
