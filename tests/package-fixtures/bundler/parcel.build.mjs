// Production build of index.html with Parcel's JS API and its default config: -> dist/. Prints
// the files written as JSON.
import { Parcel } from '@parcel/core';
import { readdirSync } from 'node:fs';

const bundler = new Parcel({
  entries: 'index.html',
  defaultConfig: '@parcel/config-default',
  mode: 'production',
  shouldDisableCache: true,
  defaultTargetOptions: { distDir: 'dist', sourceMaps: false },
  logLevel: 'warn',
});
await bundler.run();
console.log(JSON.stringify({ files: readdirSync('dist').sort() }));
