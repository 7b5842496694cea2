// Global average pooling: a bank of 16 named filters applied to two images (one conv2d with a
// [7, 7, 1, 16] kernel and ReLU), 16 feature maps each, reduced by globalAvgPool2d to 16 scores
// shown as the lesson's "Pooled Feature Maps" grid of coloured cells.
import { BANK, BANK_SIZE, bankTensor } from '../lib/filters.mjs';
import { decodeImageFile, ImageInputError } from '../lib/decode.mjs';
import { fitRegion, fetchSample, SAMPLE_NAMES } from '../lib/samples.mjs';
import { fmt } from '../lib/geometry.mjs';

const $ = (id) => document.getElementById(id);
export const GAP_SIZE = 224;
const N = BANK.length;

// The p-th percentile of non-negative values, from a 1024-bin histogram (sorting 16 maps of
// 50,000 floats on every image change would cost more than the convolution).
function percentile(values, p) {
  let peak = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > peak) peak = values[i];
  if (peak <= 0) return 1e-6;
  const bins = new Uint32Array(1024);
  for (let i = 0; i < values.length; i++) bins[Math.min(1023, Math.floor((values[i] / peak) * 1024))]++;
  let seen = 0;
  const want = p * values.length;
  for (let b = 0; b < 1024; b++) {
    seen += bins[b];
    if (seen >= want) return Math.max(((b + 1) / 1024) * peak, 1e-6);
  }
  return peak;
}

function column(root) {
  const wrap = document.createElement('div');
  wrap.className = 'gap-body';
  wrap.innerHTML = `
    <figure class="gap-thumb"><canvas role="img" width="${GAP_SIZE}" height="${GAP_SIZE}"></canvas><figcaption></figcaption></figure>
    <div class="gap-maps-wrap">
      <p class="gap-title">16 feature maps <span class="fine maps-note"></span></p>
      <div class="gap-maps"></div>
    </div>
    <div class="gap-pooled-wrap">
      <p class="gap-title">Pooled Feature Maps <span class="fine">(globalAvgPool2d: 16 numbers)</span></p>
      <div class="gap-pooled" role="table" aria-label="Pooled feature maps: one average per filter"></div>
    </div>
    <p class="gap-time fine"></p>`;
  root.append(wrap);
  const tiles = BANK.map((f) => {
    const tile = document.createElement('figure');
    tile.className = 'gap-tile';
    tile.innerHTML = `<canvas class="map" role="img" width="1" height="1"></canvas>
      <figcaption><canvas class="kernel-icon" width="${BANK_SIZE}" height="${BANK_SIZE}" aria-hidden="true"></canvas><span class="name"></span><span class="value"></span></figcaption>`;
    tile.querySelector('.name').textContent = f.name;
    wrap.querySelector('.gap-maps').append(tile);
    return {
      map: tile.querySelector('canvas.map'),
      icon: tile.querySelector('canvas.kernel-icon'),
      value: tile.querySelector('.value'),
    };
  });
  const cells = BANK.map((f) => {
    const cell = document.createElement('div');
    cell.className = 'gap-cell';
    cell.setAttribute('role', 'cell');
    cell.innerHTML = '<span class="v"></span><span class="n"></span>';
    cell.querySelector('.n').textContent = f.name;
    wrap.querySelector('.gap-pooled').append(cell);
    return cell;
  });
  return {
    thumb: wrap.querySelector('.gap-thumb canvas'),
    caption: wrap.querySelector('.gap-thumb figcaption'),
    time: wrap.querySelector('.gap-time'),
    note: wrap.querySelector('.maps-note'),
    tiles,
    cells,
  };
}

// Each filter of the bank as a small gray icon beside its map.
function drawIcons(cd, col) {
  BANK.forEach((f, i) => {
    const m = Math.max(...f.k.map(Math.abs));
    const img = cd.toImageData(
      { shape: [BANK_SIZE, BANK_SIZE], data: Float32Array.from(f.k) },
      { colormap: 'gray', vmin: -m, vmax: m },
    );
    col.tiles[i].icon.getContext('2d').putImageData(img, 0, 0);
  });
}

// One image's column: its grayscale input, the 16 maps and the 16 pooled scores (coloured on 0..vmax).
function show(cd, col, f, name, vmax) {
  const [, xh, xw] = f.x.shape;
  col.thumb.width = xw;
  col.thumb.height = xh;
  col.thumb.getContext('2d').putImageData(cd.toImageData(f.x, { colormap: 'gray', vmin: 0, vmax: 1 }), 0, 0);
  col.thumb.setAttribute('aria-label', `${name}, grayscale, ${xh} by ${xw}`);
  col.caption.textContent = `${name} · ${xh}×${xw}`;
  const [, h, w] = f.mapsShape;
  const plane = new Float32Array(h * w);
  col.note.textContent = `(${h}×${w} each after a valid 7×7 convolution and ReLU; each drawn from 0 to its own 99th percentile)`;
  BANK.forEach((filter, c) => {
    for (let i = 0; i < h * w; i++) plane[i] = f.maps.data[i * N + c];
    const tile = col.tiles[c];
    tile.map.width = w;
    tile.map.height = h;
    tile.map
      .getContext('2d')
      .putImageData(cd.toImageData({ shape: [h, w], data: plane }, { vmin: 0, vmax: percentile(plane, 0.99) }), 0, 0);
    tile.map.setAttribute('aria-label', `Feature map “${filter.name}” of ${name}: average ${fmt(f.pooled[c])}`);
    tile.value.textContent = f.pooled[c].toFixed(3);
  });
  const colours = cd.toImageData({ shape: [4, 4], data: Float32Array.from(f.pooled) }, { vmin: 0, vmax }).data;
  col.cells.forEach((cell, c) => {
    const [r, g, b] = [colours[c * 4], colours[c * 4 + 1], colours[c * 4 + 2]];
    cell.style.backgroundColor = `rgb(${r},${g},${b})`;
    cell.classList.toggle('light', r * 0.299 + g * 0.587 + b * 0.114 > 140);
    cell.querySelector('.v').textContent = f.pooled[c].toFixed(3);
    cell.setAttribute('aria-label', `${BANK[c].name}: ${f.pooled[c].toFixed(3)}`);
  });
  col.time.textContent = `conv2d (16 filters) ${f.convMs.toFixed(1)} ms · globalAvgPool2d ${f.gapMs.toFixed(2)} ms`;
}

