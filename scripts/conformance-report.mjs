// Per-op conformance numbers for issue 11's new and changed ops: for each op, how many committed
// JSON fixtures (tests/js-fixtures/*.json) and how many seeded random requests were compared with
// the independent plain references (tests/js-helpers/reference/*.mjs, written from the frameworks'
// documentation, nothing from src/ or bindings/), and the worst error on each build.
//
//   node scripts/conformance-report.mjs            (markdown table on stdout)
//   node scripts/conformance-report.mjs --json     (the same numbers as JSON)
//
// Errors: |Δ| = |condense − reference| (the reference in double where it computes in double, in
// float32 steps where the op is defined that way), and the relative figure |Δ| / max(1, |ref|),
// the measure the fixtures' tolerance uses. A NaN where the reference has a number (or the
// reverse) counts as an infinite error; a thrown error on a request the reference accepts too.
import { readFileSync } from 'node:fs';
import { loadCondense } from '../bindings/node.mjs';
import * as ref from '../tests/js-helpers/reference.mjs';
import * as R from '../tests/js-helpers/reference/conv-nd.mjs';
import { conv2dTranspose as transposeRef } from '../tests/js-helpers/reference/conv-transpose.mjs';
import { randomCase, gradOptions, rand } from '../tests/js-helpers/conv-nd.mjs';
import { randomTensor, rng } from '../tests/js-helpers/random.mjs';
import { plain } from '../tests/js-helpers/family.mjs';

const FIXTURE_FILES = ['variants', 'fractional', 'pool-nd', 'grads', 'layout'];
const SPECIAL = { NaN, Infinity, '-Infinity': -Infinity };
const revive = (_, v) => (typeof v === 'string' && v in SPECIAL ? SPECIAL[v] : v);
const fixtures = Object.fromEntries(
  FIXTURE_FILES.map((f) => [
    f,
    JSON.parse(readFileSync(new URL(`../tests/js-fixtures/${f}.json`, import.meta.url), 'utf8'), revive),
  ]),
);

// The ops of issue 11: new ops, and the ops whose semantics it changed (ceilMode, tf.nn.pool with
// dilations, clamp with min > max, leakyRelu's negative alpha, the torch argmax NaN rule).
const OPS = [
  'conv1d',
  'conv1dGradInput',
  'conv1dGradFilter',
  'conv3d',
  'conv3dGradInput',
  'conv3dGradFilter',
  'conv2d (groups, padMode)',
  'conv2dGradInput (groups)',
  'conv2dGradFilter (groups)',
  'depthwiseConv2dGradInput',
  'depthwiseConv2dGradFilter',
  'conv2dTranspose',
  'matMul',
  'dense',
  'relu6Grad',
  'clampGrad',
  'leakyReluGrad',
  'preluGrad',
  'maxPool1dGrad',
  'avgPool1dGrad',
  'maxPool3dGrad',
  'avgPool3dGrad',
  'maxPool2d',
  'avgPool2d',
  'maxPool1d',
  'avgPool1d',
  'maxPool3d',
  'avgPool3d',
  'maxPool2dWithArgmax',
  'maxPool2dGrad',
  'avgPool2dGrad',
  'clamp',
  'leakyRelu',
];
const baseName = (op) => op.split(' ')[0];

class Tally {
  constructor() {
    this.fixtures = 0;
    this.random = 0;
    this.maxAbs = 0;
    this.maxRel = 0;
    this.failures = [];
  }

  add(got, want, kind, context) {
    if (kind === 'fixture') this.fixtures++;
    else this.random++;
    if (got instanceof Error) {
      this.maxAbs = Infinity;
      this.maxRel = Infinity;
      this.failures.push(`${context}: threw ${got.message}`);
      return;
    }
    const g = got.data ?? got;
    const w = want.data ?? want;
    if (g.length !== w.length) {
      this.maxAbs = Infinity;
      this.maxRel = Infinity;
      this.failures.push(`${context}: length ${g.length} vs ${w.length}`);
      return;
    }
    for (let i = 0; i < w.length; i++) {
      const a = Number(g[i]);
      const b = Number(w[i]);
      let d;
      if (Number.isNaN(a) || Number.isNaN(b)) d = Number.isNaN(a) === Number.isNaN(b) ? 0 : Infinity;
      else if (!Number.isFinite(b) || !Number.isFinite(a)) d = a === b ? 0 : Infinity;
      else d = Math.abs(a - b);
      if (d > this.maxAbs) this.maxAbs = d;
      const rel = Number.isFinite(b) ? d / Math.max(1, Math.abs(b)) : d;
      if (rel > this.maxRel) this.maxRel = rel;
    }
  }
}

