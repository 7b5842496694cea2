// Starts a module worker (a real same-origin URL, not a blob: URL) and shows its answer.
const q = new URLSearchParams(location.search);
const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
worker.onmessage = (e) => {
  window.__condense = { ...e.data, cspEnforced: window.__cspEnforced };
  worker.terminate();
};
worker.onerror = (e) => {
  window.__condense = { error: `worker error: ${e.message ?? 'failed to load'}` };
};
worker.postMessage({
  simd: q.has('simd') ? (q.get('simd') === 'auto' ? 'auto' : q.get('simd') === 'true') : undefined,
});
