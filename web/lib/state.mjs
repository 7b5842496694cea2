// The pipeline's settings (the lesson module's shape: kernel, convPadding, pool, repeats) and
// who is told when they change. No DOM: the controls write it, the app reads it.
import { DEFAULT_SETTINGS } from '../../bindings/lesson.mjs';

export const MAX_REPEATS = 5;

const clone = (s) => JSON.parse(JSON.stringify(s));

export function createSettings(initial = DEFAULT_SETTINGS) {
  const state = clone(initial);
  const listeners = [];

  return {
    /** The live settings (read-only for callers: change them with update / setKernel). */
    current: () => state,
    /** A deep copy, for results that must not change with the controls. */
    snapshot: () => clone(state),
    /** The kernel as 3 rows of 3. */
    kernelRows: () => [state.kernel.slice(0, 3), state.kernel.slice(3, 6), state.kernel.slice(6, 9)],
    /** Merges `patch` (pool is merged too); tells the listeners unless `silent`. */
    update(patch, { silent = false } = {}) {
      const { pool, ...rest } = patch;
      Object.assign(state, rest);
      if (pool) Object.assign(state.pool, pool);
      if (rest.kernel) state.kernel = [...rest.kernel];
      if (!silent) listeners.forEach((fn) => fn());
    },
    setKernelCell(i, v) {
      state.kernel[i] = v;
      listeners.forEach((fn) => fn());
    },
    onChange: (fn) => listeners.push(fn),
  };
}
