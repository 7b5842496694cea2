// Translation invariance, the exercise: a circle shifted by a random jitter of up to 3 px,
// max-pooled 2x2 / 2 four times (64 -> 32 -> 16 -> 8 -> 4), every step drawn with vmin 0 and
// vmax 1; beside it, how much two small shifts still differ at each step, a far shift that
// keeps the shape inside the map, the count over every pair of jitters and why. Then the same
// question on the user's photo: the pipeline on the photo and on the photo moved by k pixels.
import { runLesson } from '../../bindings/lesson.mjs';
import {
  circleMap,
  compareMaps,
  edgeRoom,
  farShift,
  JITTER,
  jitterStats,
  litBox,
  litDifference,
  poolChain,
  SHAPES,
  SIZE,
  shiftedCrop,
} from '../lib/shapes.mjs';

const $ = (id) => document.getElementById(id);
const TIMES = 4;
const MARGIN = 16; // the photo's two crops are MARGIN pixels smaller than the image: k <= MARGIN
const pct = (v) => `${(v * 100).toFixed(0)}%`;
const signed = (v) => `${v >= 0 ? '+' : ''}${v}`;

function randomShift() {
  const r = () => Math.floor(Math.random() * (2 * JITTER + 1)) - JITTER;
  return [r(), r()];
}

function drawMap(cd, canvas, map, range = { vmin: 0, vmax: 1 }) {
  const [h, w] = map.shape.length === 4 ? map.shape.slice(1, 3) : map.shape;
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').putImageData(cd.toImageData({ shape: [h, w], data: map.data }, range), 0, 0);
}

function makeRows(rowsEl) {
  return ['A', 'B', 'far'].map((key) => {
    const row = document.createElement('div');
    row.className = 'inv-row';
    row.dataset.row = key;
    row.innerHTML = `<p class="inv-label"></p><div class="inv-maps"></div>`;
    const maps = [];
    for (let i = 0; i <= TIMES; i++) {
      const fig = document.createElement('figure');
      fig.className = 'inv-map';
      fig.innerHTML = '<canvas role="img"></canvas><figcaption></figcaption>';
      row.querySelector('.inv-maps').append(fig);
      maps.push({ canvas: fig.querySelector('canvas'), caption: fig.querySelector('figcaption') });
    }
    rowsEl.append(row);
    return { key, row, label: row.querySelector('.inv-label'), maps };
  });
}

const bar = (v) => `<span class="bar"><span class="fill" data-w="${(v * 100).toFixed(1)}"></span></span>`;
const cellText = (v, n, cells) => `${bar(v)}<b>${pct(v)}</b> <span class="fine">${n}/${cells} cells</span>`;

function fillTable(tbody, steps) {
  tbody.innerHTML = steps
    .map(
      (s) => `<tr>
        <th scope="row">${s.step === 0 ? 'original' : `pool ${s.step}`}</th>
        <td>${s.shape[0]}×${s.shape[1]}</td>
        <td>${cellText(s.small, s.smallCells, s.cells)}</td>
        <td>${s.far === null ? '—' : cellText(s.far, s.farCells, s.cells)}</td>
        <td><b>${pct(s.pairsDiffer / s.pairs)}</b> <span class="fine">${s.pairsDiffer}/${s.pairs}</span></td>
      </tr>`,
    )
    .join('');
  tbody.querySelectorAll('.fill').forEach((el) => {
    el.style.width = `${el.dataset.w}%`;
  });
}

// The numbers behind the outcome: every pair of jitters, and the edges against the windows.
function explain(kind, stats, room) {
  const { radius } = SHAPES[kind];
  const name = kind === 'disk' ? `disk (radius ${radius})` : `ring (radius ${radius})`;
  const last = room.steps[room.steps.length - 1];
  const end = stats.differ[stats.differ.length - 1];
  const lead = `Over all ${stats.pairs} pairs of different shifts of up to ${JITTER} px (the last column), ${end} still differ after ${last.k} poolings: ${pct(end / stats.pairs)}. `;
  const box = `The centred ${name} is lit in columns ${room.box.left}…${room.box.right}; after ${last.k} poolings each cell covers a ${last.window}×${last.window} window with borders at multiples of ${last.window}, `;
  if (last.left >= JITTER && last.right >= JITTER)
    return `${lead}${box}so its edges sit ${last.left} px inside their windows: a shift of up to ${JITTER} px stays in the same windows, and every pair ends in the same ${SIZE / last.window}×${SIZE / last.window} map.`;
  return `${lead}${box}so its edges sit ${Math.min(last.left, last.right)} px from a border: a 1 px shift outwards lights a new window. Only shifts that keep each edge inside its window vanish — invariance holds over distances smaller than the room between the edges and the window borders, not over any ${JITTER} px.`;
}

