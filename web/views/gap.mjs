// Global average pooling of a trained CNN's last block, for two images: Tiny VGG's max_pool_2
// maps (13x13x10) of A (the current image) and B (a sample or a file), globalAvgPool2d's ten
// averages of each, their cosine similarity, and the Dense head's parameters with Flatten and
// with global average pooling. For contrast, the same pooling of a hand-made bank of 7x7 filters
// (without the bank's mirrored pairs, which average to the same score on every image).
import { decodeImageFile, ImageInputError } from '../lib/decode.mjs';
import { fetchSample, SAMPLE_NAMES } from '../lib/samples.mjs';
import { cosine, headParams } from '../lib/tiny-vgg.mjs';
import { BANK_INPUT, pooledFeatures, unmirroredBank } from '../lib/tiny-vgg-features.mjs';
import { drawRgb, pairBars } from './cnn-draw.mjs';

const $ = (id) => document.getElementById(id);
const n = (v) => v.toLocaleString('en');

function column(root) {
  const body = document.createElement('div');
  body.className = 'gap-body';
  body.innerHTML = `
    <figure class="gap-thumb"><canvas role="img" width="64" height="64"></canvas><figcaption></figcaption></figure>
    <p class="gap-title">max_pool_2 · 10 maps of 13×13</p>
    <div class="gap-maps"></div>
    <p class="gap-title">GlobalAvgPool2D · 10 numbers</p>
    <div class="gap-pooled" role="list"></div>`;
  root.append(body);
  const maps = Array.from({ length: 10 }, (_, k) => {
    const canvas = document.createElement('canvas');
    canvas.width = 13;
    canvas.height = 13;
    canvas.setAttribute('role', 'img');
    canvas.title = `channel ${k + 1}`;
    body.querySelector('.gap-maps').append(canvas);
    return canvas;
  });
  const cells = Array.from({ length: 10 }, (_, k) => {
    const cell = document.createElement('div');
    cell.className = 'gap-cell';
    cell.setAttribute('role', 'listitem');
    cell.innerHTML = `<span class="v"></span><span class="n">ch ${k + 1}</span>`;
    body.querySelector('.gap-pooled').append(cell);
    return cell;
  });
  return { thumb: body.querySelector('canvas'), caption: body.querySelector('figcaption'), maps, cells };
}

// One image's column: its 64x64 input, its ten 13x13 maps (channel k on the scale `scales[k]`,
// shared with the other column) and its ten averages coloured on 0..vmax.
function show(cd, col, f, name, scales, vmax) {
  drawRgb(col.thumb, f.x);
  col.thumb.setAttribute('aria-label', `${name}: the model's 64 by 64 input`);
  col.caption.textContent = name;
  const [, h, w, c] = f.maps.shape;
  const plane = new Float32Array(h * w);
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < h * w; i++) plane[i] = f.maps.data[i * c + k];
    const map = cd.toImageData({ shape: [h, w], data: plane }, { vmin: 0, vmax: scales[k] });
    col.maps[k].getContext('2d').putImageData(map, 0, 0);
    col.maps[k].setAttribute('aria-label', `${name}, max_pool_2 channel ${k + 1}: average ${f.pooled[k].toFixed(3)}`);
  }
  const colours = cd.toImageData({ shape: [1, c], data: Float32Array.from(f.pooled) }, { vmin: 0, vmax }).data;
  col.cells.forEach((cell, k) => {
    const [r, g, b] = [colours[k * 4], colours[k * 4 + 1], colours[k * 4 + 2]];
    cell.style.backgroundColor = `rgb(${r},${g},${b})`;
    cell.classList.toggle('light', r * 0.299 + g * 0.587 + b * 0.114 > 140);
    cell.querySelector('.v').textContent = f.pooled[k].toFixed(2);
    cell.setAttribute('aria-label', `channel ${k + 1}: ${f.pooled[k].toFixed(3)}`);
  });
}

function describeHead(table, model, mapsShape) {
  const dense = model.layers[model.layers.length - 1];
  const units = dense.kernel.shape[1];
  const [, h, w, c] = mapsShape;
  const p = headParams([h, w, c], units);
  const total = model.layers.reduce(
    (s, l) => s + (l.kernel ? l.kernel.data.length + (l.bias ? l.bias.data.length : 0) : 0),
    0,
  );
  table.querySelector('tbody').innerHTML = `
    <tr><th scope="row"><code>Flatten</code> → <code>Dense(${units})</code> <span class="fine">(this model)</span></th>
      <td>${h}×${w}×${c} = ${n(p.flattenInputs)}</td><td>${n(p.flattenInputs)}×${units} + ${units} = <b>${n(p.flatten)}</b></td></tr>
    <tr><th scope="row"><code>GlobalAvgPool2D</code> → <code>Dense(${units})</code></th>
      <td>${c}</td><td>${c}×${units} + ${units} = <b>${n(p.gap)}</b></td></tr>`;
  return { ...p, units, total };
}

