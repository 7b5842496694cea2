// bin/render.mjs: the panels drawn a band of rows at a time (as the command line encodes them)
// are exactly the picture drawn whole, whatever the band height.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutPanels } from '../../bin/render.mjs';

// layoutPanels drawn whole into one canvas: the reference the bands are compared with.
function renderPanels(panels, display) {
  const { width, height, rects, draw } = layoutPanels(panels, display);
  const canvas = { data: new Uint8ClampedArray(width * height * 4), width, height, top: 0 };
  draw(canvas);
  return { canvas, rects };
}

function map(width, height, seed) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed + (i >> 5)) % 256;
  return { data, width, height };
}

const panels = [
  { title: 'Input', image: map(40, 30, 7), lines: ['[1, 30, 40, 1]', 'grayscale', '0 to 1'] },
  { title: 'Condense', image: map(20, 15, 13), lines: ['[1, 15, 20, 1]', 'max pool 2x2 /2 same'] },
];

for (const rows of [1, 7, 64, 1000]) {
  test(`bands of ${rows} rows draw the same picture as renderPanels`, () => {
    const whole = renderPanels(panels, [30, 40]);
    const layout = layoutPanels(panels, [30, 40]);
    assert.deepEqual([layout.width, layout.height], [whole.canvas.width, whole.canvas.height]);
    assert.deepEqual(layout.rects, whole.rects);
    const out = new Uint8ClampedArray(layout.width * layout.height * 4);
    for (let top = 0; top < layout.height; top += rows) {
      const height = Math.min(rows, layout.height - top);
      const band = { data: new Uint8ClampedArray(layout.width * height * 4), width: layout.width, height, top };
      band.data.fill(7); // stale content from an earlier band must be overdrawn
      layout.draw(band);
      out.set(band.data, top * layout.width * 4);
    }
    assert.deepEqual(out, whole.canvas.data);
  });
}
