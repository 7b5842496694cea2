// maxPool1dGrad: the gradient of maxPool1d (shared tests: tests/js-helpers/pool-nd-grad.mjs). Runs once per
// build.
import { loadBuild } from '../js-helpers/load.mjs';
import { poolNdGradTests } from '../js-helpers/pool-nd-grad.mjs';

const cd = await loadBuild();

poolNdGradTests(cd, 'maxPool1dGrad');
