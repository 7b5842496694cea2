// The training curves on a canvas (no chart library): loss or accuracy per step for both models,
// the raw batches thin, an exponential moving average thick, and held-out accuracy after each
// epoch as dots. Drawn at the canvas's size on screen times devicePixelRatio.
export const COLOURS = { pool: '#fc8961', flat: '#7aa2ff' };
const SMOOTHING = 0.9;

// Exponential moving average, bias-corrected (as Adam's moments are) so the first steps are not
// pulled towards zero.
function emaCorrected(values) {
  const out = [];
  let m = 0;
  values.forEach((v, i) => {
    m = SMOOTHING * m + (1 - SMOOTHING) * v;
    out.push(m / (1 - SMOOTHING ** (i + 1)));
  });
  return out;
}

function frame(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const cssW = canvas.clientWidth || canvas.width;
  const cssH = canvas.clientHeight || canvas.height;
  const w = Math.round(cssW * dpr);
  const h = Math.round(cssH * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  return { ctx, w: cssW, h: cssH };
}

function axes(ctx, box, yMax, yTicks, xMax, format) {
  ctx.strokeStyle = '#2c2840';
  ctx.fillStyle = '#a7a1bd';
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    const y = box.y + box.h - (t / yMax) * box.h;
    ctx.beginPath();
    ctx.moveTo(box.x, Math.round(y) + 0.5);
    ctx.lineTo(box.x + box.w, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillText(format(t), box.x - 4, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('0', box.x, box.y + box.h + 4);
  ctx.fillText(xMax > 1 ? `${xMax} steps` : 'steps', box.x + box.w - 22, box.y + box.h + 4);
}

function line(ctx, box, points, xMax, yMax, colour, width, alpha) {
  if (points.length === 0) return;
  ctx.strokeStyle = colour;
  ctx.globalAlpha = alpha;
  ctx.lineWidth = width;
  ctx.beginPath();
  points.forEach(([s, v], i) => {
    const x = box.x + (s / xMax) * box.w;
    const y = box.y + box.h - (Math.min(v, yMax) / yMax) * box.h;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/**
 * Draws `kind` ('loss' or 'accuracy') for every model in `runs` ({ pool, flat }: { steps: [{ step,
 * loss, accuracy }], epochs: [{ step, valAccuracy }], totalSteps }).
 */
export function drawCurves(canvas, runs, kind) {
  const { ctx, w, h } = frame(canvas);
  const box = { x: 38, y: 8, w: Math.max(10, w - 48), h: Math.max(10, h - 30) };
  const xMax = Math.max(1, ...Object.values(runs).map((r) => r.totalSteps || 0));
  const yMax = kind === 'loss' ? 2.5 : 1;
  const ticks = kind === 'loss' ? [0, 0.5, 1, 1.5, 2, 2.5] : [0, 0.25, 0.5, 0.75, 1];
  axes(ctx, box, yMax, ticks, xMax, (t) => (kind === 'loss' ? t.toFixed(1) : `${Math.round(t * 100)}%`));
  for (const [key, run] of Object.entries(runs)) {
    const values = run.steps.map((s) => s[kind]);
    const raw = run.steps.map((s, i) => [s.step, values[i]]);
    const smooth = emaCorrected(values).map((v, i) => [run.steps[i].step, v]);
    line(ctx, box, raw, xMax, yMax, COLOURS[key], 1, 0.3);
    line(ctx, box, smooth, xMax, yMax, COLOURS[key], 2.5, 1);
    if (kind === 'accuracy') {
      ctx.fillStyle = COLOURS[key];
      for (const e of run.epochs) {
        const x = box.x + (e.step / xMax) * box.w;
        const y = box.y + box.h - e.valAccuracy * box.h;
        ctx.beginPath();
        ctx.arc(x, y, 4, 0, 2 * Math.PI);
        ctx.fill();
        ctx.strokeStyle = '#0c0b12';
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    }
  }
}
