// Tiny VGG on the 'condense' backend, the same code in the page and in the worker: bare
// specifiers resolved by the page's import map (no bundler).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerCondenseBackend } from 'condense/tfjs';

let model = null;

/** Softmax of Tiny VGG on n images (x: n*64*64*3 floats), computed on 'condense'. */
export async function predictTinyVgg(x, n) {
  await registerCondenseBackend();
  if (!(await tf.setBackend('condense'))) throw new Error("tf.setBackend('condense') failed");
  model ??= await tfl.loadLayersModel('/web/models/tiny-vgg/model.json');
  const before = tf.memory().numTensors;
  const probs = tf.tidy(() => model.predict(tf.tensor4d(Float32Array.from(x), [n, 64, 64, 3])).dataSync());
  return {
    backend: tf.getBackend(),
    probs: Array.from(probs),
    leaked: tf.memory().numTensors - before,
    served: tf.backend().constructor.name,
  };
}
