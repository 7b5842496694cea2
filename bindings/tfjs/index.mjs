// condense/tfjs (browsers, workers, bundlers): the 'condense' TensorFlow.js backend.
//   import { registerCondenseBackend } from 'condense/tfjs';
//   await registerCondenseBackend();   // loadCondense's options
//   await tf.setBackend('condense');
import { loadCondense } from '../index.mjs';
import { createRegister } from './register.mjs';

export { CondenseBackend } from './backend.mjs';
export { condenseKernelNames } from './register.mjs';
export const registerCondenseBackend = createRegister(loadCondense);
