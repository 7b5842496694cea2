// Bundles with esbuild's JS API: node esbuild.build.mjs [entry] [format] [platform] [outfile]
// (default: entry.mjs, esm, browser, public/app.js). Prints warnings and errors as JSON.
import { build } from 'esbuild';

const [entry = 'entry.mjs', format = 'esm', platform = 'browser', outfile = 'public/app.js'] = process.argv.slice(2);
const result = await build({
  entryPoints: [entry],
  bundle: true,
  format,
  platform,
  target: platform === 'node' ? 'node18' : 'es2022',
  outfile,
  logLevel: 'silent',
});
console.log(JSON.stringify({ warnings: result.warnings.map((w) => w.text), errors: result.errors.map((e) => e.text) }));