const attempt = (f) => {
  try {
    return f();
  } catch (e) {
    return e;
  }
};

// ---- the JSON fixtures of the listed ops -------------------------------------------------------

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

function floatParts(got, want, out = []) {
  if (want && Array.isArray(want.data)) out.push([got?.data ?? [], want.data]);
  else if (want && want.int32) out.push([got?.data ?? [], want.int32.data]);
  else if (Array.isArray(want)) out.push([got ?? [], want]);
  else if (want && typeof want === 'object') for (const k of Object.keys(want)) floatParts(got?.[k], want[k], out);
  return out;
}

function runFixtures(cd, tallies) {
  for (const file of FIXTURE_FILES) {
    const { inputs, cases } = fixtures[file];
    cases.forEach((c, i) => {
      const op = OPS.find((o) => baseName(o) === c.fn);
      if (!op) return;
      const args = c.args.map((a) => materialise(a, inputs));
      if (/^max/.test(c.fn) && args.at(-1) && typeof args.at(-1) === 'object' && !('shape' in args.at(-1))) {
        const { countIncludePad, divisorOverride, ...rest } = args.at(-1);
        (void countIncludePad, void divisorOverride);
        args[args.length - 1] = rest;
      }
      const got = attempt(() => cd[c.fn](...args));
      const context = `${file}.json case ${i}`;
      if (got instanceof Error) {
        tallies[op].add(got, null, 'fixture', context);
        return;
      }
      const parts = floatParts(got, c.expected);
      const g = parts.flatMap(([a]) => Array.from(a));
      const w = parts.flatMap(([, b]) => Array.from(b));
      tallies[op].add(g, w, 'fixture', context);
    });
  }
}

// ---- seeded random requests against the plain references --------------------------------------

function convNdCases(cd, tallies, r, name) {
  for (let seed = 1; seed <= 40; seed++) {
    const { x, filter, options } = randomCase(r, seed);
    const want = R.convNd(x, filter, options);
    tallies[name].add(
      attempt(() => cd[name](x, filter, options)),
      want,
      'random',
      `${name} seed ${seed}`,
    );
    const o = gradOptions(options);
    const y = R.convNd(x, filter, o);
    const dy = rand(y.shape, seed + 9100);
    tallies[`${name}GradInput`].add(
      attempt(() => cd[`${name}GradInput`](dy, filter, { ...o, inputShape: x.shape })),
      R.convNdGradInput(dy, filter, x.shape, o),
      'random',
      `${name}GradInput seed ${seed}`,
    );
    tallies[`${name}GradFilter`].add(
      attempt(() => cd[`${name}GradFilter`](x, dy, { ...o, filterShape: filter.shape })),
      R.convNdGradFilter(x, dy, filter.shape, o),
      'random',
      `${name}GradFilter seed ${seed}`,
    );
  }
}

