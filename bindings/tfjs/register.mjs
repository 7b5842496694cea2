// registerCondenseBackend for both entries (index.mjs, node.mjs): loads condense once, registers
// the 'condense' backend, re-registers every tfjs-backend-cpu kernel for it (inherited), then
// condense's kernels over the ones it serves.
import '@tensorflow/tfjs-backend-cpu';
import { getKernel, getKernelsForBackend, registerBackend, registerKernel } from '@tensorflow/tfjs-core';
import { CondenseBackend } from './backend.mjs';
import { configs } from './kernels.mjs';
import { BACKEND_NAME } from './kernel.mjs';

// The kernel names condense serves (the rest are tfjs-backend-cpu's).
export const condenseKernelNames = configs.map((c) => c.kernelName);

function registerKernels() {
  const served = new Set(condenseKernelNames);
  for (const config of getKernelsForBackend('cpu')) {
    if (served.has(config.kernelName) || getKernel(config.kernelName, BACKEND_NAME)) continue;
    registerKernel({ ...config, backendName: BACKEND_NAME });
  }
  for (const config of configs) {
    if (!getKernel(config.kernelName, BACKEND_NAME)) registerKernel(config);
  }
}

export function createRegister(loadCondense) {
  let pending;
  return function registerCondenseBackend(options) {
    pending ??= (async () => {
      const condense = await loadCondense(options);
      registerKernels();
      // Priority 2 (as tfjs-backend-wasm): above cpu's 1 when no backend was chosen.
      const counts = { served: new Map(), inherited: new Map() };
      registerBackend(BACKEND_NAME, () => new CondenseBackend(condense, counts), 2);
      return condense;
    })();
    // A failed load (a bad option, no SIMD) may be retried.
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
}
