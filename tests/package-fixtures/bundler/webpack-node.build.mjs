// Builds node-plain.mjs (a Node program using the default entry) with webpack's JS API, target
// node and nothing else but mode, entry and output path: node webpack-node.build.mjs
// <production|development> <outDir>. Prints warnings, errors and the emitted files as JSON.
import { resolve } from 'node:path';
import webpack from 'webpack';

const [mode, out] = process.argv.slice(2);
const compiler = webpack({
  mode,
  target: 'node',
  entry: './node-plain.mjs',
  output: { path: resolve(out), filename: 'app.cjs' },
});
compiler.run((error, stats) => {
  if (error) throw error;
  const json = stats.toJson({ all: false, warnings: true, errors: true, assets: true });
  const text = (list) => list.map((w) => (typeof w === 'string' ? w : `${w.moduleName ?? ''}: ${w.message}`));
  console.log(
    JSON.stringify({
      warnings: text(json.warnings),
      errors: text(json.errors),
      files: json.assets.map((a) => a.name).sort(),
    }),
  );
  compiler.close(() => {});
});
