// The lesson module (bindings/lesson.mjs, shipped as condense/lesson), which the CLI, the demo
// and its timing panel run: the same maps as the public API called step by step, its presets
// and their aliases, reused output buffers, stopping at a failing stage, and the fused pass.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadCondense } from '../../bindings/node.mjs';
import {
  DEFAULT_SETTINGS,
  PRESETS,
  kernelTensor,
  lessonSteps,
  presetById,
  presetOfKernel,
  runFused,
  runLesson,
} from '../../bindings/lesson.mjs';
import { testPixels } from '../cli-fixtures/pngwriter.mjs';

let cd;
before(async () => {
  cd = await loadCondense({ threads: false });
});

const settings = (over = {}) => ({
  kernel: [-1, -1, -1, -1, 8, -1, -1, -1, -1],
  convPadding: 'same',
  pool: { type: 'max', size: 2, stride: 2, padding: 'same' },
  repeats: 1,
  ...over,
});

// The pipeline written out against the public API, independently of the module.
function byHand(x, s) {
  const filtered = cd.conv2d(x, { shape: [3, 3, 1, 1], data: Float32Array.from(s.kernel) }, { padding: s.convPadding });
  const detected = cd.relu(filtered);
  const condensed = [];
  let prev = detected;
  const o = { poolSize: s.pool.size, strides: s.pool.stride, padding: s.pool.padding };
  for (let i = 0; i < s.repeats; i++) {
    prev = s.pool.type === 'max' ? cd.maxPool2d(prev, o) : cd.avgPool2d(prev, o);
    condensed.push(prev);
  }
  return { filtered, detected, condensed };
}

const same = (a, b, what) => {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assert.deepEqual(Array.from(a.data), Array.from(b.data), `${what}: values`);
};

