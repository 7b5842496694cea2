// The window inspector: hovering (or tapping, or arrow keys on) an output pixel of a panel
// marks the window of the map before it that produced the value and shows the arithmetic.
// Gets the drawn panels, the settings and the engine from the app; picking a Detect pixel
// (click, tap, Enter) is reported through onPick.
import { fmt, windowOf, windowValues } from '../lib/geometry.mjs';

function place(mark, top, left, h, w, mapH, mapW) {
  const t = Math.max(0, top);
  const l = Math.max(0, left);
  const b = Math.min(mapH, top + h);
  const r = Math.min(mapW, left + w);
  mark.style.top = `${(t / mapH) * 100}%`;
  mark.style.left = `${(l / mapW) * 100}%`;
  mark.style.height = `${(Math.max(b - t, 0) / mapH) * 100}%`;
  mark.style.width = `${(Math.max(r - l, 0) / mapW) * 100}%`;
  mark.classList.toggle('clipped', t !== top || l !== left || b !== top + h || r !== left + w);
  mark.hidden = false;
}

function cellHtml(v, rgb, cls = '') {
  if (v === null) return `<td class="pad ${cls}" title="padding">${'·'}</td>`;
  const light = rgb && rgb[0] * 0.299 + rgb[1] * 0.587 + rgb[2] * 0.114 > 140;
  return `<td class="${cls}${light ? ' light' : ''}" data-rgb="${rgb ? rgb.join(',') : ''}">${fmt(v)}</td>`;
}

