/* global WorkerGlobalScope */
// Module worker: Tiny VGG on 'condense' (run.mjs), results posted back to the page.
import { predictTinyVgg } from './run.mjs';

let cspEnforced;
try {
  (0, eval)('1');
  cspEnforced = false;
} catch (e) {
  cspEnforced = e instanceof EvalError;
}
const violations = [];
self.addEventListener('securitypolicyviolation', (e) => {
  if (e.blockedURI !== 'eval') violations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
});

self.onmessage = async (e) => {
  try {
    const r = await predictTinyVgg(e.data.x, e.data.n);
    self.postMessage({ ...r, cspEnforced, violations, inWorker: self instanceof WorkerGlobalScope });
  } catch (error) {
    self.postMessage({ error: String(error && error.stack ? error.stack : error) });
  }
};