function groupedCases(cd, tallies) {
  const r = rng(11);
  const modes = ['zeros', 'reflect', 'replicate', 'circular'];
  for (let i = 0; i < 80; i++) {
    const groups = [1, 2, 3, 4][i % 4];
    const cg = 1 + (i % 3);
    const og = 1 + ((i >> 1) % 3);
    const h = 3 + (i % 5);
    const w = 3 + ((i >> 2) % 5);
    const k = 1 + (i % 3);
    const padMode = modes[(i >> 2) % 4];
    const maxPad = padMode === 'reflect' ? Math.min(h, w) - 1 : 2;
    const o = {
      groups,
      padMode,
      padding: [Math.min(maxPad, i % 3), Math.min(maxPad, (i >> 1) % 3)],
      strides: 1 + (i % 2),
      dilations: i % 7 === 0 ? 2 : 1,
      activation: i % 4 === 0 ? 'relu' : 'linear',
    };
    const x = randomTensor(r, [1 + (i % 2), h, w, groups * cg]);
    const f = randomTensor(r, [k, k, cg, groups * og]);
    const want = ref.groupedConv2d(plain(x), plain(f), o);
    if (!want) continue;
    tallies['conv2d (groups, padMode)'].add(
      attempt(() => cd.conv2d(x, f, o)),
      want,
      'random',
      `conv2d ${i}`,
    );
    // Gradients: zero padding only.
    const og2 = { groups, padding: o.padding, strides: o.strides, dilations: o.dilations };
    const y = ref.groupedConv2d(plain(x), plain(f), og2);
    if (!y) continue;
    const dy = randomTensor(r, y.shape);
    tallies['conv2dGradInput (groups)'].add(
      attempt(() => cd.conv2dGradInput(dy, f, { ...og2, inputShape: x.shape })),
      ref.groupedConv2dGradInput(plain(dy), plain(f), x.shape, og2),
      'random',
      `conv2dGradInput ${i}`,
    );
    tallies['conv2dGradFilter (groups)'].add(
      attempt(() => cd.conv2dGradFilter(x, dy, { ...og2, filterShape: f.shape })),
      ref.groupedConv2dGradFilter(plain(x), plain(dy), f.shape, og2),
      'random',
      `conv2dGradFilter ${i}`,
    );
    // Depthwise: channels C = groups * cg, multiplier og.
    const fd = randomTensor(r, [k, k, groups * cg, og]);
    const od = { padding: o.padding, strides: o.strides, dilations: o.dilations };
    const yd = ref.depthwiseConv2dPadded(plain(x), plain(fd), od);
    if (!yd) continue;
    const dyd = randomTensor(r, yd.shape);
    tallies.depthwiseConv2dGradInput.add(
      attempt(() => cd.depthwiseConv2dGradInput(dyd, fd, { ...od, inputShape: x.shape })),
      ref.depthwiseConv2dGradInput(plain(dyd), plain(fd), x.shape, od),
      'random',
      `depthwiseConv2dGradInput ${i}`,
    );
    tallies.depthwiseConv2dGradFilter.add(
      attempt(() => cd.depthwiseConv2dGradFilter(x, dyd, { ...od, filterShape: fd.shape })),
      ref.depthwiseConv2dGradFilter(plain(x), plain(dyd), fd.shape, od),
      'random',
      `depthwiseConv2dGradFilter ${i}`,
    );
  }
}

function transposeCases(cd, tallies) {
  const r = rng(2026);
  for (let i = 0; i < 120; i++) {
    const groups = [1, 1, 2, 3][i % 4];
    const k = 1 + (i % 3);
    const s = 1 + ((i >> 1) % 3);
    const d = i % 5 === 0 ? 2 : 1;
    const inC = groups * (1 + (i % 2));
    const outG = 1 + ((i >> 2) % 3);
    const x = randomTensor(r, [1 + (i % 2), 2 + (i % 4), 2 + ((i >> 1) % 4), inC]);
    const filter = randomTensor(r, [k, k, outG, inC]);
    const o = { strides: s, dilations: d, groups, padding: ['valid', 'same'][i % 2] };
    if (i % 3 === 0) o.bias = Array.from({ length: outG * groups }, (_, j) => j / 4 - 0.5);
    if (i % 6 === 1 && s > 1) o.outputPadding = s - 1;
    const want = transposeRef(x, filter, o);
    if (!want) continue;
    tallies.conv2dTranspose.add(
      attempt(() => cd.conv2dTranspose(x, filter, o)),
      want,
      'random',
      `transpose ${i}`,
    );
  }
}

