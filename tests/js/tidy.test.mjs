// cd.tidy(fn): residents made inside fn are disposed except what fn returns; memory() counts the
// live residents; a one-time warning past loadCondense({ warnResidentBytes }); a soak of forgotten
// results inside tidy stays bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuild } from '../js-helpers/load.mjs';

const cd = await loadBuild();
const t = (shape, fill = 1) => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 7) - 3 + fill),
});
const live = () => cd.memory().residentTensors;

test('tidy: disposes what fn made, keeps what it returns (a resident, arrays and objects of them)', () => {
  const before = cd.memory();
  const x = cd.upload(t([1, 4, 4, 2]));
  const kept = cd.tidy(() => {
    const a = cd.relu(x);
    const b = cd.maxPool2d(a, { poolSize: 2 });
    cd.relu6(b); // forgotten
    return b;
  });
  assert.equal(live(), before.residentTensors + 2, 'x and the returned result stay');
  assert.deepEqual(kept.read().shape, [1, 2, 2, 2]);
  assert.doesNotThrow(() => x.read(), 'a resident made before tidy is not touched');

  const { pair, nested } = cd.tidy(() => {
    const p = [cd.relu(x), cd.relu6(x)];
    cd.clamp(x, { min: 0, max: 1 });
    return { pair: p, nested: { deep: [[cd.leakyRelu(x)]] }, other: 5 };
  });
  assert.equal(live(), before.residentTensors + 5);
  for (const r of [...pair, nested.deep[0][0]]) assert.equal(r.read().shape.length, 4);
  for (const r of [x, kept, ...pair, nested.deep[0][0]]) r.dispose();
  assert.equal(live(), before.residentTensors);
  assert.equal(cd.memory().residentBytes, before.residentBytes);
});

test('tidy: nested scopes hand returned residents to the enclosing scope', () => {
  const before = live();
  const x = cd.upload(t([8]));
  let inner;
  const outer = cd.tidy(() => {
    inner = cd.tidy(() => {
      cd.relu(x);
      return cd.relu6(x);
    });
    assert.equal(live(), before + 2, 'inner kept its result only');
    cd.relu(inner);
    return 'no tensor';
  });
  assert.equal(outer, 'no tensor');
  assert.throws(() => inner.read(), /disposed/, 'the outer scope disposed what the inner one returned');
  assert.equal(live(), before + 1);
  x.dispose();
});

test('tidy: on a throw, everything made inside is disposed and the error propagates', () => {
  const before = live();
  const x = cd.upload(t([1, 3, 3, 1]));
  assert.throws(
    () =>
      cd.tidy(() => {
        cd.relu(x);
        cd.maxPool2d(x, { poolSize: 9 }); // larger than the input
      }),
    RangeError,
  );
  assert.equal(live(), before + 1);
  x.dispose();
});

test('tidy: refuses an async fn (a returned Promise) after disposing what it made', async () => {
  const before = live();
  const x = cd.upload(t([4]));
  assert.throws(
    () =>
      cd.tidy(async () => {
        cd.relu(x);
      }),
    (e) => e instanceof TypeError && /^tidy: fn returned a Promise/.test(e.message),
  );
  assert.equal(live(), before + 1);
  assert.throws(
    () => cd.tidy('relu'),
    (e) => e instanceof TypeError && /^tidy: fn must be a function/.test(e.message),
  );
  x.dispose();
});

test('tidy soak: 10,000 forgotten relu(upload(x)) results stay bounded (heap and residents)', () => {
  const x = t([1, 64, 64, 8]);
  const heapBefore = cd.memory().heapBytes;
  const residentsBefore = live();
  let peak = 0;
  for (let i = 0; i < 10_000; i++) {
    cd.tidy(() => {
      cd.relu(cd.upload(x));
    });
    peak = Math.max(peak, live() - residentsBefore);
  }
  assert.equal(live(), residentsBefore, 'no resident left');
  assert.equal(peak, 0);
  // 10,000 x 2 x 128 KB would be 2.6 GB; the heap may grow by a few buffers at most.
  assert.ok(cd.memory().heapBytes - heapBefore <= 4 * 1024 * 1024, `heap grew to ${cd.memory().heapBytes}`);
});

test('memory() counts live residents; one warning past warnResidentBytes', async () => {
  const small = await loadBuild({ warnResidentBytes: 1000 });
  const warnings = [];
  const original = console.warn;
  console.warn = (message) => warnings.push(String(message));
  try {
    const kept = [];
    for (let i = 0; i < 5; i++) kept.push(small.relu(small.upload(t([100]))));
    assert.deepEqual(small.memory().residentTensors, 10);
    assert.equal(small.memory().residentBytes, 10 * 400);
    assert.equal(warnings.length, 1, 'warned once');
    assert.match(warnings[0], /resident tensors hold \d+ bytes/);
    assert.match(warnings[0], /cd\.tidy/);
    assert.match(warnings[0], /warnResidentBytes/);
  } finally {
    console.warn = original;
  }
  await assert.rejects(loadBuild({ warnResidentBytes: -1 }), /^TypeError: loadCondense: warnResidentBytes/);
  const quiet = await loadBuild({ warnResidentBytes: Infinity });
  console.warn = (message) => warnings.push(String(message));
  try {
    quiet.upload(t([100_000]));
  } finally {
    console.warn = original;
  }
  assert.equal(warnings.length, 1, 'Infinity: never warns');
});
