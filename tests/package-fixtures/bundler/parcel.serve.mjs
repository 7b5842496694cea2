// Parcel's development server for index.html with its JS API and its default config: node
// parcel.serve.mjs <port>. Prints { url } as JSON once the first build is served (or the build
// errors and exits 1); runs until killed.
import { Parcel } from '@parcel/core';

const port = Number(process.argv[2]);
const bundler = new Parcel({
  entries: 'index.html',
  defaultConfig: '@parcel/config-default',
  mode: 'development',
  shouldDisableCache: true,
  serveOptions: { port, host: '127.0.0.1' },
  logLevel: 'warn',
});
let announced = false;
await bundler.watch((error, event) => {
  if (error || event.type === 'buildFailure') {
    console.error(error ?? JSON.stringify(event.diagnostics, null, 2));
    process.exit(1);
  }
  if (!announced) {
    announced = true;
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
  }
});
