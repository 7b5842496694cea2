// Section 5 of the demo in headless Chromium: Tiny VGG on the user's image (every layer's maps,
// the class scores) and global average pooling of its last block for A and B. What the page
// computes on condense's core API must equal the same model loaded with tf.loadLayersModel on
// tfjs's cpu backend in Node (softmax within 1e-5, same top-1), and the same computation through
// condense in Node; the GAP cosine is recomputed here from the page's inputs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ARTIFACTS, canvasStats, idle, openDemo, ROOT, startBrowser } from '../web-helpers/browser.mjs';
import { encodeRgbaPng } from '../web-helpers/png.mjs';
import { condense } from '../web-helpers/reference.mjs';
import { decodeImage } from '../../image/node.mjs';
import { loadTinyVgg } from '../../bench/lib/models-node.mjs';
import { TINY_VGG_CLASSES as BENCH_CLASSES } from '../../bench/lib/models.mjs';
import { BANK, bankTensor } from '../../web/lib/filters.mjs';
import {
  buildModel,
  headParams,
  lastMaps,
  modelInput,
  parseWeights,
  runModel,
  softmax,
  TINY_VGG_CLASSES,
} from '../../web/lib/tiny-vgg.mjs';

const SOFTMAX_ATOL = 1e-5;
const MODEL_DIR = join(ROOT, 'web/models/tiny-vgg/');

let env;
let page;
let problems;
let tfModel;
let model; // the page's own loader, run in Node
const photos = {}; // name -> { rgba, width, height, png }

async function photo(name) {
  const image = await decodeImage(new Uint8Array(readFileSync(join(ROOT, `web/samples/${name}.jpg`))), {
    channels: 4,
  });
  const rgba = new Uint8Array(image.data);
  return { rgba, width: image.width, height: image.height, png: encodeRgbaPng(image.width, image.height, rgba) };
}

/** tf.loadLayersModel's prediction on the cpu backend for one [1, 64, 64, 3] input. */
function tfPredict(input) {
  return Array.from(tf.tidy(() => tfModel.predict(tf.tensor4d(input, [1, 64, 64, 3])).dataSync()));
}

const argmax = (v) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);
const maxAbsDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