function createExercise(context) {
  const tbody = $('inv-table').querySelector('tbody');
  const summary = $('inv-summary');
  const shapeSelect = $('inv-shape');
  const rows = makeRows($('inv-rows'));
  const statsCache = new Map();
  let shifts = null;
  let result = null;

  function newShifts() {
    const a = randomShift();
    let b = randomShift();
    while (b[0] === a[0] && b[1] === a[1]) b = randomShift();
    shifts = { A: a, B: b };
  }

  function drawRow(cd, row, chain, what, shift) {
    row.row.classList.toggle('none', !chain);
    if (!chain) {
      row.label.innerHTML = `<b>${what}</b><span>no room in ${SIZE}×${SIZE}</span>`;
      row.maps.forEach((m) => m.canvas.setAttribute('aria-label', `${what}: none, the shape fills the map`));
      return;
    }
    row.label.innerHTML = `<b>${what}</b><span>dx ${signed(shift[0])}, dy ${signed(shift[1])}</span>`;
    chain.forEach((map, i) => {
      const [h, w] = map.shape;
      const { canvas, caption } = row.maps[i];
      drawMap(cd, canvas, map);
      caption.textContent = i === 0 ? `${h}×${w}` : `pool ${i} · ${h}×${w}`;
      canvas.setAttribute('aria-label', `${what}, ${i === 0 ? 'original' : `after ${i} max poolings`}: ${h} by ${w}`);
    });
  }

  function refresh() {
    const cd = context.cd();
    if (!cd) return;
    if (!shifts) newShifts();
    const kind = shapeSelect.value;
    const far = farShift(kind, shifts.A);
    const t0 = performance.now();
    const chains = { A: poolChain(cd, circleMap(kind, ...shifts.A), TIMES) };
    chains.B = poolChain(cd, circleMap(kind, ...shifts.B), TIMES);
    chains.far = far ? poolChain(cd, circleMap(kind, ...far), TIMES) : null;
    const ms = performance.now() - t0;
    const key = `${kind}:${cd.backend}`;
    if (!statsCache.has(key)) statsCache.set(key, { stats: jitterStats(cd, kind, TIMES), room: edgeRoom(kind, TIMES) });
    const { stats, room } = statsCache.get(key);

    drawRow(cd, rows[0], chains.A, 'Shift A', shifts.A);
    drawRow(cd, rows[1], chains.B, 'Shift B', shifts.B);
    const move = far ? far[0] - shifts.A[0] : 0;
    drawRow(
      cd,
      rows[2],
      chains.far,
      far ? `Far: A moved ${Math.abs(move)} px ${move > 0 ? 'right' : 'left'}` : 'Far shift',
      far,
    );

    const count = (a, b) => a.reduce((n, v, j) => n + (v !== b[j] ? 1 : 0), 0);
    const steps = chains.A.map((map, i) => ({
      step: i,
      shape: [map.shape[0], map.shape[1]],
      cells: map.data.length,
      small: litDifference(map.data, chains.B[i].data),
      far: chains.far ? litDifference(map.data, chains.far[i].data) : null,
      smallCells: count(map.data, chains.B[i].data),
      farCells: chains.far ? count(map.data, chains.far[i].data) : null,
      pairs: stats.pairs,
      pairsDiffer: stats.differ[i],
    }));
    fillTable(tbody, steps);

    const end = steps[steps.length - 1];
    const box = litBox(chains.A[0].data);
    const thisDraw =
      end.small === 0
        ? `This draw: after ${TIMES} poolings A and B give the same ${end.shape[0]}×${end.shape[1]} map. `
        : `This draw: A and B still differ in ${pct(end.small)} of the lit cells after ${TIMES} poolings. `;
    const farText = far
      ? `The far shift (${Math.abs(move)} px, the whole shape still inside the map) differs in ${pct(end.far)}: pooling forgets small moves, not large ones. `
      : `No far shift: the ${kind} is lit in columns ${box.left}…${box.right} of 0…${SIZE - 1}, so moving it more than a few pixels would crop it (try the small ring or the disk). `;
    summary.textContent = thisDraw + farText + explain(kind, stats, room);
    result = {
      kind,
      shifts: { ...JSON.parse(JSON.stringify(shifts)), far },
      steps,
      ms,
      stats,
      room,
      lit: Object.fromEntries(
        Object.entries(chains).map(([k, c]) => [k, c ? c[0].data.reduce((a, b) => a + b, 0) : null]),
      ),
      final: Object.fromEntries(Object.entries(chains).map(([k, c]) => [k, c ? [...c[TIMES].data] : null])),
    };
  }

  $('inv-shift').addEventListener('click', () => {
    newShifts();
    refresh();
  });
  shapeSelect.addEventListener('change', refresh);
  return { refresh, snapshot: () => result };
}

