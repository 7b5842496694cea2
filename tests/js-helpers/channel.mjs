// Shared by the per-channel op tests (prelu, preluGrad, batchNorm): random shapes of rank 2..5
// with the channel counts around the SIMD widths and the fold limits, in either layout, and the
// layout names each rank accepts.
import { randomData } from './random.mjs';

export const CHANNEL_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 33];

// The layout names that put the channels on axis 1 / last for a tensor of this rank.
export function layoutNames(rank) {
  const spatial = Math.min(3, Math.max(1, rank - 2));
  return {
    first: [{ 1: 'NCW', 2: 'NCHW', 3: 'NCDHW' }[spatial], 'channels_first'],
    last: [undefined, { 1: 'NWC', 2: 'NHWC', 3: 'NDHWC' }[spatial], 'channels_last'],
  };
}

// { shape, layout, c }: rank 2..5, channels from CHANNEL_COUNTS, on axis 1 or last.
export function randomChannelShape(r, { maxDim = 5 } = {}) {
  const rank = r.int(2, 5);
  const c = r.pick(CHANNEL_COUNTS);
  const first = r.chance(0.5);
  const names = layoutNames(rank);
  const layout = r.pick(first ? names.first : names.last);
  const shape = Array.from({ length: rank }, () => r.int(1, maxDim));
  shape[first ? 1 : rank - 1] = c;
  return { shape, layout, c };
}

// A tensor whose values include exact zeros, -0 and values at both signs.
export function mixedTensor(r, shape) {
  const count = shape.reduce((a, b) => a * b, 1);
  const data = randomData(r, count, -3, 3);
  for (let i = 0; i < count; i++) if (r.chance(0.05)) data[i] = r.chance(0.5) ? 0 : -0;
  return { shape, data };
}
