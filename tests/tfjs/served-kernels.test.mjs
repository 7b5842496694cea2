// The 'condense' backend serves its kernels with condense's ops: every kernel in
// condenseKernelNames is reached by a case, runs condense's op (the backend's counters), and
// agrees with tfjs-backend-cpu. Calls condense does not cover go to the inherited kernel.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { availableParallelism } from 'node:os';
import { THREADED, loadOptions, loadTf } from '../tfjs-helpers/bundle.mjs';
import { cases, data } from '../tfjs-helpers/cases.mjs';

let tf, condenseKernelNames, CondenseBackend, register, condense;

before(async () => {
  ({ tf, condenseKernelNames, CondenseBackend, registerCondenseBackend: register } = await loadTf());
  condense = await register(loadOptions());
  tf.findBackend('cpu').firstUse = false; // the reference backend: no advice to install tfjs-node
});

// Runs fn on a backend; returns the outputs' values and shapes.
async function on(backendName, fn) {
  await tf.setBackend(backendName);
  const outputs = [fn()].flat();
  const values = await Promise.all(
    outputs.map(async (y) => ({ shape: y.shape, dtype: y.dtype, data: await y.data() })),
  );
  tf.dispose(outputs);
  return values;
}

function assertClose(actual, expected, what) {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) => {
    const e = expected[i];
    assert.deepEqual(a.shape, e.shape, `${what}: output ${i} shape`);
    assert.equal(a.dtype, e.dtype, `${what}: output ${i} dtype`);
    for (let j = 0; j < a.data.length; j++) {
      const tol = 1e-5 * (1 + Math.abs(e.data[j]));
      if (!(Math.abs(a.data[j] - e.data[j]) <= tol))
        assert.fail(`${what}: output ${i}[${j}] = ${a.data[j]}, tfjs-backend-cpu: ${e.data[j]}`);
    }
  });
}

test('registration: the build under test, idempotent, a CondenseBackend, every cpu kernel registered', async () => {
  const simd = process.env.CONDENSE_SIMD !== 'false';
  const threaded = THREADED && simd && availableParallelism() >= 2;
  assert.equal(condense.backend, threaded ? 'wasm-simd-threads' : simd ? 'wasm-simd' : 'wasm-scalar');
  assert.equal(condense.threads > 1, threaded, `threads: ${condense.threads}`);
  assert.equal(await register(loadOptions()), condense, 'a second call returns the first instance');
  assert.equal(await register(), condense);
  const other = condense.backend === 'wasm-scalar';
  await assert.rejects(
    register({ simd: other }),
    /already registered with the wasm-(simd-threads|simd|scalar) build; simd: (true|false) cannot/,
  );
  tf.removeBackend('condense');
  assert.equal(tf.findBackend('condense'), null);
  assert.equal(await register(), condense, 'registers the backend again after tf.removeBackend');
  await tf.setBackend('condense');
  assert.equal(tf.getBackend(), 'condense');
  assert.ok(tf.backend() instanceof CondenseBackend);
  assert.equal(tf.backend().condense, condense);
  const names = (backend) => new Set(tf.getKernelsForBackend(backend).map((k) => k.kernelName));
  const cpu = names('cpu');
  const ours = names('condense');
  for (const name of cpu) assert.ok(ours.has(name), `kernel ${name} is not registered for 'condense'`);
  for (const name of condenseKernelNames) {
    assert.ok(cpu.has(name), `${name} is a tfjs-backend-cpu kernel`);
    assert.notEqual(tf.getKernel(name, 'condense').kernelFunc, tf.getKernel(name, 'cpu').kernelFunc, name);
  }
});

test('every served kernel runs condense and agrees with tfjs-backend-cpu', async (t) => {
  const reached = new Set();
  for (const c of cases(tf)) {
    await t.test(c.name, async () => {
      await tf.setBackend('condense');
      tf.backend().resetKernelCounts();
      const actual = await on('condense', c.run);
      await tf.setBackend('condense');
      const { served, fast, inherited } = tf.backend().kernelCounts();
      // c.fast: kernels the backend serves on its own typed-array loop (no condense op).
      const ran = c.fast ? fast : served;
      for (const name of c.kernels) {
        assert.ok(ran[name] > 0, `${name} was not served (${JSON.stringify({ served, fast })})`);
        assert.equal(inherited[name], undefined, `${name} went to the inherited kernel`);
        reached.add(name);
      }
      assertClose(actual, await on('cpu', c.run), c.name);
    });
  }
  assert.deepEqual([...reached].sort(), [...condenseKernelNames].sort(), 'a case for every served kernel');
});

test("a fused leakyrelu without leakyreluAlpha uses tf.leakyRelu's default 0.2", async () => {
  await tf.setBackend('condense');
  const x = tf.tensor(data(2 * 5 * 5 * 2, 50), [2, 5, 5, 2]);
  const filter = tf.tensor(data(3 * 3 * 2 * 3, 51), [3, 3, 2, 3]);
  const fused = tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', activation: 'leakyrelu' });
  const separate = tf.leakyRelu(tf.conv2d(x, filter, 1, 'same'), 0.2);
  assert.deepEqual(Array.from(await fused.data()), Array.from(await separate.data()));
  assert.ok((await fused.data()).some((v) => v < 0));
  tf.dispose([x, filter, fused, separate]);
});

test('a chain of condense kernels keeps its data in wasm memory until JS reads it', async () => {
  await tf.setBackend('condense');
  const backend = tf.backend();
  const x = tf.tensor(data(2 * 8 * 8 * 3, 60), [2, 8, 8, 3]);
  const filter = tf.tensor(data(3 * 3 * 3 * 4, 61), [3, 3, 3, 4]);
  const y = tf.conv2d(x, filter, 1, 'same');
  const z = tf.maxPool(tf.relu(y), 2, 2, 'valid');
  for (const t of [y, z]) {
    const entry = backend.data.get(t.dataId);
    assert.ok(entry.resident?.resident, 'the result is resident');
    assert.equal(entry.cached, undefined, 'not copied out');
  }
  const before = condense.memory().residentBytes;
  const expected = await (async () => {
    backend.residentResults = false;
    try {
      const plain = tf.maxPool(tf.relu(tf.conv2d(x, filter, 1, 'same')), 2, 2, 'valid');
      assert.equal(backend.data.get(plain.dataId).resident, undefined, 'residentResults false: a JS array');
      const values = await plain.data();
      plain.dispose();
      return values;
    } finally {
      backend.residentResults = true;
    }
  })();
  assert.deepEqual(await z.data(), expected);
  assert.ok(backend.data.get(z.dataId).cached instanceof Float32Array, 'read once, then cached');
  tf.dispose([x, filter, y, z]);
  assert.ok(condense.memory().residentBytes < before, 'disposing frees the resident data');
});
