// A trained CNN on the current image: Tiny VGG (CNN Explainer's model) run layer by layer on
// condense's core API (../lib/tiny-vgg.mjs), every layer's feature maps drawn, and the ten class
// scores as bars.
import { lastMaps, modelInput, runModel, TINY_VGG_CLASSES, TINY_VGG_SIZE } from '../lib/tiny-vgg.mjs';
import { fitRegion } from '../lib/samples.mjs';
import { drawRgb, layerScales, zeroShare } from './cnn-draw.mjs';

const $ = (id) => document.getElementById(id);
const pct = (p) => `${(100 * p).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;

/** The rows of maps: one per 4-D layer output, ten canvases each (built once). */
function buildRows(root, layers) {
  root.textContent = '';
  return layers
    .filter((l) => l.output.shape.length === 4)
    .map((l) => {
      const [, h, w, c] = l.output.shape;
      const row = document.createElement('div');
      row.className = `cnn-row kind-${l.kind.toLowerCase()}`;
      row.dataset.layer = l.name;
      row.innerHTML = `<div class="cnn-row-head"><code class="cnn-name"></code> <span class="cnn-what"></span>
        <span class="cnn-shape"></span> <span class="cnn-zero fine"></span></div><div class="cnn-maps"></div>`;
      row.querySelector('.cnn-name').textContent = l.name;
      row.querySelector('.cnn-what').textContent = l.what;
      row.querySelector('.cnn-shape').textContent = `→ ${h}×${w}×${c}`;
      const maps = Array.from({ length: c }, (_, k) => {
        const canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        canvas.setAttribute('role', 'img');
        canvas.title = `${l.name}, channel ${k + 1}`;
        row.querySelector('.cnn-maps').append(canvas);
        return canvas;
      });
      root.append(row);
      return { name: l.name, row, maps, zero: row.querySelector('.cnn-zero') };
    });
}

function drawLayers(cd, rows, result) {
  const scales = layerScales(result.layers);
  rows.forEach((r) => {
    const layer = result.layers.find((l) => l.name === r.name);
    const [, h, w, c] = layer.output.shape;
    const { vmin, vmax } = scales.get(r.name);
    const plane = new Float32Array(h * w);
    for (let k = 0; k < c; k++) {
      for (let i = 0; i < h * w; i++) plane[i] = layer.output.data[i * c + k];
      const canvas = r.maps[k];
      canvas.getContext('2d').putImageData(cd.toImageData({ shape: [h, w], data: plane }, { vmin, vmax }), 0, 0);
      canvas.setAttribute('aria-label', `${r.name}, channel ${k + 1} of ${c}, ${h} by ${w}`);
    }
    r.zero.textContent = layer.kind === 'Conv2D' ? '' : `${pct(zeroShare(layer.output.data))} zero`;
  });
}

function drawScores(root, probs) {
  const order = probs.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  root.textContent = '';
  order.forEach(({ p, i }, rank) => {
    const li = document.createElement('li');
    li.className = rank === 0 ? 'best' : '';
    li.innerHTML =
      '<span class="cls"></span><span class="track"><span class="fill"></span></span><span class="p"></span>';
    li.querySelector('.cls').textContent = TINY_VGG_CLASSES[i];
    li.querySelector('.fill').style.width = `${(100 * p).toFixed(2)}%`;
    li.querySelector('.p').textContent = pct(p);
    li.setAttribute('aria-label', `${TINY_VGG_CLASSES[i]}: ${pct(p)}`);
    root.append(li);
  });
  return order;
}

export function createCnn(context, input, tinyVgg) {
  const layersRoot = $('cnn-layers');
  const inputCanvas = $('cnn-input');
  const inputCaption = $('cnn-input-caption');
  const scoresRoot = $('cnn-scores');
  const verdict = $('cnn-verdict');
  const time = $('cnn-time');
  let rows = null;
  let result = null;

  function refresh() {
    const cd = context.cd();
    const src = input.source();
    const model = tinyVgg.model();
    if (tinyVgg.error()) {
      verdict.textContent = `The trained model could not be loaded (${tinyVgg.error().message}): this section stays empty.`;
      return;
    }
    if (!cd || !src || !model) return;
    const r = fitRegion(src.width, src.height, TINY_VGG_SIZE, 'crop');
    const image = src.canvas.getContext('2d', { willReadFrequently: true }).getImageData(r.sx, r.sy, r.sw, r.sh);
    const t0 = performance.now();
    const x = modelInput(cd, image);
    const inputMs = performance.now() - t0;
    const run = runModel(cd, model, x);
    if (!rows) rows = buildRows(layersRoot, run.layers);
    drawRgb(inputCanvas, x);
    inputCaption.textContent = `${src.name}: the centre square at 64×64×3`;
    inputCanvas.setAttribute('aria-label', `The model's input: ${src.name}, centre square, 64 by 64, colour`);
    drawLayers(cd, rows, run);
    const order = drawScores(scoresRoot, run.probs);
    const best = order[0];
    verdict.innerHTML = `Tiny VGG says <strong></strong> (${pct(best.p)}).`;
    verdict.querySelector('strong').textContent = TINY_VGG_CLASSES[best.i];
    const convs = run.layers.filter((l) => l.kind === 'Conv2D').length;
    const pools = run.layers.filter((l) => l.kind === 'MaxPooling2D').length;
    time.textContent =
      `${convs} × conv2d (with bias), ${convs} × relu, ${pools} × maxPool2d and dense on ${cd.backend}: ` +
      `${run.ms.toFixed(1)} ms; the 64×64 input (crop and fromImageData): ${inputMs.toFixed(1)} ms.`;
    const maps = lastMaps(run);
    result = {
      name: src.name,
      backend: cd.backend,
      input: Array.from(x.data),
      inputShape: x.shape,
      layers: run.layers.map((l) => ({
        name: l.name,
        kind: l.kind,
        what: l.what,
        shape: l.output.shape,
        sum: l.output.data.reduce((a, b) => a + b, 0),
        zeroShare: zeroShare(l.output.data),
      })),
      logits: run.logits,
      probs: run.probs,
      top: order.slice(0, 3).map(({ p, i }) => ({ className: TINY_VGG_CLASSES[i], p })),
      lastMaps: { name: maps.name, shape: maps.output.shape },
      ms: run.ms,
      inputMs,
    };
  }

  return {
    refresh,
    snapshot: () => (result ? JSON.parse(JSON.stringify(result)) : null),
  };
}
