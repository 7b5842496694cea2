// relu6: min(max(x, 0), 6) over any shape.
import { loadForTest } from '../js-helpers/load.mjs';
import * as ref from '../js-helpers/reference.mjs';
import { elementwiseTests } from '../js-helpers/elementwise.mjs';

const { cd, memory } = await loadForTest();

elementwiseTests(cd, memory, {
  fn: 'relu6',
  seed: 102,
  call: (x, o) => cd.relu6(x, o),
  want: ref.relu6,
  numbers: [
    [NaN, NaN],
    [-0, -0],
    [0, 0],
    [-Infinity, 0],
    [Infinity, 6],
    [6, 6],
    [6.000000476837158, 6],
    [5.999999523162842, 5.999999523162842],
    [-1e-45, 0],
    [7, 6],
    [3, 3],
  ],
  canary: [[-1, 0, 7, 5], undefined, [0, 0, 6, 5]],
});