describe('condense/lesson', () => {
  test('the package exports it as condense/lesson', async () => {
    const viaExports = await import('condense/lesson');
    assert.equal(viaExports.runLesson, runLesson);
  });

  test('presets: ids, aliases (case-insensitive), kernels as 9 numbers', () => {
    assert.deepEqual(
      PRESETS.map((p) => p.id),
      [
        'emboss',
        'edge',
        'bottom-sobel',
        'top-sobel',
        'left-sobel',
        'right-sobel',
        'outline',
        'sharpen',
        'blur',
        'identity',
      ],
    );
    for (const p of PRESETS) assert.equal(p.kernel.length, 9, p.id);
    assert.equal(presetById('exercise'), presetById('emboss'));
    assert.equal(presetById('Sobel-Bottom'), presetById('bottom-sobel'));
    assert.equal(presetById('laplace'), undefined);
    assert.equal(presetOfKernel([0, 0, 0, 0, 1, 0, 0, 0, 0]).id, 'identity');
    assert.equal(presetOfKernel([0, 0, 0, 0, 2, 0, 0, 0, 0]), undefined);
    assert.throws(
      () => {
        PRESETS[0].kernel[0] = 5;
      },
      TypeError,
      'frozen',
    );
  });

  test('kernelTensor takes 9 numbers, 3 rows or a preset id; anything else is a RangeError', () => {
    const want = { shape: [3, 3, 1, 1], data: Float32Array.from([-2, -1, 0, -1, 1, 1, 0, 1, 2]) };
    assert.deepEqual(kernelTensor('emboss'), want);
    assert.deepEqual(
      kernelTensor([
        [-2, -1, 0],
        [-1, 1, 1],
        [0, 1, 2],
      ]),
      want,
    );
    assert.deepEqual(kernelTensor(presetById('emboss').kernel), want);
    assert.throws(() => kernelTensor([1, 2, 3]), RangeError);
    assert.throws(() => kernelTensor([1, 2, 3, 4, NaN, 6, 7, 8, 9]), RangeError);
    assert.throws(() => kernelTensor('laplace'), /unknown kernel preset 'laplace'/);
  });

  test('lessonSteps: conv2d, relu, then the pooling once per repeat', () => {
    const steps = lessonSteps(settings({ pool: { type: 'avg', size: 3, stride: 2, padding: 'valid' }, repeats: 3 }));
    assert.deepEqual(
      steps.map((s) => [s.stage, s.fn]),
      [
        ['filter', 'conv2d'],
        ['detect', 'relu'],
        ['condense-1', 'avgPool2d'],
        ['condense-2', 'avgPool2d'],
        ['condense-3', 'avgPool2d'],
      ],
    );
    assert.deepEqual(steps[2].options, { poolSize: 3, strides: 2, padding: 'valid' });
    assert.deepEqual(steps[0].options, { padding: 'same' });
    assert.deepEqual(
      lessonSteps(DEFAULT_SETTINGS).map((s) => s.fn),
      ['conv2d', 'relu', 'maxPool2d'],
    );
  });

  for (const [what, over] of [
    ['defaults of the CLI (edge, same, max 2x2 same)', {}],
    [
      'emboss, valid, avg 3x3 stride 2 valid, 3 times',
      {
        kernel: presetById('emboss').kernel,
        convPadding: 'valid',
        pool: { type: 'avg', size: 3, stride: 2, padding: 'valid' },
        repeats: 3,
      },
    ],
    ['stride 1 max pooling, twice', { pool: { type: 'max', size: 3, stride: 1, padding: 'same' }, repeats: 2 }],
  ]) {
    test(`from RGBA pixels: the public API's maps, ${what}`, () => {
      const s = settings(over);
      const image = { data: testPixels(37, 29, 3), width: 37, height: 29 };
      const r = runLesson(cd, image, { ...s, size: [40, 48] });
      const x = cd.fromImageData(image, { channels: 1, size: [40, 48] });
      same(r.x, x, 'input');
      const want = byHand(x, s);
      same(r.filtered, want.filtered, 'filter');
      same(r.detected, want.detected, 'detect');
      assert.equal(r.condensed.length, s.repeats);
      r.condensed.forEach((c, i) => same(c, want.condensed[i], `condense ${i + 1}`));
      assert.equal(r.maps['condense-1'], r.condensed[0]);
      assert.equal(r.failed, null);
      assert.equal(r.timings.pool.length, s.repeats);
      for (const v of [r.timings.fromImageData, r.timings.conv2d, r.timings.relu, ...r.timings.pool]) assert.ok(v >= 0);
    });
  }

  test('a tensor input is used as is; output buffers from out() are written', () => {
    const x = cd.fromImageData({ data: testPixels(20, 20, 4), width: 20, height: 20 });
    const given = [];
    const r = runLesson(cd, x, settings({ repeats: 2 }), {
      out(step, inputs) {
        const b = new Float32Array(
          step.fn === 'maxPool2d' ? Math.ceil(inputs[0].shape[1] / 2) ** 2 : inputs[0].data.length,
        );
        given.push([step.stage, b]);
        return b;
      },
    });
    assert.equal(r.x, x);
    assert.equal(r.timings.fromImageData, 0);
    assert.deepEqual(
      given.map(([stage]) => stage),
      ['filter', 'detect', 'condense-1', 'condense-2'],
    );
    assert.equal(r.filtered.data, given[0][1]);
    assert.equal(r.condensed[1].data, given[3][1]);
    same(r.condensed[1], byHand(x, settings({ repeats: 2 })).condensed[1], 'condense 2');
  });

  test('a failing stage throws by default; with onError "stop" the stages before it are kept', () => {
    const x = cd.fromImageData({ data: testPixels(16, 16, 5), width: 16, height: 16 });
    const s = settings({ pool: { type: 'max', size: 6, stride: 6, padding: 'valid' }, repeats: 3 });
    assert.throws(() => runLesson(cd, x, s), RangeError);
    const r = runLesson(cd, x, s, { onError: 'stop' });
    assert.equal(r.condensed.length, 1);
    assert.deepEqual(r.condensed[0].shape, [1, 2, 2, 1]);
    assert.equal(r.failed.stage, 'condense-2');
    assert.ok(r.failed.error instanceof RangeError);
    assert.match(r.failed.error.message, /maxPool2d/);
  });

  test('runFused (convPool2d) gives the first Condense map; fused: true times it', () => {
    const x = cd.fromImageData({ data: testPixels(30, 26, 6), width: 30, height: 26 });
    for (const type of ['max', 'avg']) {
      const s = settings({ pool: { type, size: 2, stride: 2, padding: 'same' } });
      const r = runLesson(cd, x, s, { fused: true });
      same(r.fused, r.condensed[0], `${type}: fused`);
      assert.ok(r.timings.fused >= 0);
      same(runFused(cd, x, s), r.condensed[0], `${type}: runFused`);
    }
  });
});
