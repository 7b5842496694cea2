// The pipeline's figure, drawn: Input -> Filter -> Detect -> Condense (x1-5) panels, each with
// its map, its shape, its value range, what share of it is zero / active (Detect, Condense), any
// values that are not finite, and the time its operation took. Knows nothing of how the maps are
// computed: show() takes a lesson result (../../bindings/lesson.mjs).
//
// Drawing: condense's toImageData colours each map in wasm straight into the ImageData that is
// put on the canvas, at the panel's size on screen: a map wider than its panel is drawn smaller,
// each drawn pixel the MAX of the block of the map it covers (never an average, which would dim
// thin ReLU edges and make Condense look brighter than Detect by display alone). Panels off
// screen are not coloured at all; they are drawn when they scroll into view.
import { dims } from '../lib/compute.mjs';
import { fmt, shapeText } from '../lib/geometry.mjs';

const $ = (id) => document.getElementById(id);
const msText = (v) => (v < 0.1 ? '< 0.1 ms' : `${v.toFixed(2)} ms`);
const pct = (n, total) => `${((100 * n) / Math.max(total, 1)).toFixed(1)}%`;
const count = (n) => n.toLocaleString('en-US');

/** The colour of values that are not finite (NaN, ±∞): not in magma, viridis or gray (live.css's .swatch.bad). */
export const BAD_COLOUR = [0, 230, 118, 255];

function poolLabel(s) {
  return `${s.pool.type === 'max' ? 'max' : 'avg'} pool ${s.pool.size}×${s.pool.size} · stride ${s.pool.stride} · ${s.pool.padding}`;
}

function makePanel(stage, small) {
  const fig = document.createElement('figure');
  fig.className = small ? 'panel small' : 'panel';
  fig.dataset.stage = stage;
  fig.innerHTML = `
    <figcaption><span class="stage-name"></span><span class="op"></span></figcaption>
    <div class="viz">
      <canvas tabindex="0" role="img" width="1" height="1"></canvas>
      <div class="mark window" hidden></div>
      <div class="mark cell" hidden></div>
      <p class="panel-error" hidden></p>
    </div>
    <p class="shape"></p>
    <p class="meta"><span class="range"></span><span class="time"></span></p>
    <p class="counts" hidden></p>
    <p class="bad-note" hidden></p>`;
  const canvas = fig.querySelector('canvas');
  return {
    stage,
    fig,
    canvas,
    ctx: canvas.getContext('2d', { willReadFrequently: true }),
    name: fig.querySelector('.stage-name'),
    op: fig.querySelector('.op'),
    shape: fig.querySelector('.shape'),
    range: fig.querySelector('.range'),
    time: fig.querySelector('.time'),
    error: fig.querySelector('.panel-error'),
    counts: fig.querySelector('.counts'),
    badNote: fig.querySelector('.bad-note'),
    markWindow: fig.querySelector('.mark.window'),
    markCell: fig.querySelector('.mark.cell'),
    image: null, // the last drawn ImageData, with its colour scale (the inspector reads vmin / vmax)
    pixels: null, // the ImageData the map is coloured into (reused while its size holds)
    tensor: null,
    dims: [0, 0],
    visible: true, // on screen (IntersectionObserver); until told otherwise, assume so
    pending: null, // what to draw when the panel scrolls into view
  };
}

// A stage that did not run: its panel is cleared (no stale map under the message).
function fail(panel, message) {
  panel.error.textContent = message;
  panel.error.hidden = false;
  panel.ctx.clearRect(0, 0, panel.canvas.width, panel.canvas.height);
  panel.fig.dataset.drawn = 'cleared';
  panel.tensor = null;
  panel.image = null;
  panel.stats = null;
  panel.pending = null;
  panel.shape.textContent = '—';
  panel.range.textContent = '';
  panel.range.title = '';
  panel.time.textContent = '';
  panel.counts.hidden = true;
  panel.badNote.hidden = true;
  panel.fig.removeAttribute('data-zero');
  panel.fig.removeAttribute('data-non-finite');
  panel.canvas.setAttribute('aria-label', `${panel.name.textContent}: not computed. ${message}`);
}

// The drawn size: the map's, or the panel's width in device pixels when the map is wider
// (the height in proportion).
function drawnSize(panel, h, w) {
  const css = panel.cssWidth || panel.canvas.parentElement.clientWidth || 300;
  const px = Math.max(1, Math.round(css * (window.devicePixelRatio || 1)));
  if (w <= px) return [h, w];
  return [Math.max(1, Math.min(h, Math.round((h * px) / w))), px];
}

