// The line under the figure: the last run's backend and per-stage times, the whole frame from
// the change to the painted frame, the fused convPool2d (timed once the controls rest) and the
// size of wasm memory.
import { fmt } from '../lib/geometry.mjs';

const num = (v) => (v < 0.1 ? '&lt; 0.1' : v.toFixed(2));

export function createPerfLine(element) {
  /** `last`: { backend, timings, fused }; `memory`: cd.memory() or null. */
  return function update(last, memory) {
    if (!last) return;
    const t = last.timings;
    const pools = t.pool.map(num).join(' + ');
    const parts = [
      `<span class="badge small" data-backend="${last.backend}">${last.backend}</span>`,
      `<span>conv2d <b>${num(t.conv2d)}</b> ms</span>`,
      `<span>relu <b>${num(t.relu)}</b> ms</span>`,
      `<span>pool <b>${pools || '—'}</b> ms</span>`,
      `<span>colour + draw <b>${num(t.draw)}</b> ms</span>`,
      `<span>compute + draw <b>${t.frame.toFixed(1)}</b> ms</span>`,
      `<span title="From the change (a slider, a key, a new image) to the frame on screen (the next animation frame after drawing)">input → painted <b>${t.painted === undefined ? '…' : t.painted.toFixed(1)}</b> ms</span>`,
    ];
    if (last.fused && last.fused.ms !== undefined) {
      const same =
        last.fused.sameShape && last.fused.maxAbsDiff === 0
          ? 'identical result'
          : `max |Δ| ${fmt(last.fused.maxAbsDiff)}`;
      parts.push(`<span>fused <code>convPool2d</code> <b>${num(last.fused.ms)}</b> ms (${same})</span>`);
    }
    if (memory) parts.push(`<span>wasm memory ${(memory.heapBytes / 2 ** 20).toFixed(0)} MB</span>`);
    element.innerHTML = parts.join('');
  };
}
