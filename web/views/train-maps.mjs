// What each model makes of the drawn digit: its ten probabilities as bars and every layer's
// output, coloured by condense's toImageData (the channels of a map side by side, one scale per
// layer). The worker sends the outputs; this file only draws them.
import { COLOURS } from './train-plot.mjs';

const NAMES = { pool: 'With pooling', flat: 'Without pooling' };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const fmtShape = (shape) => shape.join('×');

/** The bars of one model's ten probabilities, the winner marked. */
function predictionBlock(key, prediction) {
  const block = el('div', `train-pred ${key}`);
  const best = prediction.probs.indexOf(Math.max(...prediction.probs));
  const head = el('p', 'train-pred-head');
  head.append(el('span', `train-key ${key}`), `${NAMES[key]}: `);
  const answer = el('strong', 'train-answer', String(best));
  head.append(answer, ` (${(prediction.probs[best] * 100).toFixed(1)}%)`);
  block.append(head);
  const bars = el('div', 'train-bars');
  prediction.probs.forEach((p, d) => {
    const row = el('div', `train-bar${d === best ? ' best' : ''}`);
    const fill = el('span', 'train-bar-fill');
    fill.style.setProperty('width', `${(p * 100).toFixed(1)}%`);
    fill.style.setProperty('background', COLOURS[key]);
    row.append(el('span', 'train-bar-digit', String(d)), el('span', 'train-bar-track'));
    row.lastChild.append(fill);
    row.append(el('span', 'train-bar-value', `${(p * 100).toFixed(1)}%`));
    bars.append(row);
  });
  block.append(bars);
  return { block, best };
}

/** One layer's output as an image: [h, w, c] maps side by side (8 a row), a vector as a strip. */
function layerImage(cd, layer) {
  const { shape, data } = layer;
  if (shape.length === 3) {
    return cd.toImageData({ shape, data }, { colormap: 'magma', vmin: 0, grid: { columns: 8, gap: 1 } });
  }
  const n = shape[0];
  const columns = n >= 64 ? 32 : n;
  return cd.toImageData({ shape: [Math.ceil(n / columns), columns], data }, { colormap: 'magma', vmin: 0 });
}

function layerBlock(cd, layer) {
  const figure = el('figure', 'train-layer');
  const caption = el('figcaption', 'fine');
  caption.append(el('code', '', layer.name), ` ${layer.type} → ${fmtShape(layer.shape)}`);
  figure.append(caption);
  if (layer.type === 'Flatten') {
    figure.append(el('p', 'fine', `the maps above read as one row of ${layer.shape[0].toLocaleString('en')} numbers`));
    return figure;
  }
  const image = layerImage(cd, layer);
  const canvas = el('canvas', `train-map${layer.shape.length === 3 ? '' : ' strip'}`);
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d').putImageData(image, 0, 0);
  const peak = layer.data.reduce((m, v) => (v > m ? v : m), 0);
  let zeros = 0;
  for (const v of layer.data) zeros += v === 0 ? 1 : 0;
  canvas.setAttribute('aria-label', `${layer.name} output, ${fmtShape(layer.shape)}`);
  figure.append(canvas);
  const note = `0 (black) … ${peak.toPrecision(3)} (bright); ${((zeros / layer.data.length) * 100).toFixed(0)}% zero`;
  figure.append(el('p', 'fine train-layer-note', note));
  return figure;
}

/**
 * Shows both models' answers in `preds` and their layers' outputs in `maps`. `predictions`:
 * { pool?, flat? } each { probs, layers: [{ name, type, shape, data }] }. Returns the winners.
 */
export function showPredictions(cd, preds, maps, predictions) {
  preds.replaceChildren();
  maps.replaceChildren();
  const winners = {};
  for (const key of ['pool', 'flat']) {
    const p = predictions[key];
    if (!p) continue;
    const { block, best } = predictionBlock(key, p);
    winners[key] = best;
    preds.append(block);
    const column = el('div', `train-maps-col ${key}`);
    const title = el('h4', '', `${NAMES[key]}: every layer’s output`);
    column.append(title);
    if (cd) for (const layer of p.layers.slice(0, -1)) column.append(layerBlock(cd, layer));
    maps.append(column);
  }
  return winners;
}
