// Where an io call's time goes, for condense and tfjs-wasm side by side in one process: the copy
// in, the fresh output array (zero-filled `new` + set, `slice()`, and Node's uninitialised
// `Buffer.allocUnsafeSlow` + set), the op alone on data already in the library (condense:
// resident tensors; tfjs-wasm: a tensor already in the backend), io and io+out.
//
//   node --expose-gc bench/lib/io-breakdown.mjs [--cases C,E2,F,H] [--rounds 3] [--pairs N]
//
// Every figure is the median over rounds of lib/timing.mjs's median; the rounds rotate the order.
// --pairs N (default 40, 0 = off) then times condense io and tfjs-wasm io call by call, alternating
// (after a warm-up), and reports the median of the N per-pair ratios: a load burst from another
// process hits both calls of a pair, where the separately timed medians above can land one
// library in a quiet window and the other in a busy one.
import { makeInputs, selectCases } from './cases.mjs';
import { referenceOutput } from './reference.mjs';
import { FULL, measure, median } from './timing.mjs';
import { condenseCall } from './condense-runner.mjs';
import { tfjsPrepare } from './tfjs-runner.mjs';

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

function parse(argv) {
  const a = { cases: ['C', 'E2', 'F', 'H'], rounds: 3, pairs: 40 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cases') a.cases = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--rounds') a.rounds = Number(argv[++i]);
    else if (argv[i] === '--pairs') a.pairs = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return a;
}

// The pieces of the JS copy floor, without any library.
function floorVariants(n, m) {
  const xIn = new Float32Array(n).fill(0.5);
  const dstIn = new Float32Array(n);
  const src = new Float32Array(m).fill(1);
  return {
    'copy in (set)': () => dstIn.set(xIn),
    'out: new + set': () => {
      const d = new Float32Array(m);
      d.set(src);
      return d;
    },
    'out: slice()': () => src.slice(),
    'out: allocUnsafeSlow + set': () => {
      const d = new Float32Array(Buffer.allocUnsafeSlow(m * 4).buffer, 0, m);
      d.set(src);
      return d;
    },
  };
}

function condenseVariantsOf(cd, c, inputs, m) {
  const resident = cd.upload({ shape: c.input, data: inputs.x });
  const filter = c.filter ? cd.upload({ shape: c.filter, data: inputs.filter }) : null;
  const op = residentOp(cd, c, resident, filter);
  const out = new Float32Array(m);
  return {
    variants: {
      'condense op (resident)': () => op().dispose(),
      'condense io': condenseCall(cd, c, inputs),
      'condense io+out': condenseCall(cd, c, inputs, { out }),
    },
    dispose: () => {
      resident.dispose();
      filter?.dispose();
    },
  };
}

// The case's op on a resident x (and resident filter): no copy in, the result stays resident.
function residentOp(cd, c, x, filter) {
  switch (c.kind) {
    case 'maxPool':
      return () => cd.maxPool2d(x, { poolSize: c.pool.size, strides: c.pool.strides, padding: c.pool.padding });
    case 'globalAvg':
      return () => cd.globalAvgPool2d(x);
    case 'relu':
      return () => cd.relu(x);
    case 'conv':
      return () => cd.conv2d(x, filter, { padding: c.conv.padding });
    default:
      throw new Error(`io-breakdown: case kind ${c.kind} is not covered`);
  }
}

// The tfjs-wasm io variant the report counts (for global average pooling: the faster flavour,
// the full-window avgPool).
function tfjsIoKey(all) {
  const keys = Object.keys(all).filter((k) => k.startsWith('tfjs-wasm io'));
  return keys.find((k) => k.includes('avgPool')) ?? keys[0];
}

// Alternating single calls of a and b (each pair's order alternates too), after a warm-up.
function pairedRatios(a, b, n) {
  for (let i = 0; i < 3; i++) (a(), b());
  const ta = [];
  const tb = [];
  const ratios = [];
  const time = (f) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  for (let i = 0; i < n; i++) {
    const [x, y] = i % 2 ? [time(a), time(b)] : [time(b), time(a)].reverse();
    ta.push(x);
    tb.push(y);
    ratios.push(y / x);
  }
  const q = (v, f) => [...v].sort((p, r) => p - r)[Math.floor(f * (v.length - 1))];
  return {
    n,
    a: median(ta) * 1000,
    b: median(tb) * 1000,
    ratio: median(ratios),
    p10: q(ratios, 0.1),
    p90: q(ratios, 0.9),
  };
}

async function main() {
  const args = parse(process.argv.slice(2));
  const keep = [];
  for (let i = 0; i < 4; i++) keep.push(new Float32Array(4 * 1024 * 1024).fill(i + 1));
  keep.length = 0;
  gc();
  const { loadCondense } = await import('../../bindings/node.mjs');
  const cd = await loadCondense({ simd: true, threads: false });
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm did not initialise');
  for (const c of selectCases(args.cases)) {
    const inputs = makeInputs(c);
    const m = referenceOutput(c, inputs).length;
    const n = inputs.x.length;
    const cdv = condenseVariantsOf(cd, c, inputs, m);
    const tfv = tfjsPrepare(tf, 'wasm', c, inputs);
    const all = { ...floorVariants(n, m), ...cdv.variants };
    for (const v of tfv.variants) all[`tfjs-wasm ${v.mode}${v.flavor ? ` (${v.flavor})` : ''}`] = v.run;
    const names = Object.keys(all);
    const runs = Object.fromEntries(names.map((k) => [k, []]));
    for (let r = 0; r < args.rounds; r++) {
      const order = names.slice(r % names.length).concat(names.slice(0, r % names.length));
      for (const k of order) {
        gc();
        runs[k].push((await measure(all[k], FULL)).medianUs);
      }
    }
    const paired = args.pairs > 0 ? pairedRatios(all['condense io'], all[tfjsIoKey(all)], args.pairs) : null;
    cdv.dispose();
    tfv.dispose();
    console.log(`\n${c.id} ${c.title} (in ${n} floats, out ${m}); µs, median of ${args.rounds} rounds [rounds]`);
    for (const k of names) {
      const f = (u) => (u >= 100 ? u.toFixed(0) : u.toFixed(1));
      console.log(`  ${k.padEnd(44)} ${f(median(runs[k])).padStart(7)}   [${runs[k].map(f).join(' ')}]`);
    }
    if (paired) {
      console.log(
        `  paired, ${paired.n} alternating calls each: condense io ${paired.a.toFixed(0)} µs, ` +
          `${tfjsIoKey(all)} ${paired.b.toFixed(0)} µs (medians); ratio (median of pairs) ` +
          `${paired.ratio.toFixed(2)}x, p10–p90 ${paired.p10.toFixed(2)}–${paired.p90.toFixed(2)}x`,
      );
    }
  }
}

await main();
