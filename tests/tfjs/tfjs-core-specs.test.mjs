// tfjs-core's own jasmine specs for every kernel condense serves, plus the gradient specs, against
// the 'condense' backend (the build CONDENSE_SIMD selects; CONDENSE_THREADS=auto: the default
// load, threaded). tfjs-core ships them as ESM with extensionless imports, so they are bundled
// with esbuild first (tfjs-core, tfjs-backend-cpu and condense/tfjs in one bundle, one copy of
// tfjs-core), then run by jasmine in a child process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { availableParallelism } from 'node:os';
import { THREADED, withBundle } from '../tfjs-helpers/bundle.mjs';
import { SPEC_FILES, TEST_FILTERS } from '../tfjs-helpers/spec-filters.mjs';

const helpers = fileURLToPath(new URL('../tfjs-helpers/', import.meta.url));

test('tfjs-core specs for the served kernels and gradients pass on the condense backend', async () => {
  const contents = [
    `import './spec-setup.mjs';`,
    ...SPEC_FILES.map((f) => `import '@tensorflow/tfjs-core/dist/${f}';`),
  ].join('\n');
  const stdout = await withBundle(contents, async (bundle) => {
    const run = promisify(execFile)(process.execPath, [join(helpers, 'run-specs.mjs'), bundle], {
      maxBuffer: 64 << 20,
    });
    return (await run).stdout;
  });
  const line = stdout.split('\n').find((l) => l.startsWith('SPEC-RESULT '));
  assert.ok(line, `no result line from the spec run:\n${stdout.slice(-2000)}`);
  const result = JSON.parse(line.slice('SPEC-RESULT '.length));
  const failures = result.failed.map((f) => `${f.name}\n    ${f.messages.join('\n    ')}`).join('\n');
  assert.equal(result.failed.length, 0, `${result.failed.length} failed:\n${failures}`);
  assert.equal(result.overall, 'passed');
  const simd = process.env.CONDENSE_SIMD !== 'false';
  const threaded = THREADED && simd && availableParallelism() >= 2;
  assert.equal(result.backend, threaded ? 'wasm-simd-threads' : simd ? 'wasm-simd' : 'wasm-scalar');
  // Every included describe block ran specs (a filter that matches nothing tests nothing).
  for (const { startsWith } of TEST_FILTERS) {
    const count = result.passed.filter((name) => name.startsWith(`${startsWith} `)).length;
    assert.ok(count > 0, `no spec of "${startsWith}" ran`);
  }
  console.log(
    `tfjs-core specs: ${result.passed.length} passed, ${result.skipped} not run, in ${result.seconds.toFixed(1)} s`,
  );
  console.log('condense kernel calls:', JSON.stringify(result.kernelCounts));
});
