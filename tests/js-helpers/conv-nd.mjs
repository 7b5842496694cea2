// Shared by tests/js/conv1d.test.mjs and conv3d.test.mjs: random cases over strides, dilations,
// every padding form, bias, activation, both layouts and both filter layouts, checked against
// the plain reference (tests/js-helpers/reference/conv-nd.mjs), and the worst error seen.
import assert from 'node:assert/strict';
import * as R from './reference/conv-nd.mjs';

export function rand(shape, seed, lo = -1, hi = 1) {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return { shape, data };
}

export const f32 = (t) => ({ shape: t.shape.slice(), data: Float32Array.from(t.data) });

// |got - want| <= 1e-5 * sqrt(terms) * max(1, |want|); returns the worst absolute error.
export function close(got, want, terms, context) {
  assert.deepEqual(got.shape, want.shape, `${context}: shape`);
  let worst = 0;
  for (let i = 0; i < want.data.length; i++) {
    const err = Math.abs(got.data[i] - want.data[i]);
    worst = Math.max(worst, err);
    if (!(err <= 1e-5 * Math.sqrt(terms) * Math.max(1, Math.abs(want.data[i])))) {
      assert.fail(`${context}: [${i}] = ${got.data[i]}, reference ${want.data[i]}`);
    }
  }
  return worst;
}

// A random case of spatial rank r: channels-last x and [...kernel, in, out] filter, options.
export function randomCase(r, seed) {
  let s = seed >>> 0;
  const next = (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
  const pick = (list) => list[next(list.length)];
  const kernel = Array.from({ length: r }, () => 1 + next(3));
  const strides = Array.from({ length: r }, () => 1 + next(2));
  const dilations = Array.from({ length: r }, () => 1 + next(2));
  const spatial = kernel.map((k, i) => (k - 1) * dilations[i] + 1 + next(r === 1 ? 9 : 4));
  const ci = pick([1, 2, 3, 5, 9]);
  const co = pick([1, 4, 3, 8, 6]);
  const n = 1 + next(2);
  const form = next(5);
  const padding =
    form === 0
      ? 'valid'
      : form === 1
        ? 'same'
        : form === 2
          ? 'same_lower'
          : form === 3
            ? next(3)
            : kernel.map(() => [next(3), next(3)]);
  const options = { strides, dilations, padding };
  if (next(2)) options.bias = Array.from({ length: co }, (_, i) => (i % 3) - 0.75);
  options.activation = pick(['linear', 'relu', 'relu6', undefined]);
  if (options.activation === undefined) delete options.activation;
  const x = rand([n, ...spatial, ci], seed * 7 + 1, -4, 4);
  const filter = rand([...kernel, ci, co], seed * 7 + 2);
  return { x, filter, options, terms: kernel.reduce((a, b) => a * b, 1) * ci, channelsFirst: next(2) === 1 };
}

export const gradOptions = (o) => {
  const { bias, activation, ...rest } = o;
  void bias;
  void activation;
  return rest;
};

export { R };
