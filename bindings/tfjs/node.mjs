// condense/tfjs in Node: as index.mjs, loading the .wasm with fs (condense's Node entry).
import { loadCondense } from '../node.mjs';
import { createRegister } from './register.mjs';

export { CondenseBackend } from './backend.mjs';
export { condenseKernelNames } from './register.mjs';
export const registerCondenseBackend = createRegister(loadCondense);
