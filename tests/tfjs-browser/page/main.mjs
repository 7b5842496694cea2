// The page: Tiny VGG on 'condense' here, and the same in a module worker (worker.mjs).
// window.__tinyVgg.inPage(x, n) / inWorker(x, n) → { probs, backend, ... } or { error }.
import { predictTinyVgg } from './run.mjs';

let worker = null;
let pending = null;

function inWorker(x, n) {
  // The same files through the server's /esm/ view: a worker has no import map.
  worker ??= new Worker(`/esm${new URL('./worker.mjs', import.meta.url).pathname}`, { type: 'module' });
  return new Promise((resolve) => {
    pending = resolve;
    worker.onmessage = (e) => pending(e.data);
    worker.onerror = (e) => pending({ error: `worker error: ${e.message ?? 'failed to load'}` });
    worker.postMessage({ x, n });
  });
}

async function inPage(x, n) {
  try {
    return await predictTinyVgg(x, n);
  } catch (e) {
    return { error: String(e && e.stack ? e.stack : e) };
  }
}

window.__tinyVgg = { inPage, inWorker };