// The photo: the pipeline (current kernel and pooling, pooled TIMES times) on a crop of the
// working image and on the same crop moved k pixels right; each stage compared in place.
function createPhoto(context, photo) {
  const section = $('inv-photo');
  const slider = $('inv-k');
  const out = $('inv-k-out');
  const tbody = $('inv-photo-table').querySelector('tbody');
  const summary = $('inv-photo-summary');
  const figs = ['A', 'B', 'diff'].map((k) => $(`inv-photo-${k}`));
  let visible = false;
  let dirty = true;
  let timer = 0;
  let result = null;

  function compute() {
    const cd = context.cd();
    const x = photo.tensor();
    if (!cd || !x) return;
    dirty = false;
    const dims = x.shape.length === 4 ? x.shape.slice(1, 3) : x.shape.slice(0, 2);
    if (Math.min(...dims) <= 2 * MARGIN) {
      summary.textContent = `The working image (${dims.join('×')}) is too small to move by up to ${MARGIN} px: choose a larger working size.`;
      result = null;
      return;
    }
    const k = Number(slider.value);
    const settings = { ...photo.settings(), repeats: TIMES };
    const a = runLesson(cd, shiftedCrop(x, 0, 0, MARGIN), settings, { onError: 'stop' });
    const b = runLesson(cd, shiftedCrop(x, k, 0, MARGIN), settings, { onError: 'stop' });
    const stages = ['detect', ...Array.from({ length: TIMES }, (_, i) => `condense-${i + 1}`)].filter(
      (s) => a.maps[s] && b.maps[s],
    );
    const rows = stages.map((stage) => {
      const [, h, w] = a.maps[stage].shape;
      return { stage, shape: [h, w], ...compareMaps(a.maps[stage].data, b.maps[stage].data) };
    });
    tbody.innerHTML = rows
      .map(
        (r) => `<tr><th scope="row">${r.stage === 'detect' ? 'Detect' : `pool ${r.stage.split('-')[1]}`}</th>
        <td>${r.shape[0]}×${r.shape[1]}</td><td><b>${pct(r.equal / r.cells)}</b></td><td>${pct(r.diff)}</td></tr>`,
      )
      .join('');
    const last = stages[stages.length - 1];
    if (last) {
      const [ma, mb] = [a.maps[last], b.maps[last]];
      const vmax = Math.max(1e-6, ...[ma, mb].map((m) => m.data.reduce((p, v) => Math.max(p, v), 0)));
      const diff = { shape: ma.shape, data: ma.data.map((v, i) => Math.abs(v - mb.data[i])) };
      [ma, mb, diff].forEach((m, i) => drawMap(cd, figs[i].querySelector('canvas'), m, { vmin: 0, vmax }));
    }
    const end = rows[rows.length - 1];
    const reach = 2 ** (rows.length - 1);
    summary.textContent = !end
      ? 'The pipeline could not run on this image with these settings (see the panels above).'
      : k === 0
        ? 'No shift: both crops are the same pixels, so every map is equal. Move the slider.'
        : `Moved ${k} px, the Detect maps agree in ${pct(rows[0].equal / rows[0].cells)} of their cells; after ${rows.length - 1} poolings in ${pct(end.equal / end.cells)} (the lit cells differ by ${pct(end.diff)}). ` +
          `On a photo every pixel carries detail, so a move changes many windows: pooling makes the maps more alike as the windows grow (${reach} px here) but equal only where the strongest value stays inside its window.`;
    result = { k, margin: MARGIN, settings, rows };
  }

  function request() {
    dirty = true;
    if (!visible) return;
    clearTimeout(timer);
    timer = setTimeout(compute, 120);
  }

  slider.addEventListener('input', () => {
    out.textContent = `${slider.value} px`;
    request();
  });
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    if (visible && dirty) request();
  }).observe(section);
  return { refresh: request, compute, snapshot: () => result };
}

/** photo: { tensor(): the working image, settings(): the pipeline's settings }. */
export function createInvariance(context, photo) {
  const exercise = createExercise(context);
  const onPhoto = createPhoto(context, photo);
  return {
    refresh: exercise.refresh,
    /** The input or the settings changed: recompute the photo view (when it is on screen). */
    photoChanged: onPhoto.refresh,
    snapshot: () => {
      const r = exercise.snapshot();
      return r ? JSON.parse(JSON.stringify({ ...r, photo: onPhoto.snapshot() })) : null;
    },
    /** Computes the photo view now (tests, or before a screenshot). */
    photoNow: () => {
      onPhoto.compute();
      return JSON.parse(JSON.stringify(onPhoto.snapshot()));
    },
  };
}
