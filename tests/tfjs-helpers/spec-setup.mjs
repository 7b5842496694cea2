// Imported first by the bundled tfjs-core spec run (spec-bundle.mjs): tfjs-core's chained ops and
// gradients, the 'condense' backend (loaded with the options the runner left on globalThis), the
// test environment and the include / exclude filters.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { findBackend } from '@tensorflow/tfjs-core';
import { setTestEnvs, setupTestFilters } from '@tensorflow/tfjs-core/dist/jasmine_util';
import { registerCondenseBackend } from '../../bindings/tfjs/node.mjs';
import { TEST_FILTERS } from './spec-filters.mjs';

const condense = await registerCondenseBackend(globalThis.condenseLoadOptions);
setTestEnvs([{ name: 'condense', backendName: 'condense', isDataSync: true }]);
setupTestFilters(
  TEST_FILTERS.map(({ startsWith, excludes }) => ({ startsWith, excludes: excludes.map((e) => e.name) })),
  () => false,
);
globalThis.condenseSpecRun = {
  backend: condense.backend,
  kernelCounts: () => findBackend('condense').kernelCounts(),
  memory: () => condense.memory(),
};
