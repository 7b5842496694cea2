// Translation invariance, the exercise: a circle shifted by a random jitter of up to 3 px,
// max-pooled 2x2 / 2 four times (64 -> 32 -> 16 -> 8 -> 4), every step drawn with vmin 0 and
// vmax 1; beside it, how much two small shifts still differ at each step, and a far shift.
import { circleMap, litDifference, poolChain, SHAPES } from '../lib/shapes.mjs';

const $ = (id) => document.getElementById(id);
const JITTER = 3;
const FAR = 16;

function randomShift() {
  const r = () => Math.floor(Math.random() * (2 * JITTER + 1)) - JITTER;
  return [r(), r()];
}

export function createInvariance(context) {
  const rowsEl = $('inv-rows');
  const tbody = $('inv-table').querySelector('tbody');
  const summary = $('inv-summary');
  const shapeSelect = $('inv-shape');
  let shifts = null;
  let result = null;

  const rows = ['A', 'B', 'far'].map((key) => {
    const row = document.createElement('div');
    row.className = 'inv-row';
    row.innerHTML = `<p class="inv-label"></p><div class="inv-maps"></div>`;
    const maps = [];
    for (let i = 0; i <= 4; i++) {
      const fig = document.createElement('figure');
      fig.className = 'inv-map';
      fig.innerHTML = '<canvas role="img"></canvas><figcaption></figcaption>';
      row.querySelector('.inv-maps').append(fig);
      maps.push({ canvas: fig.querySelector('canvas'), caption: fig.querySelector('figcaption') });
    }
    rowsEl.append(row);
    return { key, label: row.querySelector('.inv-label'), maps };
  });

  function newShifts() {
    const a = randomShift();
    let b = randomShift();
    while (b[0] === a[0] && b[1] === a[1]) b = randomShift();
    shifts = { A: a, B: b, far: [a[0] + FAR, a[1]] };
  }

  function refresh() {
    const cd = context.cd();
    if (!cd) return;
    if (!shifts) newShifts();
    const kind = shapeSelect.value;
    const chains = {};
    const t0 = performance.now();
    for (const key of ['A', 'B', 'far']) chains[key] = poolChain(cd, circleMap(kind, ...shifts[key]));
    const ms = performance.now() - t0;

    for (const row of rows) {
      const [dx, dy] = shifts[row.key];
      const what = row.key === 'far' ? `Far: A moved ${FAR} px right` : `Shift ${row.key}`;
      row.label.innerHTML = `<b>${what}</b><span>dx ${dx >= 0 ? '+' : ''}${dx}, dy ${dy >= 0 ? '+' : ''}${dy}</span>`;
      chains[row.key].forEach((map, i) => {
        const [h, w] = map.shape;
        const { canvas, caption } = row.maps[i];
        canvas.width = w;
        canvas.height = h;
        canvas.getContext('2d').putImageData(cd.toImageData(map, { vmin: 0, vmax: 1 }), 0, 0);
        caption.textContent = i === 0 ? `${h}×${w}` : `MaxPool ${i} · ${h}×${w}`;
        canvas.setAttribute('aria-label', `${what}, ${i === 0 ? 'original' : `after ${i} max poolings`}: ${h} by ${w}`);
      });
    }

    const steps = chains.A.map((map, i) => {
      const cells = map.data.length;
      const small = litDifference(map.data, chains.B[i].data);
      const far = litDifference(map.data, chains.far[i].data);
      const count = (other) => map.data.reduce((n, v, j) => n + (v !== other[j] ? 1 : 0), 0);
      return {
        step: i,
        shape: [map.shape[0], map.shape[1]],
        cells,
        small,
        far,
        smallCells: count(chains.B[i].data),
        farCells: count(chains.far[i].data),
      };
    });
    const bar = (v) => `<span class="bar"><span class="fill" data-w="${(v * 100).toFixed(1)}"></span></span>`;
    tbody.innerHTML = steps
      .map(
        (s) => `<tr>
        <th scope="row">${s.step === 0 ? 'original' : `MaxPool ${s.step}`}</th>
        <td>${s.shape[0]}×${s.shape[1]}</td>
        <td>${bar(s.small)}<b>${(s.small * 100).toFixed(0)}%</b> <span class="fine">${s.smallCells} of ${s.cells} cells</span></td>
        <td>${bar(s.far)}<b>${(s.far * 100).toFixed(0)}%</b> <span class="fine">${s.farCells} of ${s.cells} cells</span></td>
      </tr>`,
      )
      .join('');
    tbody.querySelectorAll('.fill').forEach((el) => {
      el.style.width = `${el.dataset.w}%`;
    });

    const end = steps[steps.length - 1];
    const { radius } = SHAPES[kind];
    summary.textContent =
      end.small === 0
        ? `After four poolings the two small shifts give the same ${end.shape[0]}×${end.shape[1]} map: max pooling made it invariant to them. ` +
          `The far shift (${FAR} px) still differs in ${(end.far * 100).toFixed(0)}% of the lit cells: invariance holds only over small distances.`
        : `With this ${kind} (radius ${radius}) the small shifts still differ in ${(end.small * 100).toFixed(0)}% of the lit cells after four poolings: ` +
          `its edges sit right on the borders of the final 16×16 windows, so one pixel decides. Invariance is only approximate; the far shift differs in ${(end.far * 100).toFixed(0)}%.`;
    result = {
      kind,
      shifts: JSON.parse(JSON.stringify(shifts)),
      steps,
      ms,
      final: Object.fromEntries(Object.entries(chains).map(([k, c]) => [k, [...c[4].data]])),
    };
  }

  $('inv-shift').addEventListener('click', () => {
    newShifts();
    refresh();
  });
  shapeSelect.addEventListener('change', refresh);

  return { refresh, snapshot: () => (result ? JSON.parse(JSON.stringify(result)) : null) };
}
