// The small-matrix sandbox (d2l.ai §7.5): the learner types a matrix and a pooling setting,
// condense pools it (cd.maxPool2d / cd.avgPool2d on the typed numbers), and every window is
// drawn on the matrix with the output it gives. d2l's examples are one click away.
import { fmt, windowOfSpec, windowValues } from '../lib/geometry.mjs';
import { createCodeLine } from './code.mjs';

const $ = (id) => document.getElementById(id);
const MAX_SIDE = 12;
const MAX_WINDOWS = 36;

const range = (n, w) => Array.from({ length: n / w }, (_, r) => Array.from({ length: w }, (__, c) => r * w + c));
const text = (rows) => rows.map((r) => r.join(' ')).join('\n');

/** d2l.ai §7.5's examples (the PyTorch tab's numbers). */
export const EXAMPLES = [
  {
    id: 'd2l-max',
    label: '3×3, max 2×2, stride 1 → [[4, 5], [7, 8]]',
    matrix: range(9, 3),
    type: 'max',
    size: '2',
    stride: '1',
    padding: 'valid',
  },
  {
    id: 'd2l-avg',
    label: 'the same, average → [[2, 3], [5, 6]]',
    matrix: range(9, 3),
    type: 'avg',
    size: '2',
    stride: '1',
    padding: 'valid',
  },
  {
    id: 'd2l-default-stride',
    label: '4×4, window 3, stride left to the default → [[10]]',
    matrix: range(16, 4),
    type: 'max',
    size: '3',
    stride: '',
    padding: 'valid',
  },
  {
    id: 'd2l-pad-stride',
    label: 'window 3, padding 1, stride 2 → [[5, 7], [13, 15]]',
    matrix: range(16, 4),
    type: 'max',
    size: '3',
    stride: '2',
    padding: '1',
  },
  {
    id: 'd2l-rect',
    label: 'window 2×3, stride (2, 3), padding (0, 1) → [[5, 7], [13, 15]]',
    matrix: range(16, 4),
    type: 'max',
    size: '2, 3',
    stride: '2, 3',
    padding: '0, 1',
  },
];

/** The typed matrix: rows on lines (or separated by ';' or brackets), numbers by spaces or commas. */
export function parseMatrix(src) {
  const rows = src
    .replace(/\[\s*\[/g, '[')
    .split(/[\n;\]]+/)
    .map((line) => line.replace(/[[\],]/g, ' ').trim())
    .filter(Boolean)
    .map((line) => line.split(/\s+/).map(Number));
  if (!rows.length) throw new RangeError('matrix: type at least one row of numbers');
  if (rows.some((r) => r.some((v) => !Number.isFinite(v))))
    throw new RangeError('matrix: every entry must be a finite number');
  if (rows.some((r) => r.length !== rows[0].length))
    throw new RangeError(`matrix: every row needs ${rows[0].length} numbers, as the first one`);
  if (rows.length > MAX_SIDE || rows[0].length > MAX_SIDE)
    throw new RangeError(`matrix: at most ${MAX_SIDE}×${MAX_SIDE} here (got ${rows.length}×${rows[0].length})`);
  return rows;
}

/** "2" or "2, 3" as a number or [h, w]; empty gives `fallback`. */
function parsePair(name, src, fallback) {
  const parts =
    src.trim() === ''
      ? []
      : src
          .split(/[\s,()[\]]+/)
          .filter(Boolean)
          .map(Number);
  if (!parts.length && fallback !== undefined) return fallback;
  if (!parts.length || parts.length > 2 || !parts.every((v) => Number.isInteger(v)))
    throw new RangeError(`${name}: one whole number or two (“2” or “2, 3”), got “${src}”`);
  return parts.length === 1 ? parts[0] : parts;
}

function parsePadding(src) {
  const s = src.trim().toLowerCase();
  if (s === '' || s === 'valid') return 'valid';
  if (s === 'same') return 'same';
  return parsePair('padding', s);
}

/** The pooling spec the fields describe: { type, size, stride, padding } (stride empty: the window). */
export function parseSpec({ type, size, stride, padding }) {
  const k = parsePair('window', size);
  return { type, size: k, stride: parsePair('stride', stride, k), padding: parsePadding(padding) };
}

/** Pools `rows` with condense and describes every window: { out: rows, windows: [...] }. */
export function poolMatrix(cd, rows, spec) {
  const [h, w] = [rows.length, rows[0].length];
  const x = { shape: [h, w, 1], data: Float32Array.from(rows.flat()) };
  const fn = spec.type === 'avg' ? 'avgPool2d' : 'maxPool2d';
  const y = cd[fn](x, { poolSize: spec.size, strides: spec.stride, padding: spec.padding });
  const [oh, ow] = y.shape;
  const out = Array.from({ length: oh }, (_, r) => Array.from(y.data.subarray(r * ow, (r + 1) * ow)));
  const windows = [];
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const win = windowOfSpec(spec, [h, w], [oh, ow], oy, ox);
      windows.push({ oy, ox, win, values: windowValues(x.data, h, w, win), value: out[oy][ox] });
    }
  }
  return { out, windows, shape: [oh, ow] };
}

