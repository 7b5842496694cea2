// registerCondenseBackend for both entries (index.mjs, node.mjs): loads condense once, registers
// the 'condense' backend, re-registers every tfjs-backend-cpu kernel for it (inherited), then
// condense's kernels over the ones it serves.
import '@tensorflow/tfjs-backend-cpu';
import {
  findBackendFactory,
  getKernel,
  getKernelsForBackend,
  registerBackend,
  registerKernel,
} from '@tensorflow/tfjs-core';
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

// A later call may not ask for another build than the registered one (its other options only say
// where the same build's bytes come from).
function checkSameBuild(condense, options) {
  const simd = options?.simd;
  if (simd === undefined || simd === 'auto') return;
  const registered = condense.backend === 'wasm-simd' || condense.backend === 'wasm-simd-threads';
  if (simd !== registered) {
    throw new Error(
      `registerCondenseBackend: the 'condense' backend is already registered with the ${condense.backend} build; ` +
        `simd: ${String(simd)} cannot change it`,
    );
  }
}

export function createRegister(loadCondense) {
  let pending;
  const counts = { served: new Map(), fast: new Map(), inherited: new Map() };
  // Priority 2 (as tfjs-backend-wasm): above cpu's 1 when no backend was chosen. Registered again
  // if tf.removeBackend('condense') removed it.
  const registerFactory = (condense) => {
    if (!findBackendFactory(BACKEND_NAME))
      registerBackend(BACKEND_NAME, () => new CondenseBackend(condense, counts), 2);
    return condense;
  };
  return async function registerCondenseBackend(options) {
    if (pending !== undefined) {
      const condense = await pending;
      checkSameBuild(condense, options);
      return registerFactory(condense);
    }
    pending = loadCondense(options).then((condense) => {
      registerKernels();
      return registerFactory(condense);
    });
    // A failed load (a bad option, no SIMD) may be retried.
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
}
