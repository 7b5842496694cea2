// The committed reference fixtures (tests/js-fixtures/*.json, written by
// scripts/gen-family-fixtures.mjs from the plain reference) and the node:test registration that
// checks one API function against them: results within 1e-6 * max(1, |expected|), indices and
// pooling sequences exact. Each tests/js/<fn>.test.mjs calls fixtureTests(cd, '<fn>').
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { floatMismatch, intMismatch, shapeMismatch } from './checks.mjs';

export const FIXTURE_FILES = ['variants', 'fractional', 'pool-nd', 'grads', 'layout'];

// JSON has no NaN or infinities: the fixtures write them as strings.
const SPECIAL = { NaN, Infinity, '-Infinity': -Infinity };
const revive = (_, v) => (typeof v === 'string' && v in SPECIAL ? SPECIAL[v] : v);

const cache = new Map();
export function readFixtures(name) {
  if (!cache.has(name)) {
    cache.set(name, JSON.parse(readFileSync(new URL(`../js-fixtures/${name}.json`, import.meta.url), 'utf8'), revive));
  }
  return cache.get(name);
}

// Every function some fixture calls.
export function fixtureFunctions() {
  const fns = new Set();
  for (const file of FIXTURE_FILES) for (const c of readFixtures(file).cases) fns.add(c.fn);
  return fns;
}

function materialise(arg, inputs) {
  if (arg && typeof arg.tensor === 'string') {
    const t = inputs[arg.tensor];
    return { shape: t.shape.slice(), data: Float32Array.from(t.data) };
  }
  if (arg && typeof arg.int32 === 'string') {
    const t = inputs[arg.int32];
    return { shape: t.shape.slice(), data: Int32Array.from(t.data) };
  }
  return arg;
}

// The first disagreement between a result and the expected value, or null.
function mismatch(got, want) {
  if (want.int32) return shapeMismatch(got.shape, want.int32.shape) ?? intMismatch(got.data, want.int32.data);
  if (Array.isArray(want.data)) {
    if (!got || !(got.data instanceof Float32Array)) return `expected a tensor, got ${typeof got}`;
    return shapeMismatch(got.shape, want.shape) ?? floatMismatch(got.data, want.data);
  }
  if (Array.isArray(want)) return intMismatch(got, want);
  for (const key of Object.keys(want)) {
    const m = mismatch(got[key], want[key]);
    if (m) return `${key}: ${m}`;
  }
  return null;
}

// One test per fixture file that holds cases of `fn`: `<fn>: N reference fixtures (<file>.json)`.
export function fixtureTests(cd, fn) {
  for (const file of FIXTURE_FILES) {
    const { inputs, cases } = readFixtures(file);
    const list = [...cases.entries()].filter(([, c]) => c.fn === fn);
    if (list.length === 0) continue;
    test(`${fn}: ${list.length} reference fixtures (${file}.json)`, () => {
      const failures = [];
      for (const [i, c] of list) {
        const args = c.args.map((a) => materialise(a, inputs));
        let got;
        try {
          got = cd[fn](...args);
        } catch (error) {
          failures.push(`case ${i} ${JSON.stringify(c.args.at(-1))}: threw ${error.message}`);
          continue;
        }
        const m = mismatch(got, c.expected);
        if (m) failures.push(`case ${i} ${JSON.stringify(c.args.at(-1))}: ${m}`);
      }
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${list.length} cases disagree`);
    });
  }
}
