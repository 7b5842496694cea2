// Summaries, targets and the markdown tables. Browser-safe.

export const PEERS = ['tfjs-wasm', 'ort-web', 'tfjs-cpu'];

/** The fastest flavour of impl/mode in a case's timings: { us, flavor } or null. */
export function best(timings, impl, mode) {
  let r = null;
  for (const t of timings) {
    if (t.impl === impl && t.mode === mode && (r === null || t.medianUs < r.us))
      r = { us: t.medianUs, flavor: t.flavor };
  }
  return r;
}

export function summarize(c, timings) {
  const simd = best(timings, 'condense-simd', 'io');
  const simdOut = best(timings, 'condense-simd', 'io+out');
  const scalar = best(timings, 'condense-scalar', 'io');
  const scalarOut = best(timings, 'condense-scalar', 'io+out');
  const threaded = best(timings, 'condense-simd-threads', 'io');
  const peers = {};
  let fastest = null;
  for (const p of PEERS) {
    const op = best(timings, p, 'op');
    const io = best(timings, p, 'io');
    if (!op && !io) continue;
    peers[p] = { opUs: op?.us ?? null, opFlavor: op?.flavor, ioUs: io?.us ?? null, ioFlavor: io?.flavor };
    if (io && (fastest === null || io.us < fastest.ioUs)) fastest = { impl: p, ioUs: io.us, flavor: io.flavor };
  }
  const s = {
    condenseSimdIoUs: simd?.us ?? null,
    condenseSimdIoOutUs: simdOut?.us ?? null,
    condenseScalarIoUs: scalar?.us ?? null,
    condenseScalarIoOutUs: scalarOut?.us ?? null,
    peers,
    fastestPeer: fastest,
    ratioIo: fastest && simd ? fastest.ioUs / simd.us : null,
    ratioIoOut: fastest && simdOut ? fastest.ioUs / simdOut.us : null,
    scalarOverSimd: simd && scalar ? scalar.us / simd.us : null,
    condenseThreadsIoUs: threaded?.us ?? null,
    threadsOverSimd: simd && threaded ? simd.us / threaded.us : null,
    threadsVsFastest: fastest && threaded ? fastest.ioUs / threaded.us : null,
  };
  const t = c.target;
  const against = t.vs === 'fastest' ? fastest : peers[t.vs] ? { impl: t.vs, ioUs: peers[t.vs].ioUs } : null;
  if (against && simd) {
    const ratio = against.ioUs / simd.us;
    const ratioOut = simdOut ? against.ioUs / simdOut.us : null;
    const ok = (r) => r !== null && (t.strict ? r > t.min : r >= t.min);
    s.target = { text: t.text, against: against.impl, ratio, ratioOut, met: ok(ratio), metWithOut: ok(ratioOut) };
  } else {
    s.target = { text: t.text, against: null, ratio: null, met: null };
  }
  return s;
}

export function fmtUs(us) {
  if (us === null || us === undefined) return '—';
  if (us < 10) return us.toFixed(1);
  return String(Math.round(us));
}

export function fmtRatio(r) {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  return `${r.toFixed(2)}x`;
}

function opIo(p) {
  if (!p) return '—';
  return `${fmtUs(p.opUs)} / ${fmtUs(p.ioUs)}`;
}

/**
 * The io ratio condense would reach if its kernel ran exactly at the roofline: the target's peer
 * io ÷ (JS copy floor + roofline). A target above it cannot be met on the io figure.
 */
export function bestPossible(r) {
  const s = r.summary;
  const t = s.target;
  if (!t || !t.against || s.copyFloorUs === null || s.copyFloorUs === undefined) return null;
  const peerIo = s.peers[t.against]?.ioUs;
  const bound = s.copyFloorUs + r.roofline;
  return peerIo && bound > 0.05 ? peerIo / bound : null;
}

