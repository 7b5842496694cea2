// Where an io call's time goes, for condense and tfjs-wasm side by side in one process: the copy
// in, the fresh output array (zero-filled `new` + set, `slice()`, and Node's uninitialised
// `Buffer.allocUnsafeSlow` + set), the op alone on data already in the library (condense:
// resident tensors; tfjs-wasm: a tensor already in the backend), io and io+out.
//
//   node --expose-gc bench/lib/io-breakdown.mjs [--cases C,E2,F,H] [--rounds 3]
//
// Every figure is the median over rounds of lib/timing.mjs's median; the rounds rotate the order.
import { makeInputs, selectCases } from './cases.mjs';
import { referenceOutput } from './reference.mjs';
import { FULL, measure, median } from './timing.mjs';
import { condenseCall } from './condense-runner.mjs';
import { tfjsPrepare } from './tfjs-runner.mjs';

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

function parse(argv) {
  const a = { cases: ['C', 'E2', 'F', 'H'], rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cases') a.cases = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--rounds') a.rounds = Number(argv[++i]);
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

async function main() {
  const args = parse(process.argv.slice(2));
  const keep = [];
  for (let i = 0; i < 4; i++) keep.push(new Float32Array(4 * 1024 * 1024).fill(i + 1));
  keep.length = 0;
  gc();
  const { loadCondense } = await import('../../bindings/node.mjs');
  const cd = await loadCondense({ simd: true });
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
    cdv.dispose();
    tfv.dispose();
    console.log(`\n${c.id} ${c.title} (in ${n} floats, out ${m}); µs, median of ${args.rounds} rounds [rounds]`);
    for (const k of names) {
      const f = (u) => (u >= 100 ? u.toFixed(0) : u.toFixed(1));
      console.log(`  ${k.padEnd(44)} ${f(median(runs[k])).padStart(7)}   [${runs[k].map(f).join(' ')}]`);
    }
  }
}

await main();
