// The README's "TensorFlow.js backend" usage runs verbatim in Node from the package root (the
// package's own name resolves to it) and prints what its comments say.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));

test("the README's TensorFlow.js backend example runs as written", async () => {
  const readme = readFileSync(new URL('README.md', `file://${root}`), 'utf8');
  const section = readme.slice(readme.indexOf('## TensorFlow.js backend'));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  assert.match(code, /from 'condense\/tfjs'/);
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: root });
  const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)/g)].map((m) => m[1]);
  assert.deepEqual(stdout.trim().split('\n'), expected);
});