/** The main results table (one row per case). */
export function resultsTable(cases) {
  const rows = [
    '| case | roofline µs | JS copy floor µs | io ratio at floor + roofline (est.) | condense SIMD io / io+out µs | condense scalar io / io+out µs | tfjs-wasm op / io µs | ORT-web op / io µs | tfjs-cpu op / io µs | fastest peer (io) | ratio io (io+out) | scalar / SIMD | target (issue 4) | met |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of cases) {
    const s = r.summary;
    const t = s.target;
    const tgt =
      t.against && t.against !== s.fastestPeer?.impl ? `${t.text} (${fmtRatio(t.ratio)} vs ${t.against})` : t.text;
    const met = t.met === null ? '—' : t.met ? 'yes' : t.metWithOut ? 'with out only' : 'no';
    rows.push(
      `| ${r.id} ${r.title} | ${r.roofline} | ${fmtUs(s.copyFloorUs)} | ${fmtRatio(bestPossible(r))} | ${fmtUs(s.condenseSimdIoUs)} / ${fmtUs(s.condenseSimdIoOutUs)} | ` +
        `${fmtUs(s.condenseScalarIoUs)} / ${fmtUs(s.condenseScalarIoOutUs)} | ${opIo(s.peers['tfjs-wasm'])} | ` +
        `${opIo(s.peers['ort-web'])} | ${opIo(s.peers['tfjs-cpu'])} | ` +
        `${s.fastestPeer ? `${s.fastestPeer.impl} ${fmtUs(s.fastestPeer.ioUs)}` : '—'} | ` +
        `${fmtRatio(s.ratioIo)} (${fmtRatio(s.ratioIoOut)}) | ${fmtRatio(s.scalarOverSimd)} | ${tgt} | ${met} |`,
    );
  }
  return rows.join('\n');
}

const PEAK_GFLOPS = 49.8; // f32x4 mul+add peak of one core (PERF-ANCHORS.md)

/**
 * The compute-bound cases (those with a flop count: matMul, conv3d, grouped conv): GFLOP/s of
 * each figure, beside the f32x4 peak. Null when no case has a flop count.
 */
export function gflopsTable(cases) {
  const rows = cases.filter((r) => r.flops);
  if (rows.length === 0) return null;
  const g = (r, us) => (us ? `${(r.flops / us / 1e3).toFixed(1)}` : '—');
  const peer = (r, p) => {
    const x = r.summary.peers[p];
    return x ? `${g(r, x.opUs)} / ${g(r, x.ioUs)}` : '—';
  };
  const out = [
    `| case | MFLOP | condense SIMD io / io+out GFLOP/s | % of the ${PEAK_GFLOPS} GFLOP/s f32x4 peak (io+out) | condense scalar io GFLOP/s | tfjs-wasm op / io GFLOP/s | ORT-web op / io GFLOP/s | tfjs-cpu op / io GFLOP/s |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const s = r.summary;
    const best = s.condenseSimdIoOutUs ? (100 * r.flops) / s.condenseSimdIoOutUs / 1e3 / PEAK_GFLOPS : null;
    out.push(
      `| ${r.id} ${r.title} | ${(r.flops / 1e6).toFixed(1)} | ${g(r, s.condenseSimdIoUs)} / ${g(r, s.condenseSimdIoOutUs)} | ` +
        `${best === null ? '—' : `${best.toFixed(0)} %`} | ${g(r, s.condenseScalarIoUs)} | ${peer(r, 'tfjs-wasm')} | ` +
        `${peer(r, 'ort-web')} | ${peer(r, 'tfjs-cpu')} |`,
    );
  }
  return out.join('\n');
}

/** A compact table for the browser page (condense only, or with peers when present). */
export function condenseTable(cases) {
  const rows = ['| case | SIMD io / io+out µs | scalar io / io+out µs | scalar / SIMD |', '|---|---|---|---|'];
  for (const r of cases) {
    const s = r.summary;
    rows.push(
      `| ${r.id} ${r.title} | ${fmtUs(s.condenseSimdIoUs)} / ${fmtUs(s.condenseSimdIoOutUs)} | ` +
        `${fmtUs(s.condenseScalarIoUs)} / ${fmtUs(s.condenseScalarIoOutUs)} | ${fmtRatio(s.scalarOverSimd)} |`,
    );
  }
  return rows.join('\n');
}

/** condense at one thread (SIMD build) and at every core (threaded build), when measured. */
export function threadsTable(cases) {
  const rows = cases.filter((r) => r.summary?.condenseThreadsIoUs != null);
  if (rows.length === 0) return '';
  const lines = [
    '| case | condense 1 thread io µs | condense all cores io µs | speed-up | fastest peer io µs | ratio at all cores |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const s = r.summary;
    const fastest = s.fastestPeer ? `${fmtUs(s.fastestPeer.ioUs)} (${s.fastestPeer.impl})` : '—';
    lines.push(
      `| ${r.id} ${r.title} | ${fmtUs(s.condenseSimdIoUs)} | ${fmtUs(s.condenseThreadsIoUs)} | ` +
        `${fmtRatio(s.threadsOverSimd)} | ${fastest} | ${fmtRatio(s.threadsVsFastest)} |`,
    );
  }
  return lines.join('\n');
}