function matMulCases(cd, tallies) {
  const r = rng(7);
  for (let i = 0; i < 80; i++) {
    const [m, k, n] = [1 + (i % 9), 1 + ((i * 5) % 37), 1 + ((i * 3) % 17)];
    const tA = i % 2 === 1;
    const tB = (i >> 1) % 2 === 1;
    const batch = i % 5 === 0 ? 3 : 0;
    const a = randomTensor(r, batch ? [batch, ...(tA ? [k, m] : [m, k])] : tA ? [k, m] : [m, k]);
    const b = randomTensor(r, i % 3 === 0 && batch ? [1, ...(tB ? [n, k] : [k, n])] : tB ? [n, k] : [k, n]);
    const o = { transposeA: tA, transposeB: tB };
    if (i % 4 === 0) o.bias = Array.from({ length: n }, (_, j) => j / 8 - 0.5);
    if (i % 3 === 1) o.activation = 'relu';
    tallies.matMul.add(
      attempt(() => cd.matMul(a, b, o)),
      ref.matMul(a, b, o),
      'random',
      `matMul ${i}`,
    );
    const x = randomTensor(r, [1 + (i % 3), 1 + (i % 4), k]);
    const kernel = randomTensor(r, tB ? [n, k] : [k, n]);
    const od = { transposeB: tB, ...(o.bias ? { bias: o.bias } : {}), ...(o.activation ? { activation: 'relu' } : {}) };
    tallies.dense.add(
      attempt(() => cd.dense(x, kernel, od)),
      ref.dense(x, kernel, od),
      'random',
      `dense ${i}`,
    );
  }
}

function elementwiseGradCases(cd, tallies) {
  const r = rng(5);
  const specials = [0, -0, 6, NaN, Infinity, -Infinity, 1e-45, -1e-45, 5.999999, 1, -1];
  for (let i = 0; i < 40; i++) {
    const n = 1 + ((i * 13) % 200);
    const x = randomTensor(r, [n], -8, 8);
    x.data.set(specials.slice(0, Math.min(n, specials.length)));
    const dy = randomTensor(r, [n], -4, 4);
    tallies.relu6Grad.add(
      attempt(() => cd.relu6Grad(dy, x)),
      ref.relu6Grad(dy, x),
      'random',
      `relu6Grad ${i}`,
    );
    const [min, max] = [
      [-1, 2],
      [0, 6],
      [3, 1],
      [-Infinity, 0.5],
    ][i % 4];
    tallies.clampGrad.add(
      attempt(() => cd.clampGrad(dy, x, { min, max })),
      ref.clampGrad(dy, x, min, max),
      'random',
      `clampGrad ${i}`,
    );
    const alpha = [0.2, -0.5, 0, 3][i % 4];
    tallies.leakyReluGrad.add(
      attempt(() => cd.leakyReluGrad(dy, x, { alpha })),
      ref.leakyReluGrad(dy, x, alpha),
      'random',
      `leakyReluGrad ${i}`,
    );
    const c = 1 + (i % 5);
    const xs = randomTensor(r, [1 + (i % 2), 3, c], -2, 2);
    const dys = randomTensor(r, xs.shape);
    const alphaC = Float32Array.from({ length: c }, (_, j) => j / 4 - 0.3);
    const want = ref.preluGrad(dys, xs, alphaC, 'NHWC');
    const got = attempt(() => cd.preluGrad(dys, xs, alphaC));
    tallies.preluGrad.add(
      got instanceof Error ? got : [...got.dx.data, ...got.dalpha.data],
      [...want.dx.data, ...want.dalpha.data],
      'random',
      `preluGrad ${i}`,
    );
  }
}

// The semantic fixes: ceilMode windows longer than the input, clamp with min > max, leakyRelu
// with a negative alpha (the NaN / signed-zero cases included).
function fixedSemanticsCases(cd, tallies) {
  const r = rng(3);
  for (let i = 0; i < 60; i++) {
    const x = randomTensor(r, [1 + (i % 2), 1 + (i % 4), 1 + ((i >> 2) % 4), 1 + (i % 3)]);
    const k = 2 + (i % 3);
    const o = { poolSize: k, strides: 1 + (i % k), padding: i % 2 ? 0 : Math.min(1, k >> 1), ceilMode: true };
    for (const type of ['max', 'avg']) {
      const want = attempt(() =>
        ref.pool2d(plain(x), { type, window: k, strides: o.strides, padding: o.padding, ceilMode: true }),
      );
      if (want instanceof Error || !want) continue;
      tallies[`${type}Pool2d`].add(
        attempt(() => cd[`${type}Pool2d`](x, o)),
        want,
        'random',
        `${type}Pool2d ceil ${i}`,
      );
    }
  }
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 2, -2, 0.5];
  for (let i = 0; i < 40; i++) {
    const x = randomTensor(r, [1 + ((i * 7) % 90)], -4, 4);
    x.data.set(specials.slice(0, Math.min(x.data.length, specials.length)));
    const [min, max] = [
      [3, 1],
      [-1, 2],
      [0, 0],
      [2, -2],
    ][i % 4];
    tallies.clamp.add(
      attempt(() => cd.clamp(x, { min, max })),
      Array.from(x.data, (v) => (min > max ? (Number.isNaN(v) ? v : max) : ref.clamp(v, min, max))),
      'random',
      `clamp ${i}`,
    );
    const alpha = [-0.5, -2, 0.2, 0][i % 4];
    tallies.leakyRelu.add(
      attempt(() => cd.leakyRelu(x, { alpha })),
      Array.from(x.data, (v) => ref.leakyRelu(v, alpha)),
      'random',
      `leakyRelu ${i}`,
    );
  }
}

