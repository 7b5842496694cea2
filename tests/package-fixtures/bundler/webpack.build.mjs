// Builds entry-plain.mjs with webpack's JS API and nothing but mode, entry and output path:
// node webpack.build.mjs <production|development> <outDir>. Prints warnings, errors and the
// emitted files as JSON.
import { resolve } from 'node:path';
import webpack from 'webpack';

const [mode, out] = process.argv.slice(2);
const compiler = webpack({ mode, entry: './entry-plain.mjs', output: { path: resolve(out), filename: 'app.js' } });
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
