// Runs before seedrandom's alea.js (see seedrandom.mjs): gives that CommonJS/AMD file the
// `module` object it looks for, so it can be loaded as a module without eval.
globalThis.module = { exports: {} };
