// Drawing helpers of the CNN and global-average-pooling views: the model's RGB input, the colour
// scale each layer's maps share, the share of zeros, and paired bars (A above B) for two vectors.

/** Draws a [1, h, w, 3] tensor in [0, 1] as an RGB picture on `canvas` (sized to it). */
export function drawRgb(canvas, x) {
  const [, h, w] = x.shape;
  canvas.width = w;
  canvas.height = h;
  const image = new ImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < 3; c++) image.data[i * 4 + c] = Math.round(Math.min(1, Math.max(0, x.data[i * 3 + c])) * 255);
    image.data[i * 4 + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

function range(data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < lo) lo = data[i];
    if (data[i] > hi) hi = data[i];
  }
  return { vmin: lo, vmax: hi > lo ? hi : lo + 1e-6 };
}

/**
 * The colour scale of each layer's maps: a convolution from its lowest (black) to its highest
 * value; the ReLU and max pooling after it from 0 (black: the dead space) to that same highest
 * value, so black means exactly 0 there, as on the pipeline's Detect panel.
 * Returns Map(layer name -> { vmin, vmax }).
 */
export function layerScales(layers) {
  const scales = new Map();
  let conv = null;
  for (const l of layers) {
    if (l.output.shape.length !== 4) continue;
    if (l.kind === 'Conv2D' || !conv) conv = range(l.output.data);
    const after = { vmin: 0, vmax: Math.max(conv.vmax, 1e-6) };
    scales.set(l.name, l.kind === 'Conv2D' ? conv : after);
  }
  return scales;
}

/** The share of exact zeros in an array. */
export function zeroShare(data) {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return data.length ? zeros / data.length : 0;
}

/**
 * Paired bars: one row per label, A's bar above B's, on one scale (0 .. the largest value of
 * both), with the values written beside them. `root` is emptied and filled.
 */
export function pairBars(root, labels, a, b, { digits = 3 } = {}) {
  const top = Math.max(...a, ...(b ?? []), 1e-9);
  root.textContent = '';
  labels.forEach((label, i) => {
    const row = document.createElement('div');
    row.className = 'pair-row';
    row.setAttribute('role', 'row');
    row.innerHTML = `<span class="pair-label" role="rowheader"></span><span class="pair-bars" role="cell">
      <span class="pair-bar a"><span class="track"><span class="fill"></span></span><span class="v"></span></span>
      <span class="pair-bar b"><span class="track"><span class="fill"></span></span><span class="v"></span></span></span>`;
    row.querySelector('.pair-label').textContent = label;
    const set = (cls, v) => {
      const bar = row.querySelector(`.pair-bar.${cls}`);
      if (v === undefined) {
        bar.hidden = true;
        return;
      }
      bar.querySelector('.fill').style.width = `${((100 * Math.max(0, v)) / top).toFixed(2)}%`;
      bar.querySelector('.v').textContent = v.toFixed(digits);
    };
    set('a', a[i]);
    set('b', b ? b[i] : undefined);
    row.setAttribute('aria-label', `${label}: A ${a[i].toFixed(digits)}${b ? `, B ${b[i].toFixed(digits)}` : ''}`);
    root.append(row);
  });
}
