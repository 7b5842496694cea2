// The pipeline's figure, drawn: Input -> Filter -> Detect -> Condense (x1-5) panels, each with
// its map, its shape, its value range and the time its operation took. Knows nothing of how
// the maps are computed: show() takes a lesson result (../../bindings/lesson.mjs).
import { createBuffers, dims, stats } from '../lib/compute.mjs';
import { fmt, shapeText } from '../lib/geometry.mjs';

const $ = (id) => document.getElementById(id);
const msText = (v) => (v < 0.1 ? '< 0.1 ms' : `${v.toFixed(2)} ms`);

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
    <p class="meta"><span class="range"></span><span class="time"></span></p>`;
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
    markWindow: fig.querySelector('.mark.window'),
    markCell: fig.querySelector('.mark.cell'),
    image: null, // the last drawn ImageData (the inspector reads colours from it)
    tensor: null,
    dims: [0, 0],
  };
}

function fail(panel, message) {
  panel.error.textContent = message;
  panel.error.hidden = false;
  panel.canvas.classList.add('failed');
  panel.tensor = null;
  panel.image = null;
  panel.shape.textContent = '—';
  panel.range.textContent = '';
  panel.time.textContent = '';
  panel.canvas.setAttribute('aria-label', `${panel.name.textContent}: not computed. ${message}`);
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
  const buffer = createBuffers();
  let inputDrawn = null;

  // Draws a map in its panel. A map much larger than the panel on screen is first averaged
  // down to about the panel's device pixels (avgPool2d, as an image viewer would downscale),
  // with the colour scale of the full map: colouring 1024x1024 maps costs more than computing
  // them, and the screen could not show the extra pixels anyway.
  function draw(cd, panel, tensor, options = {}) {
    const [h, w] = dims(tensor);
    const onScreen = Math.max(
      1,
      Math.round((panel.canvas.parentElement.clientWidth || 300) * (window.devicePixelRatio || 1)),
    );
    const factor = Math.max(1, Math.floor(w / onScreen));
    let shown = tensor;
    let colour = options;
    if (factor >= 2) {
      const s = stats(tensor.data);
      colour = { ...options, vmin: options.vmin ?? s.min, vmax: options.vmax ?? s.max };
      const o = { poolSize: factor, padding: 'same' };
      const count = cd.outputShape('avgPool2d', tensor.shape, o).reduce((a, b) => a * b, 1);
      shown = cd.avgPool2d(tensor, { ...o, out: buffer(`display-${panel.stage}`, count) });
    }
    const [dh, dw] = dims(shown);
    if (panel.canvas.width !== dw || panel.canvas.height !== dh) {
      panel.canvas.width = dw;
      panel.canvas.height = dh;
    }
    panel.canvas.classList.toggle('pixelated', dw < 256 || dh < 256);
    const image = cd.toImageData(shown, colour);
    panel.ctx.putImageData(image, 0, 0);
    panel.image = image;
    panel.tensor = tensor;
    panel.dims = [h, w];
    panel.factor = factor;
    panel.fig.dataset.drawn = `${dh}x${dw}`;
    panel.range.textContent = `${fmt(image.vmin)} … ${fmt(image.vmax)}${factor > 1 ? ` · drawn 1:${factor}` : ''}`;
    panel.range.title =
      factor > 1
        ? `The ${h}×${w} map is drawn averaged ${factor}×${factor} to fit the screen; hover to read exact values.`
        : '';
    panel.error.hidden = true;
    panel.canvas.classList.remove('failed');
    return image;
  }

  // Input (drawn again only when it changed).
  function showInput(cd, x, source) {
    const p = panels[0];
    const [H, W] = dims(x);
    const width = p.canvas.parentElement.clientWidth;
    if (!inputDrawn || inputDrawn.x !== x || inputDrawn.width !== width) {
      draw(cd, p, x, { colormap: 'gray', vmin: 0, vmax: 1 });
      inputDrawn = { x, width };
    }
    p.name.textContent = 'Input';
    p.op.textContent = 'grayscale';
    p.shape.textContent = shapeText(H, W);
    p.time.textContent = '';
    p.canvas.setAttribute('aria-label', `Input: ${source ? source.name : 'the image'}, grayscale, ${H} by ${W} pixels`);
  }

  function showMap(cd, i, tensor, elapsed, inDims) {
    const p = panels[i];
    const [h, w] = dims(tensor);
    const image = draw(cd, p, tensor);
    p.shape.textContent = inDims ? `${shapeText(...inDims)} → ${shapeText(h, w)}` : shapeText(h, w);
    p.time.textContent = msText(elapsed);
    p.canvas.setAttribute(
      'aria-label',
      `${p.name.textContent}: ${h} by ${w} map, values from ${fmt(image.vmin)} to ${fmt(image.vmax)}`,
    );
  }

  /** Draws a lesson result (settings: the ones it ran with); returns the milliseconds spent drawing. */
  function show(cd, result, settings, source) {
    const t0 = performance.now();
    const { maps, timings, failed } = result;
    const why = (stage, otherwise) => (failed && failed.stage === stage ? failed.error.message : otherwise);
    showInput(cd, result.x, source);
    panels[1].name.textContent = 'Filter';
    panels[1].op.textContent = `conv2d 3×3 · ${settings.convPadding}`;
    panels[2].name.textContent = 'Detect';
    panels[2].op.textContent = 'ReLU · max(0, x)';
    if (maps.filter) showMap(cd, 1, maps.filter, timings.conv2d, dims(result.x));
    else fail(panels[1], why('filter'));
    if (maps.detect) showMap(cd, 2, maps.detect, timings.relu);
    else fail(panels[2], why('detect', 'needs the Filter map'));
    for (let step = 1; step <= maxRepeats; step++) {
      const p = panels[2 + step];
      const active = step <= settings.repeats;
      if (step > 1) p.fig.hidden = !active;
      if (!active) continue;
      p.name.textContent = step === 1 ? 'Condense' : `Condense ×${step}`;
      p.op.textContent = poolLabel(settings);
      const map = maps[p.stage];
      if (map) showMap(cd, 2 + step, map, timings.pool[step - 1], dims(panels[1 + step].tensor));
      else fail(p, why(p.stage, 'needs the map before it'));
    }
    moreSteps.hidden = settings.repeats < 2;
    return performance.now() - t0;
  }

  return {
    panels,
    show,
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
