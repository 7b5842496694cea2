// One pooling step at a time (the lesson's 2x2 figure, live): an 8x8 crop of the Detect map,
// the pooling window sliding over it, each output cell = the max (or mean) of its window. The
// crop is aligned to the pooling grid, so its output cells are cells of the Condense panel.
import { fmt, padBefore } from '../lib/geometry.mjs';

const short = (v) => (v === 0 ? '0' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

const $ = (id) => document.getElementById(id);
const CROP = 8;

function dims(t) {
  const s = t.shape;
  return s.length === 4 ? [s[1], s[2]] : [s[0], s[1]];
}

// Where the crop goes by default: the 8x8 block whose values vary most (mean of squares minus
// square of the mean, both from the library's avgPool2d), where max pooling has work to do.
function busiest(cd, d, h, w) {
  if (h <= CROP || w <= CROP) return [h >> 1, w >> 1];
  const o = { poolSize: CROP, strides: CROP / 2, padding: 'valid' };
  const mean = cd.avgPool2d(d, o);
  const sq = cd.avgPool2d({ shape: d.shape, data: d.data.map((v) => v * v) }, o);
  const [, aw] = dims(mean);
  let best = 0;
  let bestVar = -Infinity;
  for (let i = 0; i < mean.data.length; i++) {
    const v = sq.data[i] - mean.data[i] * mean.data[i];
    if (v > bestVar) {
      bestVar = v;
      best = i;
    }
  }
  return [Math.floor(best / aw) * (CROP / 2) + CROP / 2, (best % aw) * (CROP / 2) + CROP / 2];
}

// The side x side crop of the Detect map d around `centre` (or its busiest block), aligned
// with the pooling grid (its top-left is where some output cell's window starts), pooled.
function cropAt(cd, d, pool, side, centre) {
  const [h, w] = dims(d);
  const k = pool.size;
  const st = pool.stride;
  const fn = pool.type === 'max' ? 'maxPool2d' : 'avgPool2d';
  const [, outH, outW] = cd.outputShape(fn, d.shape, { poolSize: k, strides: st, padding: pool.padding });
  const beforeY = padBefore(h, outH, k, st, pool.padding);
  const beforeX = padBefore(w, outW, k, st, pool.padding);
  const [cy, cx] = centre ? [Math.round(centre[0] * h), Math.round(centre[1] * w)] : busiest(cd, d, h, w);
  const align = (c, n, before) => {
    const first = Math.ceil(before / st); // the first output cell whose window starts inside the map
    let o = Math.round((c - side / 2 + before) / st);
    o = Math.max(first, o);
    while (o > first && o * st - before + side > n) o--;
    return o;
  };
  const oy0 = align(cy, h, beforeY);
  const ox0 = align(cx, w, beforeX);
  const top = oy0 * st - beforeY;
  const left = ox0 * st - beforeX;
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = d.data[(top + y) * w + left + x];
  const cropTensor = { shape: [side, side, 1], data };
  const out = cd[fn](cropTensor, { poolSize: k, strides: st, padding: 'valid' });
  const [cropOutH, cropOutW] = dims(out);
  return { top, left, oy0, ox0, data, cropTensor, out, outH: cropOutH, outW: cropOutW };
}

// Whether the crop's pooled cells equal the Condense map's at (oy0, ox0); null without one.
function sameCells(condensed, out, oy0, ox0) {
  if (!condensed) return null;
  const [, cw] = dims(condensed);
  const [outH, outW] = dims(out);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      if (condensed.data[(oy0 + y) * cw + ox0 + x] !== out.data[y * outW + x]) return false;
    }
  }
  return true;
}

// The crop cells (indices, row-major) of output cell (oy, ox)'s window, and the first largest.
function windowCells(crop, oy, ox) {
  const cells = [];
  let best = -1;
  for (let y = oy * crop.s; y < oy * crop.s + crop.k; y++) {
    for (let x = ox * crop.s; x < ox * crop.s + crop.k; x++) {
      const j = y * crop.side + x;
      cells.push(j);
      if (best < 0 || crop.data[j] > crop.data[best]) best = j;
    }
  }
  return { cells, best };
}

