// Tiny VGG (CNN Explainer's trained model, web/models/tiny-vgg/) loaded with tf.loadLayersModel
// predicts on 'condense' what it predicts on 'cpu': softmax within 1e-5 and the same top-1 on
// the demo's sample photos and on seeded synthetic images; model.save → reload on 'condense'
// gives identical predictions.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadTinyVgg, sampleImages } from '../../bench/lib/models-node.mjs';
import { syntheticImages, TINY_VGG_CLASSES } from '../../bench/lib/models.mjs';
import { tf, tfl, setup, maxDiff, argmaxRows, CONDENSE, CPU } from './helpers.mjs';

const SOFTMAX_ATOL = 1e-5;
let condense;
let inputs; // { name, x, n }[]: each photo alone, and the synthetic images as one batch of 4

before(async () => {
  condense = await setup();
  const photos = await sampleImages();
  assert.ok(photos.length >= 5, 'the demo samples (web/samples/) are missing');
  inputs = photos.map((p) => ({ name: p.name, x: p.x, n: 1 }));
  inputs.push({ name: 'synthetic x4 (seed 7)', x: syntheticImages(4, 7), n: 4 });
  inputs.push({ name: 'synthetic x1 (seed 99)', x: syntheticImages(1, 99), n: 1 });
  // All photos in one batch: the batched kernels must agree with the single-image ones.
  const all = new Float32Array(photos.length * photos[0].x.length);
  photos.forEach((p, i) => all.set(p.x, i * p.x.length));
  inputs.push({ name: 'all photos as one batch', x: all, n: photos.length });
});

async function predictAll(backend) {
  await tf.setBackend(backend);
  const model = await loadTinyVgg(tfl);
  const out = inputs.map(({ x, n }) =>
    tf.tidy(() =>
      model
        .predict(tf.tensor4d(x, [n, 64, 64, 3]))
        .dataSync()
        .slice(),
    ),
  );
  model.dispose();
  return out;
}

test('Tiny VGG: condense predicts what cpu predicts (softmax within 1e-5, same top-1)', async () => {
  const want = await predictAll(CPU);
  const tensorsBefore = tf.memory().numTensors;
  const got = await predictAll(CONDENSE);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors leaked on condense');
  const served = tf.backend();
  assert.equal(tf.getBackend(), CONDENSE);
  assert.ok(served.condense === condense || served.condense, 'the active backend is not condense');
  inputs.forEach(({ name, n }, i) => {
    assert.equal(got[i].length, n * 10);
    const d = maxDiff(got[i], want[i]);
    assert.ok(d.abs <= SOFTMAX_ATOL, `${name}: softmax differs by ${d.abs} (> ${SOFTMAX_ATOL})`);
    assert.deepEqual(argmaxRows(got[i], 10), argmaxRows(want[i], 10), `${name}: top-1 differs`);
    for (let r = 0; r < n; r++) {
      const row = got[i].subarray(r * 10, r * 10 + 10);
      const sum = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `${name}: softmax row ${r} sums to ${sum}`);
    }
  });
  // The trained model recognises the demo's coffee photo (one of its ten classes).
  const coffee = inputs.findIndex((p) => p.name === 'coffee.jpg');
  assert.equal(TINY_VGG_CLASSES[argmaxRows(got[coffee], 10)[0]], 'espresso');
});

test('Tiny VGG: model.save → tf.loadLayersModel on condense gives identical predictions', async () => {
  await tf.setBackend(CONDENSE);
  const model = await loadTinyVgg(tfl);
  let saved = null;
  const result = await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  assert.ok(result.modelArtifactsInfo && saved, 'the save handler was not called');
  assert.equal(model.countParams(), 19920);
  const parts = [saved.weightData].flat(); // one ArrayBuffer, or several
  assert.equal(
    parts.reduce((n, b) => n + b.byteLength, 0),
    model.countParams() * 4,
    'saved weights: every parameter, float32',
  );
  const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(saved));
  const x = inputs[0].x;
  const [a, b] = [model, reloaded].map((m) =>
    tf.tidy(() =>
      m
        .predict(tf.tensor4d(x, [1, 64, 64, 3]))
        .dataSync()
        .slice(),
    ),
  );
  assert.deepEqual(Array.from(b), Array.from(a));
  model.dispose();
  reloaded.dispose();
});
