// Plain Node CommonJS consumer of the installed package. Usage: node cjs.cjs <simd>
'use strict';
const condense = require('condense');

(async () => {
  const { probe } = await import('./probe.mjs');
  const arg = process.argv[2] ?? 'auto';
  const simd = arg === 'auto' ? 'auto' : arg === 'true';
  // An explicit build runs single-threaded; 'auto' passes no option (the default: threads too).
  const result = await probe(condense.loadCondense, arg === 'auto' ? undefined : { simd, threads: false });
  console.log(
    JSON.stringify({
      ...result,
      entry: require.resolve('condense'),
      exports: Object.keys(condense).sort(),
    }),
  );
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