// Cosine similarity written out here, independently of the page's helper.
function cosineOf(a, b) {
  const dot = a.reduce((s, v, i) => s + v * b[i], 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

async function upload(selector, name, buffer) {
  await page.setInputFiles(selector, { name, mimeType: 'image/png', buffer });
  await idle(page);
}

before(async () => {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  tfModel = await loadTinyVgg(tfl);
  const json = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
  const bin = readFileSync(join(MODEL_DIR, json.weightsManifest[0].paths[0]));
  model = buildModel(json, parseWeights(json, [bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length)]));
  photos.coffee = await photo('coffee');
  photos.rocket = await photo('rocket');
  env = await startBrowser();
  ({ page, problems } = await openDemo(env));
  await page.waitForFunction(() => window.condenseDemo.cnn() && window.condenseDemo.gap().B);
  await idle(page);
});

after(async () => {
  if (tfModel) tfModel.dispose();
  if (env) await env.close();
});

describe('demo §5: a trained CNN (Tiny VGG) and global average pooling', () => {
  test('the page reads the model as tf.loadLayersModel does: same classes, weights and parameter count', () => {
    assert.deepEqual(TINY_VGG_CLASSES, BENCH_CLASSES);
    const ours = model.layers.filter((l) => l.kernel).flatMap((l) => [l.kernel, l.bias]);
    const theirs = tfModel.getWeights();
    assert.equal(ours.length, theirs.length);
    ours.forEach((w, i) => {
      assert.deepEqual(w.shape, theirs[i].shape);
      assert.deepEqual(Array.from(w.data), Array.from(theirs[i].dataSync()));
    });
    assert.equal(
      ours.reduce((n, w) => n + w.data.length, 0),
      tfModel.countParams(),
    );
  });

  test('on an uploaded photo: the same input and softmax as tfjs cpu (within 1e-5), same top-1: espresso', async () => {
    const { rgba, width, height, png } = photos.coffee;
    await upload('#file', 'coffee.png', png);
    const c = await page.evaluate(() => window.condenseDemo.cnn());
    assert.equal(c.name, 'coffee.png');
    assert.deepEqual(c.inputShape, [1, 64, 64, 3]);
    const cd = await condense();
    const x = modelInput(cd, { data: rgba, width, height });
    assert.deepEqual(c.input, Array.from(x.data), "the page's 64x64x3 input");
    const want = tfPredict(x.data);
    const d = maxAbsDiff(c.probs, want);
    assert.ok(d <= SOFTMAX_ATOL, `softmax differs from tfjs cpu by ${d}`);
    assert.equal(argmax(c.probs), argmax(want));
    assert.equal(c.top[0].className, 'espresso');
    assert.ok(Math.abs(c.probs.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.match(await page.textContent('#cnn-verdict'), /^Tiny VGG says espresso \(\d+\.\d%\)\.$/);
    assert.equal(await page.locator('#cnn-scores li').count(), 10);
    assert.match(await page.textContent('#cnn-scores li.best'), /^espresso/);
  });

  test('every layer: names and shapes as Keras gives them, maps drawn, values equal to condense in Node', async () => {
    const c = await page.evaluate(() => window.condenseDemo.cnn());
    const cd = await condense();
    const run = runModel(cd, model, { shape: c.inputShape, data: Float32Array.from(c.input) });
    const names = c.layers.map((l) => `${l.name} ${l.shape.slice(1).join('x')}`);
    assert.deepEqual(names, [
      'conv_1_1 62x62x10',
      'relu_1_1 62x62x10',
      'conv_1_2 60x60x10',
      'relu_1_2 60x60x10',
      'max_pool_1 30x30x10',
      'conv_2_1 28x28x10',
      'relu_2_1 28x28x10',
      'conv_2_2 26x26x10',
      'relu_2_2 26x26x10',
      'max_pool_2 13x13x10',
      'flatten 1690',
      'output 10',
    ]);
    c.layers.forEach((l, i) => {
      const s = run.layers[i].output.data.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(l.sum - s) <= 1e-9 * Math.max(1, Math.abs(s)), `${l.name}: sum ${l.sum} vs ${s}`);
    });
    assert.deepEqual(c.logits, run.logits);
    for (const l of c.layers.filter((k) => k.kind === 'Activation')) assert.ok(l.zeroShare > 0 && l.zeroShare < 1);
    // Ten rows of ten maps, each row saying its layer and shape.
    assert.equal(await page.locator('#cnn-layers .cnn-row').count(), 10);
    assert.equal(await page.locator('#cnn-layers .cnn-row canvas').count(), 100);
    assert.match(
      await page.textContent('.cnn-row[data-layer="conv_1_1"]'),
      /conv_1_1\s+Conv2D 3×3, 10 filters, valid\s+→ 62×62×10/,
    );
    assert.match(await page.textContent('.cnn-row[data-layer="relu_1_1"]'), /ReLU\s+→ 62×62×10\s+\d+(\.\d)?% zero/);
    assert.match(
      await page.textContent('.cnn-row[data-layer="max_pool_2"]'),
      /MaxPooling2D 2×2, stride 2\s+→ 13×13×10/,
    );
    const s = await canvasStats(page, '.cnn-row[data-layer="conv_1_2"] canvas:nth-child(3)');
    assert.deepEqual([s.width, s.height], [60, 60]);
    assert.equal(s.opaque, s.pixels);
    assert.ok(s.colours > 8, 'a drawn map, not a flat one');
    await page.locator('#cnn').screenshot({ path: join(ARTIFACTS, 'web-cnn.png') });
  });

  test('the coffee sample (JPEG decoded by the browser) scores espresso, as in Node', async (t) => {
    await page.click('button.sample[data-sample="coffee"]');
    await idle(page);
    const c = await page.evaluate(() => window.condenseDemo.cnn());
    assert.equal(c.name, 'Coffee cup');
    const cd = await condense();
    const { rgba, width, height } = photos.coffee;
    const nodeInput = modelInput(cd, { data: rgba, width, height }).data;
    const want = tfPredict(nodeInput);
    assert.equal(TINY_VGG_CLASSES[argmax(c.probs)], 'espresso');
    assert.equal(argmax(c.probs), argmax(want));
    // The page's own input through tfjs: the same softmax; the two JPEG decoders may differ slightly.
    assert.ok(maxAbsDiff(c.probs, tfPredict(c.input)) <= SOFTMAX_ATOL);
    const meanDiff = (255 * c.input.reduce((s, v, i) => s + Math.abs(v - nodeInput[i]), 0)) / c.input.length;
    const probDiff = maxAbsDiff(c.probs, want);
    t.diagnostic(
      `browser vs condense/image JPEG decode: input differs by ${meanDiff.toFixed(2)} levels on average ` +
        `(at most ${(255 * maxAbsDiff(c.input, Array.from(nodeInput))).toFixed(1)}); softmax by ${probDiff.toFixed(4)}`,
    );
    assert.ok(meanDiff <= 2, `the browser's JPEG decode differs by ${meanDiff} levels on average`);
  });

  test('global average pooling of A and B: averages, cosine and head parameters computed again here', async () => {
    await upload('#file', 'coffee.png', photos.coffee.png);
    await upload('#gap-file', 'rocket.png', photos.rocket.png);
    const g = await page.evaluate(() => window.condenseDemo.gap());
    assert.equal(g.A.name, 'coffee.png');
    assert.equal(g.B.name, 'rocket.png');
    assert.equal(g.layer, 'max_pool_2');
    assert.deepEqual(g.A.mapsShape, [1, 13, 13, 10]);
    const cd = await condense();
    const pooled = ({ rgba, width, height }) => {
      const maps = lastMaps(runModel(cd, model, modelInput(cd, { data: rgba, width, height }))).output;
      return Array.from(cd.globalAvgPool2d(maps).data);
    };
    const a = pooled(photos.coffee);
    const b = pooled(photos.rocket);
    assert.deepEqual(g.A.pooled, a);
    assert.deepEqual(g.B.pooled, b);
    const cos = cosineOf(a, b);
    assert.ok(Math.abs(g.cosine - cos) < 1e-12, `cosine ${g.cosine} vs ${cos}`);
    assert.ok(cos < 0.6, `trained features of coffee and rocket point apart (cosine ${cos})`);
    assert.match(await page.textContent('#gap-summary'), new RegExp(`ten averages: ${cos.toFixed(3)} `));
    // The hand-made bank: the mirrored twins are dropped because they average to the same score.
    assert.deepEqual(
      g.bank.dropped.map((d) => `${d.name}=${d.twin}`),
      ['dark spot=bright spot', 'dark blob=bright blob'],
    );
    assert.equal(g.bank.filters.length, 14);
    const gray = (p) => {
      const side = Math.min(p.width, p.height);
      const crop = new Uint8Array(side * side * 4);
      const [left, top] = [Math.floor((p.width - side) / 2), Math.floor((p.height - side) / 2)];
      for (let y = 0; y < side; y++) {
        crop.set(
          p.rgba.subarray(((top + y) * p.width + left) * 4, ((top + y) * p.width + left + side) * 4),
          y * side * 4,
        );
      }
      const x = cd.fromImageData({ data: crop, width: side, height: side }, { size: [224, 224] });
      return Array.from(cd.globalAvgPool2d(cd.conv2d(x, bankTensor(), { padding: 'valid', activation: 'relu' })).data);
    };
    const bankA = gray(photos.coffee);
    const bankB = gray(photos.rocket);
    const at = (name) => BANK.findIndex((f) => f.name === name);
    for (const [one, twin] of [
      ['bright spot', 'dark spot'],
      ['bright blob', 'dark blob'],
    ]) {
      const [u, v] = [bankA[at(one)], bankA[at(twin)]];
      assert.ok(Math.abs(u - v) <= 0.02 * u, `${one} ${u} vs ${twin} ${v}`);
    }
    const keep = g.bank.filters.map(at);
    assert.deepEqual(
      g.A.bankPooled,
      keep.map((i) => bankA[i]),
    );
    const bankCos = cosineOf(
      keep.map((i) => bankA[i]),
      keep.map((i) => bankB[i]),
    );
    assert.ok(Math.abs(g.bank.cosine - bankCos) < 1e-6, `bank cosine ${g.bank.cosine} vs ${bankCos}`);
    assert.ok(bankCos > 0.95 && bankCos > cos, `hand-made ${bankCos} vs trained ${cos}`);
    // The Dense head: Flatten 13*13*10 -> 10 vs GlobalAvgPool2D 10 -> 10, from the weights' shapes.
    const dense = tfModel.layers[tfModel.layers.length - 1];
    const [inputs, units] = dense.getWeights()[0].shape;
    assert.equal(inputs, 13 * 13 * 10);
    assert.equal(g.head.flatten, inputs * units + units);
    assert.equal(g.head.gap, 10 * units + units);
    assert.equal(g.head.total, tfModel.countParams());
    const head = await page.textContent('#gap-head tbody');
    assert.match(head, /13×13×10 = 1,690\s*1,690×10 \+ 10 = 16,910/);
    assert.match(head, /10×10 \+ 10 = 110/);
    await page.locator('#gap').screenshot({ path: join(ARTIFACTS, 'web-cnn-gap.png') });
    assert.deepEqual(problems, []);
  });

  test('every pair of the samples: trained cosines spread out, the hand-made ones stay near 1; A/B agrees', async () => {
    const all = await page.evaluate(() => window.condenseDemo.cnnPairs());
    assert.equal(all.pairs.length, 10);
    const trained = all.pairs.map((p) => p.trained);
    const hand = all.pairs.map((p) => p.bank);
    assert.ok(Math.min(...hand) > 0.95, `hand-made cosines ${hand}`);
    assert.ok(Math.min(...trained) < 0.6, `trained cosines ${trained}`);
    assert.ok(
      all.pairs.every((p) => p.trained < p.bank),
      'for every pair the trained features are further apart',
    );
    assert.equal(await page.locator('#gap-all tbody tr').count(), 10);
    // The same two samples as A and B give the same numbers as the table's row.
    await page.click('button.sample[data-sample="coffee"]');
    await idle(page);
    await page.selectOption('#gap-b-select', 'rocket');
    await idle(page);
    const g = await page.evaluate(() => window.condenseDemo.gap());
    const row = all.pairs.find((p) => p.a === 'coffee' && p.b === 'rocket');
    assert.equal(g.cosine, row.trained);
    assert.equal(g.bank.cosine, row.bank);
    assert.ok(Math.abs(g.cosine - cosineOf(g.A.pooled, g.B.pooled)) < 1e-12);
  });

  test('on a phone: A and B side by side at the same scale, tables and bars fit without sideways scrolling', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      hasTouch: true,
      isMobile: true,
    });
    const phone = await context.newPage();
    const errors = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    phone.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await phone.goto(`${env.server.url}/web/`);
    await phone.waitForFunction(() => window.condenseDemo && window.condenseDemo.cnn() && window.condenseDemo.gap()?.B);
    await phone.evaluate(() => window.condenseDemo.idle());
    const widths = await phone.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: innerWidth }));
    assert.ok(widths.doc <= widths.view, `page is ${widths.doc} px wide in a ${widths.view} px screen`);
    const a = await phone.locator('#gap-a .gap-maps canvas').first().boundingBox();
    const b = await phone.locator('#gap-b .gap-maps canvas').first().boundingBox();
    assert.ok(
      // B's head holds its picker, so B's maps may start a little lower; they share the row.
      Math.abs(a.width - b.width) < 0.5 && Math.abs(a.y - b.y) < 200,
      `A and B maps at one size, side by side: ${JSON.stringify([a, b])}`,
    );
    assert.ok(b.x >= a.x + a.width);
    for (const selector of ['#gap-head', '#gap-all', '#gap-bars', '#gap-bank-bars', '#cnn-scores', '#cnn-layers']) {
      const fit = await phone.$eval(selector, (el) => ({
        scroll: el.scrollWidth,
        width: el.parentElement.clientWidth,
      }));
      assert.ok(fit.scroll <= fit.width, `${selector} is ${fit.scroll} px wide in ${fit.width} px`);
    }
    await phone.locator('#cnn').screenshot({ path: join(ARTIFACTS, 'web-cnn-phone.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('web/lib/tiny-vgg.mjs in Node: what it refuses, and its small helpers', () => {
  const json = () => JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
  const bin = () => {
    const b = readFileSync(join(MODEL_DIR, 'group1-shard1of1.bin'));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  };

  test('weight files shorter or longer than the manifest, and non-float32 weights, are errors that say so', () => {
    assert.throws(
      () => parseWeights(json(), [bin().slice(0, 79000)]),
      /Tiny VGG: the weight files end inside output\/kernel/,
    );
    const longer = new Uint8Array(bin().byteLength + 8);
    longer.set(new Uint8Array(bin()));
    assert.throws(() => parseWeights(json(), [longer.buffer]), /8 bytes of the weight files are not in the manifest/);
    const quantized = json();
    quantized.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', min: 0, scale: 1 };
    assert.throws(
      () => parseWeights(quantized, [bin()]),
      /weight conv_1_1\/kernel is quantized to uint8; this page reads float32 weights only/,
    );
    const f16 = json();
    f16.weightsManifest[0].weights[1].dtype = 'float16';
    assert.throws(
      () => parseWeights(f16, [bin()]),
      /weight conv_1_1\/bias is float16; this page reads float32 weights only/,
    );
  });

  test('a layer it does not run, or missing weights, is an error naming the layer', () => {
    const j = json();
    const weights = parseWeights(j, [bin()]);
    j.modelTopology.model_config.config.layers[1].class_name = 'BatchNormalization';
    assert.throws(() => buildModel(j, weights), /layer relu_1_1 is a BatchNormalization, which this page does not run/);
    weights.delete('conv_2_1/bias');
    assert.throws(() => buildModel(json(), weights), /weights of conv_2_1 are missing/);
  });

  test('softmax is stable for large logits and sums to 1; the head parameters follow the shapes', () => {
    const p = softmax([1000, 1001, 999]);
    assert.ok(p.every(Number.isFinite));
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.ok(Math.abs(p[1] - Math.exp(1) / (1 + Math.exp(1) + Math.exp(-1))) < 1e-12);
    assert.deepEqual(headParams([13, 13, 10], 10), { flattenInputs: 1690, flatten: 16910, gapInputs: 10, gap: 110 });
  });
});

describe('demo §5 when the model cannot be loaded', () => {
  test('the section says so, and the rest of the page keeps working', async () => {
    const other = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    other.on('pageerror', (e) => errors.push(e.message));
    await other.route('**/models/tiny-vgg/model.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await other.goto(`${env.server.url}/web/`);
    await other.waitForFunction(() => window.condenseDemo && window.condenseDemo.lastResult());
    await other.evaluate(() => window.condenseDemo.idle());
    const log = await other.evaluate(() => window.condenseDemo.messages());
    assert.ok(
      log.some(
        (m) => m.kind === 'error' && /^The trained model \(Tiny VGG\) could not be loaded: .*HTTP 404/.test(m.message),
      ),
      JSON.stringify(log),
    );
    assert.match(await other.textContent('#cnn-verdict'), /could not be loaded .*HTTP 404.*this section stays empty/);
    assert.equal(await other.evaluate(() => window.condenseDemo.cnn()), null);
    assert.deepEqual(errors, []);
    await other.close();
  });
});