// One number of the animation's grids, coloured as its panel draws it.
function cell(v, rgba, j) {
  const el = document.createElement('div');
  el.className = 'ps-cell';
  const [r, g, b] = [rgba[j * 4], rgba[j * 4 + 1], rgba[j * 4 + 2]];
  el.style.backgroundColor = `rgb(${r},${g},${b})`;
  if (r * 0.299 + g * 0.587 + b * 0.114 > 140) el.classList.add('light');
  el.textContent = short(v);
  return el;
}

// The titles, labels and lede of the grids for a new crop.
function describeCrop(els, { side, k, st, type, top, left, oy0, ox0, outH, outW }) {
  els.inTitle.textContent = `Detect, rows ${top}…${top + side - 1}, columns ${left}…${left + side - 1}`;
  els.outTitle.textContent = `Condense, rows ${oy0}…${oy0 + outH - 1}, columns ${ox0}…${ox0 + outW - 1}`;
  els.gridIn.setAttribute('aria-label', `An ${side} by ${side} crop of the Detect map`);
  els.gridOut.setAttribute('aria-label', `Its ${outH} by ${outW} pooled output`);
  els.lede.textContent = `An ${side}×${side} crop of the Detect map and what the ${k}×${k} ${type === 'max' ? 'max' : 'average'} pooling window (stride ${st}) makes of it: each output cell is the ${type === 'max' ? 'maximum' : 'mean'} of its window. Click or tap the Detect panel (or focus it and press Enter) to move the crop.`;
}

// What the browser tests read of the animation.
function snapshotOf(crop, step, caption) {
  if (!crop) return null;
  return {
    top: crop.top,
    left: crop.left,
    side: crop.side,
    outShape: [crop.outH, crop.outW],
    condenseAt: [crop.oy0, crop.ox0],
    out: [...crop.out],
    matchesCondense: crop.matches,
    step,
    caption: caption.textContent,
  };
}

// The crop drawn on the Detect panel: a dashed square over the map's own element (viz), in
// percent of the map, so it sits right at any drawn size.
function cropMark(viz) {
  if (!viz) return () => {};
  const mark = document.createElement('div');
  mark.className = 'mark crop';
  mark.hidden = true;
  mark.title = 'The crop shown in section 3';
  viz.append(mark);
  return (box) => {
    mark.hidden = !box;
    if (!box) return;
    const { top, left, side, h, w } = box;
    mark.style.top = `${(top / h) * 100}%`;
    mark.style.left = `${(left / w) * 100}%`;
    mark.style.height = `${(side / h) * 100}%`;
    mark.style.width = `${(side / w) * 100}%`;
  };
}

// Step shows the next window (or starts again after the last); Reset hides them all.
function wireStepButtons(stepButton, resetButton, { stop, show, next }) {
  stepButton.addEventListener('click', () => {
    stop();
    const n = next();
    if (n !== null) show(n);
  });
  resetButton.addEventListener('click', () => {
    stop();
    show(-1);
  });
}

/**
 * pipeline: what the app knows of the last run: detected(), condensed(n), settings(),
 * detectImage() (its colour scale), detectViz() (the element the Detect map is drawn in),
 * inputGeneration().
 */
