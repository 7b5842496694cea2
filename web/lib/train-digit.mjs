// A drawn digit made to look like an MNIST one (no DOM; the tests import it): MNIST's digits
// were scaled to fit a 20x20 box, keeping their aspect ratio, then placed in a 28x28 image with
// their centre of mass at its centre. Input: ink per pixel (0..1) of a square drawing.
export const SIDE = 28;
const BOX = 20;

/** The bounding box { x0, y0, x1, y1 } (exclusive ends) of the pixels above `threshold`, or null if none. */
export function inkBox(ink, width, height, threshold = 0.05) {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * The 28x28 digit (Float32Array, 0..1) for a drawing of `width` x `height` ink values, or null
 * when nothing is drawn. The ink's box is area-averaged into at most 20x20 pixels, then the
 * result is moved by whole pixels so its centre of mass sits at (14, 14).
 */
export function mnistLike(ink, width, height) {
  const box = inkBox(ink, width, height);
  if (!box) return null;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = BOX / Math.max(bw, bh); // target pixels per source pixel
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const sum = new Float32Array(tw * th);
  const count = new Float32Array(tw * th);
  for (let y = box.y0; y < box.y1; y++) {
    const ty = Math.min(th - 1, Math.floor((y - box.y0) * scale));
    for (let x = box.x0; x < box.x1; x++) {
      const tx = Math.min(tw - 1, Math.floor((x - box.x0) * scale));
      sum[ty * tw + tx] += ink[y * width + x];
      count[ty * tw + tx] += 1;
    }
  }
  const small = sum.map((s, i) => (count[i] ? s / count[i] : 0));
  // Centre of mass of the small image, then the offset that puts it at the 28x28 centre.
  let mass = 0;
  let my = 0;
  let mx = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x];
      mass += v;
      my += v * (y + 0.5);
      mx += v * (x + 0.5);
    }
  }
  const oy = Math.round(SIDE / 2 - my / mass);
  const ox = Math.round(SIDE / 2 - mx / mass);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < th; y++) {
    const Y = y + oy;
    if (Y < 0 || Y >= SIDE) continue;
    for (let x = 0; x < tw; x++) {
      const X = x + ox;
      if (X >= 0 && X < SIDE) out[Y * SIDE + X] = Math.min(1, small[y * tw + x]);
    }
  }
  return out;
}