export function createGap(context, input, tinyVgg) {
  const colA = column($('gap-a'));
  const colB = column($('gap-b'));
  const select = $('gap-b-select');
  const fileB = $('gap-file');
  const head = $('gap-head');
  const headNote = $('gap-head-note');
  const bars = $('gap-bars');
  const summary = $('gap-summary');
  const bankBars = $('gap-bank-bars');
  const bankSummary = $('gap-bank-summary');
  const bank = unmirroredBank();
  $('gap-bank-dropped').textContent = bank.dropped.map((d) => `“${d.name}” (= “${d.twin}”)`).join(' and ');
  let sourceB = null; // { canvas, width, height, name }
  let result = null;

  function refresh() {
    const cd = context.cd();
    const srcA = input.source();
    const model = tinyVgg.model();
    if (!cd || !srcA || !model) return;
    const a = pooledFeatures(cd, model, bank, srcA);
    const b = sourceB ? pooledFeatures(cd, model, bank, sourceB) : null;
    const c = a.maps.shape[3];
    const channelMax = (f, k) => f.maps.data.reduce((m, v, i) => (i % c === k && v > m ? v : m), 0);
    const scales = Array.from({ length: c }, (_, k) => Math.max(channelMax(a, k), b ? channelMax(b, k) : 0, 1e-6));
    const vmax = Math.max(...a.pooled, ...(b ? b.pooled : []), 1e-6);
    show(cd, colA, a, srcA.name, scales, vmax);
    if (b) show(cd, colB, b, sourceB.name, scales, vmax);
    const params = describeHead(head, model, a.maps.shape);
    headNote.textContent =
      `The whole model has ${n(params.total)} parameters; its Flatten head holds ${n(params.flatten)} of them ` +
      `(${Math.round((100 * params.flatten) / params.total)}%). With global average pooling the head would hold ` +
      `${n(params.gap)}, ${Math.round(params.flatten / params.gap)} times fewer — but Tiny VGG was trained with Flatten, ` +
      `so a GAP head would have to be trained; below is what it would be given.`;
    const labels = Array.from({ length: c }, (_, k) => `ch ${k + 1}`);
    pairBars(bars, labels, a.pooled, b ? b.pooled : null, { digits: 2 });
    pairBars(bankBars, bank.names, a.bankPooled, b ? b.bankPooled : null);
    const cos = b ? cosine(a.pooled, b.pooled) : null;
    const flatCos = b ? cosine(a.maps.data, b.maps.data) : null;
    const bankCos = b ? cosine(a.bankPooled, b.bankPooled) : null;
    summary.textContent = b
      ? `Cosine similarity of A's and B's ten averages: ${cos.toFixed(3)} (1 would be the same direction). ` +
        `Of the flattened maps (${n(a.maps.data.length)} numbers each): ${flatCos.toFixed(3)}.`
      : '';
    bankSummary.textContent = b
      ? `Cosine similarity of the ${bank.names.length} hand-made averages: ${bankCos.toFixed(3)}.`
      : '';
    const side = (f, name) => ({ name, pooled: f.pooled, bankPooled: f.bankPooled, mapsShape: f.maps.shape });
    result = {
      model: 'Tiny VGG',
      layer: 'max_pool_2',
      channels: c,
      A: side(a, srcA.name),
      B: b ? side(b, sourceB.name) : null,
      cosine: cos,
      flattenCosine: flatCos,
      head: params,
      bank: { filters: bank.names, dropped: bank.dropped, size: BANK_INPUT, cosine: bankCos },
    };
  }

  async function useB(file, name) {
    try {
      const decoded = await decodeImageFile(file);
      sourceB = { ...decoded, name };
      if (decoded.notice) context.messages.notice(decoded.notice);
      context.schedule({ gap: true });
    } catch (error) {
      const message =
        error instanceof ImageInputError ? error.message : `That image could not be used: ${error.message}`;
      context.messages.error(`Image B: ${message}`);
    }
  }

  async function loadB(name) {
    try {
      await useB(await fetchSample(name), SAMPLE_NAMES[name] ?? name);
    } catch (error) {
      context.messages.error(`The sample could not be loaded: ${error.message}`);
    }
  }

  select.addEventListener('change', () => {
    if (select.value !== 'upload') context.track(loadB(select.value));
  });
  fileB.addEventListener('change', () => {
    const file = fileB.files && fileB.files[0];
    fileB.value = '';
    if (!file) return;
    const option = select.querySelector('option[value="upload"]');
    context.track(
      useB(file, file.name).then(() => {
        if (sourceB && sourceB.name === file.name) {
          option.disabled = false;
          option.textContent = `your file: ${file.name}`;
          select.value = 'upload';
        }
      }),
    );
  });

  return {
    refresh,
    loadB: (name) => context.track(loadB(name)),
    snapshot: () => (result ? JSON.parse(JSON.stringify(result)) : null),
  };
}