export function createPoolStep(context, pipeline) {
  const gridIn = $('ps-in');
  const gridOut = $('ps-out');
  const caption = $('ps-caption');
  const playButton = $('ps-play');
  const stepButton = $('ps-step');
  const resetButton = $('ps-reset');
  const inTitle = $('ps-in-title');
  const outTitle = $('ps-out-title');
  const lede = $('ps-lede');

  let centre = null; // [y, x] chosen by the user, as a fraction of the map
  let crop = null; // { top, left, h, w, data, out, outH, outW, oy0, ox0, k, s, type }
  let step = -1;
  let timer = 0;
  let inCells = [];
  let outCells = [];
  let lastKey = '';
  const markCrop = cropMark(pipeline.detectViz && pipeline.detectViz());

  // The user picked pixel (y, x) of the Detect map: move the crop there.
  function pick(y, x) {
    const d = pipeline.detected();
    if (!d) return;
    const [h, w] = dims(d);
    centre = [y / h, x / w];
    lastKey = '';
    refresh();
    caption.textContent = `Crop moved to row ${y}, column ${x} of the Detect map. Press Play or Step.`;
  }

  function stop() {
    clearInterval(timer);
    timer = 0;
    playButton.textContent = 'Play';
    playButton.setAttribute('aria-pressed', 'false');
  }

  function refresh() {
    const cd = context.cd();
    const d = pipeline.detected();
    const s = pipeline.settings();
    const condensed = pipeline.condensed(0);
    if (!cd || !d) {
      markCrop(null);
      return;
    }
    const [h, w] = dims(d);
    const k = s.pool.size;
    const st = s.pool.stride;
    const key = JSON.stringify([s.pool, h, w, centre, s.kernel, s.convPadding, pipeline.inputGeneration(), cd.backend]);
    if (key === lastKey) return;
    lastKey = key;
    stop();

    const side = Math.min(CROP, h, w);
    if (side < k) {
      crop = null;
      markCrop(null);
      gridIn.replaceChildren();
      gridOut.replaceChildren();
      caption.textContent = `The Detect map (${h}×${w}) is smaller than the ${k}×${k} window.`;
      return;
    }
    const { top, left, oy0, ox0, data, cropTensor, out, outH, outW } = cropAt(cd, d, s.pool, side, centre);

    // Colours on the Detect panel's own scale, so the crop looks like the panel.
    const detectImage = pipeline.detectImage();
    const range = detectImage
      ? { vmin: detectImage.vmin, vmax: Math.max(detectImage.vmax, detectImage.vmin + 1e-6) }
      : {};
    const inRgba = cd.toImageData(cropTensor, range).data;
    const outRgba = cd.toImageData(out, range).data;

    markCrop({ top, left, side, h, w });
    const matches = sameCells(condensed, out, oy0, ox0);
    crop = { top, left, side, data, out: out.data, outH, outW, oy0, ox0, k, s: st, type: s.pool.type, matches };

    gridIn.style.setProperty('--n', side);
    gridOut.style.setProperty('--n', outW);
    inCells = [...data].map((v, j) => cell(v, inRgba, j));
    outCells = [...out.data].map((v, j) => cell(v, outRgba, j));
    outCells.forEach((c) => c.classList.add('hidden-value'));
    gridIn.replaceChildren(...inCells);
    gridOut.replaceChildren(...outCells);
    describeCrop(
      { inTitle, outTitle, gridIn, gridOut, lede },
      { side, k, st, type: s.pool.type, top, left, oy0, ox0, outH, outW },
    );
    step = -1;
    caption.textContent = 'Press Play or Step to slide the window.';
  }

  function show(n) {
    if (!crop) return;
    const total = crop.outH * crop.outW;
    step = n;
    inCells.forEach((c) => c.classList.remove('in-window', 'winner'));
    outCells.forEach((c, j) => {
      c.classList.toggle('hidden-value', j > n);
      c.classList.toggle('current', j === n);
    });
    if (n < 0) {
      caption.textContent = 'Press Play or Step to slide the window.';
      return;
    }
    const oy = Math.floor(n / crop.outW);
    const ox = n % crop.outW;
    const { cells, best } = windowCells(crop, oy, ox);
    cells.forEach((j) => inCells[j].classList.add('in-window'));
    const vals = cells.map((j) => crop.data[j]);
    if (crop.type === 'max') inCells[best].classList.add('winner');
    const v = crop.out[n];
    const fn = crop.type === 'max' ? 'max' : 'mean';
    caption.textContent =
      `Step ${n + 1} of ${total}: output (${oy}, ${ox}) = ${fn}(${vals.map(fmt).join(', ')}) = ${fmt(v)}` +
      (n === total - 1 && crop.matches ? ' — the same values as the Condense panel.' : '');
  }

  playButton.addEventListener('click', () => {
    if (timer) {
      stop();
      return;
    }
    if (!crop) return;
    if (step >= crop.outH * crop.outW - 1) show(-1);
    playButton.textContent = 'Pause';
    playButton.setAttribute('aria-pressed', 'true');
    const advance = () => {
      if (step >= crop.outH * crop.outW - 1) {
        stop();
        return;
      }
      show(step + 1);
    };
    advance();
    timer = setInterval(advance, 650);
  });
  wireStepButtons(stepButton, resetButton, {
    stop,
    show,
    next: () => (crop ? (step >= crop.outH * crop.outW - 1 ? -1 : step + 1) : null),
  });

  return {
    refresh,
    pick,
    snapshot: () => snapshotOf(crop, step, caption),
  };
}
