// The exercise's feature map: a circle on a 64x64 map, shifted by (dx, dy) pixels.
// 'ring' follows visiontools.circle(SIZE, r_shrink=4, val=1) from the Kaggle exercise: the
// circle's outline, radius 64/2 - 4 = 28. 'disk' is a filled circle of radius a quarter of the
// size (16). Pure function: the page and the tests both use it.

export const SIZE = 64;
export const SHAPES = {
  ring: { radius: SIZE / 2 - 4, filled: false },
  'small-ring': { radius: 12, filled: false },
  disk: { radius: SIZE / 4, filled: true },
};
/** The exercise's jitter: each shift is a whole number of pixels in [-JITTER, JITTER] on each axis. */
export const JITTER = 3;
/** A shift counts as far when it moves the shape at least this many pixels (the final window is 16). */
export const FAR_MIN = 12;

/** A [SIZE, SIZE, 1] tensor: 1 on the shape, 0 elsewhere. */
export function circleMap(kind, dx, dy) {
  const { radius, filled } = SHAPES[kind];
  const data = new Float32Array(SIZE * SIZE);
  const cy = SIZE / 2 + dy;
  const cx = SIZE / 2 + dx;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const d = Math.hypot(y + 0.5 - cy, x + 0.5 - cx);
      data[y * SIZE + x] = (filled ? d <= radius : Math.abs(d - radius) <= 0.75) ? 1 : 0;
    }
  }
  return { shape: [SIZE, SIZE, 1], data };
}

/** Σ|a − b| / Σ max(a, b): the share of lit cells (in either map) that differ. 0 when both are empty. */
export function litDifference(a, b) {
  let diff = 0;
  let lit = 0;
  for (let i = 0; i < a.length; i++) {
    diff += Math.abs(a[i] - b[i]);
    lit += Math.max(a[i], b[i]);
  }
  return lit === 0 ? 0 : diff / lit;
}

/** Max-pools 2x2 with stride 2, 'same', `times` times (tf.nn.pool as in the exercise). */
export function poolChain(cd, map, times = 4) {
  const maps = [map];
  for (let i = 0; i < times; i++) {
    maps.push(cd.maxPool2d(maps[i], { poolSize: 2, strides: 2, padding: 'same' }));
  }
  return maps;
}

/** The lit rows and columns of a SIZE x SIZE map: { top, bottom, left, right } (inclusive), or null. */
export function litBox(data, size = SIZE) {
  let [top, bottom, left, right] = [size, -1, size, -1];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (data[y * size + x] === 0) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return bottom < 0 ? null : { top, bottom, left, right };
}

/**
 * The far shift for a shape at shift a = [dx, dy]: A moved along x as far as the map allows
 * (the side with more room), so the whole shape stays inside; null when it cannot move at
 * least FAR_MIN pixels (the exercise's ring spans 58 of the 64 columns).
 */
export function farShift(kind, [dx, dy]) {
  const box = litBox(circleMap(kind, dx, dy).data);
  const right = SIZE - 1 - box.right;
  const left = box.left;
  const move = right >= left ? right : -left;
  return Math.abs(move) >= FAR_MIN ? [dx + move, dy] : null;
}

/**
 * Every pair of different jitters (dx, dy in [-JITTER, JITTER]): after each of `times` max
 * poolings, how many pairs still give different maps. Returns
 * { pairs, differ: [count at step 0, 1, ..., times] }.
 */
export function jitterStats(cd, kind, times = 4) {
  const finals = [];
  for (let dy = -JITTER; dy <= JITTER; dy++) {
    for (let dx = -JITTER; dx <= JITTER; dx++) finals.push(poolChain(cd, circleMap(kind, dx, dy), times));
  }
  const differ = new Array(times + 1).fill(0);
  let pairs = 0;
  for (let i = 0; i < finals.length; i++) {
    for (let j = i + 1; j < finals.length; j++) {
      pairs++;
      for (let k = 0; k <= times; k++) {
        const a = finals[i][k].data;
        const b = finals[j][k].data;
        if (a.some((v, n) => v !== b[n])) differ[k]++;
      }
    }
  }
  return { pairs, differ };
}

/**
 * Why small shifts survive or vanish: the centred shape's lit columns, and after k poolings
 * (windows of 2^k pixels, borders at multiples of 2^k) how far its left and right edges can
 * move before they cross into another window.
 */
export function edgeRoom(kind, times = 4) {
  const box = litBox(circleMap(kind, 0, 0).data);
  const steps = [];
  for (let k = 1; k <= times; k++) {
    const win = 2 ** k;
    steps.push({ k, window: win, left: box.left % win, right: win - 1 - (box.right % win) });
  }
  return { box, steps };
}

/** The [h - margin, w - margin] part of a [1, h, w, 1] (or [h, w, 1]) map that starts at (dy, dx). */
export function shiftedCrop(t, dx, dy, margin) {
  const s = t.shape;
  const [h, w] = s.length === 4 ? [s[1], s[2]] : [s[0], s[1]];
  const [oh, ow] = [h - margin, w - margin];
  const data = new Float32Array(oh * ow);
  for (let y = 0; y < oh; y++) data.set(t.data.subarray((y + dy) * w + dx, (y + dy) * w + dx + ow), y * ow);
  return { shape: [1, oh, ow, 1], data };
}

/** How alike two maps are: { cells, equal (cells with the same value), diff (litDifference) }. */
export function compareMaps(a, b) {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return { cells: a.length, equal, diff: litDifference(a, b) };
}