function table(rows, colours, highlight) {
  return `<table class="nums"><tbody>${rows
    .map(
      (row, r) =>
        `<tr>${row
          .map((v, c) => {
            const j = r * row.length + c;
            return cellHtml(v, colours ? colours[j] : null, j === highlight ? 'winner' : '');
          })
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

// The colour map a panel is drawn with: the Input panel is gray, the maps use the default.
const colormapOf = (panel) => panel.image?.colormap ?? panel.colormap ?? (panel.stage === 'input' ? 'gray' : undefined);

// The colours of a window's cells on the panel's own scale and colour map (gray for Input).
function windowColours(cd, panel, rows) {
  const img = panel.image;
  const flat = rows.flat();
  if (!cd || !img || !flat.length) return flat.map(() => null);
  const data = Float32Array.from(flat.map((v) => (v === null || !Number.isFinite(v) ? img.vmin : v)));
  const colormap = colormapOf(panel);
  const rgba = cd.toImageData(
    { shape: [rows.length, rows[0].length], data },
    { vmin: img.vmin, vmax: Math.max(img.vmax, img.vmin), ...(colormap ? { colormap } : {}) },
  ).data;
  return flat.map((v, j) => (v === null ? null : [rgba[j * 4], rgba[j * 4 + 1], rgba[j * 4 + 2]]));
}

// The operation that makes panel i out of panel i - 1.
function opOf(i, s) {
  if (i === 1) return { kind: 'conv', k: 3, s: 1, padding: s.convPadding };
  if (i === 2) return { kind: 'relu', k: 1, s: 1, padding: 'valid' };
  return { kind: s.pool.type, k: s.pool.size, s: s.pool.stride, padding: s.pool.padding };
}

// The formula and the picture of one output value from its window.
function explain(op, values, value, prevColour, kernelRows) {
  const flat = values.flat().filter((v) => v !== null);
  if (op.kind === 'conv') {
    const k = kernelRows;
    const terms = values.flat().map((v, j) => `${fmt(v ?? 0)}·${fmt(k[Math.floor(j / 3)][j % 3])}`);
    return {
      formula: `Σ window × kernel = ${terms.join(' + ')} = <b>${fmt(value)}</b>`,
      body: `${table(values, prevColour)}<span class="op-sym">⊛</span>${table(k)}<span class="op-sym">=</span><span class="result">${fmt(value)}</span>`,
    };
  }
  if (op.kind === 'relu') {
    return {
      formula: `max(0, ${fmt(values[0][0])}) = <b>${fmt(value)}</b>`,
      body: `${table(values, prevColour)}<span class="op-sym">→</span><span class="result">${fmt(value)}</span>`,
    };
  }
  let winner = -1;
  if (op.kind === 'max') {
    let best = -Infinity;
    values.flat().forEach((v, j) => {
      if (v !== null && v > best) {
        best = v;
        winner = j;
      }
    });
  }
  const name = op.kind === 'max' ? 'max' : 'mean';
  const list = flat.length <= 36 ? flat.map(fmt).join(', ') : `${flat.length} values`;
  const padded = values.flat().length - flat.length;
  return {
    formula: `${name}(${list}) = <b>${fmt(value)}</b>${padded ? ` <span class="fine">(${padded} padded cells ignored)</span>` : ''}`,
    body: prevColour
      ? `${table(values, prevColour, winner)}<span class="op-sym">→</span><span class="result">${fmt(value)}</span>`
      : `<span class="result">${fmt(value)}</span>`,
  };
}

// Phones (narrow screens): the inspector is a sheet fixed at the bottom of the screen, so a tap
// shows it where the finger is; wider screens float it just under the inspected panel.
const sheet = () => window.matchMedia('(max-width: 700px)').matches;

// Floats the inspector under the inspected panel's figure, inside its section, or (phones)
// leaves it to the CSS sheet and scrolls the tapped panel above the sheet if it hides it.
function position(inspector, panel, tapped) {
  if (sheet()) {
    inspector.style.top = '';
    inspector.style.left = '';
    if (!tapped) return;
    const canvas = panel.canvas.getBoundingClientRect();
    const top = inspector.getBoundingClientRect().top;
    if (canvas.bottom > top) window.scrollBy(0, Math.min(canvas.bottom - top + 8, canvas.top - 8));
    return;
  }
  const section = inspector.offsetParent;
  if (!section) return;
  const box = section.getBoundingClientRect();
  const fig = panel.fig.getBoundingClientRect();
  const [width, height] = [inspector.offsetWidth, inspector.offsetHeight];
  const screen = window.innerHeight;
  // Under the panel if it fits on screen, else above it, else over the panels at the bottom.
  let top = fig.bottom + 6;
  if (top + height > screen) top = fig.top - height - 6 >= 0 ? fig.top - height - 6 : Math.max(0, screen - height - 8);
  const left = Math.max(8, Math.min(fig.left - box.left, box.width - width - 8));
  inspector.style.top = `${Math.round(top - box.top)}px`;
  inspector.style.left = `${Math.round(left)}px`;
}

/** panels: the drawn panels; settings: the live settings store; cd(): the engine; onPick(y, x): a Detect pixel was picked. */
export function createInspector({ panels, settings, cd, onPick }) {
  const inspector = document.getElementById('inspector');
  const live = document.getElementById('inspector-live');
  let inspected = null; // { i, oy, ox }
  let tapped = false;

  // Keyboard users hear the cell they moved to (a hidden live region; hovering stays quiet).
  function announce() {
    const title = inspector.querySelector('.ro-formula');
    const head = inspector.querySelector('.ro-title b');
    if (live && title && head)
      live.textContent = `${head.textContent}, ${inspector.querySelector('.ro-title').textContent.split('←')[0].replace(head.textContent, '').trim()}: ${title.textContent}`;
  }

  function hideMarks() {
    panels.forEach((p) => {
      p.markCell.hidden = true;
      p.markWindow.hidden = true;
    });
  }

  function clear() {
    inspected = null;
    hideMarks();
    inspector.classList.remove('active');
    inspector.hidden = true;
  }

  function inspect(i, oy, ox, { tap = false } = {}) {
    inspected = { i, oy, ox };
    tapped = tap;
    render();
  }

  function render() {
    hideMarks();
    const { i, oy, ox } = inspected;
    const out = panels[i];
    const prev = panels[i - 1];
    if (!out.tensor || !prev.tensor) return;
    const [h, w] = out.dims;
    const [ph, pw] = prev.dims;
    const op = opOf(i, settings.current());
    const win = windowOf(op, prev.dims, out.dims, oy, ox);
    place(out.markCell, oy, ox, 1, 1, h, w);
    place(prev.markWindow, win.top, win.left, win.h, win.w, ph, pw);
    const value = out.tensor.data[oy * w + ox];
    const values = windowValues(prev.tensor.data, ph, pw, win);
    const small = win.h <= 6 && win.w <= 6;
    const prevColour = small ? windowColours(cd(), prev, values) : null;
    const { formula, body } = explain(op, values, value, prevColour, settings.kernelRows());
    inspector.classList.add('active');
    inspector.hidden = false;
    inspector.innerHTML = `
      <button type="button" class="ghost ro-close" aria-label="Close the inspector">×</button>
      <p class="ro-title"><b>${out.name.textContent}</b> at row ${oy}, column ${ox} = <b>${fmt(value)}</b>
        <span class="fine">← the ${win.h}×${win.w} window of <b>${prev.name.textContent}</b> at rows ${win.top}…${win.top + win.h - 1}, columns ${win.left}…${win.left + win.w - 1}</span></p>
      <div class="ro-body">${body}</div>
      <p class="ro-formula">${formula}</p>`;
    inspector.querySelectorAll('td[data-rgb]').forEach((td) => {
      if (td.dataset.rgb) td.style.backgroundColor = `rgb(${td.dataset.rgb})`;
    });
    inspector.querySelector('.ro-close').addEventListener('click', clear);
    position(inspector, out, tapped);
    tapped = false;
  }

  function wire(panel, i) {
    const canvas = panel.canvas;
    const cellAt = (event) => {
      const rect = canvas.getBoundingClientRect();
      const [h, w] = panel.dims;
      if (!h || !w || !rect.width) return null;
      const oy = Math.min(h - 1, Math.max(0, Math.floor(((event.clientY - rect.top) / rect.height) * h)));
      const ox = Math.min(w - 1, Math.max(0, Math.floor(((event.clientX - rect.left) / rect.width) * w)));
      return { oy, ox };
    };
    canvas.addEventListener('pointermove', (event) => {
      if (i === 0 || !panel.tensor) return;
      const c = cellAt(event);
      if (c) inspect(i, c.oy, c.ox);
    });
    canvas.addEventListener('pointerdown', (event) => {
      if (!panel.tensor) return;
      const c = cellAt(event);
      if (!c) return;
      if (i > 0) inspect(i, c.oy, c.ox, { tap: event.pointerType !== 'mouse' });
      if (i === 2) onPick(c.oy, c.ox);
    });
    canvas.addEventListener('pointerleave', (event) => {
      if (event.pointerType === 'mouse' && inspected && inspected.i === i && document.activeElement !== canvas) clear();
    });
    canvas.addEventListener('focus', () => {
      if (i === 0 || !panel.tensor) return;
      if (!inspected || inspected.i !== i) inspect(i, panel.dims[0] >> 1, panel.dims[1] >> 1);
      announce();
    });
    canvas.addEventListener('blur', () => {
      if (inspected && inspected.i === i) clear();
    });
    canvas.addEventListener('keydown', (event) => {
      if (!panel.tensor || !inspected || inspected.i !== i) return;
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (event.key === 'Enter' && i === 2) {
        onPick(inspected.oy, inspected.ox);
        event.preventDefault();
        return;
      }
      const m = moves[event.key];
      if (!m) return;
      event.preventDefault();
      const step = event.shiftKey ? 10 : 1;
      const [h, w] = panel.dims;
      inspect(
        i,
        Math.min(h - 1, Math.max(0, inspected.oy + m[0] * step)),
        Math.min(w - 1, Math.max(0, inspected.ox + m[1] * step)),
      );
      announce();
    });
  }
  panels.forEach(wire);
  // A tap or click anywhere but a map or the inspector closes it (touch has no pointerleave).
  document.addEventListener('pointerdown', (event) => {
    if (inspected && !event.target.closest('.viz') && !inspector.contains(event.target)) clear();
  });
  window.addEventListener('scroll', () => {
    if (inspected && !sheet()) position(inspector, panels[inspected.i], false);
  });

  return {
    /** After a run: the inspected cell again on the new maps (or nothing, if its panel went). */
    refresh() {
      if (!inspected) return;
      const p = panels[inspected.i];
      if (!p.tensor || p.fig.hidden) {
        clear();
        return;
      }
      inspected.oy = Math.min(inspected.oy, p.dims[0] - 1);
      inspected.ox = Math.min(inspected.ox, p.dims[1] - 1);
      render();
    },
  };
}
