// Bundles entry-inline.mjs ('condense/inline') with Rollup's JS API, @rollup/plugin-node-resolve
// and output.file: one file, app.js. Prints warnings and the files written as JSON.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';

const warnings = [];
const bundle = await rollup({
  input: 'entry-inline.mjs',
  plugins: [nodeResolve({ browser: true })],
  onwarn: (w) => warnings.push(w.message),
});
const { output } = await bundle.write({ file: 'public/app.js', format: 'es' });
await bundle.close();
console.log(JSON.stringify({ warnings, files: output.map((o) => o.fileName).sort() }));