function poolGradCases(cd, tallies) {
  const r = rng(9);
  for (const rank of [1, 3]) {
    for (let i = 0; i < 40; i++) {
      const spatial = rank === 1 ? [3 + (i % 9)] : [2 + (i % 3), 2 + ((i >> 1) % 4), 2 + ((i >> 2) % 4)];
      const x = randomTensor(r, [1 + (i % 2), ...spatial, 1 + (i % 3)]);
      const o = {
        poolSize: 1 + (i % 3),
        strides: 1 + ((i >> 1) % 2),
        padding: ['valid', 'same', 1][i % 3],
        ceilMode: i % 4 === 3,
      };
      if (o.padding === 1 && o.poolSize < 2) o.padding = 0;
      const shape5 = (s) => (rank === 1 ? [s[0], 1, 1, s[1], s[2]] : s);
      for (const type of ['max', 'avg']) {
        const fn = `${type}Pool${rank}dGrad`;
        const y = attempt(() => cd[`${type}Pool${rank}d`](x, o));
        if (y instanceof Error) continue;
        const dy = randomTensor(r, y.shape);
        const x5 = { shape: shape5(x.shape), data: Array.from(x.data) };
        const dy5 = { shape: shape5(dy.shape), data: Array.from(dy.data) };
        const want = type === 'max' ? ref.maxPool3dGrad(x5, dy5, o, rank) : ref.avgPool3dGrad(dy5, x5.shape, o, rank);
        const got = attempt(() => (type === 'max' ? cd[fn](x, dy, o) : cd[fn](dy, { ...o, inputShape: x.shape })));
        tallies[fn].add(got, want, 'random', `${fn} ${i} ${JSON.stringify(o)}`);
      }
    }
  }
}

async function report(simd) {
  const cd = await loadCondense({ simd, threads: false });
  const tallies = Object.fromEntries(OPS.map((op) => [op, new Tally()]));
  runFixtures(cd, tallies);
  convNdCases(cd, tallies, 1, 'conv1d');
  convNdCases(cd, tallies, 3, 'conv3d');
  groupedCases(cd, tallies);
  transposeCases(cd, tallies);
  matMulCases(cd, tallies);
  elementwiseGradCases(cd, tallies);
  poolGradCases(cd, tallies);
  fixedSemanticsCases(cd, tallies);
  return tallies;
}

const fmt = (v) => (v === 0 ? '0' : Number.isFinite(v) ? v.toExponential(1) : String(v));

const builds = { simd: await report(true), scalar: await report(false) };
if (process.argv.includes('--json')) {
  const out = {};
  for (const [b, t] of Object.entries(builds)) out[b] = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v]));
  console.log(JSON.stringify(out, null, 2));
} else {
  console.log(
    '| op | JSON fixtures | seeded random requests vs the plain reference | worst abs error SIMD / scalar | worst |Δ|/max(1,|ref|) SIMD / scalar |',
  );
  console.log('|---|---|---|---|---|');
  for (const op of OPS) {
    const s = builds.simd[op];
    const c = builds.scalar[op];
    if (s.fixtures + s.random === 0) continue;
    console.log(
      `| ${op} | ${s.fixtures} | ${s.random} | ${fmt(s.maxAbs)} / ${fmt(c.maxAbs)} | ${fmt(s.maxRel)} / ${fmt(c.maxRel)} |`,
    );
  }
  const failures = Object.entries(builds).flatMap(([b, t]) =>
    Object.values(t).flatMap((x) => x.failures.map((f) => `${b}: ${f}`)),
  );
  if (failures.length) {
    console.log(`\n${failures.length} request(s) failed:\n${failures.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  }
}
