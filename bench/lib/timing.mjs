// The measuring method of the performance brief (bench/README.md, "Method"): warm up (>= 3
// calls and ~100 ms), then time max(30, 500 ms / per-call) calls and take the median. Calls faster than `batchUs` are timed in
// batches (the median of batch means) so the clock's resolution does not dominate: Node's clock
// is fine-grained, a browser's is coarsened to 5–100 µs. Browser-safe.

const now = () => performance.now();

export const FULL = { warmCalls: 3, warmMs: 100, minCalls: 30, targetMs: 500, batchUs: 100 };
export const SMOKE = { warmCalls: 1, warmMs: 0, minCalls: 2, targetMs: 0, batchUs: 100 };

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export { median };

/**
 * Times fn (sync, or returning a promise that is awaited). Returns per-call microseconds:
 * { medianUs, p10Us, p90Us, calls, batch, samples }.
 */
export async function measure(fn, options = FULL) {
  const o = { ...FULL, ...options };
  // Warm-up; also finds out whether fn is async and roughly how long a call takes.
  let isAsync = false;
  let warmCalls = 0;
  const warmStart = now();
  while (warmCalls < o.warmCalls || now() - warmStart < o.warmMs) {
    const r = fn();
    if (r && typeof r.then === 'function') {
      isAsync = true;
      await r;
    }
    warmCalls++;
  }
  // Calibrate: grow a batch until it takes >= batchUs (a coarse clock reads 0 for fast calls).
  const runBatch = async (b) => {
    const t = now();
    if (isAsync) for (let i = 0; i < b; i++) await fn();
    else for (let i = 0; i < b; i++) fn();
    return (now() - t) * 1000;
  };
  let batch = 1;
  let elapsedUs = await runBatch(batch);
  while (elapsedUs < o.batchUs && batch < 1e6) {
    batch = elapsedUs > 0 ? Math.ceil((batch * o.batchUs * 1.2) / elapsedUs) : batch * 10;
    batch = Math.min(batch, 1e6);
    elapsedUs = await runBatch(batch);
  }
  const estimateUs = Math.max(elapsedUs / batch, 1e-3);
  if (estimateUs >= o.batchUs) batch = 1;
  const calls = Math.max(o.minCalls, Math.ceil((o.targetMs * 1000) / estimateUs));
  const samples = Math.max(Math.min(o.minCalls, 30), 1, Math.ceil(calls / batch));
  const times = new Float64Array(samples);
  if (isAsync) {
    for (let s = 0; s < samples; s++) {
      const t = now();
      for (let b = 0; b < batch; b++) await fn();
      times[s] = ((now() - t) * 1000) / batch;
    }
  } else {
    for (let s = 0; s < samples; s++) {
      const t = now();
      for (let b = 0; b < batch; b++) fn();
      times[s] = ((now() - t) * 1000) / batch;
    }
  }
  const sorted = Array.from(times).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianUs: median(sorted), p10Us: at(0.1), p90Us: at(0.9), calls: samples * batch, batch, samples };
}
