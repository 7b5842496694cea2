// relu: max(x, 0) over any shape. NaN stays NaN, relu(-0) is -0, relu(-inf) is 0.
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { elementwiseTests } from '../js-helpers/elementwise.mjs';

const { cd, memory } = await loadForTest();

elementwiseTests(cd, memory, {
  fn: 'relu',
  seed: 101,
  call: (x, o) => cd.relu(x, o),
  want: ref.relu,
  numbers: [
    [NaN, NaN],
    [-0, -0],
    [0, 0],
    [-Infinity, 0],
    [Infinity, Infinity],
    [-1e-45, 0],
    [1e-45, 1e-45],
    [-3.4028234663852886e38, 0],
    [3.4028234663852886e38, 3.4028234663852886e38],
    [-2, 0],
    [2, 2],
  ],
  canary: [[-1, 0, 2, -0], undefined, [0, 0, 2, -0]],
});
