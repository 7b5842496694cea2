// tfjs-backend-cpu's ES module build imports 'seedrandom' (it calls seedrandom.alea for
// tf.multinomial and friends), which ships only CommonJS. Without a bundler: evaluate the
// package's own lib/alea.js as a module, with a `module` global set first (module-global.mjs;
// imports run in order), then take its export and remove the global again.
import './module-global.mjs';
import '/node_modules/seedrandom/lib/alea.js';

export const alea = globalThis.module.exports;
delete globalThis.module;
if (typeof alea !== 'function') throw new Error('seedrandom: lib/alea.js did not export its generator');
export default { alea };
