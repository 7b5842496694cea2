// Runs a bundle of tfjs-core's jasmine specs (built by tests/tfjs/tfjs-core-specs.test.mjs) in
// this process and prints one JSON line: passed / failed specs, skipped ones, and which condense
// kernels served calls. Usage: node run-specs.mjs <bundle.mjs>
import { pathToFileURL } from 'node:url';
import Jasmine from 'jasmine';
import { loadOptions } from './bundle.mjs';

globalThis.condenseLoadOptions = loadOptions();

const runner = new Jasmine({ globals: true });
runner.exitOnCompletion = false;
runner.env.configure({ random: false });
runner.clearReporters();
const result = { passed: [], failed: [], skipped: 0 };
runner.env.addReporter({
  specDone(spec) {
    if (spec.status === 'passed') result.passed.push(spec.fullName);
    else if (spec.status === 'failed') {
      const messages = spec.failedExpectations.map((e) => e.message.slice(0, 300));
      result.failed.push({ name: spec.fullName, messages });
    } else result.skipped++;
  },
});

const started = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const run = await runner.execute();
const info = globalThis.condenseSpecRun;
result.overall = run.overallStatus;
result.seconds = (performance.now() - started) / 1000;
result.backend = info.backend;
result.kernelCounts = info.kernelCounts();
result.memory = info.memory();
process.stdout.write(`\nSPEC-RESULT ${JSON.stringify(result)}\n`);
