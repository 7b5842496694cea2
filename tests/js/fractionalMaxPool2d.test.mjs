// fractionalMaxPool2d: Graham's fractional max pooling (tf.nn.fractional_max_pool). Moved from
// the pooling family's kit (tests/js-family/). Runs once per build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadBuild } from '../js-helpers/load.mjs';
import { fixtureTests } from '../js-helpers/fixtures.mjs';
import { assertBadInputs, assertOwnedAndFlat, assertSameResult, random, x4, x4Rank3 } from '../js-helpers/family.mjs';

const cd = await loadBuild();
const O = { poolingRatio: 1.5 };

test("fractionalMaxPool2d: option normalisation: rank 3 stays rank 3; ONNX's / TF's 4-entry pooling ratio", () => {
  assert.equal(cd.fractionalMaxPool2d(x4Rank3(), O).values.shape.length, 3, 'fractionalMaxPool2d');
  assert.deepEqual(
    cd.fractionalMaxPool2d(x4, { poolingRatio: [1, 1.5, 1.5, 1] }),
    cd.fractionalMaxPool2d(x4, { poolingRatio: 1.5 }),
  );
});

test('fractionalMaxPool2d: bad inputs: the error class, and a message naming the function, the parameter and the rule', () => {
  assertBadInputs(assert, cd, [
    ['fractionalMaxPool2d', [x4, {}], TypeError, /^fractionalMaxPool2d: poolingRatio is required/],
    [
      'fractionalMaxPool2d',
      [x4, { poolingRatio: 0.5 }],
      RangeError,
      /^fractionalMaxPool2d: poolingRatio must be a number >= 1/,
    ],
    [
      'fractionalMaxPool2d',
      [x4, { poolingRatio: 7 }],
      RangeError,
      /^fractionalMaxPool2d: poolingRatio height \(7(\.0+)?\) is larger than the input height \(6\)/,
    ],
    [
      'fractionalMaxPool2d',
      [x4, { rowPoolingSequence: [0, 3, 2, 6], colPoolingSequence: [0, 7] }],
      RangeError,
      /^fractionalMaxPool2d: rowPoolingSequence must be strictly increasing/,
    ],
    [
      'fractionalMaxPool2d',
      [x4, { rowPoolingSequence: [0, 3, 9], colPoolingSequence: [0, 7] }],
      RangeError,
      /^fractionalMaxPool2d: rowPoolingSequence ends at 9, past the input height \(6\)/,
    ],
  ]);
  assert.deepEqual(cd.fractionalMaxPool2d(x4, O).values.shape, [2, 4, 4, 5], 'the instance keeps working');
});

test('fractionalMaxPool2d: fresh output owned by JS and no heap growth over 1,000 calls', () => {
  assertOwnedAndFlat(assert, cd, 'fractionalMaxPool2d', () => cd.fractionalMaxPool2d(x4, O));
});

test('fractional max pooling: sequences start at 0, end at the input size, gaps K or K+1', () => {
  for (const [h, ratio] of [
    [7, 1.44],
    [25, 2.3],
    [100, 1.7],
    [9, 3],
    [16, 1.1],
  ]) {
    for (const pseudoRandom of [false, true]) {
      for (let seed = 0; seed < 20; seed++) {
        const x = random([1, h, h, 1], seed);
        const r = cd.fractionalMaxPool2d(x, { poolingRatio: ratio, pseudoRandom, seed });
        const out = Math.floor(h / ratio);
        const k = Math.floor(h / out);
        for (const s of [r.rowPoolingSequence, r.colPoolingSequence]) {
          assert.equal(s.length, out + 1);
          assert.equal(s[0], 0);
          assert.equal(s[out], h);
          for (let i = 0; i < out; i++)
            assert.ok(s[i + 1] - s[i] === k || s[i + 1] - s[i] === k + 1, `gap ${s[i + 1] - s[i]}`);
        }
        assert.deepEqual(r.values.shape, [1, out, out, 1]);
      }
    }
  }
});

test('fractionalMaxPool2d: resident inputs agree with plain inputs', () => {
  const rx = cd.upload(x4);
  assertSameResult(assert, cd.fractionalMaxPool2d(rx, O), cd.fractionalMaxPool2d(x4, O), 'fractionalMaxPool2d');
  rx.dispose();
});

fixtureTests(cd, 'fractionalMaxPool2d');