// Colours `tensor` into the panel's pixels in wasm (autoscaled to the whole map unless
// vmin / vmax are given) and puts them on the canvas; the captions come from the same call's
// count of the whole map (zero, active, not finite).
function paint(cd, panel, tensor, { colormap = 'magma', vmin, vmax, counts = false }) {
  const [h, w] = dims(tensor);
  const [dh, dw] = drawnSize(panel, h, w);
  if (panel.canvas.width !== dw || panel.canvas.height !== dh) {
    panel.canvas.width = dw;
    panel.canvas.height = dh;
  }
  if (!panel.pixels || panel.pixels.width !== dw || panel.pixels.height !== dh) {
    panel.pixels = new ImageData(dw, dh);
  }
  panel.canvas.classList.toggle('pixelated', dw < 256 || dh < 256);
  const image = cd.toImageData(tensor, {
    colormap,
    vmin,
    vmax,
    size: [dh, dw],
    bad: BAD_COLOUR,
    infinite: 'bad',
    out: panel.pixels,
  });
  panel.ctx.putImageData(image, 0, 0);
  panel.image = image;
  panel.pending = null;
  panel.fig.dataset.drawn = `${dh}x${dw}`;
  caption(panel, image, counts, w / dw, [h, w, dh, dw]);
  return image;
}

function caption(panel, image, counts, ratio, [h, w, dh, dw]) {
  const s = image.stats;
  const finite = !Number.isNaN(s.min);
  const nonFinite = s.nan + s.posInf + s.negInf;
  panel.stats = { ...s, nonFinite };
  panel.fig.dataset.zero = String(s.zeros / s.count);
  panel.fig.dataset.nonFinite = String(nonFinite);
  const range = finite ? `${fmt(image.vmin)} … ${fmt(image.vmax)}` : 'no finite value';
  panel.range.textContent = `${range}${ratio > 1 ? ` · drawn 1:${ratio.toFixed(1)}` : ''}`;
  panel.range.title =
    ratio > 1
      ? `The ${h}×${w} map is drawn ${dh}×${dw} to fit the screen: each drawn pixel shows the MAX of the ${ratio.toFixed(1)}×${ratio.toFixed(1)} block it covers, so thin edges keep their brightness. Hover to read exact values.`
      : '';
  panel.counts.hidden = !counts;
  if (counts) {
    panel.counts.innerHTML = `<span class="zero"><b>${pct(s.zeros, s.count)}</b> zero</span><span class="active"><b>${pct(s.positive, s.count)}</b> active</span>`;
    panel.counts.title = `${count(s.zeros)} of ${count(s.count)} values are exactly 0; ${count(s.positive)} are above 0.`;
  }
  panel.badNote.hidden = nonFinite === 0;
  if (nonFinite > 0) {
    const kinds = [
      [s.posInf, '+∞'],
      [s.negInf, '−∞'],
      [s.nan, 'NaN'],
    ]
      .filter(([n]) => n > 0)
      .map(([n, k]) => `${count(n)} ${k}`)
      .join(', ');
    panel.badNote.innerHTML = `<span class="swatch bad" aria-hidden="true"></span>${pct(nonFinite, s.count)} not finite (${kinds}): drawn as “bad”`;
  }
}

// Keeps each panel's `visible` (IntersectionObserver; onVisible(panel) when it scrolls into
// view) and `cssWidth` (ResizeObserver: reading clientWidth while captions change would lay the
// page out again for every panel).
function watch(panels, onVisible) {
  if (typeof IntersectionObserver === 'function') {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const panel = panels.find((p) => p.fig === entry.target);
          panel.visible = entry.isIntersecting;
          if (panel.visible) onVisible(panel);
        }
      },
      { rootMargin: '64px' },
    );
    panels.forEach((p) => observer.observe(p.fig));
  }
  if (typeof ResizeObserver === 'function') {
    const sizes = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const panel = panels.find((p) => p.canvas.parentElement === entry.target);
        panel.cssWidth = entry.contentRect.width;
      }
    });
    panels.forEach((p) => sizes.observe(p.canvas.parentElement));
  }
}