// What sets two images apart in the 16 scores, and the cosine similarity of the two vectors.
function compare(a, b) {
  const dot = a.pooled.reduce((s, v, i) => s + v * b.pooled[i], 0);
  const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const cosine = dot / (norm(a.pooled) * norm(b.pooled) || 1);
  const higher = (x, y) =>
    x.pooled
      .map((v, i) => ({ i, r: (v + 1e-4) / (y.pooled[i] + 1e-4) }))
      .filter(({ r }) => r >= 1.1)
      .sort((p, q) => q.r - p.r)
      .slice(0, 3)
      .map(({ i }) => `${BANK[i].name} (${a.pooled[i].toFixed(3)} vs ${b.pooled[i].toFixed(3)})`);
  const list = (items) => (items.length ? items.join(', ') : 'none of the 16');
  const text =
    `A scores at least 10% higher on ${list(higher(a, b))}; B on ${list(higher(b, a))}. ` +
    `Cosine similarity of the two 16-number vectors: ${cosine.toFixed(3)}. A classifier head only sees these 16 numbers per image.`;
  return { text, cosine };
}

export function createGap(context, input) {
  const colA = column($('gap-a'));
  const colB = column($('gap-b'));
  const select = $('gap-b-select');
  const fileB = $('gap-file');
  const summary = $('gap-summary');
  const reduction = $('gap-reduction');
  const bank = bankTensor();
  let sourceB = null; // { canvas, width, height, name }
  let result = null;
  let iconsDrawn = null;

  function describeReduction(h, w) {
    const n = (v) => v.toLocaleString('en');
    reduction.innerHTML =
      `Each ${h}×${w} feature map (${n(h * w)} numbers) → <b>1 number</b>: ` +
      `${N} maps × ${n(h * w)} = ${n(N * h * w)} numbers become <b>${N}</b>, a reduction by a factor of ${n(h * w)}.`;
  }

  function tensorOf(src) {
    const cd = context.cd();
    const r = fitRegion(src.width, src.height, GAP_SIZE, input.fit());
    const image = src.canvas.getContext('2d', { willReadFrequently: true }).getImageData(r.sx, r.sy, r.sw, r.sh);
    return cd.fromImageData(image, { channels: 1, size: r.out });
  }

  function features(x) {
    const cd = context.cd();
    const t0 = performance.now();
    // 'valid': no zero padding, so the image border does not light up as an edge.
    const maps = cd.conv2d(x, bank, { padding: 'valid', activation: 'relu' });
    const t1 = performance.now();
    const pooled = cd.globalAvgPool2d(maps);
    const t2 = performance.now();
    return {
      x,
      maps,
      pooled: Array.from(pooled.data),
      pooledShape: pooled.shape,
      mapsShape: maps.shape,
      convMs: t1 - t0,
      gapMs: t2 - t1,
    };
  }

  function refresh() {
    const cd = context.cd();
    const srcA = input.source();
    if (!cd || !srcA) return;
    if (iconsDrawn !== cd) {
      drawIcons(cd, colA);
      drawIcons(cd, colB);
      iconsDrawn = cd;
    }
    const a = features(tensorOf(srcA));
    const b = sourceB ? features(tensorOf(sourceB)) : null;
    const vmax = Math.max(...a.pooled, ...(b ? b.pooled : []), 1e-6);
    describeReduction(a.mapsShape[1], a.mapsShape[2]);
    show(cd, colA, a, srcA.name, vmax);
    if (b) show(cd, colB, b, sourceB.name, vmax);

    const { text, cosine } = b ? compare(a, b) : { text: '', cosine: null };
    summary.textContent = text;
    result = {
      size: GAP_SIZE,
      filters: BANK.map((f) => f.name),
      A: {
        name: srcA.name,
        mapsShape: a.mapsShape,
        pooledShape: a.pooledShape,
        pooled: a.pooled,
        convMs: a.convMs,
        gapMs: a.gapMs,
      },
      B: b
        ? {
            name: sourceB.name,
            mapsShape: b.mapsShape,
            pooledShape: b.pooledShape,
            pooled: b.pooled,
            convMs: b.convMs,
            gapMs: b.gapMs,
          }
        : null,
      cosine,
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