// The padded extent drawn around the matrix: as many rings as some window reaches out.
function extent(windows, h, w) {
  let [top, left, bottom, right] = [0, 0, h, w];
  for (const { win } of windows) {
    top = Math.min(top, win.top);
    left = Math.min(left, win.left);
    bottom = Math.max(bottom, win.top + win.h);
    right = Math.max(right, win.left + win.w);
  }
  return { top, left, bottom, right };
}

// One small copy of the matrix with a window marked and the output it gives.
function windowFigure(rows, box, item, type) {
  const fig = document.createElement('figure');
  fig.className = 'sb-window';
  const grid = document.createElement('div');
  grid.className = 'sb-grid';
  grid.style.setProperty('--n', box.right - box.left);
  const { win } = item;
  const flat = item.values.flat();
  const best = type === 'max' ? Math.max(...flat.filter((v) => v !== null)) : null;
  for (let y = box.top; y < box.bottom; y++) {
    for (let x = box.left; x < box.right; x++) {
      const c = document.createElement('span');
      const inside = y >= 0 && y < rows.length && x >= 0 && x < rows[0].length;
      const inWin = y >= win.top && y < win.top + win.h && x >= win.left && x < win.left + win.w;
      c.className = `sb-cell${inside ? '' : ' pad'}${inWin ? ' in-window' : ''}`;
      c.textContent = inside ? fmt(rows[y][x]) : '·';
      if (inWin && inside && rows[y][x] === best) c.classList.add('winner');
      grid.append(c);
    }
  }
  const cap = document.createElement('figcaption');
  const vals = flat.filter((v) => v !== null).map(fmt);
  const padded = flat.length - vals.length;
  cap.textContent = `(${item.oy}, ${item.ox}) = ${type === 'max' ? 'max' : 'mean'}(${vals.join(', ')}) = ${fmt(item.value)}${padded ? ` · ${padded} padded cells ${type === 'max' ? 'are −∞' : 'not counted'}` : ''}`;
  fig.append(grid, cap);
  return fig;
}

export function createSandbox(context) {
  const fields = {
    matrix: $('sb-matrix'),
    size: $('sb-size'),
    stride: $('sb-stride'),
    padding: $('sb-padding'),
  };
  const typeRadios = [...document.querySelectorAll('input[name="sb-type"]')];
  const errorEl = $('sb-error');
  const resultEl = $('sb-result');
  const windowsEl = $('sb-windows');
  let spec = null;
  let last = null;
  const type = () => typeRadios.find((r) => r.checked)?.value ?? 'max';

  const updateCode = createCodeLine($('sb-code'), () => spec ?? { type: type(), size: 2, padding: 'valid' }, {
    keys: ['keras', 'tfnn', 'torch', 'condense'],
    note: () =>
      spec && fields.stride.value.trim() === ''
        ? 'Stride left empty: it defaults to the window, as Keras’s strides=None and PyTorch’s stride=None do.'
        : '',
  });

  function run() {
    const cd = context.cd();
    if (!cd) return;
    try {
      const rows = parseMatrix(fields.matrix.value);
      spec = parseSpec({
        type: type(),
        size: fields.size.value,
        stride: fields.stride.value,
        padding: fields.padding.value,
      });
      const r = poolMatrix(cd, rows, spec);
      last = { input: rows, spec: { ...spec }, out: r.out, shape: r.shape, windows: r.windows.length };
      errorEl.hidden = true;
      const nested = `[${r.out.map((row) => `[${row.map(fmt).join(', ')}]`).join(', ')}]`;
      resultEl.textContent = `${rows.length}×${rows[0].length} → ${r.shape[0]}×${r.shape[1]}: ${nested}`;
      const box = extent(r.windows, rows.length, rows[0].length);
      const shown = r.windows.slice(0, MAX_WINDOWS).map((item) => windowFigure(rows, box, item, spec.type));
      windowsEl.replaceChildren(...shown);
      if (r.windows.length > MAX_WINDOWS) {
        const more = document.createElement('p');
        more.className = 'fine';
        more.textContent = `… and ${r.windows.length - MAX_WINDOWS} more windows.`;
        windowsEl.append(more);
      }
    } catch (error) {
      last = { error: error.message };
      errorEl.textContent = error.message;
      errorEl.hidden = false;
      resultEl.textContent = '';
      windowsEl.replaceChildren();
    }
    updateCode();
  }

  function load(example) {
    fields.matrix.value = text(example.matrix);
    fields.size.value = example.size;
    fields.stride.value = example.stride;
    fields.padding.value = example.padding;
    typeRadios.forEach((r) => {
      r.checked = r.value === example.type;
    });
    run();
  }

  const buttons = $('sb-examples');
  for (const example of EXAMPLES) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button small';
    b.dataset.example = example.id;
    b.textContent = example.label;
    b.addEventListener('click', () => load(example));
    buttons.append(b);
  }
  Object.values(fields).forEach((el) => el.addEventListener('input', run));
  typeRadios.forEach((r) => r.addEventListener('change', run));

  return {
    /** Computes the current fields (after the engine loads or changes). */
    refresh: () => (fields.matrix.value.trim() ? run() : load(EXAMPLES[0])),
    snapshot: () => (last ? JSON.parse(JSON.stringify(last)) : null),
  };
}