export function createPanels({ maxRepeats }) {
  const figure = $('figure');
  const stepsRow = $('steps-row');
  const moreSteps = $('more-steps');
  const panels = [makePanel('input'), makePanel('filter'), makePanel('detect'), makePanel('condense-1')];
  panels.forEach((p) => figure.append(p.fig));
  for (let i = 2; i <= maxRepeats; i++) {
    const p = makePanel(`condense-${i}`, true);
    p.fig.hidden = true;
    stepsRow.append(p.fig);
    panels.push(p);
  }
  panels[0].canvas.removeAttribute('tabindex'); // nothing to inspect before the input
  let inputDrawn = null;
  let engine = null; // the condense instance of the last show(), for panels drawn on scrolling in

  // A map in its panel: drawn (and counted) now if the panel is on screen, else when it
  // scrolls into view.
  function draw(cd, panel, tensor, options = {}) {
    panel.tensor = tensor;
    panel.dims = dims(tensor);
    panel.error.hidden = true;
    if (panel.visible) return paint(cd, panel, tensor, options);
    panel.pending = { tensor, options };
    panel.fig.dataset.drawn = 'off-screen';
    return null;
  }

  // Panels scrolling into view draw what they were last given; off screen, nothing is coloured.
  watch(panels, (panel) => {
    if (panel.pending && engine) paint(engine, panel, panel.pending.tensor, panel.pending.options);
  });

  // Input (drawn again only when it changed).
  function showInput(cd, x, source) {
    const p = panels[0];
    const [H, W] = dims(x);
    const width = p.cssWidth || p.canvas.parentElement.clientWidth;
    if (!inputDrawn || inputDrawn.x !== x || inputDrawn.width !== width || (p.pending && p.visible)) {
      draw(cd, p, x, { colormap: 'gray', vmin: 0, vmax: 1 });
      inputDrawn = { x, width };
    }
    p.name.textContent = 'Input';
    p.op.textContent = 'grayscale';
    p.shape.textContent = shapeText(H, W);
    p.time.textContent = '';
    p.canvas.setAttribute('aria-label', `Input: ${source ? source.name : 'the image'}, grayscale, ${H} by ${W} pixels`);
  }

  function showMap(cd, i, tensor, elapsed, inDims, counts) {
    const p = panels[i];
    const [h, w] = dims(tensor);
    const image = draw(cd, p, tensor, { counts });
    p.shape.textContent = inDims ? `${shapeText(...inDims)} → ${shapeText(h, w)}` : shapeText(h, w);
    p.time.textContent = msText(elapsed);
    if (!image) return;
    const s = p.stats;
    const zero = counts ? `, ${pct(s.zeros, s.count)} zero` : '';
    const bad = s.nonFinite ? `, ${count(s.nonFinite)} values not finite` : '';
    p.canvas.setAttribute(
      'aria-label',
      `${p.name.textContent}: ${h} by ${w} map, values from ${fmt(image.vmin)} to ${fmt(image.vmax)}${zero}${bad}`,
    );
  }

  /** Draws a lesson result (settings: the ones it ran with); returns the milliseconds spent drawing. */
  function show(cd, result, settings, source) {
    const t0 = performance.now();
    engine = cd;
    const { maps, timings, failed } = result;
    const why = (stage, otherwise) => (failed && failed.stage === stage ? failed.error.message : otherwise);
    showInput(cd, result.x, source);
    panels[1].name.textContent = 'Filter';
    panels[1].op.textContent = `conv2d 3×3 · ${settings.convPadding}`;
    panels[2].name.textContent = 'Detect';
    panels[2].op.textContent = 'ReLU · max(0, x)';
    if (maps.filter) showMap(cd, 1, maps.filter, timings.conv2d, dims(result.x), false);
    else fail(panels[1], why('filter'));
    if (maps.detect) showMap(cd, 2, maps.detect, timings.relu, undefined, true);
    else fail(panels[2], why('detect', 'needs the Filter map'));
    for (let step = 1; step <= maxRepeats; step++) {
      const p = panels[2 + step];
      const active = step <= settings.repeats;
      if (step > 1) p.fig.hidden = !active;
      if (!active) continue;
      p.name.textContent = step === 1 ? 'Condense' : `Condense ×${step}`;
      p.op.textContent = poolLabel(settings);
      const map = maps[p.stage];
      if (map) showMap(cd, 2 + step, map, timings.pool[step - 1], dims(panels[1 + step].tensor), true);
      else fail(p, why(p.stage, 'needs the map before it'));
    }
    moreSteps.hidden = settings.repeats < 2;
    return performance.now() - t0;
  }

  return {
    panels,
    show,
    /** What each panel's captions count: { stage: { zero, active, nonFinite, drawn } }. */
    counts: () =>
      Object.fromEntries(
        panels
          .filter((p) => p.stats && p.tensor && !p.fig.hidden)
          .map((p) => [
            p.stage,
            {
              zero: p.stats.zeros / p.stats.count,
              active: p.stats.positive / p.stats.count,
              nonFinite: p.stats.nonFinite,
              drawn: p.fig.dataset.drawn,
              counts: p.counts.hidden ? null : p.counts.textContent,
              badNote: p.badNote.hidden ? null : p.badNote.textContent,
            },
          ]),
      ),
    /** The shape labels, by stage. */
    label: (stage) => panels.find((p) => p.stage === stage).shape.textContent,
    /** Values of a rectangle of a stage's last map ('input', 'filter', 'detect', 'condense-N'), row-major. */
    region(stage, top, left, h, w) {
      const p = panels.find((q) => q.stage === stage);
      if (!p || !p.tensor) return null;
      const [, mw] = p.dims;
      const out = [];
      for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) out.push(p.tensor.data[y * mw + x]);
      return out;
    },
  };
}
